/**
 * Where to cut: the forwarded-volume vs relevant-recall trade-off as a single
 * cutoff on the normalised coarse score sweeps, and suggestions that keep
 * ≥ X% of relevant docs at the least volume — one cutoff (truncation), or
 * per-tier quotas for fixed tier boundaries (short-video zone).
 *
 * The sweep sorts once (O(N log N) over all candidates), never re-runs the
 * funnel per step. Refuses: promising optimality for quotas — that search is
 * greedy on the recall-per-doc frontier; tests recompute the recall it claims.
 */
import type { ZoneFilter } from './domain';
import { normalizedCoarse, type PreparedFunnel } from './funnel';
import { DEFAULT_REL_THRESHOLD } from './metricsTypes';
import type { NormMode } from './scoreNorm';
import { normalizeTierConfig, tierLists, type TierConfig } from './tiers';

export interface CurvePoint {
  cutoff: number;
  forwarded: number;
  relevantSurviving: number;
  recall: number | null;
}

export interface TradeoffCurve {
  totalCandidates: number;
  totalRelevant: number;
  /** cutoff descending, forwarded ascending; one point per distinct score */
  points: CurvePoint[];
}

export interface SweepOptions {
  norm: NormMode;
  zone?: ZoneFilter;
  threshold?: number;
}

function normOf(prep: PreparedFunnel, qi: number, norm: NormMode): ArrayLike<number> {
  return normalizedCoarse(prep.queries[qi], norm, prep.global);
}

export function tradeoffCurve(prep: PreparedFunnel, opts: SweepOptions): TradeoffCurve {
  const thr = opts.threshold ?? DEFAULT_REL_THRESHOLD;
  const zone = opts.zone ?? 'all';
  let cap = 0;
  for (const p of prep.queries) cap += p.q.coarse.length;
  const allBuf = new Float64Array(cap), relBuf = new Float64Array(cap);
  let nAll = 0, nRel = 0, totalRelevant = 0, totalCandidates = 0;
  prep.queries.forEach((p, qi) => {
    const norm = normOf(prep, qi, opts.norm);
    const { q } = p;
    for (let i = 0; i < norm.length; i++) {
      if (zone !== 'all' && q.zone[i] !== zone) continue;
      totalCandidates++;
      const isRel = q.grades[i] >= thr;
      if (isRel) totalRelevant++;
      if (Number.isNaN(norm[i])) continue; // never forwarded
      allBuf[nAll++] = norm[i];
      if (isRel) relBuf[nRel++] = norm[i];
    }
  });
  const a = allBuf.subarray(0, nAll).sort(); // native numeric sort, ascending
  const r = relBuf.subarray(0, nRel).sort();
  const points: CurvePoint[] = [];
  let j = r.length - 1, relKept = 0;
  for (let i = a.length - 1; i >= 0; ) {
    const v = a[i];
    while (i >= 0 && a[i] === v) i--;
    while (j >= 0 && r[j] >= v) { j--; relKept++; }
    points.push({
      cutoff: v, forwarded: a.length - 1 - i, relevantSurviving: relKept,
      recall: totalRelevant > 0 ? relKept / totalRelevant : null,
    });
  }
  return { totalCandidates, totalRelevant, points };
}

/** Evenly thinned copy for plotting; keeps the first and last point. */
export function thinCurve(points: readonly CurvePoint[], maxPoints: number): CurvePoint[] {
  if (points.length <= maxPoints || maxPoints < 2) return points.slice();
  const out: CurvePoint[] = [];
  for (let t = 0; t < maxPoints; t++) out.push(points[Math.round((t * (points.length - 1)) / (maxPoints - 1))]);
  return out;
}

/** Highest cutoff whose recall ≥ target (= least volume); null if unreachable or nothing relevant. */
export function suggestCutoff(curve: TradeoffCurve, targetRecall: number): CurvePoint | null {
  for (const p of curve.points) if (p.recall !== null && p.recall >= targetRecall - 1e-12) return p;
  return null;
}

export interface QuotaSuggestion {
  quotas: number[];
  forwarded: number;
  relevantSurviving: number;
  totalRelevant: number;
  recall: number | null;
  reached: boolean;
}

/**
 * Per-tier quotas for the short-video zone, fixed boundaries and order:
 * repeatedly raise the quota of the tier whose next stretch up to a relevant
 * doc buys the most relevant docs per forwarded doc, until recall ≥ target.
 */
export function suggestTierQuotas(
  prep: PreparedFunnel, norm: NormMode, tiers: TierConfig, targetRecall: number, threshold = DEFAULT_REL_THRESHOLD,
): QuotaSuggestion {
  const cfg = normalizeTierConfig({ ...tiers, quotas: [], total: undefined });
  const T = cfg.boundaries.length + 1;
  const gain: number[][] = Array.from({ length: T }, () => []); // relevant docs at position pos of tier t
  const cost: number[][] = Array.from({ length: T }, () => []); // queries with a doc at that position
  let totalRelevant = 0;
  prep.queries.forEach((p, qi) => {
    const { q } = p;
    for (let i = 0; i < q.grades.length; i++) if (q.zone[i] === 'short' && q.grades[i] >= threshold) totalRelevant++;
    const lists = tierLists({
      norm: normOf(prep, qi, norm), ctr: q.ctr, coarseOrder: p.coarseOrder, ctrOrder: p.ctrOrder,
      inZone: (i) => q.zone[i] === 'short',
    }, cfg);
    lists.forEach((l, t) => l.forEach((i, pos) => {
      gain[t][pos] = (gain[t][pos] ?? 0) + (q.grades[i] >= threshold ? 1 : 0);
      cost[t][pos] = (cost[t][pos] ?? 0) + 1;
    }));
  });
  const quotas = new Array<number>(T).fill(0);
  const need = targetRecall * totalRelevant - 1e-9;
  let got = 0, forwarded = 0;
  while (got < need) {
    let best = -1, bestRatio = -1, bestEnd = 0, bestGain = 0, bestCost = 0;
    for (let t = 0; t < T; t++) {
      let g = 0, c = 0;
      for (let pos = quotas[t]; pos < gain[t].length; pos++) {
        g += gain[t][pos]; c += cost[t][pos];
        if (g > 0) {
          if (g / c > bestRatio) { best = t; bestRatio = g / c; bestEnd = pos + 1; bestGain = g; bestCost = c; }
          break;
        }
      }
    }
    if (best < 0) break; // no relevant doc left in any tier
    quotas[best] = bestEnd; got += bestGain; forwarded += bestCost;
  }
  return {
    quotas, forwarded, relevantSurviving: got, totalRelevant,
    recall: totalRelevant > 0 ? got / totalRelevant : null, reached: got >= need,
  };
}
