/**
 * Agreement between two ranked top-K lists of doc ids (two columns of the
 * ranking panel): Overlap@K = |A∩B| / K, and Kendall τ-b over the docs both
 * lists hold, by their positions (null when fewer than two are shared).
 */
import { kendallTauB } from './rankCompare';

export function overlapAtK(a: readonly string[], b: readonly string[], k: number): number {
  if (k <= 0) return 0;
  const bs = new Set(b.slice(0, k));
  let n = 0;
  for (const x of a.slice(0, k)) if (bs.has(x)) n++;
  return n / k;
}

export function kendallTauShared(a: readonly string[], b: readonly string[]): { tau: number | null; shared: number } {
  const posB = new Map(b.map((d, i) => [d, i]));
  const x: number[] = [], y: number[] = [];
  a.forEach((d, i) => {
    const j = posB.get(d);
    // Higher = better for the τ helper: negate positions.
    if (j !== undefined) { x.push(-i); y.push(-j); }
  });
  return { tau: x.length >= 2 ? kendallTauB(x, y) : null, shared: x.length };
}
