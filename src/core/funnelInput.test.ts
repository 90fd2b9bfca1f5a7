import { describe, expect, it } from 'vitest';
import { DEFAULT_FUNNEL_CONFIG } from './domain';
import { cloneConfig, prepareFunnel, runFunnel } from './funnel';
import { buildFunnelQueries } from './funnelInput';
import { args } from './__fixtures__/funnelArgs';

describe('buildFunnelQueries', () => {
  it('maps pools to struct-of-arrays with zones, CTR, fine scores and grades', () => {
    const [q, ...rest] = buildFunnelQueries(args);
    expect(rest).toHaveLength(0); // q00002 has no pool
    expect(q.qid).toBe('q00001');
    expect(q.intent).toBe('topic');
    expect(q.docids).toEqual(['v000003', 'v000001', 'v000002', 'v000000']);
    expect(q.zone).toEqual(['premium', 'short', 'short', 'premium']);
    expect(Array.from(q.coarse)).toEqual([0.9, 0.6, 0.6, 0.2]);
    expect(Array.from(q.ctr)).toEqual([0.5, 0.9, 0.2, 0.1]);
    expect(Array.from(q.fine)).toEqual([0.4, 0.5, NaN, 0.95]);
    expect(Array.from(q.grades)).toEqual([NaN, 2, NaN, 3]);
    // the ideal ranking uses every judged doc, candidates or not
    expect([...(q.idealGrades ?? [])].sort()).toEqual([1, 2, 3]);
  });

  it('throws on a doc index outside the doc set', () => {
    expect(() => buildFunnelQueries({ ...args, coarse: { q00001: [{ doc: 9, score: 1 }] } })).toThrow(/doc index 9/);
  });

  it('feeds the core funnel: a cutoff above every premium score forwards only short docs', () => {
    const prep = prepareFunnel(buildFunnelQueries(args));
    const cfg = cloneConfig(DEFAULT_FUNNEL_CONFIG);
    cfg.premium.cutoff = 2;
    cfg.short = { boundaries: [], quotas: [], order: 'ctr', alpha: 0.5 };
    const r = runFunnel(prep, cfg);
    expect(r.aggregate.forwarded).toBe(2);
    expect(r.perQuery[0].forwardedIdx).toEqual([1, 2]); // CTR order inside the one tier
    expect(r.aggregate.relevantSurviving).toBe(1);
  });
});
