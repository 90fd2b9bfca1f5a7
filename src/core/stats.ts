/**
 * Small statistics kit: a seeded PRNG, means that skip undefined values,
 * type-7 quantiles (numpy's default) and a percentile bootstrap over queries.
 * Deterministic by construction so a share link or a Python port
 * (training/metrics.py) reproduces a CI exactly.
 *
 * Refuses: Math.random, and CIs from fewer than 2 values (returns null).
 */

/**
 * mulberry32: 32-bit state, returns floats in [0, 1). Chosen because it is
 * six lines in any language. Python port:
 *   s = (s + 0x6D2B79F5) & 0xFFFFFFFF; t = s
 *   t = imul(t ^ (t >> 15), t | 1); t ^= t + imul(t ^ (t >> 7), t | 61)
 *   return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 2**32
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mean of the defined values; skipped = how many were null/NaN. */
export function meanDefined(values: readonly (number | null)[]): { mean: number | null; n: number; skipped: number } {
  let s = 0, n = 0;
  for (const v of values) if (v !== null && !Number.isNaN(v)) { s += v; n++; }
  return { mean: n > 0 ? s / n : null, n, skipped: values.length - n };
}

/** Type-7 quantile of an ascending-sorted array (linear interpolation). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface BootstrapOptions {
  /** resamples; default 1000 */
  samples?: number;
  /** default 0x5eed */
  seed?: number;
  /** default 0.95 */
  level?: number;
}

/**
 * Percentile bootstrap CI of the mean over per-query values (nulls dropped
 * first). Each resample draws n indices as floor(rand() × n) from one
 * mulberry32 stream; bounds are type-7 quantiles of the sorted means.
 */
export function bootstrapMeanCI(
  values: readonly (number | null)[], opts: BootstrapOptions = {},
): { lo: number; hi: number } | null {
  const xs = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  const n = xs.length;
  if (n < 2) return null;
  const B = Math.max(1, Math.floor(opts.samples ?? 1000));
  const level = opts.level ?? 0.95;
  const rand = mulberry32(opts.seed ?? 0x5eed);
  const means = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[Math.floor(rand() * n)];
    means[b] = s / n;
  }
  means.sort();
  const a = (1 - level) / 2;
  return { lo: quantileSorted(means, a), hi: quantileSorted(means, 1 - a) };
}

export interface PairedDiff {
  /** mean over queries of (b − a) */
  mean: number;
  /** percentile bootstrap CI of that mean; null under 2 paired queries */
  ci: { lo: number; hi: number } | null;
  /** queries where both have a value */
  n: number;
}

/**
 * "Is B better than A?": the paired difference b − a over the queries both
 * scored (nulls on either side drop the query), with a percentile bootstrap
 * CI that resamples queries — the per-query pairing is kept, so the CI is far
 * tighter than comparing two separate CIs.
 */
export function pairedDiff(a: readonly (number | null)[], b: readonly (number | null)[], opts: BootstrapOptions = {}): PairedDiff {
  const d: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i], y = b[i];
    if (x !== null && y !== null && !Number.isNaN(x) && !Number.isNaN(y)) d.push(y - x);
  }
  const mean = d.length ? d.reduce((s, v) => s + v, 0) / d.length : NaN;
  return { mean, ci: bootstrapMeanCI(d, opts), n: d.length };
}
