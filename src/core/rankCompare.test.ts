import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignScores, kendallTauB, nmConsistency, pairCounts, rbo, recallAtKAtM } from './rankCompare';
import { rankOrder } from './topk';
import { bootstrapMeanCI, meanDefined, mulberry32, quantileSorted } from './stats';

describe('N/M and Kendall (hand-computed)', () => {
  it('half the pairs agree → N/M 3/6, τ 0', () => {
    expect(nmConsistency([4, 3, 2, 1], [4, 1, 2, 3])).toEqual({ n: 3, m: 6, share: 0.5 });
    expect(kendallTauB([4, 3, 2, 1], [4, 1, 2, 3])).toBe(0);
  });
  it('a tie in the model is not concordant', () => {
    expect(nmConsistency([3, 2, 1], [1, 1, 0])).toEqual({ n: 2, m: 3, share: 2 / 3 });
    expect(kendallTauB([3, 2, 1], [1, 1, 0])).toBeCloseTo(2 / Math.sqrt(6), 12);
  });
  it('pairs tied in the reference are not counted in M', () => {
    expect(nmConsistency([1, 1, 0], [0, 1, 2])).toEqual({ n: 0, m: 2, share: 0 });
    expect(nmConsistency([1, 1], [0, 1])).toEqual({ n: 0, m: 0, share: null });
    expect(nmConsistency([], [])).toEqual({ n: 0, m: 0, share: null });
    expect(kendallTauB([1, 1], [1, 2])).toBeNull();
    expect(kendallTauB([1, 2, 3], [1, 2, 3])).toBe(1);
  });
  it('pair counts match brute force', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { maxLength: 25 }), (xs) => {
      const x = xs.map((p) => p[0]), y = xs.map((p) => p[1]);
      let c = 0, d = 0, tx = 0, ty = 0;
      for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) {
        const s = Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
        if (s > 0) c++; if (s < 0) d++;
        if (x[i] === x[j]) tx++; if (y[i] === y[j]) ty++;
      }
      expect(pairCounts(x, y, rankOrder(x), rankOrder(y))).toEqual(pairCounts(x, y));
      expect(pairCounts(x, y)).toEqual({ concordant: c, discordant: d, tiedX: tx, tiedY: ty, total: x.length < 2 ? 0 : (x.length * (x.length - 1)) / 2 });
    }));
  });
});

describe('Recall@k@m, RBO, alignment', () => {
  it('share of the reference top-k inside the model top-m', () => {
    expect(recallAtKAtM([0.9, 0.8, 0.7, 0.1], [0.1, 0.9, 0.8, 0.7], 2, 2)).toBe(0.5);
    expect(recallAtKAtM([0.9, 0.8, 0.7, 0.1], [0.1, 0.9, 0.8, 0.7], 2, 4)).toBe(1);
    expect(recallAtKAtM([], [], 2, 2)).toBeNull();
  });
  it('RBO: identical 1, disjoint 0, hand case', () => {
    expect(rbo(['a', 'b', 'c'], ['a', 'b', 'c'])).toBeCloseTo(1, 12);
    expect(rbo(['a', 'b'], ['c', 'd'])).toBe(0);
    // depth 2, p .5: X1=0, X2=2 → (2/2)·.25 + (.5/.5)·(0 + 1·.25) = .5
    expect(rbo(['a', 'b'], ['b', 'a'], 0.5)).toBeCloseTo(0.5, 12);
    expect(rbo([], ['a'])).toBeNull();
  });
  it('alignScores keeps common docids, docid order, drops NaN', () => {
    const al = alignScores(
      [{ docid: 'b', score: 1 }, { docid: 'a', score: 2 }, { docid: 'c', score: NaN }],
      [{ docid: 'a', score: 0.1 }, { docid: 'b', score: 0.2 }, { docid: 'c', score: 0.3 }, { docid: 'z', score: 1 }],
    );
    expect(al.docids).toEqual(['a', 'b']);
    expect(Array.from(al.reference)).toEqual([2, 1]);
  });
});

describe('stats', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(42), b = mulberry32(42);
    for (let i = 0; i < 100; i++) { const v = a(); expect(v).toBe(b()); expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThan(1); }
  });
  it('quantile type 7', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
  });
  it('bootstrap CI is deterministic, brackets the mean, degenerate cases', () => {
    const xs = [0.1, 0.5, 0.9, 0.3, 0.7, null];
    const ci = bootstrapMeanCI(xs, { seed: 7 })!;
    expect(bootstrapMeanCI(xs, { seed: 7 })).toEqual(ci);
    const m = meanDefined(xs);
    expect(m).toEqual({ mean: 0.5, n: 5, skipped: 1 });
    expect(ci.lo).toBeLessThan(0.5);
    expect(ci.hi).toBeGreaterThan(0.5);
    const flat = bootstrapMeanCI([0.4, 0.4, 0.4])!;
    expect(flat.lo).toBeCloseTo(0.4, 12);
    expect(flat.hi).toBeCloseTo(0.4, 12);
    expect(bootstrapMeanCI([1])).toBeNull();
  });
});
