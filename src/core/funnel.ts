/**
 * The coarse → fine funnel over a query set: apply the serving config
 * (premium truncation + short-video tiers) to each query's candidates, then
 * measure what survives — volume forwarded, relevant docs kept, nDCG@10 once
 * the fine ranker re-scores the survivors, coarse↔fine N/M and Recall@k@m.
 *
 * Split in two so a slider drag is cheap: prepareFunnel() does the
 * model-dependent work once (orders, percentiles, N/M, ideal DCGs);
 * runFunnel() is O(n) per query for every mode but 'blend'.
 * Refuses: mutating its inputs, and counting unjudged docs as irrelevant
 * (they are neither relevant nor part of the ideal ranking).
 */
import { dcg, type Gain } from './metrics';
import { DEFAULT_REL_THRESHOLD } from './metricsTypes';
import { nmConsistency, type NMResult } from './rankCompare';
import { globalStats, normalizeScores, percentileRanks, type GlobalStats, type NormMode } from './scoreNorm';
import { rankOrder } from './topk';
import { applyTiers, normalizeTierConfig, truncate, type TierConfig, type TruncationConfig } from './tiers';
import type { Zone } from './domain';

/** One query's candidates, struct-of-arrays (index i = candidate i). */
export interface FunnelQuery {
  qid: string;
  intent?: string;
  docids?: string[];
  zone: readonly Zone[];
  coarse: ArrayLike<number>;
  fine: ArrayLike<number>;
  ctr: ArrayLike<number>;
  /** judged grade, NaN = unjudged */
  grades: ArrayLike<number>;
  /** all judged grades of the query, candidates or not (nDCG ideal); default: candidates' */
  idealGrades?: readonly number[];
}

export interface FunnelConfig {
  norm: NormMode;
  premium: TruncationConfig;
  short: TierConfig;
  threshold?: number; // relevant = grade ≥ threshold (default 2)
  ndcgK?: number; // default 10
  gain?: Gain; // default 'exp'
  kmK?: number; // Recall@k@m: fine top-k surviving in the forwarded set (default 10)
}

/** A deep copy, so edits never alias the defaults (core/domain.ts DEFAULT_FUNNEL_CONFIG) or another side's config. */
export function cloneConfig(c: FunnelConfig): FunnelConfig {
  return {
    ...c,
    premium: { ...c.premium },
    short: { ...c.short, boundaries: [...c.short.boundaries], quotas: [...c.short.quotas] },
  };
}

export interface PreparedQuery {
  /** the query with numeric arrays copied to Float64Array */
  q: FunnelQuery;
  coarseOrder: Int32Array;
  fineOrder: Int32Array;
  ctrOrder: Int32Array;
  /** 1 premium, 2 short, 0 other */
  zoneCode: Uint8Array;
  /** normalised coarse scores per mode, filled on first use (they do not depend on cutoffs) */
  normCache: Map<NormMode, ArrayLike<number>>;
  pct: Float64Array;
  nm: NMResult;
  idealSorted: number[];
}

export interface PreparedFunnel {
  queries: PreparedQuery[];
  global: GlobalStats;
}

/** Model-dependent precomputation; redo only when scores change. */
export function prepareFunnel(queries: readonly FunnelQuery[]): PreparedFunnel {
  const prepared = queries.map((raw): PreparedQuery => {
    // NOTE: copy to Float64Array so every hot loop sees one element kind
    // (mixed Float32Array / number[] inputs make V8 accesses megamorphic).
    const f64 = (xs: ArrayLike<number>): Float64Array => Float64Array.from(xs);
    const q: FunnelQuery = { ...raw, coarse: f64(raw.coarse), fine: f64(raw.fine), ctr: f64(raw.ctr), grades: f64(raw.grades) };
    const coarseOrder = rankOrder(q.coarse);
    const n = q.coarse.length;
    // ctr desc, ties by coarse position: rank ctr laid out in coarse order, map back.
    const ctrInCoarse = new Float64Array(n);
    for (let t = 0; t < n; t++) ctrInCoarse[t] = q.ctr[coarseOrder[t]];
    const ctrOrder = rankOrder(ctrInCoarse).map((t) => coarseOrder[t]);
    const fineOrder = rankOrder(q.fine);
    const zoneCode = new Uint8Array(n);
    for (let i = 0; i < n; i++) zoneCode[i] = q.zone[i] === 'premium' ? 1 : q.zone[i] === 'short' ? 2 : 0;
    const ideal = (q.idealGrades ?? Array.from(q.grades).filter((g) => !Number.isNaN(g))).slice().sort((a, b) => b - a);
    return {
      q, coarseOrder, ctrOrder, zoneCode, normCache: new Map(), fineOrder,
      pct: percentileRanks(q.coarse, coarseOrder), nm: nmConsistency(q.fine, q.coarse, fineOrder, coarseOrder), idealSorted: ideal,
    };
  });
  return { queries: prepared, global: globalStats(queries.map((q) => q.coarse)) };
}

export interface ZoneFigures {
  candidates: number;
  forwarded: number;
  relevant: number;
  relevantSurviving: number;
}

export interface FunnelQueryResult extends ZoneFigures {
  qid: string;
  intent?: string;
  /** relevantSurviving / relevant; null if the query has no relevant candidate */
  recall: number | null;
  ndcgAfter: number | null;
  nmN: number;
  nmM: number;
  nm: number | null;
  recallKM: number | null;
  zones: Record<Zone, ZoneFigures>;
  /** forwarded candidate indices: premium (best first), then short (tier order) */
  forwardedIdx: number[];
}

/** Normalised coarse scores of a prepared query (cached per mode; raw is the scores themselves). */
export function normalizedCoarse(p: PreparedQuery, mode: NormMode, global: GlobalStats): ArrayLike<number> {
  if (mode === 'raw') return p.q.coarse;
  if (mode === 'percentile') return p.pct;
  let v = p.normCache.get(mode);
  if (!v) { v = normalizeScores(p.q.coarse, mode, global); p.normCache.set(mode, v); }
  return v;
}

export function runFunnelQuery(p: PreparedQuery, cfg: FunnelConfig, global: GlobalStats): FunnelQueryResult {
  const { q } = p;
  const n = q.coarse.length;
  const thr = cfg.threshold ?? DEFAULT_REL_THRESHOLD;
  const norm = normalizedCoarse(p, cfg.norm, global);
  const zc = p.zoneCode;
  const premium = truncate(norm, p.coarseOrder, (i) => zc[i] === 1, cfg.premium);
  const short = applyTiers(
    { norm, ctr: q.ctr, coarseOrder: p.coarseOrder, ctrOrder: p.ctrOrder, inZone: (i) => zc[i] === 2 },
    cfg.short,
  );
  const kept = new Uint8Array(n);
  for (const i of premium) kept[i] = 1;
  for (const i of short) kept[i] = 1;

  const zones: Record<Zone, ZoneFigures> = {
    premium: { candidates: 0, forwarded: 0, relevant: 0, relevantSurviving: 0 },
    short: { candidates: 0, forwarded: 0, relevant: 0, relevantSurviving: 0 },
  };
  for (let i = 0; i < n; i++) {
    const z = zones[q.zone[i]];
    if (!z) continue; // unknown zone label: not served by either strategy
    const rel = q.grades[i] >= thr;
    z.candidates++;
    z.forwarded += kept[i];
    if (rel) { z.relevant++; z.relevantSurviving += kept[i]; }
  }
  const tot = sumZones(zones);

  // Fine ranker re-scores the survivors: walk the fine order, keep forwarded.
  const k = cfg.ndcgK ?? 10;
  const gain = cfg.gain ?? 'exp';
  const top: number[] = [];
  for (let t = 0; t < n && top.length < k; t++) {
    const i = p.fineOrder[t];
    if (kept[i]) top.push(Number.isNaN(q.grades[i]) ? 0 : q.grades[i]);
  }
  const idcg = dcg(p.idealSorted, k, gain);
  const kmK = Math.min(cfg.kmK ?? 10, n);
  let km = 0;
  for (let t = 0; t < kmK; t++) km += kept[p.fineOrder[t]];

  return {
    qid: q.qid, intent: q.intent, ...tot,
    recall: tot.relevant > 0 ? tot.relevantSurviving / tot.relevant : null,
    ndcgAfter: idcg > 0 ? dcg(top, k, gain) / idcg : null,
    nmN: p.nm.n, nmM: p.nm.m, nm: p.nm.share,
    recallKM: kmK > 0 ? km / kmK : null,
    zones, forwardedIdx: premium.concat(short),
  };
}

function sumZones(z: Record<Zone, ZoneFigures>): ZoneFigures {
  return {
    candidates: z.premium.candidates + z.short.candidates,
    forwarded: z.premium.forwarded + z.short.forwarded,
    relevant: z.premium.relevant + z.short.relevant,
    relevantSurviving: z.premium.relevantSurviving + z.short.relevantSurviving,
  };
}

/** Aggregate figures: flat numbers so A/B deltas are generic. */
export type FunnelFigures = Record<string, number | null>;

function meanOf(xs: (number | null)[]): number | null {
  let s = 0, c = 0;
  for (const x of xs) if (x !== null) { s += x; c++; }
  return c > 0 ? s / c : null;
}

export function aggregateFunnel(rows: readonly FunnelQueryResult[]): FunnelFigures {
  const f: ZoneFigures = { candidates: 0, forwarded: 0, relevant: 0, relevantSurviving: 0 };
  let nmN = 0, nmM = 0;
  for (const r of rows) {
    f.candidates += r.candidates; f.forwarded += r.forwarded; f.relevant += r.relevant; f.relevantSurviving += r.relevantSurviving;
    nmN += r.nmN; nmM += r.nmM;
  }
  return {
    queries: rows.length, ...f,
    forwardedPerQuery: rows.length ? f.forwarded / rows.length : null,
    recallMicro: f.relevant > 0 ? f.relevantSurviving / f.relevant : null,
    recallMacro: meanOf(rows.map((r) => r.recall)),
    ndcgAfter: meanOf(rows.map((r) => r.ndcgAfter)),
    nmMicro: nmM > 0 ? nmN / nmM : null,
    nmMacro: meanOf(rows.map((r) => r.nm)),
    recallKM: meanOf(rows.map((r) => r.recallKM)),
  };
}

/** Zone aggregate: counts and relevant recall of that zone only. */
export function aggregateZone(rows: readonly FunnelQueryResult[], zone: Zone): FunnelFigures {
  const f: ZoneFigures = { candidates: 0, forwarded: 0, relevant: 0, relevantSurviving: 0 };
  for (const r of rows) {
    const z = r.zones[zone];
    f.candidates += z.candidates; f.forwarded += z.forwarded; f.relevant += z.relevant; f.relevantSurviving += z.relevantSurviving;
  }
  return {
    queries: rows.length, ...f,
    forwardedPerQuery: rows.length ? f.forwarded / rows.length : null,
    recallMicro: f.relevant > 0 ? f.relevantSurviving / f.relevant : null,
    recallMacro: meanOf(rows.map((r) => (r.zones[zone].relevant > 0 ? r.zones[zone].relevantSurviving / r.zones[zone].relevant : null))),
  };
}

export interface FunnelResult {
  perQuery: FunnelQueryResult[];
  aggregate: FunnelFigures;
  byIntent: Record<string, FunnelFigures>;
  byZone: Record<Zone, FunnelFigures>;
}

export function runFunnel(prep: PreparedFunnel, cfg: FunnelConfig): FunnelResult {
  const c: FunnelConfig = { ...cfg, short: normalizeTierConfig(cfg.short) };
  const perQuery = prep.queries.map((p) => runFunnelQuery(p, c, prep.global));
  const groups = new Map<string, FunnelQueryResult[]>();
  for (const r of perQuery) {
    const key = r.intent ?? '(none)';
    const g = groups.get(key);
    if (g) g.push(r); else groups.set(key, [r]);
  }
  const byIntent: Record<string, FunnelFigures> = {};
  for (const key of [...groups.keys()].sort()) byIntent[key] = aggregateFunnel(groups.get(key)!);
  return {
    perQuery, aggregate: aggregateFunnel(perQuery), byIntent,
    byZone: { premium: aggregateZone(perQuery, 'premium'), short: aggregateZone(perQuery, 'short') },
  };
}
