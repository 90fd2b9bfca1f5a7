import { describe, expect, it } from 'vitest';
import { DEFAULT_FUNNEL_CONFIG } from '../../core/domain';
import { cloneConfig, type FunnelConfig } from '../../core/funnel';
import { exportStrategies, parseStrategies, validateConfig } from './tierStrategy';

describe('strategy configs', () => {
  it('the default config validates to itself', () => {
    const typed: FunnelConfig = DEFAULT_FUNNEL_CONFIG; // NOTE: domain.ts types it by shape only; this line checks the type
    const r = validateConfig(typed);
    expect(r).toEqual({ ok: true, value: DEFAULT_FUNNEL_CONFIG });
  });

  it('cloneConfig does not alias lists', () => {
    const c = cloneConfig(DEFAULT_FUNNEL_CONFIG);
    c.short.boundaries.push(0.1);
    c.short.quotas[0] = 1;
    expect(DEFAULT_FUNNEL_CONFIG.short.boundaries).toEqual([0.7, 0.4]);
    expect(DEFAULT_FUNNEL_CONFIG.short.quotas[0]).toBe(100);
    expect(DEFAULT_FUNNEL_CONFIG.short.quotas).toHaveLength(3);
  });

  it('export → import round-trips A and B with their models', () => {
    const A = { model: 'student-4l', config: cloneConfig(DEFAULT_FUNNEL_CONFIG) };
    const B = { model: null, config: { ...cloneConfig(DEFAULT_FUNNEL_CONFIG), norm: 'percentile' as const, premium: { cutoff: 0.8, maxForward: 40 } } };
    const r = parseStrategies(exportStrategies(A, B));
    expect(r).toEqual({ ok: true, value: { A, B, bare: false } });
  });

  it('sorts boundaries descending and fills optional fields', () => {
    const r = parseStrategies(JSON.stringify({
      norm: 'minmax', premium: { cutoff: 0.3 }, short: { boundaries: [0.2, 0.9, 0.5], quotas: [1, 2], order: 'blend' },
    }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.A.model).toBeNull();
      expect(r.value.bare).toBe(true);
      expect(r.value.A.config.short.boundaries).toEqual([0.9, 0.5, 0.2]);
      expect(r.value.A.config.short.alpha).toBe(0.5);
      expect(r.value.A.config.threshold).toBe(2);
    }
  });

  it.each([
    ['{', /not valid JSON/],
    ['[]', /config must be an object/],
    [JSON.stringify({ ...DEFAULT_FUNNEL_CONFIG, norm: 'log' }), /config\.norm must be one of raw, minmax, percentile, zscore \(got "log"\)/],
    [JSON.stringify({ ...DEFAULT_FUNNEL_CONFIG, premium: { cutoff: 'high' } }), /config\.premium\.cutoff must be a finite number \(got "high"\)/],
    [JSON.stringify({ ...DEFAULT_FUNNEL_CONFIG, premium: { cutoff: 0.5, maxForward: 2.5 } }), /maxForward must be a whole number/],
    [JSON.stringify({ ...DEFAULT_FUNNEL_CONFIG, short: { ...DEFAULT_FUNNEL_CONFIG.short, boundaries: [0.5, 'x'] } }), /boundaries\[1\]/],
    [JSON.stringify({ ...DEFAULT_FUNNEL_CONFIG, short: { ...DEFAULT_FUNNEL_CONFIG.short, quotas: [1, 2, 3, 4] } }), /at most one per tier \(3\)/],
    [JSON.stringify({ ...DEFAULT_FUNNEL_CONFIG, short: { ...DEFAULT_FUNNEL_CONFIG.short, quotas: [-1] } }), /quotas\[0\] must be a whole number/],
    [JSON.stringify({ ...DEFAULT_FUNNEL_CONFIG, short: { ...DEFAULT_FUNNEL_CONFIG.short, order: 'random' } }), /short\.order must be one of ctr, score, blend/],
    [JSON.stringify({ ...DEFAULT_FUNNEL_CONFIG, short: { ...DEFAULT_FUNNEL_CONFIG.short, alpha: 2 } }), /alpha must be between 0 and 1/],
    [JSON.stringify({ format: 'other' }), /format must be "prerank-lab.tiers"/],
    [JSON.stringify({ format: 'prerank-lab.tiers', version: 2 }), /version must be 1/],
    [JSON.stringify({ format: 'prerank-lab.tiers', version: 1, A: { model: 3, config: DEFAULT_FUNNEL_CONFIG } }), /A\.model must be a model id or null/],
    [JSON.stringify({ format: 'prerank-lab.tiers', version: 1, A: { config: DEFAULT_FUNNEL_CONFIG }, B: { config: {} } }), /B\.config\.norm/],
  ])('rejects %s with a clear error', (text, msg) => {
    const r = parseStrategies(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(msg);
  });
});
