import { describe, expect, it } from 'vitest';
import { microAccuracy, pairwiseWithCi, queryPairs, resampleIndices, type Graded, type QueryPairs } from './pairwise';

const L = (...xs: [number, number][]): Graded[] => xs.map(([grade, score]) => ({ grade, score }));

describe('queryPairs', () => {
  it('counts only pairs with different grades, in either list order', () => {
    expect(queryPairs(L([3, 0.9], [2, 0.5], [0, 0.1]))).toEqual({ agree: 3, pairs: 3 });
    expect(queryPairs(L([0, 0.1], [3, 0.9], [2, 0.5]))).toEqual({ agree: 3, pairs: 3 });
    expect(queryPairs(L([3, 0.1], [0, 0.9]))).toEqual({ agree: 0, pairs: 1 });
    expect(queryPairs(L([2, 0.1], [2, 0.9]))).toEqual({ agree: 0, pairs: 0 });
  });

  it('scores a tie as one half', () => {
    // (3,1a) tie ½, (3,1b) right 1, (1a,1b) same grade: not a pair
    expect(queryPairs(L([3, 0.5], [1, 0.5], [1, 0.2]))).toEqual({ agree: 1.5, pairs: 2 });
    // a constant scorer is exactly a coin flip
    const c = queryPairs(L([3, 1], [2, 1], [1, 1], [0, 1]));
    expect(c.agree / c.pairs).toBe(0.5);
  });

  it('hand-computed mixed case', () => {
    // grades 3,2,0,0 with scores .8,.9,.1,.8: (3,2) wrong, (3,0a) right, (3,0b) tie,
    // (2,0a) right, (2,0b) right → 3.5 of 5
    expect(queryPairs(L([3, 0.8], [2, 0.9], [0, 0.1], [0, 0.8]))).toEqual({ agree: 3.5, pairs: 5 });
  });
});

describe('microAccuracy', () => {
  it('pools pairs over queries (micro, not a mean of per-query values)', () => {
    const qs = [queryPairs(L([3, 3], [2, 2], [0, 0])), queryPairs(L([3, 0], [0, 1]))];
    expect(microAccuracy(qs)).toBe(0.75); // 3 of 4; the macro mean would be 0.5
    expect(microAccuracy([{ agree: 0, pairs: 0 }])).toBeNaN();
  });
});

describe('pairwiseWithCi', () => {
  // 12 queries of varied accuracy, deterministic
  const model: QueryPairs[] = Array.from({ length: 12 }, (_, i) => ({ agree: (i % 5) + 1, pairs: 6 }));
  const base: QueryPairs[] = model.map((q, i) => ({ agree: q.agree - (i % 2), pairs: q.pairs }));

  it('the CI contains the point estimate and lies in [0, 1]', () => {
    const r = pairwiseWithCi(model, base, { samples: 500 });
    expect(r.acc).toBeCloseTo(microAccuracy(model), 12);
    expect(r.ci[0]).toBeLessThanOrEqual(r.acc);
    expect(r.ci[1]).toBeGreaterThanOrEqual(r.acc);
    expect(r.ci[0]).toBeGreaterThanOrEqual(0);
    expect(r.ci[1]).toBeLessThanOrEqual(1);
    expect(r.ci[1]).toBeGreaterThan(r.ci[0]);
    const d = r.vsBaseline!;
    expect(d.diff).toBeCloseTo(6 / 72, 12); // baseline loses one agreement on 6 of 12 queries
    expect(d.ci[0]).toBeLessThanOrEqual(d.diff);
    expect(d.ci[1]).toBeGreaterThanOrEqual(d.diff);
    expect(d.ci[0]).toBeGreaterThan(0); // never worse on any query, so every resample is ≥ 0
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = pairwiseWithCi(model, base, { seed: 7 });
    expect(pairwiseWithCi(model, base, { seed: 7 })).toEqual(a);
    expect(pairwiseWithCi(model, base, { seed: 8 }).ci).not.toEqual(a.ci);
    expect(resampleIndices(5, { samples: 3, seed: 1 })).toEqual(resampleIndices(5, { samples: 3, seed: 1 }));
  });

  it('a model against itself differs by exactly 0 in every resample', () => {
    expect(pairwiseWithCi(model, model).vsBaseline).toEqual({ diff: 0, ci: [0, 0] });
  });

  it('one query: every resample is that query', () => {
    const r = pairwiseWithCi([{ agree: 2, pairs: 3 }]);
    expect(r.ci).toEqual([2 / 3, 2 / 3]);
    expect(r.vsBaseline).toBeUndefined();
  });

  it('refuses a baseline over other queries', () => {
    expect(() => pairwiseWithCi(model, base.slice(1))).toThrow(/baseline has 11 queries, model 12/);
  });
});
