/**
 * Agreement between two rankers over the same candidates — the coarse
 * model against the reference (the fine ranker): N/M pairwise consistency,
 * Kendall τ-b, Recall@k@m, RBO. Pair counts are O(n log n) (Fenwick tree over
 * the second ranker's ranks), so 1000 candidates × 360 queries stays cheap.
 *
 * Refuses: O(n²) pair loops, NaN scores (dropped by alignScores; the array
 * functions expect finite numbers), and inventing an order for ties other than
 * "lower index first" (alignScores sorts by docid, so that is docid order).
 */
import { rankOrder, topK } from './topk';
import type { ScoredDoc } from './metricsTypes';

export interface PairCounts {
  /** pairs with x and y both strictly ordered the same way */
  concordant: number;
  /** pairs with x and y both strictly ordered, opposite ways */
  discordant: number;
  /** pairs tied in x (includes pairs tied in both) */
  tiedX: number;
  /** pairs tied in y (includes pairs tied in both) */
  tiedY: number;
  /** n(n−1)/2 */
  total: number;
}

/**
 * Concordance counts between x and y (same length). Pass the descending
 * orders (rankOrder) when already known — the funnel has them — and no sort
 * runs at all: y's dense ranks come from walking its order.
 */
export function pairCounts(
  x: ArrayLike<number>, y: ArrayLike<number>, xOrderDesc?: ArrayLike<number>, yOrderDesc?: ArrayLike<number>,
): PairCounts {
  const n = x.length;
  if (y.length !== n) throw new Error(`pairCounts: lengths differ (${n} vs ${y.length})`);
  const xs = Float64Array.from(x as ArrayLike<number>), ys = Float64Array.from(y as ArrayLike<number>);
  const ox = xOrderDesc ?? rankOrder(xs), oy = yOrderDesc ?? rankOrder(ys);
  // Dense ascending ranks of y (1-based for the Fenwick tree) and tied-y pairs.
  let distinct = 0;
  for (let t = 0; t < n; t++) if (t === 0 || ys[oy[t]] !== ys[oy[t - 1]]) distinct++;
  const yr = new Int32Array(n);
  let tiedY = 0;
  for (let t = 0, r = distinct + 1, g = 0; t < n; t++) {
    if (t === 0 || ys[oy[t]] !== ys[oy[t - 1]]) { r--; g = 0; }
    tiedY += g++; // the g-th member of a group ties with the g before it
    yr[oy[t]] = r;
  }
  const tree = new Float64Array(distinct + 1);
  const add = (r: number): void => { for (; r < tree.length; r += r & -r) tree[r]++; };
  const prefix = (r: number): number => { let s = 0; for (; r > 0; r -= r & -r) s += tree[r]; return s; };

  let concordant = 0, discordant = 0, inserted = 0, tiedX = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && xs[ox[j + 1]] === xs[ox[i]]) j++;
    // every inserted item has strictly larger x than this tie group
    for (let t = i; t <= j; t++) {
      const r = yr[ox[t]];
      concordant += inserted - prefix(r);
      discordant += prefix(r - 1);
    }
    for (let t = i; t <= j; t++) add(yr[ox[t]]);
    const g = j - i + 1;
    tiedX += (g * (g - 1)) / 2;
    inserted += g;
    i = j + 1;
  }
  return { concordant, discordant, tiedX, tiedY, total: n < 2 ? 0 : (n * (n - 1)) / 2 };
}

export interface NMResult {
  /** pairs the model orders like the reference (strictly) */
  n: number;
  /** pairs the reference orders strictly */
  m: number;
  /** n / m, null when m = 0 */
  share: number | null;
}

/**
 * N/M consistency (the article's metric): of the pairs the reference orders
 * strictly, the share the model orders the same way. A tie in the model is
 * NOT concordant.
 */
export function nmConsistency(
  reference: ArrayLike<number>, model: ArrayLike<number>, refOrderDesc?: ArrayLike<number>, modelOrderDesc?: ArrayLike<number>,
): NMResult {
  const c = pairCounts(reference, model, refOrderDesc, modelOrderDesc);
  const m = c.total - c.tiedX;
  return { n: c.concordant, m, share: m > 0 ? c.concordant / m : null };
}

/** Kendall τ-b = (C − D) / √((n0 − n1)(n0 − n2)); null when either side is all ties. */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const c = pairCounts(x, y);
  const den = Math.sqrt((c.total - c.tiedX) * (c.total - c.tiedY));
  return den > 0 ? (c.concordant - c.discordant) / den : null;
}

/** Share of the reference's top-k that survive in the model's top-m; null if nothing to keep. */
export function recallAtKAtM(reference: ArrayLike<number>, model: ArrayLike<number>, k: number, m: number): number | null {
  const refTop = topK(reference, k);
  if (refTop.length === 0) return null;
  const kept = new Uint8Array(model.length);
  for (const i of topK(model, m)) kept[i] = 1;
  let hit = 0;
  for (const i of refTop) hit += kept[i];
  return hit / refTop.length;
}

/**
 * Rank-biased overlap, extrapolated (Webber et al. 2010, RBO_ext) of two
 * ranked id lists to depth min(|a|, |b|, depth). 1 for identical lists.
 */
export function rbo(a: readonly string[], b: readonly string[], p = 0.9, depth = Infinity): number | null {
  const k = Math.min(a.length, b.length, depth);
  if (k <= 0 || !(p > 0 && p < 1)) return null;
  const seenA = new Set<string>(), seenB = new Set<string>();
  let overlap = 0, sum = 0;
  for (let d = 1; d <= k; d++) {
    const x = a[d - 1], y = b[d - 1];
    if (x === y) overlap++;
    else {
      if (seenB.has(x)) overlap++;
      if (seenA.has(y)) overlap++;
    }
    seenA.add(x); seenB.add(y);
    sum += (overlap / d) * p ** d;
  }
  return (overlap / k) * p ** k + ((1 - p) / p) * sum;
}

/**
 * Align two runs of one query on their common docids (NaN scores dropped),
 * sorted by docid so index order = docid order for tie-breaks.
 */
export function alignScores(reference: readonly ScoredDoc[], model: readonly ScoredDoc[]): {
  docids: string[]; reference: Float64Array; model: Float64Array;
} {
  const m = new Map<string, number>();
  for (const d of model) if (!Number.isNaN(d.score) && !m.has(d.docid)) m.set(d.docid, d.score);
  const pairs: [string, number, number][] = [];
  const seen = new Set<string>();
  for (const d of reference) {
    if (Number.isNaN(d.score) || seen.has(d.docid)) continue;
    seen.add(d.docid);
    const s = m.get(d.docid);
    if (s !== undefined) pairs.push([d.docid, d.score, s]);
  }
  pairs.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  return {
    docids: pairs.map((p) => p[0]),
    reference: Float64Array.from(pairs, (p) => p[1]),
    model: Float64Array.from(pairs, (p) => p[2]),
  };
}
