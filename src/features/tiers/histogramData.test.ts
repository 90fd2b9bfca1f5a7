import { describe, expect, it } from 'vitest';
import { prepareFunnel, type FunnelQuery } from '../../core/funnel';
import { syntheticFunnel } from '../../core/__fixtures__/syntheticFunnel';
import { evenBoundaries, normDomain, normsOf, zoneHistogram } from './histogramData';

const q: FunnelQuery = {
  qid: 'q1', zone: ['premium', 'short', 'premium', 'short', 'premium'],
  coarse: [0.9, 0.05, 0.5, NaN, 1.0], fine: [1, 2, 3, 4, 5], ctr: [0, 0, 0, 0, 0], grades: [3, 0, NaN, 2, 1],
};

describe('histogram data', () => {
  it('bins one zone, relevant vs the rest, skipping NaN scores; the last edge is inclusive', () => {
    const prep = prepareFunnel([q]);
    const h = zoneHistogram(prep, normsOf(prep, 'raw'), 'premium', 2, [0, 1], 4);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.relevant).toEqual([0, 0, 0, 1]); // 0.9 (grade 3)
    expect(h.other).toEqual([0, 0, 1, 1]); // 0.5 unjudged, 1.0 grade 1
    const s = zoneHistogram(prep, normsOf(prep, 'raw'), 'short', 2, [0, 1], 4);
    expect(s.relevant).toEqual([0, 0, 0, 0]); // the relevant short doc has a NaN score
    expect(s.other).toEqual([1, 0, 0, 0]);
  });

  it('counts every finite candidate of the zone exactly once', () => {
    const prep = prepareFunnel(syntheticFunnel(20, 200, 3));
    for (const norm of ['raw', 'minmax', 'percentile', 'zscore'] as const) {
      const norms = normsOf(prep, norm);
      const dom = normDomain(norm, norms);
      const h = zoneHistogram(prep, norms, 'short', 2, dom, 30);
      let n = 0;
      for (const p of prep.queries) for (let i = 0; i < p.q.zone.length; i++) if (p.q.zone[i] === 'short') n++;
      expect(h.relevant.reduce((a, b) => a + b, 0) + h.other.reduce((a, b) => a + b, 0)).toBe(n);
    }
  });

  it('domains: [0, 1] for bounded modes, whole units around the z-scores', () => {
    expect(normDomain('raw', [[0.2, 0.9]])).toEqual([0, 1]);
    expect(normDomain('zscore', [[-1.5, 2.2]])).toEqual([-2, 3]);
    expect(normDomain('zscore', [[NaN]])).toEqual([-3, 3]);
    expect(normDomain('zscore', [[-50, 50]])).toEqual([-10, 10]);
  });

  it('even boundaries: k tiers → k − 1 boundaries, descending', () => {
    expect(evenBoundaries(1, [0, 1])).toEqual([]);
    expect(evenBoundaries(4, [0, 1])).toEqual([0.75, 0.5, 0.25]);
    expect(evenBoundaries(2, [-2, 2])).toEqual([0]);
  });
});
