// One column of the ranking panel: rank, score, move under the fine ranker,
// zone / category / CTR, and the title with query characters highlighted
// (rendered as text nodes — titles are data, never markup).
import { memo } from 'react';
import { pinKey } from '../../core/columnLayout';
import { ndcgAtK } from '../../core/metrics';
import type { Grade } from '../../data/labelStore';
import { useClientSelect } from '../../services/lab/useRuntime';
import { highlightSegments } from '../../core/highlight';
import type { RankColumn } from '../../runtime/api';
import type { DocRow } from '../../runtime/docs/docset';

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
function Score({ kind, r, compact }: { kind: RankColumn['kind']; r: RankColumn['results'][number]; compact?: boolean }) {
  if (kind === 'bm25') return <span className="sc">{r.score.toFixed(2)}</span>;
  const saturated = r.score > 0.9999 || r.score < 0.0001;
  return (
    <span className="sc" data-saturated={saturated} title={r.logit !== undefined ? `p = sigmoid(${r.logit.toFixed(4)}) = ${r.score.toPrecision(9)}` : undefined}>
      {r.score.toFixed(4)}{r.logit !== undefined && !compact && <small className="logit"> {r.logit.toFixed(2)}</small>}
    </span>
  );
}

/** Pin / unpin the column, and move a pinned one among the pinned (the query slice's rankLayout). */
function PinTools({ c, pin, pinCount, onPin, onMove }: {
  c: RankColumn; pin: number; pinCount: number; onPin: (key: string) => void; onMove: (key: string, dir: -1 | 1) => void;
}) {
  const key = pinKey(c);
  return (
    <span className="col-tools">
      {pin >= 0 && pinCount > 1 && (
        <>
          <button data-testid={`ranking.move-left.${c.modelId}`} disabled={pin === 0} title="move this pinned column one place left" onClick={() => onMove(key, -1)}>‹</button>
          <button data-testid={`ranking.move-right.${c.modelId}`} disabled={pin === pinCount - 1} title="move this pinned column one place right" onClick={() => onMove(key, 1)}>›</button>
        </>
      )}
      <button data-testid={`ranking.pin.${c.modelId}`} aria-pressed={pin >= 0} className={pin >= 0 ? 'pinned' : undefined}
        title={pin >= 0 ? 'pinned: shown before the unpinned columns — click to unpin' : 'pin: show this column first, with the other pinned ones'}
        onClick={() => onPin(key)}>{pin >= 0 ? 'pinned' : 'pin'}</button>
    </span>
  );
}

/** Memoised: a column re-renders when its answer, the rows or the query change — never for a progress event. */
export const RankColumnView = memo(function RankColumnView({ c, rows, query, onPick, grades, onGrade, pin = -1, pinCount = 0, onPin, onMove, compact = false }: {
  c: RankColumn; rows: DocRow[]; query: string; onPick: (docId: string) => void;
  /** this query's grades (docid → grade) under the label source, and how to give one (the judgment loop) */
  grades?: Readonly<Record<string, number>>; onGrade?: (docId: string, g: Grade) => void;
  /** place among the pinned columns (-1 = not pinned), how many are pinned on screen, and the layout's actions */
  pin?: number; pinCount?: number; onPin?: (key: string) => void; onMove?: (key: string, dir: -1 | 1) => void;
  /** one line per row: the meta line and the logit go to the row's tooltip */
  compact?: boolean;
}) {
  const label = c.kind === 'bm25' ? 'BM25' : c.modelId;
  // The column's order as a run (score = −rank), judged by this query's grades: it moves as you grade.
  const ndcg = grades && c.results.length ? ndcgAtK(grades, c.results.flatMap((r, i) => (rows[r.doc] ? [{ docid: rows[r.doc].id, score: -i }] : [])), 10) : null;
  return (
    <div className={`rank-col${pin >= 0 ? ' is-pinned' : ''}`} data-testid={`ranking.column.${c.modelId}`} data-kind={c.kind} data-count={c.results.length} data-pin={pin}>
      <h3>{label} <small>{c.kind === 'bm25' ? 'lexical' : c.role}</small>
        {grades && <small className="col-ndcg" data-testid={`ranking.ndcg.${c.modelId}`} data-value={ndcg ?? ''} title="nDCG@10 of this column for this query, by the current label source (exp gain)"> nDCG@10 {ndcg === null ? '—' : ndcg.toFixed(3)}</small>}
        {onPin && onMove && <PinTools c={c} pin={pin} pinCount={pinCount} onPin={onPin} onMove={onMove} />}
      </h3>
      {!compact && <Timings c={c} />}
      {c.waiting === 'index' ? <EncodingNote modelId={c.modelId} /> : c.note ? <p className="muted" data-testid={`ranking.note.${c.modelId}`}>{c.note}</p>
        : c.kind === 'bm25' && c.results.length === 0 && <p className="muted" data-testid="ranking.note.bm25">no doc shares a term with the query (BM25 matches terms; the towers match meaning)</p>}
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
                title={`${d.title}\nthe towers read: ${d.category} · ${read(d).join(' ') || 'no tags'}${compact ? `\n${d.zone === 'premium' ? 'premium' : 'short'} · CTR ${d.ctr === null ? '—' : d.ctr.toFixed(3)}${r.logit !== undefined ? ` · logit ${r.logit.toFixed(2)}` : ''}` : ''}`}
                data-grade={grades?.[d.id] ?? ''}
                onClick={() => onPick(d.id)}
                onKeyDown={onGrade && ((e) => {
                  // 0–3 on a focused row grades it (Tab / arrow keys move between rows; Enter opens Inspect)
                  if (e.key >= '0' && e.key <= '3' && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); onGrade(d.id, Number(e.key) as Grade); }
                })}
              >
                <span className="rk">{i + 1}{grades && <GradeBadge g={grades[d.id]} />}</span>
                <Score kind={c.kind} r={r} compact={compact} />
                <Move rank={i + 1} fineRank={r.fineRank} kind={c.kind} />
                <span className="title">
                  {highlightSegments(d.title, query).map((s, j) => (s.match ? <mark key={j}>{s.text}</mark> : <span key={j}>{s.text}</span>))}
                </span>
                {!compact && (
                  <span className="meta">
                    {d.zone === 'premium' ? 'premium' : 'short'} · {d.category} · CTR {d.ctr === null ? '—' : d.ctr.toFixed(3)}
                    {read(d).length > 0 && <> · <span className="tags" data-testid="ranking.row-tags">{read(d).join(' ')}</span></>}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
});
