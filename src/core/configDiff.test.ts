import { describe, expect, it } from 'vitest';
import { configDifferences, describeDifferences } from './configDiff';
import type { FunnelConfig } from './funnel';

const A: FunnelConfig = {
  norm: 'raw', premium: { cutoff: 0.6 }, short: { boundaries: [0.7, 0.4], quotas: [100, 60, 20], order: 'ctr', alpha: 0.5 },
};

describe('configDifferences', () => {
  it('names the hidden field of the old default A/B pair: the cutoff', () => {
    const B = { ...A, premium: { cutoff: 0.5 } };
    const d = configDifferences({ config: A, model: 'student_a' }, { config: B, model: 'student_a' });
    expect(d).toEqual([{ field: 'cutoff', a: '0.6', b: '0.5' }]);
    expect(describeDifferences(d)).toBe('B differs: cutoff 0.5 (A 0.6)');
  });

  it('lists every field that differs, in the panel\'s order, and nothing when they are equal', () => {
    const B: FunnelConfig = {
      norm: 'percentile', premium: { cutoff: 0.6, maxForward: 30 },
      short: { boundaries: [0.8], quotas: [100, 60, 20], order: 'blend', alpha: 0.25, total: 50 },
      threshold: 3, ndcgK: 5, gain: 'linear', kmK: 20,
    };
    const d = configDifferences({ config: A, model: 'student_a' }, { config: B, model: 'teacher' });
    expect(d.map((x) => x.field)).toEqual(['model', 'normalisation', 'premium cap', 'tier boundaries', 'order', 'α', 'short total', 'relevant ≥', 'nDCG@', 'gain', 'Recall@k k']);
    expect(d.find((x) => x.field === 'premium cap')).toEqual({ field: 'premium cap', a: 'no cap', b: '30' });
    expect(d.find((x) => x.field === 'tier boundaries')).toEqual({ field: 'tier boundaries', a: '0.7 / 0.4', b: '0.8' });
    expect(configDifferences({ config: A }, { config: { ...A, premium: { ...A.premium } } })).toEqual([]);
    expect(describeDifferences([])).toBe('B = A: the same config');
  });

  it('compares effective values: an absent threshold or depth is its default', () => {
    const B = { ...A, threshold: 2, ndcgK: 10, kmK: 10, gain: 'exp' as const };
    expect(configDifferences({ config: A }, { config: B })).toEqual([]);
    // and numbers at the share link's 4-decimal grid
    expect(configDifferences({ config: A }, { config: { ...A, premium: { cutoff: 0.60000001 } } })).toEqual([]);
  });
});
