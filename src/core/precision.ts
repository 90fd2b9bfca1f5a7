/**
 * How many queries a mean metric needs for a given CI half-width. The metrics
 * panel's CIs are percentile bootstraps of the mean over queries
 * (core/stats.ts); their half-width is, to first order, z·sd/√n with sd the
 * per-query spread — so a pilot's per-query values say how many queries
 * ±0.01 AUC takes: n = ⌈(z·sd / 0.01)²⌉, scaled up by the share of queries
 * whose AUC is undefined (no positive or no negative judged doc).
 *
 * Refuses: planning from fewer than 2 defined values (returns null), and
 * promising more queries than the split holds (`capped` says so instead).
 */
import type { MetricSummary } from './metricsAggregate';

/** The precision the metrics panel's auto query count aims at: ±0.01 AUC at 95%. */
export const AUC_TARGET = 0.01;

/**
 * Standard normal quantile (Acklam's rational approximation, |rel. error| < 1.2e-9):
 * zFor(0.95) = 1.959964 — the two-sided z of a `level` CI.
 */
export function zFor(level = 0.95): number {
  const p = 1 - (1 - level) / 2;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5, r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Sample standard deviation of the defined values; `share` = defined / all. Null under 2 defined values. */
export function spread(values: readonly (number | null)[]): { sd: number; n: number; share: number } | null {
  const xs = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  if (xs.length < 2) return null;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  return { sd: Math.sqrt(v), n: xs.length, share: xs.length / values.length };
}

/** Expected CI half-width of a mean over n queries with per-query spread sd. */
export function halfWidthFor(sd: number, n: number, level = 0.95): number {
  return n > 0 ? (zFor(level) * sd) / Math.sqrt(n) : Infinity;
}

/** Queries (with a defined value) a half-width of `target` needs. */
export function queriesFor(sd: number, target: number, level = 0.95): number {
  return Math.max(1, Math.ceil(((zFor(level) * sd) / target) ** 2));
}

export interface QueryCountPlan {
  /** queries to score for the target (defined-value share included), before the cap */
  needed: number;
  /** what is asked for: max(pilot, needed), at most `available` */
  chosen: number;
  /** needed > available: the whole split, and the target is not reached */
  capped: boolean;
  /** the run with the widest per-query spread: it decides */
  model: string;
  sd: number;
  /** share of its queries with a defined value */
  share: number;
  /** the half-width `chosen` queries are expected to give */
  expected: number;
  target: number;
  /** queries the pilot had */
  pilot: number;
}

/**
 * The query count for ±`target` on every run: each run's per-query values (a
 * pilot), the run with the widest spread decides. Never fewer than the pilot
 * (its queries are scored already) nor more than `available`.
 */
export function planQueryCount(
  perRun: Readonly<Record<string, readonly (number | null)[]>>,
  opts: { available: number; target?: number; level?: number },
): QueryCountPlan | null {
  const target = opts.target ?? AUC_TARGET, level = opts.level ?? 0.95;
  let worst: { model: string; sd: number; share: number; needed: number; pilot: number } | null = null;
  for (const [model, values] of Object.entries(perRun)) {
    const s = spread(values);
    if (!s) continue;
    const needed = Math.ceil(queriesFor(s.sd, target, level) / s.share);
    if (!worst || needed > worst.needed) worst = { model, sd: s.sd, share: s.share, needed, pilot: values.length };
  }
  if (!worst) return null;
  const available = Math.max(1, Math.floor(opts.available));
  const chosen = Math.min(available, Math.max(worst.pilot, worst.needed));
  return {
    needed: worst.needed, chosen, capped: worst.needed > available, model: worst.model, sd: worst.sd, share: worst.share,
    expected: halfWidthFor(worst.sd, Math.max(1, Math.round(chosen * worst.share)), level), target, pilot: worst.pilot,
  };
}

/** The widest CI half-width among runs' summaries of one metric, and whose it is (null: no CI yet). */
export function widestHalfWidth(summaries: Readonly<Record<string, MetricSummary | undefined>>): { model: string; halfWidth: number } | null {
  let out: { model: string; halfWidth: number } | null = null;
  for (const [model, s] of Object.entries(summaries)) {
    if (!s?.ci) continue;
    const h = (s.ci.hi - s.ci.lo) / 2;
    if (!out || h > out.halfWidth) out = { model, halfWidth: h };
  }
  return out;
}
