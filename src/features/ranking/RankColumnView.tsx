// One column of the ranking panel: rank, score, move under the fine ranker,
// zone / category / CTR, and the title with query characters highlighted
// (rendered as text nodes — titles are data, never markup).
import { memo } from 'react';
import { highlightSegments } from '../../core/highlight';
import type { RankColumn } from '../../runtime/api';
import type { DocRow } from '../../runtime/docset';

const f = (x?: number): string => (x === undefined ? '—' : x.toFixed(2));

function Timings({ c }: { c: RankColumn }) {
  const t = c.timings;
  const parts = [
    ['tokenize', t.tokenizeMs], ['encode', t.encodeMs], ['score', t.scoreMs], ['top-K', t.topkMs], ['re-rank', t.rerankMs],
  ].filter(([, v]) => v !== undefined) as [string, number][];
  return (
    <div className="timings" data-testid={`ranking.timings.${c.modelId}`}>
      {parts.map(([k, v]) => <span key={k}>{k} {f(v)} ms</span>)}
    </div>
  );
}

function Move({ rank, fineRank, kind }: { rank: number; fineRank?: number; kind: RankColumn['kind'] }) {
  if (kind === 'fine' || fineRank === undefined) return <span className="move">·</span>;
  const d = rank - fineRank;
  if (d === 0) return <span className="move same" title="same place after the fine ranker re-ranks this column">=</span>;
  return (
    <span className={`move ${d > 0 ? 'up' : 'down'}`} title={`the fine ranker puts it at ${fineRank}`}>
      {d > 0 ? '↑' : '↓'}{Math.abs(d)}
    </span>
  );
}

/** Memoised: a column re-renders when its answer, the rows or the query change — never for a progress event. */
export const RankColumnView = memo(function RankColumnView({ c, rows, query, onPick }: {
  c: RankColumn; rows: DocRow[]; query: string; onPick: (docId: string) => void;
}) {
  const label = c.kind === 'bm25' ? 'BM25' : c.modelId;
  return (
    <div className="rank-col" data-testid={`ranking.column.${c.modelId}`} data-kind={c.kind} data-count={c.results.length}>
      <h3>{label} <small>{c.kind === 'bm25' ? 'lexical' : c.role}</small></h3>
      <Timings c={c} />
      {c.note && <p className="muted" data-testid={`ranking.note.${c.modelId}`}>{c.note}</p>}
      <ol className="rank-list">
        {c.results.map((r, i) => {
          const d = rows[r.doc];
          if (!d) return null;
          return (
            <li key={r.doc}>
              <button
                className="rank-row"
                data-testid="ranking.row"
                data-doc-id={d.id}
                data-score={r.score}
                data-fine-score={r.fineScore}
                onClick={() => onPick(d.id)}
              >
                <span className="rk">{i + 1}</span>
                <span className="sc">{c.kind === 'bm25' ? r.score.toFixed(2) : r.score.toFixed(4)}</span>
                <Move rank={i + 1} fineRank={r.fineRank} kind={c.kind} />
                <span className="title">
                  {highlightSegments(d.title, query).map((s, j) => (s.match ? <mark key={j}>{s.text}</mark> : <span key={j}>{s.text}</span>))}
                </span>
                <span className="meta">{d.zone === 'premium' ? 'premium' : 'short'} · {d.category} · CTR {d.ctr === null ? "—" : d.ctr.toFixed(3)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
});
