import { describe, expect, it } from 'vitest';
import { kendallTauShared, overlapAtK } from './listCompare';
import { highlightSegments } from './highlight';

describe('list comparison', () => {
  it('overlap@K counts shared docs over K', () => {
    expect(overlapAtK(['a', 'b', 'c', 'd'], ['d', 'c', 'x', 'y'], 4)).toBe(0.5);
    expect(overlapAtK(['a'], ['a'], 0)).toBe(0);
  });
  it('Kendall τ over shared docs: same order 1, reversed −1, too few null', () => {
    expect(kendallTauShared(['a', 'b', 'c'], ['a', 'x', 'b', 'c']).tau).toBeCloseTo(1);
    expect(kendallTauShared(['a', 'b', 'c'], ['c', 'b', 'a']).tau).toBeCloseTo(-1);
    expect(kendallTauShared(['a', 'b'], ['a', 'z'])).toEqual({ tau: null, shared: 1 });
  });
});

describe('highlightSegments', () => {
  it('marks title characters present in the query, case-insensitively, never spaces', () => {
    expect(highlightSegments('琅琊榜 第1集 HD', '琅琊 1 hd')).toEqual([
      { text: '琅琊', match: true }, { text: '榜 第', match: false }, { text: '1', match: true },
      { text: '集 ', match: false }, { text: 'HD', match: true },
    ]);
  });
});
