/**
 * Turning the core's suggestions (src/core/funnelSweep.ts) into configs:
 * the premium cutoff on the 4-decimal grid rounded down (keeps every doc the
 * exact cutoff keeps, survives a share link) with the per-query cap dropped;
 * the short-video quotas with the zone cap dropped. Pure.
 *
 * Refuses: keeping a cap that would cut below the suggested recall.
 */
import type { FunnelConfig, PreparedFunnel } from '../../core/funnel';
import { suggestCutoff, suggestTierQuotas, tradeoffCurve, type CurvePoint, type QuotaSuggestion, type TradeoffCurve } from '../../core/funnelSweep';
import { floor4 } from './shareTiers';
import { MAX_QUOTA } from '../../data/formats/tierStrategy';

export function withCutoff(cfg: FunnelConfig, cut: CurvePoint): FunnelConfig {
  return { ...cfg, premium: { cutoff: floor4(cut.cutoff) } };
}

export function withQuotas(cfg: FunnelConfig, s: QuotaSuggestion): FunnelConfig {
  const { total: _t, ...short } = cfg.short;
  return { ...cfg, short: { ...short, quotas: [...s.quotas] } };
}

/**
 * Short-video zone as one boundary: tier 1 = score ≥ the suggested cutoff,
 * all taken (no cap); tier 2 = the rest, none taken; zone cap dropped.
 */
export function withShortCutoff(cfg: FunnelConfig, cut: CurvePoint): FunnelConfig {
  const { total: _t, ...short } = cfg.short;
  return { ...cfg, short: { ...short, boundaries: [floor4(cut.cutoff)], quotas: [MAX_QUOTA, 0] } };
}

export interface Suggestions {
  cut: CurvePoint | null;
  quotas: QuotaSuggestion;
  shortCut: CurvePoint | null;
}

export function suggest(prep: PreparedFunnel, cfg: FunnelConfig, target: number, premiumCurve?: TradeoffCurve): Suggestions {
  const curve = premiumCurve ?? tradeoffCurve(prep, { norm: cfg.norm, zone: 'premium', threshold: cfg.threshold ?? 2 });
  const shortCurve = tradeoffCurve(prep, { norm: cfg.norm, zone: 'short', threshold: cfg.threshold ?? 2 });
  return {
    cut: suggestCutoff(curve, target),
    quotas: suggestTierQuotas(prep, cfg.norm, cfg.short, target, cfg.threshold ?? 2),
    shortCut: suggestCutoff(shortCurve, target),
  };
}
