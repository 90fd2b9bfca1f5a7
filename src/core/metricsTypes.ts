/**
 * Shared shapes for the relevance metrics: qrels and runs as plain objects,
 * the same shapes ranx / ir_measures use, so fixtures move between TS and
 * Python without adapters. Also the one run-ordering rule every metric uses.
 *
 * Refuses: classes, Maps, or any hidden state — these are JSON-serialisable.
 */

/** {qid → {docid → grade}}. A docid missing from a query's map is unjudged. */
export type Qrels = Record<string, Record<string, number>>;

export interface ScoredDoc {
  docid: string;
  score: number;
}

/** {qid → [{docid, score}]}; order in the array is irrelevant (see sortRun). */
export type Run = Record<string, ScoredDoc[]>;

/** Default relevance threshold: grade ≥ 2 counts as relevant (grades 0..3). */
export const DEFAULT_REL_THRESHOLD = 2;

/**
 * The ranking a run implies: score descending, ties by docid ascending
 * (code-unit order). NOTE: the Python side (training/metrics.py) must use the
 * same rule; a NaN score ranks last. Returns a new array.
 */
export function sortRun(docs: readonly ScoredDoc[]): ScoredDoc[] {
  return [...docs].sort((a, b) => {
    const an = Number.isNaN(a.score), bn = Number.isNaN(b.score);
    if (an !== bn) return an ? 1 : -1;
    if (!an && a.score !== b.score) return b.score - a.score;
    return a.docid < b.docid ? -1 : a.docid > b.docid ? 1 : 0;
  });
}
