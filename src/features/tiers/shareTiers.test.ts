import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FunnelConfig } from '../../core/funnel';
import { encodeShareState, restoreShareState } from '../../data/shareState';
import { createLabStore } from '../../state/store';
import { applyView, viewFromState } from '../../services/share/viewState';
import { floor4 } from './shareTiers';
import { DEFAULT_FUNNEL_CONFIG } from '../../core/domain';
import { MAX_BOUNDARIES, MAX_QUOTA, validateConfig } from '../../data/formats/tierStrategy';

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
// Every field the panel can show or set (a config file can set each of them): caps optional, as in the core.
const linkable: fc.Arbitrary<FunnelConfig> = fc.record({
  norm: fc.constantFrom('raw', 'minmax', 'percentile', 'zscore'),
  premium: fc.record({ cutoff: grid(-10, 10), maxForward: fc.integer({ min: 0, max: MAX_QUOTA }) }, { requiredKeys: ['cutoff'] }),
  short: fc.record({
    boundaries: fc.array(grid(-10, 10), { maxLength: MAX_BOUNDARIES }).map((b) => b.sort((x, y) => y - x)),
    quotas: fc.array(fc.integer({ min: 0, max: MAX_QUOTA }), { maxLength: MAX_BOUNDARIES + 1 }),
    order: fc.constantFrom('ctr', 'score', 'blend'),
    alpha: grid(0, 1),
    total: fc.integer({ min: 0, max: MAX_QUOTA }),
  }, { requiredKeys: ['boundaries', 'quotas', 'order', 'alpha'] }),
  threshold: fc.integer({ min: 1, max: 3 }), ndcgK: fc.integer({ min: 1, max: 1000 }), kmK: fc.integer({ min: 1, max: 1000 }),
}).filter((c) => c.short.quotas.length <= c.short.boundaries.length + 1) as fc.Arbitrary<FunnelConfig>;

describe('tier configs through the share link (store → t/tb keys → store)', () => {
  it('a fresh store writes no tier keys', () => {
    expect(encodeShareState(viewFromState(createLabStore().getState(), HASHES))).not.toMatch(/(^|&)(t|ts)=/);
  });

  it('hand-made A and B round-trip exactly', () => {
    const A: FunnelConfig = {
      ...DEFAULT_FUNNEL_CONFIG, norm: 'percentile', premium: { cutoff: 0.8125 },
      short: { boundaries: [0.9, 0.55, 0.2], quotas: [40, 30, 20, 0], order: 'blend', alpha: 0.35 },
    };
    const B: FunnelConfig = { ...DEFAULT_FUNNEL_CONFIG, norm: 'zscore', premium: { cutoff: -0.25 }, short: { ...DEFAULT_FUNNEL_CONFIG.short, order: 'score' } };
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

  it('the per-query caps and the relevance threshold travel too (issue #8): the receiver gets the sender’s values, not its own', () => {
    const A: FunnelConfig = { ...DEFAULT_FUNNEL_CONFIG, premium: { cutoff: 0.6, maxForward: 30 }, short: { ...DEFAULT_FUNNEL_CONFIG.short, total: 50 }, threshold: 3 };
    const B: FunnelConfig = { ...DEFAULT_FUNNEL_CONFIG, premium: { cutoff: 0.6, maxForward: 0 }, short: { ...DEFAULT_FUNNEL_CONFIG.short, total: 7 }, threshold: 1, ndcgK: 5, kmK: 20 };
    const r = viaLink(A, B);
    expect(r.A).toEqual(A);
    expect(r.B).toEqual(B);
    expect(r.hash).toContain('t=raw,0.6,ctr,0.5,0.7;0.4,100;60;20,30,50,3&');
    // a receiver that had caps of its own loses them when the link has none
    const to = createLabStore();
    to.getState().setTierConfig('A', A);
    applyView(restoreShareState('v=1&t=raw,0.5,ctr,0.5,0.7;0.4,100;60;20').state, to, (id) => id);
    expect(to.getState().tierConfigA).toEqual(DEFAULT_FUNNEL_CONFIG);
  });

  it('the panel setup travels as `ts`: query set, pool, limit, target, models, side, chart zone, detail view', () => {
    const from = createLabStore();
    const s = from.getState();
    s.setTierQuerySet('labelled'); s.setTierPool(200); s.setTierLimit(20); s.setTierTarget(0.8525);
    s.setTierModel('A', 'student-4l'); s.setTierModel('B', 'teacher-12l');
    s.setTierEditing('B'); s.setTierCurve('all'); s.setTierDetail('calibration');
    const hash = encodeShareState(viewFromState(from.getState(), HASHES));
    expect(hash).toContain('&ts=labelled,200,20,0.8525,student-4l,teacher-12l,B,all,calibration');
    const to = createLabStore();
    applyView(restoreShareState(hash).state, to, (id) => id);
    const t = to.getState();
    expect([t.tierQuerySet, t.tierPool, t.tierLimit, t.tierTarget, t.tierModelA, t.tierModelB, t.tierEditing, t.tierCurve, t.tierDetail])
      .toEqual(['labelled', 200, 20, 0.8525, 'student-4l', 'teacher-12l', 'B', 'all', 'calibration']);
    expect(encodeShareState(viewFromState(t, HASHES))).toBe(hash);
  });

  it('an off-grid cutoff comes back rounded to 4 decimals', () => {
    expect(viaLink({ ...DEFAULT_FUNNEL_CONFIG, premium: { cutoff: 0.123456 } }, DEFAULT_FUNNEL_CONFIG).A.premium.cutoff).toBe(0.1235);
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
