/**
 * Score normalisation so a serving cutoff transfers between models whose raw
 * sigmoid scores live on different scales: raw, per-query min-max, per-query
 * rank percentile, global z-score. Every mode is monotone within a query, so
 * the coarse ranking order never changes — only where a cutoff lands.
 *
 * Refuses: NaN in, NaN out silently — NaN scores stay NaN and never pass a
 * cutoff (comparisons with NaN are false).
 */
import { rankOrder } from './topk';

export type NormMode = 'raw' | 'minmax' | 'percentile' | 'zscore';
export const NORM_MODES: readonly NormMode[] = ['raw', 'minmax', 'percentile', 'zscore'];

export interface GlobalStats {
  mean: number;
  /** population standard deviation */
  std: number;
}

/** Mean / std over every finite score of every query (for 'zscore'). */
export function globalStats(lists: readonly ArrayLike<number>[]): GlobalStats {
  let n = 0, s = 0, s2 = 0;
  for (const xs of lists) for (let i = 0; i < xs.length; i++) { const v = xs[i]; if (Number.isFinite(v)) { n++; s += v; } }
  const mean = n > 0 ? s / n : 0;
  for (const xs of lists) for (let i = 0; i < xs.length; i++) { const v = xs[i]; if (Number.isFinite(v)) s2 += (v - mean) ** 2; }
  return { mean, std: n > 0 ? Math.sqrt(s2 / n) : 0 };
}

/**
 * Percentile rank in [0, 1] of each score within its list: (below + (equal − 1)/2) / (n − 1),
 * so the unique maximum is 1, the unique minimum 0, ties share the mid value;
 * a single candidate gets 1. orderDesc may be passed when already known.
 */
export function percentileRanks(scores: ArrayLike<number>, orderDesc?: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const out = new Float64Array(n);
  if (n === 1) { out[0] = Number.isNaN(scores[0]) ? NaN : 1; return out; }
  const order = orderDesc ?? rankOrder(scores);
  const finite: number[] = [];
  for (let t = 0; t < n; t++) { const i = order[t]; if (Number.isNaN(scores[i])) out[i] = NaN; else finite.push(i); }
  const m = finite.length;
  for (let t = 0; t < m; ) {
    let u = t;
    while (u + 1 < m && scores[finite[u + 1]] === scores[finite[t]]) u++;
    const equal = u - t + 1;
    const below = m - 1 - u;
    const p = m > 1 ? (below + (equal - 1) / 2) / (m - 1) : 1;
    for (let w = t; w <= u; w++) out[finite[w]] = p;
    t = u + 1;
  }
  return out;
}

/** Min-max to [0, 1] within one list; all-equal lists map to 1 (a cutoff ≤ 1 keeps them all). */
export function minMax(values: ArrayLike<number>): Float64Array {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
  const out = new Float64Array(values.length);
  const span = hi - lo;
  for (let i = 0; i < values.length; i++) out[i] = span > 0 ? (values[i] - lo) / span : Number.isNaN(values[i]) ? NaN : 1;
  return out;
}

/** Normalise one query's scores. 'zscore' needs the global stats (std 0 → all 0). */
export function normalizeScores(
  scores: ArrayLike<number>, mode: NormMode, global?: GlobalStats, orderDesc?: ArrayLike<number>,
): Float64Array {
  switch (mode) {
    case 'raw': return Float64Array.from(scores as ArrayLike<number>);
    case 'minmax': return minMax(scores);
    case 'percentile': return percentileRanks(scores, orderDesc);
    case 'zscore': {
      const g = global ?? globalStats([scores]);
      const out = new Float64Array(scores.length);
      for (let i = 0; i < scores.length; i++) out[i] = g.std > 0 ? (scores[i] - g.mean) / g.std : Number.isNaN(scores[i]) ? NaN : 0;
      return out;
    }
  }
}

/** Share of raw sigmoid scores this close to 0 or 1 that a raw cutoff cannot tell them apart. */
export const SATURATION_EPS = 1e-3;

/**
 * How saturated a query set's raw scores are: the share within SATURATION_EPS
 * of 1 or 0. NOTE: an uncalibrated tower printed 1.0000 for its whole top 20
 * (58% of the teacher's candidates at 1.000000): a raw cutoff slider then moves
 * nothing until its last step, while rank percentiles still separate them.
 */
export function saturation(queries: readonly { coarse: ArrayLike<number> }[]): { share: number; n: number } {
  let sat = 0, n = 0;
  for (const q of queries) {
    for (let i = 0; i < q.coarse.length; i++) {
      const s = q.coarse[i];
      n++;
      if (s >= 1 - SATURATION_EPS || s <= SATURATION_EPS) sat++;
    }
  }
  return { share: n ? sat / n : 0, n };
}
