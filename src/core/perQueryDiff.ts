/**
 * One metric of two runs side by side per query (the paired differences'
 * rows): b − a per query, sorted so the queries where B loses (or wins) most
 * come first — where a researcher looks next, in the ranking view.
 *
 * Refuses: inventing a difference where either side is undefined (delta null,
 * sorted last).
 */
import type { QueryRow } from './metricsAggregate';

export type DiffMetric = 'ndcg' | 'auc' | 'recall' | 'rr';

export interface QueryDiff {
  qid: string;
  a: number | null;
  b: number | null;
  /** b − a; null when either is undefined */
  delta: number | null;
}

/** Rows of the queries A was evaluated on, in A's order (a query B lacks reads as undefined). */
export function queryDiffs(aRows: readonly QueryRow[], bRows: readonly QueryRow[], metric: DiffMetric): QueryDiff[] {
  const b = new Map(bRows.map((r) => [r.qid, r[metric]]));
  return aRows.map((r) => {
    const x = r[metric], y = b.get(r.qid) ?? null;
    return { qid: r.qid, a: x, b: y, delta: x === null || y === null || Number.isNaN(x) || Number.isNaN(y) ? null : y - x };
  });
}

/** 'worst' = B's largest losses first, 'best' = its largest wins first; ties and undefined by qid, undefined last. */
export function sortDiffs(rows: readonly QueryDiff[], order: 'worst' | 'best' | 'qid'): QueryDiff[] {
  const sign = order === 'best' ? -1 : 1;
  return [...rows].sort((x, y) => {
    if (order !== 'qid') {
      if (x.delta === null || y.delta === null) { if (x.delta !== y.delta) return x.delta === null ? 1 : -1; }
      else if (x.delta !== y.delta) return sign * (x.delta - y.delta);
    }
    return x.qid < y.qid ? -1 : x.qid > y.qid ? 1 : 0;
  });
}
