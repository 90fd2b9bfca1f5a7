import { describe, expect, it } from 'vitest';
import { aucJudged, ndcgAt } from './metrics';

describe('ndcgAt', () => {
  it('is 1 for the ideal ordering and uses all judged docs for the ideal', () => {
    const j = new Map([['a', 3], ['b', 2], ['c', 0]]);
    expect(ndcgAt(['a', 'b', 'c'], j, 10)).toBeCloseTo(1);
    // b only: dcg = 2/log2(2) = 2; idcg = 3 + 2/log2(3) = 4.2619 (hand-computed)
    expect(ndcgAt(['b'], j, 10)).toBeCloseTo(2 / (3 + 2 / Math.log2(3)), 6);
    expect(ndcgAt(['x', 'y'], j, 10)).toBe(0);
  });

  it('uses 2^grade − 1 with exponential gain', () => {
    const j = new Map([['a', 3], ['b', 1]]);
    // b then a: dcg = 1 + 7/log2(3); idcg = 7 + 1/log2(3) (hand-computed)
    expect(ndcgAt(['b', 'a'], j, 10, 'exp')).toBeCloseTo((1 + 7 / Math.log2(3)) / (7 + 1 / Math.log2(3)), 6);
    expect(ndcgAt(['b', 'a'], j, 10, 'exp')).toBeLessThan(ndcgAt(['b', 'a'], j, 10));
  });
});

describe('aucJudged', () => {
  it('counts ties as half and skips grade 1', () => {
    const j = new Map([['p', 3], ['n', 0], ['m', 1], ['t', 0]]);
    const s: Record<string, number> = { p: 2, n: 1, m: 5, t: 2 };
    expect(aucJudged((d) => s[d], j)).toBeCloseTo(0.75);
    expect(aucJudged(() => 0, new Map([['p', 2]]))).toBeNull();
  });
});
