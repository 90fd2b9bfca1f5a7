import { describe, expect, it } from 'vitest';

describe('paired difference', () => {
  it('keeps the per-query pairing: a small consistent gain is clear, two overlapping CIs would not say so', async () => {
    const { pairedDiff, bootstrapMeanCI } = await import('./stats');
    // A varies a lot across queries; B is A + 0.01 on every query.
    const a = Array.from({ length: 200 }, (_, i) => 0.2 + 0.6 * ((i * 37) % 100) / 100);
    const b = a.map((x) => x + 0.01);
    const d = pairedDiff(a, b);
    expect(d.mean).toBeCloseTo(0.01, 10);
    expect(d.ci!.lo).toBeCloseTo(0.01, 10); // every resample has the same difference
    const ca = bootstrapMeanCI(a)!, cb = bootstrapMeanCI(b)!;
    expect(cb.lo).toBeLessThan(ca.hi); // the unpaired CIs overlap
  });
  it('drops queries missing on either side, and has no CI under two pairs', async () => {
    const { pairedDiff } = await import('./stats');
    expect(pairedDiff([1, null, 0.5], [0.5, 1, null])).toEqual({ mean: -0.5, ci: null, n: 1 });
  });
});
