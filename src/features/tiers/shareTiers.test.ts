import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FunnelConfig } from '../../core/funnel';
import { encodeShareState, restoreShareState } from '../../data/shareState';
import { createLabStore } from '../../state/store';
import { applyView, viewFromState } from '../share/viewState';
import { floor4 } from './shareTiers';
import { DEFAULT_CONFIG, MAX_BOUNDARIES, MAX_QUOTA, validateConfig } from './strategy';

const HASHES = { docset: '', modelset: '' };

/** configs A, B in one store → link → a fresh store; returns the fresh store's configs. */
function viaLink(A: FunnelConfig, B: FunnelConfig): { A: FunnelConfig; B: FunnelConfig; hash: string } {
  const from = createLabStore();
  from.getState().setTierConfig('A', A);
  from.getState().setTierConfig('B', B);
  const hash = encodeShareState(viewFromState(from.getState(), HASHES));
  const { state, warnings } = restoreShareState(`#${hash}`);
  expect(warnings).toEqual([]);
  const to = createLabStore();
  applyView(state, to, (id) => id);
  return { A: to.getState().tierConfigA, B: to.getState().tierConfigB, hash };
}

const grid = (lo: number, hi: number): fc.Arbitrary<number> => fc.integer({ min: lo * 1e4, max: hi * 1e4 }).map((x) => x / 1e4 + 0);
const linkable: fc.Arbitrary<FunnelConfig> = fc.record({
  norm: fc.constantFrom('raw', 'minmax', 'percentile', 'zscore'),
  premium: fc.record({ cutoff: grid(-10, 10) }),
  short: fc.record({
    boundaries: fc.array(grid(-10, 10), { maxLength: MAX_BOUNDARIES }).map((b) => b.sort((x, y) => y - x)),
    quotas: fc.array(fc.integer({ min: 0, max: MAX_QUOTA }), { maxLength: MAX_BOUNDARIES + 1 }),
    order: fc.constantFrom('ctr', 'score', 'blend'),
    alpha: grid(0, 1),
  }),
  threshold: fc.constant(2), ndcgK: fc.constant(10), kmK: fc.constant(10),
}).filter((c) => c.short.quotas.length <= c.short.boundaries.length + 1) as fc.Arbitrary<FunnelConfig>;

describe('tier configs through the share link (store → t/tb keys → store)', () => {
  it('a fresh store writes no tier keys', () => {
    expect(encodeShareState(viewFromState(createLabStore().getState(), HASHES))).not.toMatch(/(^|&)t=/);
  });

  it('hand-made A and B round-trip exactly', () => {
    const A: FunnelConfig = {
      ...DEFAULT_CONFIG, norm: 'percentile', premium: { cutoff: 0.8125 },
      short: { boundaries: [0.9, 0.55, 0.2], quotas: [40, 30, 20, 0], order: 'blend', alpha: 0.35 },
    };
    const B: FunnelConfig = { ...DEFAULT_CONFIG, norm: 'zscore', premium: { cutoff: -0.25 }, short: { ...DEFAULT_CONFIG.short, order: 'score' } };
    const r = viaLink(A, B);
    expect(r.A).toEqual(A);
    expect(r.B).toEqual(B);
  });

  it('every valid config on the codec grid round-trips exactly (property)', () => {
    fc.assert(fc.property(linkable, linkable, (A, B) => {
      expect(validateConfig(A).ok).toBe(true);
      const r = viaLink(A, B);
      expect(r.A).toEqual(A);
      expect(r.B).toEqual(B);
    }), { numRuns: 200 });
  });

  it('the caps and the threshold are not in the link (documented gap): the receiver keeps its own', () => {
    const A: FunnelConfig = { ...DEFAULT_CONFIG, premium: { cutoff: 0.6, maxForward: 30 }, short: { ...DEFAULT_CONFIG.short, total: 50 }, threshold: 3 };
    const r = viaLink(A, DEFAULT_CONFIG);
    expect(r.A.premium).toEqual({ cutoff: 0.6 });
    expect(r.A.short.total).toBeUndefined();
    expect(r.A.threshold).toBe(2);
  });

  it('an off-grid cutoff comes back rounded to 4 decimals', () => {
    expect(viaLink({ ...DEFAULT_CONFIG, premium: { cutoff: 0.123456 } }, DEFAULT_CONFIG).A.premium.cutoff).toBe(0.1235);
  });

  it('floor4 never rounds up and lands on the grid', () => {
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => {
      const r = floor4(x);
      expect(r).toBeLessThanOrEqual(x);
      expect(x - r).toBeLessThan(1.0001e-4);
      expect(Math.round(r * 1e4) / 1e4).toBe(r);
    }));
    expect(floor4(0.42)).toBe(0.42);
    expect(floor4(0.421357)).toBe(0.4213);
  });
});
