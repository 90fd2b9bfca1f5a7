import { describe, expect, it } from 'vitest';
import { AUC_TARGET, halfWidthFor, planQueryCount, queriesFor, spread, widestHalfWidth, zFor } from './precision';
import { bootstrapMeanCI, mulberry32 } from './stats';

describe('precision: how many queries ±0.01 AUC takes', () => {
  it('z of a two-sided CI', () => {
    expect(zFor(0.95)).toBeCloseTo(1.959964, 5);
    expect(zFor(0.9)).toBeCloseTo(1.644854, 5);
    expect(zFor(0.99)).toBeCloseTo(2.575829, 5);
  });
  it('hand-worked: sd 0.1 → ⌈(1.96 · 0.1 / 0.01)²⌉ = 385 queries; 385 queries give ±0.00999', () => {
    expect(queriesFor(0.1, 0.01)).toBe(385);
    expect(halfWidthFor(0.1, 385)).toBeLessThanOrEqual(0.01);
    expect(halfWidthFor(0.1, 384)).toBeGreaterThan(0.01);
    expect(spread([0, 1, null])).toEqual({ sd: Math.SQRT1_2, n: 2, share: 2 / 3 });
    expect(spread([0.5, null])).toBeNull();
  });
  it('the count it plans gives the panel\'s bootstrap CI (1000 resamples, seed 0x5eed) a half-width near the target', () => {
    const rand = mulberry32(11);
    // per-query AUCs skewed toward 1, as a good ranker's are
    const draw = (): number => Math.min(1, Math.max(0, 1 - 0.25 * rand() ** 3 - 0.1 * rand()));
    const pilot = Array.from({ length: 50 }, draw);
    const plan = planQueryCount({ m: pilot }, { available: 100_000 })!;
    const full = [...pilot, ...Array.from({ length: plan.chosen - 50 }, draw)];
    const ci = bootstrapMeanCI(full, { samples: 1000, seed: 0x5eed })!;
    expect((ci.hi - ci.lo) / 2).toBeGreaterThan(0.7 * AUC_TARGET);
    expect((ci.hi - ci.lo) / 2).toBeLessThan(1.3 * AUC_TARGET);
  });
  it('the widest run decides; undefined AUCs scale the count up; the split caps it and says so; never below the pilot', () => {
    const wide = [0.5, 1, 0.5, 1], narrow = [0.9, 0.95, 0.9, 0.95];
    const p = planQueryCount({ narrow, wide }, { available: 360 })!;
    expect(p.model).toBe('wide');
    expect(p.needed).toBe(queriesFor(spread(wide)!.sd, 0.01));
    expect(p).toMatchObject({ chosen: 360, capped: true, pilot: 4 });
    expect(p.expected).toBeCloseTo(halfWidthFor(spread(wide)!.sd, 360), 12);
    const half = planQueryCount({ m: [0.9, 0.95, null, null] }, { available: 1e6 })!;
    expect(half.needed).toBe(2 * queriesFor(spread([0.9, 0.95])!.sd, 0.01));
    const easy = planQueryCount({ m: Array.from({ length: 50 }, (_, i) => 0.9 + (i % 2) * 0.001) }, { available: 360 })!;
    expect(easy).toMatchObject({ chosen: 50, capped: false });
    expect(planQueryCount({ m: [null, 1] }, { available: 10 })).toBeNull();
  });
  it('the widest CI half-width among summaries', () => {
    expect(widestHalfWidth({ a: { mean: 0.9, n: 9, skipped: 0, ci: { lo: 0.88, hi: 0.92 } }, b: { mean: 0.8, n: 9, skipped: 0, ci: { lo: 0.7, hi: 0.9 } }, c: undefined }))
      .toEqual({ model: 'b', halfWidth: expect.closeTo(0.1, 12) as number });
    expect(widestHalfWidth({ a: { mean: 1, n: 1, skipped: 0, ci: null } })).toBeNull();
  });
});
