/**
 * Whole-query-set evaluation: per-query rows for a run against qrels (and
 * optionally against a reference run, e.g. the fine ranker), means with
 * skip counts, bootstrap CIs, and per-group aggregation (per intent, zone…).
 *
 * Query set: every qid of the qrels; a qid missing from the run is scored as
 * an empty ranking (recall 0, nDCG 0), not skipped — a model that returns
 * nothing must not look good. Run qids without judgments are ignored.
 * Refuses: averaging nulls as zeros (they are skipped and counted).
 */
import { aucOfQuery, ndcgAtK, recallAtK, reciprocalRank, type Gain } from './metrics';
import { DEFAULT_REL_THRESHOLD, sortRun, type Qrels, type Run, type ScoredDoc } from './metricsTypes';
import { alignScores, kendallTauB, nmConsistency, rbo, recallAtKAtM } from './rankCompare';
import { bootstrapMeanCI, meanDefined, type BootstrapOptions } from './stats';

export interface EvalOptions {
  /** relevance threshold for AUC / recall / MRR (default 2) */
  threshold?: number;
  /** nDCG gain: 'exp' = 2^rel − 1 (default), 'linear' = rel */
  gain?: Gain;
  ndcgK?: number; // default 10
  recallK?: number; // default 100
  /** Recall@k@m against the reference run: k, m (default 10, 100) */
  kmK?: number;
  kmM?: number;
  rboP?: number; // default 0.9
}

export interface QueryRow {
  qid: string;
  auc: number | null;
  ndcg: number | null;
  recall: number | null;
  rr: number | null;
  /** vs reference run; null/absent without one */
  nmN?: number;
  nmM?: number;
  nm?: number | null;
  kendall?: number | null;
  recallKM?: number | null;
  rbo?: number | null;
}

export const METRIC_KEYS = ['auc', 'ndcg', 'recall', 'rr', 'nm', 'kendall', 'recallKM', 'rbo'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** One row per judged query, in qid order. */
export function evaluateRun(qrels: Qrels, run: Run, reference?: Run, opts: EvalOptions = {}): QueryRow[] {
  const thr = opts.threshold ?? DEFAULT_REL_THRESHOLD;
  const rows: QueryRow[] = [];
  for (const qid of Object.keys(qrels).sort()) {
    const judged = qrels[qid];
    const docs: ScoredDoc[] = run[qid] ?? [];
    const row: QueryRow = {
      qid,
      auc: aucOfQuery(judged, docs, thr),
      ndcg: ndcgAtK(judged, docs, opts.ndcgK ?? 10, opts.gain ?? 'exp'),
      recall: recallAtK(judged, docs, opts.recallK ?? 100, thr),
      rr: reciprocalRank(judged, docs, thr),
    };
    if (reference) {
      const ref = reference[qid] ?? [];
      const al = alignScores(ref, docs);
      const nm = nmConsistency(al.reference, al.model);
      row.nmN = nm.n;
      row.nmM = nm.m;
      row.nm = nm.share;
      row.kendall = kendallTauB(al.reference, al.model);
      row.recallKM = recallAtKAtM(al.reference, al.model, opts.kmK ?? 10, opts.kmM ?? 100);
      row.rbo = rbo(sortRun(ref).map((d) => d.docid), sortRun(docs).map((d) => d.docid), opts.rboP ?? 0.9);
    }
    rows.push(row);
  }
  return rows;
}

export interface MetricSummary {
  mean: number | null;
  /** queries that had a value */
  n: number;
  /** queries where the metric was undefined (e.g. no positive or no negative for AUC) */
  skipped: number;
  ci?: { lo: number; hi: number } | null;
}

export type Summary = Partial<Record<MetricKey, MetricSummary>> & {
  queries: number;
  /** micro N/M: Σ N / Σ M over queries (the article's figure), when a reference was given */
  nmMicro?: number | null;
};

/** Means (macro over queries) with skip counts, optional bootstrap CIs. */
export function summarize(rows: readonly QueryRow[], bootstrap?: BootstrapOptions): Summary {
  const out: Summary = { queries: rows.length };
  for (const key of METRIC_KEYS) {
    if (!rows.some((r) => key in r)) continue;
    const vals = rows.map((r) => (r[key] ?? null) as number | null);
    const m = meanDefined(vals);
    const s: MetricSummary = { mean: m.mean, n: m.n, skipped: m.skipped };
    if (bootstrap) s.ci = bootstrapMeanCI(vals, bootstrap);
    out[key] = s;
  }
  if (rows.some((r) => r.nmM !== undefined)) {
    let n = 0, m = 0;
    for (const r of rows) { n += r.nmN ?? 0; m += r.nmM ?? 0; }
    out.nmMicro = m > 0 ? n / m : null;
  }
  return out;
}

/**
 * Split rows by a key (intent, zone, split…) and summarise each group; rows
 * whose key is unknown go to "(none)". Groups come back in key order.
 */
export function summarizeBy<R extends { qid: string }, S>(
  rows: readonly R[], keyOf: (qid: string) => string | undefined, summarise: (rows: R[]) => S,
): Record<string, S> {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = keyOf(r.qid) ?? '(none)';
    const g = groups.get(k);
    if (g) g.push(r); else groups.set(k, [r]);
  }
  const out: Record<string, S> = {};
  for (const k of [...groups.keys()].sort()) out[k] = summarise(groups.get(k)!);
  return out;
}
