import { describe, expect, it } from 'vitest';
import { prepareFunnel, runFunnel, type FunnelConfig } from '../../core/funnel';
import { syntheticFunnel } from '../../core/__fixtures__/syntheticFunnel';
import { DEFAULT_FUNNEL_CONFIG } from '../../core/domain';
import { suggest, withCutoff, withQuotas, withShortCutoff } from './suggest';

const prep = prepareFunnel(syntheticFunnel(40, 150, 7));

describe('applying a suggestion keeps ≥ X% of relevant docs', () => {
  for (const norm of ['raw', 'minmax', 'percentile', 'zscore'] as const) {
    for (const target of [0.5, 0.8, 0.95]) {
      it(`${norm}, X = ${target * 100}%`, () => {
        const cfg: FunnelConfig = {
          ...DEFAULT_FUNNEL_CONFIG, norm, premium: { cutoff: 0.5, maxForward: 3 },
          short: { ...DEFAULT_FUNNEL_CONFIG.short, boundaries: norm === 'zscore' ? [1, 0] : [0.7, 0.4], total: 5 },
        };
        const s = suggest(prep, cfg, target);
        expect(s.cut).not.toBeNull();
        const applied = withQuotas(withCutoff(cfg, s.cut!), s.quotas);
        expect(applied.premium.maxForward).toBeUndefined();
        expect(applied.short.total).toBeUndefined();
        const r = runFunnel(prep, applied);
        expect(r.byZone.premium.recallMicro!).toBeGreaterThanOrEqual(target);
        if (s.quotas.reached) expect(r.byZone.short.recallMicro!).toBeGreaterThanOrEqual(target - 1e-12);
        expect(r.aggregate.recallMicro!).toBeGreaterThanOrEqual(s.quotas.reached ? target - 1e-12 : 0);
        // the short-video zone as one boundary, lower tier dropped
        expect(s.shortCut).not.toBeNull();
        const asBoundary = runFunnel(prep, withShortCutoff(applied, s.shortCut!));
        expect(asBoundary.byZone.short.recallMicro!).toBeGreaterThanOrEqual(target);
        // least volume: the next higher distinct cutoff on the grid misses the target
        const tighter = runFunnel(prep, { ...applied, premium: { cutoff: s.cut!.cutoff + 1e-9 } });
        expect(tighter.byZone.premium.recallMicro!).toBeLessThan(target);
      });
    }
  }
});
