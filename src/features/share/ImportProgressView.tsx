// Progress of a doc-set import: bytes read, rows/s, ETA, docs kept and
// problems so far; every figure is also a data attribute for the e2e specs.
import type { ImportProgressMessage } from './importProtocol';

const MB = (n: number): string => (n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0);

export interface ImportProgressViewProps {
  p: ImportProgressMessage;
  onCancel: () => void;
}

export function ImportProgressView({ p, onCancel }: ImportProgressViewProps) {
  const s = Math.max(p.ms / 1000, 1e-3);
  const rowsPerSec = p.records / s;
  const bytesPerSec = p.bytes / s;
  const eta = p.phase === 'reading' && bytesPerSec > 0 ? Math.max(0, (p.total - p.bytes) / bytesPerSec) : 0;
  return (
    <p data-testid="byo.progress" data-phase={p.phase} data-bytes={p.bytes} data-total={p.total} data-docs={p.docs}
      data-records={p.records} data-problems={p.problems} data-rows-per-sec={Math.round(rowsPerSec)}>
      <progress max={p.total || 1} value={p.bytes} />{' '}
      {p.phase === 'reading'
        ? `${MB(p.bytes)} of ${MB(p.total)} MB read · ${p.records.toLocaleString()} rows (${Math.round(rowsPerSec).toLocaleString()}/s) · `
          + `${p.docs.toLocaleString()} docs kept · ${p.problems.toLocaleString()} problem${p.problems === 1 ? '' : 's'}`
          + (p.bytes > 0 && p.bytes < p.total ? ` · about ${Math.ceil(eta)} s left` : '')
        : `hashing ${p.docs.toLocaleString()} docs (the embedding cache key)…`}
      {' '}
      <button type="button" data-testid="byo.cancel" onClick={onCancel}>Cancel</button>
    </p>
  );
}
