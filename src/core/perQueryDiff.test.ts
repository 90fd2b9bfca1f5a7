import { describe, expect, it } from 'vitest';
import type { QueryRow } from './metricsAggregate';
import { queryDiffs, sortDiffs } from './perQueryDiff';

const row = (qid: string, ndcg: number | null): QueryRow => ({ qid, ndcg, auc: null, recall: null, rr: null });

describe('per-query differences', () => {
  const a = [row('q1', 0.5), row('q2', 0.9), row('q3', null), row('q4', 0.2)];
  const b = [row('q1', 0.7), row('q2', 0.4), row('q3', 0.8)]; // q4 missing from B
  it('b − a per query in A\'s order; undefined on either side gives no difference', () => {
    const d = queryDiffs(a, b, 'ndcg');
    expect(d.map((x) => x.qid)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(d[0].delta).toBeCloseTo(0.2, 12);
    expect(d[1].delta).toBeCloseTo(-0.5, 12);
    expect(d[2]).toEqual({ qid: 'q3', a: null, b: 0.8, delta: null });
    expect(d[3]).toEqual({ qid: 'q4', a: 0.2, b: null, delta: null });
  });
  it('sorts B\'s worst losses or best wins first, undefined last, ties by qid', () => {
    const d = queryDiffs(a, b, 'ndcg');
    expect(sortDiffs(d, 'worst').map((x) => x.qid)).toEqual(['q2', 'q1', 'q3', 'q4']);
    expect(sortDiffs(d, 'best').map((x) => x.qid)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(sortDiffs([{ qid: 'b', a: 0, b: 0, delta: 0 }, { qid: 'a', a: 1, b: 1, delta: 0 }], 'worst').map((x) => x.qid)).toEqual(['a', 'b']);
  });
});
