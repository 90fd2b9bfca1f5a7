/**
 * Calibration views of a coarse score against relevance labels: score
 * histograms of relevant vs irrelevant judged docs, and the reliability curve
 * (per score bin: mean score vs observed share relevant) with its expected
 * calibration error. Equal-width bins on [lo, hi] (default [0, 1] for sigmoid
 * scores); values outside land in the edge bins.
 *
 * Refuses: counting unjudged docs on either side, and NaN scores (skipped).
 */
import { DEFAULT_REL_THRESHOLD } from './metricsTypes';

export interface BinSpec { bins?: number; lo?: number; hi?: number }

function binIndex(v: number, bins: number, lo: number, hi: number): number {
  const b = Math.floor(((v - lo) / (hi - lo)) * bins);
  return b < 0 ? 0 : b >= bins ? bins - 1 : b;
}

function spec(s: BinSpec): { bins: number; lo: number; hi: number; edges: number[] } {
  const bins = Math.max(1, Math.floor(s.bins ?? 20));
  const lo = s.lo ?? 0;
  const hi = s.hi !== undefined && s.hi > lo ? s.hi : lo + 1;
  return { bins, lo, hi, edges: Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins) };
}

export interface ScoreHistograms {
  edges: number[];
  relevant: number[];
  irrelevant: number[];
}

export function scoreHistograms(
  scores: ArrayLike<number>, grades: ArrayLike<number>, threshold = DEFAULT_REL_THRESHOLD, binSpec: BinSpec = {},
): ScoreHistograms {
  const { bins, lo, hi, edges } = spec(binSpec);
  const relevant = new Array<number>(bins).fill(0), irrelevant = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i], g = grades[i];
    if (Number.isNaN(s) || Number.isNaN(g)) continue;
    (g >= threshold ? relevant : irrelevant)[binIndex(s, bins, lo, hi)]++;
  }
  return { edges, relevant, irrelevant };
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanScore: number | null;
  relevantShare: number | null;
}

export function reliabilityCurve(
  scores: ArrayLike<number>, grades: ArrayLike<number>, threshold = DEFAULT_REL_THRESHOLD, binSpec: BinSpec = { bins: 10 },
): { bins: ReliabilityBin[]; ece: number | null } {
  const { bins, lo, hi, edges } = spec(binSpec);
  const cnt = new Array<number>(bins).fill(0), sum = new Array<number>(bins).fill(0), rel = new Array<number>(bins).fill(0);
  let n = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i], g = grades[i];
    if (Number.isNaN(s) || Number.isNaN(g)) continue;
    const b = binIndex(s, bins, lo, hi);
    cnt[b]++; sum[b] += s; if (g >= threshold) rel[b]++; n++;
  }
  let ece = 0;
  const out = cnt.map((c, b): ReliabilityBin => {
    const mean = c > 0 ? sum[b] / c : null, share = c > 0 ? rel[b] / c : null;
    if (mean !== null && share !== null) ece += (c / n) * Math.abs(mean - share);
    return { lo: edges[b], hi: edges[b + 1], count: c, meanScore: mean, relevantShare: share };
  });
  return { bins: out, ece: n > 0 ? ece : null };
}
