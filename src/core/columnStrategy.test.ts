import { describe, expect, it } from 'vitest';
import { columnStrategy, type StrategyRow } from './columnStrategy';
import { cloneConfig, type FunnelConfig } from './funnel';
import { DEFAULT_FUNNEL_CONFIG } from './domain';

const cfg = (): FunnelConfig => cloneConfig(DEFAULT_FUNNEL_CONFIG as FunnelConfig);
const row = (zone: string, score: number, ctr = 0.1): StrategyRow => ({ zone, score, ctr });

describe('columnStrategy', () => {
  it('cuts premium docs under the cutoff and says which stopped them', () => {
    const c = cfg(); c.premium = { cutoff: 0.5 };
    const r = columnStrategy([row('premium', 0.9), row('premium', 0.6), row('premium', 0.4), row('premium', 0.2)], c);
    expect(r.fates.map((f) => f.kept)).toEqual([true, true, false, false]);
    expect(r.fates.map((f) => f.stop)).toEqual([undefined, undefined, 'premium-cutoff', 'premium-cutoff']);
    expect(r.forwarded).toEqual([0, 1]);
    expect(r.counts.premium).toEqual({ in: 4, out: 2 });
  });

  it('names the cap when premium docs above the cutoff are left out by maxForward', () => {
    const c = cfg(); c.premium = { cutoff: 0.5, maxForward: 1 };
    const r = columnStrategy([row('premium', 0.9), row('premium', 0.8), row('premium', 0.1)], c);
    expect(r.fates.map((f) => f.stop)).toEqual([undefined, 'premium-cap', 'premium-cutoff']);
  });

  it('groups short videos by tier, CTR order within a tier, up to each quota', () => {
    const c = cfg(); c.short = { boundaries: [0.7, 0.4], quotas: [2, 1, 0], order: 'ctr', alpha: 0.5 };
    const rows = [row('short', 0.95, 0.1), row('short', 0.9, 0.5), row('short', 0.8, 0.3), row('short', 0.5, 0.2), row('short', 0.45, 0.9), row('short', 0.1, 0.9)];
    const r = columnStrategy(rows, c);
    expect(r.fates.map((f) => f.tier)).toEqual([0, 0, 0, 1, 1, 2]);
    // tier 0 by CTR: rows 1 (.5), 2 (.3) kept, row 0 (.1) over the quota; tier 1: row 4 (.9); tier 2 quota 0
    expect(r.forwarded).toEqual([1, 2, 4]);
    expect(r.fates.map((f) => f.kept)).toEqual([false, true, true, false, true, false]);
    expect(r.fates[0].stop).toBe('tier-quota');
    expect(r.fates[1].forwardRank).toBe(0);
  });

  it('forwards premium first, then short; other zones pass through, counted apart', () => {
    const r = columnStrategy([row('short', 0.9, 0.5), row('premium', 0.8), row('live', 0.01)], cfg());
    expect(r.forwarded).toEqual([1, 0]);
    expect(r.fates[2]).toEqual({ kept: true });
    expect(r.counts).toEqual({ in: 3, premium: { in: 1, out: 1 }, short: { in: 1, out: 1 }, other: 1 });
  });

  it('agrees with the cutoff on percentile-normalised scores too', () => {
    const c = cfg(); c.norm = 'percentile'; c.premium = { cutoff: 0.5 };
    const r = columnStrategy([row('premium', 5), row('premium', 4), row('premium', 3), row('premium', 2)], c);
    expect(r.fates.filter((f) => f.kept).length).toBe(r.counts.premium.out);
    expect(r.fates[0].kept).toBe(true);
    expect(r.fates[3].kept).toBe(false);
  });
});
