/**
 * The two serving strategies the reference describes, applied to ONE query's
 * candidates of one zone (indices into the query's candidate arrays):
 *  - premium zone: TRUNCATION — keep candidates whose normalised coarse score
 *    is ≥ cutoff, best first, optionally capped at maxForward;
 *  - short-video zone: TIERS — bucket by boundaries on the normalised score,
 *    order inside a tier by CTR, by score, or a blend, take up to a quota per
 *    tier (tier 0 first) and at most `total` overall.
 *
 * Inputs arrive pre-ordered (coarse order, CTR order) from funnel.ts so a
 * slider drag is O(n) per query; only 'blend' selects (heap top-k per tier). Refuses: reordering by
 * anything not in the config, and NaN scores (never forwarded).
 */
import { rankOrder, topK } from './topk';
import type { TierOrder } from './domain';

export interface TruncationConfig {
  /** keep norm score ≥ cutoff */
  cutoff: number;
  /** cap per query; absent = no cap */
  maxForward?: number;
}

export interface TierConfig {
  /** descending thresholds on the norm score; k boundaries → k + 1 tiers */
  boundaries: number[];
  /** per-tier cap, tier 0 first; a missing entry means no cap */
  quotas: number[];
  order: TierOrder;
  /** blend weight: α·score_norm + (1 − α)·ctr_norm, both min-maxed over the query */
  alpha: number;
  /** cap on the zone's forwarded volume per query; absent = no cap */
  total?: number;
}

/** Tier index of a score: the number of boundaries strictly above it (boundaries sorted desc). */
export function tierOf(score: number, boundariesDesc: readonly number[]): number {
  let t = 0;
  while (t < boundariesDesc.length && !(score >= boundariesDesc[t])) t++;
  return t;
}

/** Sorted (desc), finite boundaries; quotas non-negative (NaN → 0). */
export function normalizeTierConfig(cfg: TierConfig): TierConfig {
  const boundaries = cfg.boundaries.filter(Number.isFinite).sort((a, b) => b - a);
  const quotas = cfg.quotas.map((q) => (q >= 0 ? Math.floor(q) : 0));
  const alpha = Number.isFinite(cfg.alpha) ? Math.min(1, Math.max(0, cfg.alpha)) : 0.5;
  return { ...cfg, boundaries, quotas, alpha };
}

/**
 * Truncation: walk `coarseOrder` (indices, best first), keep those of the zone
 * with norm ≥ cutoff. Because the order is by score, the walk stops at the
 * first miss inside the zone.
 */
export function truncate(
  norm: ArrayLike<number>, coarseOrder: ArrayLike<number>, inZone: (i: number) => boolean, cfg: TruncationConfig,
): number[] {
  const cap = cfg.maxForward ?? Infinity;
  const out: number[] = [];
  for (let t = 0; t < coarseOrder.length && out.length < cap; t++) {
    const i = coarseOrder[t];
    if (!inZone(i)) continue;
    if (!(norm[i] >= cfg.cutoff)) break;
    out.push(i);
  }
  return out;
}

export interface TierInput {
  norm: ArrayLike<number>;
  ctr: ArrayLike<number>;
  /** indices by coarse score desc (ties: index) */
  coarseOrder: ArrayLike<number>;
  /** indices by ctr desc, then coarse desc, then index */
  ctrOrder: ArrayLike<number>;
  inZone: (i: number) => boolean;
}

/**
 * Per-tier ordered candidate lists (before quotas). With `limits` (per-tier
 * maximum that will be taken), blend lists are cut to that length.
 */
export function tierLists(input: TierInput, cfg: TierConfig, limits?: readonly number[]): number[][] {
  const { norm, ctr, inZone } = input;
  const lists: number[][] = Array.from({ length: cfg.boundaries.length + 1 }, () => []);
  const walk = cfg.order === 'ctr' ? input.ctrOrder : input.coarseOrder;
  for (let t = 0; t < walk.length; t++) {
    const i = walk[t];
    if (inZone(i) && !Number.isNaN(norm[i])) lists[tierOf(norm[i], cfg.boundaries)].push(i);
  }
  if (cfg.order === 'blend') {
    const sMin = minOf(norm), sSpan = maxOf(norm) - sMin;
    const cMin = minOf(ctr), cSpan = maxOf(ctr) - cMin;
    for (let t = 0; t < lists.length; t++) {
      const l = lists[t];
      const key = new Float64Array(l.length);
      for (let j = 0; j < l.length; j++) {
        const i = l[j];
        key[j] = cfg.alpha * (sSpan > 0 ? (norm[i] - sMin) / sSpan : 1) + (1 - cfg.alpha) * (cSpan > 0 ? (ctr[i] - cMin) / cSpan : 1);
      }
      // NOTE: heap top-k instead of Array.sort — V8 comparator callbacks cost
      // ~30 ns each; only the first `limit` of a tier can ever be forwarded.
      // Equal keys keep coarse order (the list was built walking it).
      const lim = Math.min(l.length, limits?.[t] ?? l.length);
      // Heap when only a few are kept; otherwise one native-sorted full rank (same tie rule).
      const order = lim * 4 < l.length ? topK(key, lim) : rankOrder(key).subarray(0, lim);
      lists[t] = Array.from(order, (pos) => l[pos]);
    }
  }
  return lists;
}

/** Tiering: tier lists cut by quotas, concatenated tier 0 first, capped at total. */
export function applyTiers(input: TierInput, cfg: TierConfig): number[] {
  const total = cfg.total ?? Infinity;
  const T = cfg.boundaries.length + 1;
  const limit = (t: number): number => Math.min(cfg.quotas[t] ?? Infinity, total);
  let lists: number[][];
  if (cfg.order === 'blend') {
    lists = tierLists(input, cfg, Array.from({ length: T }, (_, t) => limit(t)));
  } else {
    // One walk in the tier's own order, keeping only what a quota can take.
    lists = Array.from({ length: T }, () => []);
    const walk = cfg.order === 'ctr' ? input.ctrOrder : input.coarseOrder;
    for (let w = 0; w < walk.length; w++) {
      const i = walk[w];
      if (!input.inZone(i) || Number.isNaN(input.norm[i])) continue;
      const t = tierOf(input.norm[i], cfg.boundaries);
      if (lists[t].length < limit(t)) lists[t].push(i);
    }
  }
  const out: number[] = [];
  for (let t = 0; t < T && out.length < total; t++) {
    const take = Math.min(lists[t].length, limit(t), total - out.length);
    for (let j = 0; j < take; j++) out.push(lists[t][j]);
  }
  return out;
}

function minOf(xs: ArrayLike<number>): number { let m = Infinity; for (let i = 0; i < xs.length; i++) if (xs[i] < m) m = xs[i]; return m; }
function maxOf(xs: ArrayLike<number>): number { let m = -Infinity; for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i]; return m; }
