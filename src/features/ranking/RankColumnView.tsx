// One column of the ranking panel: rank, score, move under the fine ranker,
// zone / category / CTR, and the title with query characters highlighted
// (rendered as text nodes — titles are data, never markup).
import { memo } from 'react';
import { ndcgAtK } from '../../core/metrics';
import type { Grade } from '../../data/labelStore';
import { useClientSelect } from '../models/useRuntime';
import { highlightSegments } from '../../core/highlight';
import type { RankColumn } from '../../runtime/api';
import type { DocRow } from '../../runtime/docset';

const f = (x?: number): string => (x === undefined ? '—' : x.toFixed(2));

// NOTE: a column shows its own stages only. The fine ranker's pass is one pass over the pool of
// every column (the status line and the fine column give it), not a cost of each column.
function Timings({ c }: { c: RankColumn }) {
  const t = c.timings;
  const parts = (c.kind === 'fine'
    ? [['fine pass over the pool', t.rerankMs]]
    : [['tokenize', t.tokenizeMs], ['query encode', t.encodeMs], ['score all docs', t.scoreMs], ['top-K', t.topkMs]]
  ).filter(([, v]) => v !== undefined) as [string, number][];
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

/** The only part of a column that follows encoding progress (the rows do not re-render for it). */
function EncodingNote({ modelId }: { modelId: string }) {
  const p = useClientSelect((s) => s.encode[modelId]);
  const text = !p || p.state === 'done' ? 'doc embeddings for this doc set are not ready yet…'
    : p.state === 'running' ? `encoding ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} docs of this doc set — rows appear when it is done`
      : p.state === 'cancelled' ? 'encoding this doc set was stopped (resume it in Share → your doc set)'
        : `encoding this doc set failed: ${p.error ?? 'unknown error'}`;
  return <p className="muted" data-testid={`ranking.note.${modelId}`} data-waiting="index" data-done={p?.done ?? 0} data-total={p?.total ?? 0}>{text}</p>;
}

/** This row's grade under the label source ('·' = not judged). */
function GradeBadge({ g }: { g: number | undefined }) {
  return <span className={`grade-badge g${g ?? 'none'}`} data-testid="ranking.grade">{g === undefined ? '·' : g}</span>;
}

/** The tags docText feeds the towers and the fine ranker (src/core/docText.ts: the first four), shown so a reader judges what the model judged. */
const read = (d: DocRow): string[] => (d.tags ?? []).slice(0, 4);

/**
 * A learned column's score: the probability, and the raw logit beside it once the probability
 * is saturated (printed as 1.0000 it would hide the order). BM25's is its own unbounded score.
 */
function Score({ kind, r }: { kind: RankColumn['kind']; r: RankColumn['results'][number] }) {
  if (kind === 'bm25') return <span className="sc">{r.score.toFixed(2)}</span>;
  const saturated = r.score > 0.9999 || r.score < 0.0001;
  return (
    <span className="sc" data-saturated={saturated} title={r.logit !== undefined ? `p = sigmoid(${r.logit.toFixed(4)}) = ${r.score.toPrecision(9)}` : undefined}>
      {r.score.toFixed(4)}{r.logit !== undefined && <small className="logit"> {r.logit.toFixed(2)}</small>}
    </span>
  );
}

/** Memoised: a column re-renders when its answer, the rows or the query change — never for a progress event. */
export const RankColumnView = memo(function RankColumnView({ c, rows, query, onPick, grades, onGrade }: {
  c: RankColumn; rows: DocRow[]; query: string; onPick: (docId: string) => void;
  /** this query's grades (docid → grade) under the label source, and how to give one (the judgment loop) */
  grades?: Readonly<Record<string, number>>; onGrade?: (docId: string, g: Grade) => void;
}) {
  const label = c.kind === 'bm25' ? 'BM25' : c.modelId;
  // The column's order as a run (score = −rank), judged by this query's grades: it moves as you grade.
  const ndcg = grades && c.results.length ? ndcgAtK(grades, c.results.flatMap((r, i) => (rows[r.doc] ? [{ docid: rows[r.doc].id, score: -i }] : [])), 10) : null;
  return (
    <div className="rank-col" data-testid={`ranking.column.${c.modelId}`} data-kind={c.kind} data-count={c.results.length}>
      <h3>{label} <small>{c.kind === 'bm25' ? 'lexical' : c.role}</small>
        {grades && <small className="col-ndcg" data-testid={`ranking.ndcg.${c.modelId}`} data-value={ndcg ?? ''} title="nDCG@10 of this column for this query, by the current label source (exp gain)"> nDCG@10 {ndcg === null ? '—' : ndcg.toFixed(3)}</small>}
      </h3>
      <Timings c={c} />
      {c.waiting === 'index' ? <EncodingNote modelId={c.modelId} /> : c.note && <p className="muted" data-testid={`ranking.note.${c.modelId}`}>{c.note}</p>}
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
                data-logit={r.logit}
                data-fine-score={r.fineScore}
                title={`${d.title}\nthe towers read: ${d.category} · ${read(d).join(' ') || 'no tags'}`}
                data-grade={grades?.[d.id] ?? ''}
                onClick={() => onPick(d.id)}
                onKeyDown={onGrade && ((e) => {
                  // 0–3 on a focused row grades it (Tab / arrow keys move between rows; Enter opens Inspect)
                  if (e.key >= '0' && e.key <= '3' && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); onGrade(d.id, Number(e.key) as Grade); }
                })}
              >
                <span className="rk">{i + 1}{grades && <GradeBadge g={grades[d.id]} />}</span>
                <Score kind={c.kind} r={r} />
                <Move rank={i + 1} fineRank={r.fineRank} kind={c.kind} />
                <span className="title">
                  {highlightSegments(d.title, query).map((s, j) => (s.match ? <mark key={j}>{s.text}</mark> : <span key={j}>{s.text}</span>))}
                </span>
                <span className="meta">
                  {d.zone === 'premium' ? 'premium' : 'short'} · {d.category} · CTR {d.ctr === null ? '—' : d.ctr.toFixed(3)}
                  {read(d).length > 0 && <> · <span className="tags" data-testid="ranking.row-tags">{read(d).join(' ')}</span></>}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
});
