/**
 * What the score histogram behind the cutoffs shows: every candidate of one
 * zone over the query set, binned by its normalised coarse score, split into
 * relevant (grade ≥ threshold) and the rest (judged irrelevant or unjudged —
 * both cost forwarded volume). Normalised scores are computed once per
 * (prepared funnel, norm mode), not per slider move.
 *
 * Pure. Refuses: NaN scores (not binned; they are never forwarded).
 */
import type { Zone } from '../../core/domain';
import type { PreparedFunnel } from '../../core/funnel';
import { normalizeScores, type NormMode } from '../../core/scoreNorm';

/** Per query, the normalised coarse score of each candidate (the funnel's own rule). */
export function normsOf(prep: PreparedFunnel, norm: NormMode): ArrayLike<number>[] {
  return prep.queries.map((p) => (norm === 'percentile' ? p.pct : normalizeScores(p.q.coarse, norm, prep.global)));
}

/** Axis range of a norm mode: [0, 1] for bounded modes, the data's range (whole units) for z-scores. */
export function normDomain(norm: NormMode, norms: readonly ArrayLike<number>[]): [number, number] {
  if (norm !== 'zscore') return [0, 1];
  let lo = Infinity, hi = -Infinity;
  for (const xs of norms) for (let i = 0; i < xs.length; i++) { const v = xs[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-3, 3];
  const a = Math.max(-10, Math.floor(lo)), b = Math.min(10, Math.ceil(hi));
  return a < b ? [a, b] : [a, a + 1];
}

export interface ZoneHistogram {
  edges: number[];
  relevant: number[];
  other: number[];
}

export function zoneHistogram(
  prep: PreparedFunnel, norms: readonly ArrayLike<number>[], zone: Zone, threshold: number, domain: [number, number], bins = 40,
): ZoneHistogram {
  const [lo, hi] = domain;
  const width = (hi - lo) / bins;
  const relevant = new Array<number>(bins).fill(0), other = new Array<number>(bins).fill(0);
  prep.queries.forEach((p, qi) => {
    const norm = norms[qi];
    for (let i = 0; i < norm.length; i++) {
      if (p.q.zone[i] !== zone) continue;
      const v = norm[i];
      if (Number.isNaN(v)) continue;
      const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
      (p.q.grades[i] >= threshold ? relevant : other)[b]++;
    }
  });
  return { edges: Array.from({ length: bins + 1 }, (_, b) => lo + b * width), relevant, other };
}

/** Evenly spaced boundaries inside the domain for a number of tiers (descending). */
export function evenBoundaries(tiers: number, domain: [number, number]): number[] {
  const [lo, hi] = domain;
  const out: number[] = [];
  for (let t = 1; t < tiers; t++) out.push(Number((hi - ((hi - lo) * t) / tiers).toFixed(4)));
  return out;
}
