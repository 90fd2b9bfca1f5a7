/**
 * The serving strategy applied to ONE ranked column (the ranking panel's inline funnel, issue #20):
 * which of a column's docs the zone's strategy forwards to the fine ranker, and why the others stop.
 * A thin view over core/funnel.ts — the same truncation and tiers the Tiers panel runs over a query
 * set — so a column and the Tiers panel can never disagree about a doc.
 *   premium: kept while norm score ≥ cutoff (and under maxForward); the rest are cut.
 *   short:   tier = boundaries above its norm score; within a tier in the config's order, up to the
 *            tier's quota, at most `total` overall.
 * Docs of another zone pass through untouched (no strategy serves them).
 */
import { tierOf } from './tiers';
import { normalizedCoarse, prepareFunnel, runFunnelQuery, type FunnelConfig } from './funnel';
import type { Zone } from './domain';

export interface StrategyRow {
  zone: Zone | string;
  /** the coarse score the config's cutoffs read (calibrated probability for the shipped towers) */
  score: number;
  ctr: number;
}

export type StopReason = 'premium-cutoff' | 'premium-cap' | 'tier-quota';

export interface RowFate {
  kept: boolean;
  /** short-video docs: their tier (0 = best) */
  tier?: number;
  /** why a doc of a served zone was not forwarded */
  stop?: StopReason;
  /** position in the forwarded order (premium best first, then short in tier order); absent when cut */
  forwardRank?: number;
}

export interface ColumnStrategy {
  fates: RowFate[];
  /** row indices in forwarding order */
  forwarded: number[];
  counts: { in: number; premium: { in: number; out: number }; short: { in: number; out: number }; other: number };
}

export function columnStrategy(rows: readonly StrategyRow[], cfg: FunnelConfig): ColumnStrategy {
  const zone = rows.map((r) => (r.zone === 'premium' || r.zone === 'short' ? r.zone : ('other' as Zone)));
  const prep = prepareFunnel([{
    qid: 'column', zone, coarse: rows.map((r) => r.score), fine: rows.map(() => 0), ctr: rows.map((r) => r.ctr),
    grades: rows.map(() => Number.NaN), idealGrades: [],
  }]);
  const p = prep.queries[0];
  const res = runFunnelQuery(p, cfg, prep.global);
  const norm = normalizedCoarse(p, cfg.norm, prep.global);
  const rank = new Map(res.forwardedIdx.map((i, k) => [i, k]));
  const fates = rows.map((_, i): RowFate => {
    const k = rank.get(i);
    const f: RowFate = { kept: k !== undefined || (zone[i] !== 'premium' && zone[i] !== 'short') };
    if (k !== undefined) f.forwardRank = k;
    if (zone[i] === 'short') f.tier = tierOf(norm[i], [...cfg.short.boundaries].sort((a, b) => b - a));
    // norm is monotone in the score, so a premium doc at or above the cutoff that was not kept lost to the cap
    if (k === undefined && zone[i] === 'premium') f.stop = norm[i] >= cfg.premium.cutoff ? 'premium-cap' : 'premium-cutoff';
    if (k === undefined && zone[i] === 'short') f.stop = 'tier-quota';
    return f;
  });
  const z = res.zones;
  return {
    fates, forwarded: res.forwardedIdx,
    counts: {
      in: rows.length,
      premium: { in: z.premium.candidates, out: z.premium.forwarded },
      short: { in: z.short.candidates, out: z.short.forwarded },
      other: rows.length - z.premium.candidates - z.short.candidates,
    },
  };
}
