// How the ranking panel lays out its columns: compact rows (one line each, the
// read fields in the row's tooltip) and which columns are pinned first. The
// layout is the query slice's `rankLayout`, so it persists in the store and a
// share link carries it (`rl`).
import { DEFAULT_PINNED } from '../../core/columnLayout';
import { useLab } from '../../state/store';

export interface LayoutColumnInfo { key: string; label: string; pin: number }

export function LayoutBar({ columns }: { columns: readonly LayoutColumnInfo[] }) {
  const layout = useLab((s) => s.rankLayout);
  const setLayout = useLab((s) => s.setRankLayout);
  const pinned = columns.filter((c) => c.pin >= 0).sort((a, b) => a.pin - b.pin);
  const isDefault = layout.pinned.join(';') === DEFAULT_PINNED.join(';');
  return (
    <div className="layout-bar" data-testid="ranking.layout">
      <label title="one line per row (zone, category, CTR, tags and the logit move to the row's tooltip): more columns fit side by side">
        <input type="checkbox" data-testid="ranking.compact" checked={layout.compact} onChange={(e) => setLayout({ compact: e.target.checked })} /> compact rows
      </label>
      <span className="muted" data-testid="ranking.pinned" data-pinned={pinned.map((c) => c.key).join(',')} title="pin, unpin or move a column with the buttons in its header">
        {pinned.length ? <>pinned first: {pinned.map((c) => c.label).join(', ')}</> : 'no column pinned'}
      </span>
      {!isDefault && (
        <button className="link-button" data-testid="ranking.layout-reset" onClick={() => setLayout({ pinned: [...DEFAULT_PINNED] })}>pin BM25 and the fine ranker first again</button>
      )}
    </div>
  );
}
