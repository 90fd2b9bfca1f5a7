// The `tb` key (tier config B, appended to v1) and the mangled-link corpus
// the e2e spec also loads: every link restores to a valid state.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SHARE_STATE, encodeShareState, normalizeShareState, restoreShareState, type ShareState } from '../shareState';
import { mangledLinks } from './mangle';

const valid = (s: ShareState): boolean => JSON.stringify(normalizeShareState(s)) === JSON.stringify(s);

describe('share state: tier config B (tb)', () => {
  it('round-trips and stays absent when not given', () => {
    const s: ShareState = { ...normalizeShareState(null), tiersB: { ...DEFAULT_SHARE_STATE.tiers, cutoff: 0.6, order: 'score' } };
    const h = encodeShareState(s);
    expect(h).toBe('v=1&tb=raw,0.6,score,0.5,0.7;0.4,100;60;20');
    expect(restoreShareState(h)).toEqual({ state: s, warnings: [] });
    expect('tiersB' in restoreShareState('v=1&q=x').state).toBe(false);
    const bad = restoreShareState('v=1&tb=zscore,99,bogus,-3,1;2;x,5;-1');
    expect(bad.state.tiersB).toEqual({
      norm: 'zscore', cutoff: 10, order: 'ctr', alpha: 0, boundaries: [2, 1], quotas: [5, 0], threshold: 2, ndcgK: 10, kmK: 10,
    });
    expect(bad.warnings).toEqual([
      'key "tb": premium cutoff 99 in the link is above the lab\'s maximum 10; 10 used',
      'key "tb": order inside a tier "bogus" is not one of ctr/score/blend; default used',
      'key "tb": blend α -3 in the link is below the lab\'s minimum 0; 0 used',
      'key "tb": short-video boundaries has entries that are not numbers; they are dropped',
      'key "tb": short-video quota -1 in the link is below the lab\'s minimum 0; 0 used',
    ]);
  });
  it('10,000 mangled links (the e2e corpus, many seeds) all restore to valid states', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      for (const h of mangledLinks(seed, 50)) {
        const { state } = restoreShareState(h);
        expect(valid(state)).toBe(true);
        expect(restoreShareState(encodeShareState(state)).state).toEqual(state);
      }
    }), { numRuns: 200 });
  });
});
