import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aucOfLabels, aucOfQuery, dcg, ndcgAtK, recallAtK, reciprocalRank } from './metrics';
import { sortRun } from './metricsTypes';
import { evaluateRun, summarize, summarizeBy } from './metricsAggregate';

const run = (pairs: [string, number][]) => pairs.map(([docid, score]) => ({ docid, score }));

describe('nDCG (hand-computed)', () => {
  const judged = { a: 3, b: 2, c: 0, d: 1 };
  const docs = run([['b', 0.9], ['x', 0.8], ['a', 0.7]]);
  it('exp gain, unjudged doc counts 0, ideal from all judged docs', () => {
    // DCG = 3/1 + 0 + 7/2 ; IDCG = 7/1 + 3/log2(3) + 1/2
    expect(ndcgAtK(judged, docs, 3, 'exp')).toBeCloseTo(6.5 / (7.5 + 3 / Math.log2(3)), 12);
  });
  it('linear gain', () => {
    // DCG = 2 + 0 + 3/2 ; IDCG = 3 + 2/log2(3) + 1/2
    expect(ndcgAtK(judged, docs, 3, 'linear')).toBeCloseTo(3.5 / (3.5 + 2 / Math.log2(3)), 12);
  });
  it('does not normalise by returned docs only (the Quepid bug)', () => {
    expect(ndcgAtK(judged, run([['b', 1]]), 3, 'exp')).toBeCloseTo(3 / (7.5 + 3 / Math.log2(3)), 12);
  });
  it('never exceeds 1 and is 1 for the ideal order', () => {
    expect(ndcgAtK(judged, run([['a', 4], ['b', 3], ['d', 2], ['c', 1]]), 10)).toBeCloseTo(1, 12);
    fc.assert(fc.property(
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.integer({ min: 0, max: 3 })),
      fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.integer({ min: 0, max: 4 }))),
      fc.integer({ min: 1, max: 6 }),
      (j, r, k) => {
        const uniq = [...new Map(r).entries()];
        const v = ndcgAtK(j, run(uniq), k);
        if (v !== null) { expect(v).toBeLessThanOrEqual(1 + 1e-12); expect(v).toBeGreaterThanOrEqual(0); }
      }));
  });
  it('is null for a query with no relevant judged doc, or k ≤ 0; 0 for an empty run', () => {
    expect(ndcgAtK({ a: 0 }, run([['a', 1]]), 10)).toBeNull();
    expect(ndcgAtK({}, [], 10)).toBeNull();
    expect(ndcgAtK(judged, docs, 0)).toBeNull();
    expect(ndcgAtK(judged, [], 10)).toBe(0);
  });
  it('ties break by docid', () => {
    // a and b tie: docid order puts a (grade 3) first
    expect(ndcgAtK({ a: 3, b: 0 }, run([['b', 1], ['a', 1]]), 1)).toBe(1);
    expect(dcg([3, 0], 2, 'linear')).toBe(3);
  });
});

describe('AUC (hand-computed)', () => {
  it('ties count 0.5, unjudged excluded', () => {
    const judged = { p1: 3, p2: 2, n1: 1, n2: 0 };
    const docs = run([['p1', 0.9], ['n1', 0.8], ['p2', 0.8], ['n2', 0.1], ['u', 0.95]]);
    expect(aucOfQuery(judged, docs)).toBe(3.5 / 4);
    expect(aucOfQuery(judged, docs, 1)).toBe(1); // thr 1: pos p1,p2,n1; neg n2 → 3/3
  });
  it('is null with no positive or no negative; empty input', () => {
    expect(aucOfQuery({ a: 3, b: 2 }, run([['a', 1], ['b', 0]]))).toBeNull();
    expect(aucOfQuery({ a: 0 }, run([['a', 1]]))).toBeNull();
    expect(aucOfQuery({}, [])).toBeNull();
  });
  it('matches brute force over pairs', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.boolean()), { maxLength: 30 }), (xs) => {
      const s = xs.map((x) => x[0]), p = xs.map((x) => x[1]);
      let num = 0, den = 0;
      for (let i = 0; i < xs.length; i++) for (let j = 0; j < xs.length; j++) {
        if (p[i] && !p[j]) { den++; num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0; }
      }
      const got = aucOfLabels(s, p);
      if (den === 0) expect(got).toBeNull(); else expect(got).toBeCloseTo(num / den, 12);
    }));
  });
});

describe('Recall@k and MRR (hand-computed)', () => {
  const judged = { a: 3, b: 2, c: 1 };
  const docs = run([['c', 0.9], ['a', 0.8], ['b', 0.1]]);
  it('recall counts grade ≥ threshold only', () => {
    expect(recallAtK(judged, docs, 2)).toBe(0.5);
    expect(recallAtK(judged, docs, 3)).toBe(1);
    expect(recallAtK(judged, docs, 2, 1)).toBe(2 / 3);
    expect(recallAtK({ a: 1 }, docs, 2)).toBeNull();
    expect(recallAtK(judged, [], 10)).toBe(0);
  });
  it('reciprocal rank', () => {
    expect(reciprocalRank(judged, docs)).toBe(0.5);
    expect(reciprocalRank(judged, docs, 2, 1)).toBe(0); // cut at 1
    expect(reciprocalRank({ a: 3, b: 3 }, run([['b', 0.5], ['a', 0.5]]))).toBe(1);
    expect(reciprocalRank({ a: 0 }, docs)).toBeNull();
  });
  it('sortRun orders by score desc then docid, NaN last', () => {
    expect(sortRun(run([['b', 1], ['a', 1], ['z', NaN], ['c', 2]])).map((d) => d.docid)).toEqual(['c', 'a', 'b', 'z']);
  });
});

describe('evaluateRun / summarize', () => {
  const qrels = { q1: { a: 3, b: 0 }, q2: { c: 2, d: 1 }, q3: { e: 0 } };
  const model = { q1: run([['a', 0.9], ['b', 0.1]]), q3: run([['e', 1]]), qx: run([['z', 1]]) };
  const fine = { q1: run([['a', 2], ['b', 1]]), q3: run([['e', 1]]) };
  it('covers every judged query, skips undefined values and counts them', () => {
    const rows = evaluateRun(qrels, model, fine);
    expect(rows.map((r) => r.qid)).toEqual(['q1', 'q2', 'q3']);
    expect(rows[1]).toMatchObject({ auc: null, ndcg: 0, recall: 0, rr: 0 }); // q2 missing from the run
    expect(rows[2]).toMatchObject({ auc: null, ndcg: null, recall: null });
    const s = summarize(rows);
    expect(s.auc).toEqual({ mean: 1, n: 1, skipped: 2 });
    expect(s.ndcg).toEqual({ mean: 0.5, n: 2, skipped: 1 });
    expect(s.nmMicro).toBe(1);
    expect(s.nm).toMatchObject({ mean: 1, n: 1, skipped: 2 });
  });
  it('groups by a key with a fallback group', () => {
    const rows = evaluateRun(qrels, model);
    const g = summarizeBy(rows, (q) => ({ q1: 'nav', q2: 'nav' } as Record<string, string>)[q], (r) => summarize(r).queries);
    expect(g).toEqual({ '(none)': 1, nav: 2 });
  });
  it('empty inputs', () => {
    expect(evaluateRun({}, {})).toEqual([]);
    expect(summarize([])).toEqual({ queries: 0 });
  });
});
