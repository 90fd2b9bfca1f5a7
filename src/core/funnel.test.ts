import { describe, expect, it } from 'vitest';
import type { TierOrder } from './domain';
import { dcg } from './metrics';
import { compareFunnels } from './funnelCompare';
import { prepareFunnel, runFunnel, type FunnelConfig, type FunnelQuery } from './funnel';
import { suggestCutoff, suggestTierQuotas, thinCurve, tradeoffCurve } from './funnelSweep';
import { minMax, normalizeScores, percentileRanks } from './scoreNorm';
import { applyTiers, tierOf, truncate } from './tiers';
import { reliabilityCurve, scoreHistograms } from './calibration';
import { syntheticFunnel } from './__fixtures__/syntheticFunnel';

// idx: zone, coarse, fine, ctr, grade  (hand-worked below)
const Q: FunnelQuery = {
  qid: 'q1', intent: 'topic',
  zone: ['premium', 'premium', 'premium', 'short', 'short', 'short'],
  coarse: [0.9, 0.6, 0.3, 0.8, 0.5, 0.2],
  fine: [0.8, 0.9, 0.7, 0.2, 0.6, 0.5],
  ctr: [0.1, 0.2, 0.3, 0.05, 0.5, 0.9],
  grades: [3, 2, 0, 1, 2, NaN],
};
const base: FunnelConfig = {
  norm: 'raw', premium: { cutoff: 0.5 },
  short: { boundaries: [0.4, 0.6], quotas: [1, 1, 0], order: 'score', alpha: 0.5 }, kmK: 2,
};

describe('funnel on a hand-worked query', () => {
  const prep = prepareFunnel([Q]);
  it('truncation + tiers, recall, zones', () => {
    const r = runFunnel(prep, base).perQuery[0];
    expect(r.forwardedIdx).toEqual([0, 1, 3, 4]); // premium 0,1; tiers: 3 (tier 0), 4 (tier 1)
    expect(r).toMatchObject({ candidates: 6, forwarded: 4, relevant: 3, relevantSurviving: 3, recall: 1 });
    expect(r.zones.premium).toEqual({ candidates: 3, forwarded: 2, relevant: 2, relevantSurviving: 2 });
    expect(r.zones.short).toEqual({ candidates: 3, forwarded: 2, relevant: 1, relevantSurviving: 1 });
  });
  it('nDCG@10 after fine re-scoring uses the ideal of all judged grades', () => {
    const r = runFunnel(prep, base).perQuery[0];
    // survivors by fine: 1 (g2), 0 (g3), 4 (g2), 3 (g1); ideal 3,2,2,1,0
    const got = 3 + 7 / Math.log2(3) + 3 / 2 + 1 / Math.log2(5);
    const ideal = 7 + 3 / Math.log2(3) + 3 / 2 + 1 / Math.log2(5);
    expect(r.ndcgAfter).toBeCloseTo(got / ideal, 12);
    expect(dcg([3, 2], 10, 'exp')).toBeCloseTo(7 + 3 / Math.log2(3), 12);
  });
  it('N/M vs fine (9 of 15 pairs) and Recall@2@forwarded', () => {
    const r = runFunnel(prep, base).perQuery[0];
    expect([r.nmN, r.nmM]).toEqual([9, 15]);
    expect(r.recallKM).toBe(1);
    expect(runFunnel(prep, { ...base, premium: { cutoff: 0.7 } }).perQuery[0].recallKM).toBe(0.5);
  });
  it('maxForward and total caps', () => {
    const r = runFunnel(prep, {
      ...base, premium: { cutoff: 0, maxForward: 1 }, short: { ...base.short, quotas: [5, 5, 5], total: 1 },
    }).perQuery[0];
    expect(r.forwardedIdx).toEqual([0, 3]);
  });
  it('within-tier order: ctr, score, blend', () => {
    const one = (order: TierOrder, alpha = 0.5): number[] =>
      runFunnel(prep, { ...base, premium: { cutoff: 2 }, short: { boundaries: [], quotas: [2], order, alpha } }).perQuery[0].forwardedIdx;
    expect(one('ctr')).toEqual([5, 4]);
    expect(one('score')).toEqual([3, 4]);
    expect(one('blend', 0.5)).toEqual([5, 4]); // 5: .5, 4: .479, 3: .429
    expect(one('blend', 0.8)).toEqual([3, 4]); // 3: .686, 4: .449, 5: .2
  });
  it('empty query set and empty query', () => {
    const empty = runFunnel(prepareFunnel([]), base);
    expect(empty.aggregate).toMatchObject({ queries: 0, forwarded: 0, recallMicro: null, ndcgAfter: null });
    const r = runFunnel(prepareFunnel([{ ...Q, zone: [], coarse: [], fine: [], ctr: [], grades: [] }]), base).perQuery[0];
    expect(r).toMatchObject({ forwarded: 0, recall: null, ndcgAfter: null, nm: null, recallKM: null });
  });
});

describe('tiers and normalisation', () => {
  it('tierOf counts boundaries strictly above', () => {
    expect([0.9, 0.6, 0.5, 0.4, 0.1].map((s) => tierOf(s, [0.6, 0.4]))).toEqual([0, 0, 1, 1, 2]);
    expect(tierOf(NaN, [0.5])).toBe(1);
  });
  it('truncate stops at the first miss in the zone', () => {
    expect(truncate([0.9, 0.1, 0.5], [0, 2, 1], () => true, { cutoff: 0.5 })).toEqual([0, 2]);
    expect(applyTiers({ norm: [], ctr: [], coarseOrder: [], ctrOrder: [], inZone: () => true },
      { boundaries: [0.5], quotas: [], order: 'score', alpha: 0 })).toEqual([]);
  });
  it('percentile, min-max, z-score (hand-computed)', () => {
    expect(Array.from(percentileRanks([0.9, 0.6, 0.3, 0.8, 0.5, 0.2]))).toEqual([1, 0.6, 0.2, 0.8, 0.4, 0]);
    expect(Array.from(percentileRanks([1, 1, 0]))).toEqual([0.75, 0.75, 0]);
    expect(Array.from(percentileRanks([7]))).toEqual([1]);
    expect(Array.from(minMax([2, 4, 3]))).toEqual([0, 1, 0.5]);
    expect(Array.from(minMax([3, 3]))).toEqual([1, 1]);
    expect(Array.from(normalizeScores([1, 3], 'zscore', { mean: 2, std: 1 }))).toEqual([-1, 1]);
  });
});

describe('trade-off curve and suggestions (synthetic world)', () => {
  const prep = prepareFunnel(syntheticFunnel(40, 200, 3));
  it('curve matches direct counting and is monotone', () => {
    const curve = tradeoffCurve(prep, { norm: 'minmax', zone: 'premium' });
    let prevF = 0, prevR = 0;
    for (const p of curve.points) {
      expect(p.forwarded).toBeGreaterThan(prevF);
      expect(p.relevantSurviving).toBeGreaterThanOrEqual(prevR);
      prevF = p.forwarded; prevR = p.relevantSurviving;
    }
    const mid = curve.points[Math.floor(curve.points.length / 2)];
    const r = runFunnel(prep, { ...base, norm: 'minmax', premium: { cutoff: mid.cutoff }, short: { ...base.short, quotas: [0, 0, 0] } });
    expect(r.byZone.premium.forwarded).toBe(mid.forwarded);
    expect(r.byZone.premium.relevantSurviving).toBe(mid.relevantSurviving);
    expect(thinCurve(curve.points, 10)).toHaveLength(10);
  });
  for (const norm of ['raw', 'percentile', 'zscore'] as const) {
    it(`suggested cutoff keeps ≥ 90% of relevant docs at least volume (${norm}, both zones)`, () => {
      const curve = tradeoffCurve(prep, { norm, zone: 'all' });
      const s = suggestCutoff(curve, 0.9)!;
      const cfgAt = (c: number): FunnelConfig => ({
        ...base, norm, premium: { cutoff: c }, short: { boundaries: [c], quotas: [1e9, 0], order: 'score', alpha: 0 },
      });
      const agg = runFunnel(prep, cfgAt(s.cutoff)).aggregate;
      expect(agg.recallMicro!).toBeGreaterThanOrEqual(0.9);
      expect(agg.forwarded).toBe(s.forwarded);
      // the next higher cutoff misses the target
      const idx = curve.points.indexOf(s);
      if (idx > 0) expect(runFunnel(prep, cfgAt(curve.points[idx - 1].cutoff)).aggregate.recallMicro!).toBeLessThan(0.9);
    });
  }
  it('suggested tier quotas reach the target when recomputed', () => {
    const tiers = { boundaries: [0.7, 0.4], quotas: [], order: 'ctr' as const, alpha: 0.5 };
    const s = suggestTierQuotas(prep, 'minmax', tiers, 0.8);
    expect(s.reached).toBe(true);
    const r = runFunnel(prep, { ...base, norm: 'minmax', short: { ...tiers, quotas: s.quotas } });
    expect(r.byZone.short.recallMicro!).toBeGreaterThanOrEqual(0.8);
    expect(r.byZone.short.forwarded).toBe(s.forwarded);
    expect(r.byZone.short.forwarded!).toBeLessThan(r.byZone.short.candidates!);
  });
  it('unreachable / empty', () => {
    expect(suggestCutoff({ totalCandidates: 0, totalRelevant: 0, points: [] }, 0.5)).toBeNull();
    expect(suggestTierQuotas(prepareFunnel([]), 'raw', base.short, 0.9)).toMatchObject({ reached: true, recall: null });
  });
  it('A/B deltas are b − a, per intent and zone', () => {
    const a = runFunnel(prep, base), b = runFunnel(prep, { ...base, premium: { cutoff: 0.3 } });
    const c = compareFunnels(a, b);
    expect(c.aggregate.forwarded.delta).toBe((b.aggregate.forwarded ?? 0) - (a.aggregate.forwarded ?? 0));
    expect(c.aggregate.forwarded.delta!).toBeGreaterThan(0);
    expect(Object.keys(c.byIntent)).toEqual(Object.keys(a.byIntent));
    expect(c.byZone.short.forwarded.delta).toBe(0);
  });
});

describe('calibration', () => {
  it('histograms skip unjudged, edge values clamp into edge bins', () => {
    const h = scoreHistograms([0, 0.5, 1, 0.2, 0.9], [3, 0, 2, NaN, 1], 2, { bins: 2 });
    expect(h).toEqual({ edges: [0, 0.5, 1], relevant: [1, 1], irrelevant: [0, 2] });
  });
  it('reliability curve and ECE (hand-computed)', () => {
    const { bins, ece } = reliabilityCurve([0.1, 0.2, 0.8, 0.9], [0, 2, 3, 3], 2, { bins: 2 });
    expect(bins[0]).toMatchObject({ count: 2, relevantShare: 0.5 });
    expect(bins[0].meanScore).toBeCloseTo(0.15, 12);
    expect(bins[1].meanScore).toBeCloseTo(0.85, 12);
    expect(ece).toBeCloseTo(0.5 * 0.35 + 0.5 * 0.15, 12);
    expect(reliabilityCurve([], []).ece).toBeNull();
  });
});
