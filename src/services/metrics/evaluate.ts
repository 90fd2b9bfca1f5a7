/**
 * Everything the metrics panel shows, computed from plain inputs through the
 * core metric functions (src/core/metricsAggregate → metrics, rankCompare,
 * stats) — the same code the shared fixture and the Python recipe are checked
 * against. Pure and JSON-in/JSON-out, so it runs in a Web Worker.
 *
 *  - overall: per model, macro means over the judged queries + bootstrap CIs;
 *    N/M is also given micro (Σ N / Σ M, the article's figure);
 *  - per intent: the same rows grouped by the query's intent;
 *  - per zone: qrels AND runs restricted to the zone's docs, then evaluated
 *    again (a zone is a property of docs, not of queries).
 *
 * Refuses: a metric implementation of its own.
 */
import { evaluateRun, summarize, summarizeBy, type QueryRow, type Summary } from '../../core/metricsAggregate';
import type { Gain } from '../../core/metrics';
import type { Qrels, Run } from '../../core/metricsTypes';
import { pairedDiff, type BootstrapOptions, type PairedDiff } from '../../core/stats';

export interface EvalSettings {
  gain: Gain;
  ndcgK: number;
  recallK: number;
  /** bootstrap resamples (0 = no CIs) */
  samples: number;
  seed: number;
  /** CI level; default 0.95 */
  level?: number;
  /** relevance threshold for AUC / Recall / MRR; default 2 */
  threshold?: number;
  /** Recall@k@m against the reference and RBO's p; core defaults when absent */
  kmK?: number;
  kmM?: number;
  rboP?: number;
}

export const DEFAULT_SETTINGS: EvalSettings = { gain: 'exp', ndcgK: 10, recallK: 100, samples: 1000, seed: 0x5eed };

export interface EvalInput {
  qrels: Qrels;
  /** model id → run (docids + scores) */
  runs: Record<string, Run>;
  /** id of the run N/M and Kendall τ are measured against (the fine ranker) */
  reference?: string;
  /** id of the run the paired differences subtract ("is B better than A?": A); absent or unknown = the reference, else the first run */
  baseline?: string;
  /** qid → intent */
  intentOf: Record<string, string>;
  /** docid → zone */
  zoneOf: Record<string, string>;
  settings: EvalSettings;
}

export interface ModelEval {
  overall: Summary;
  byIntent: Record<string, Summary>;
  byZone: Record<string, Summary>;
  rows: QueryRow[];
}

/** One model against a baseline, paired per query (core/stats.ts pairedDiff). */
export interface PairedRow {
  baseline: string;
  model: string;
  ndcg: PairedDiff;
  auc: PairedDiff;
}

export interface EvalOutput {
  models: Record<string, ModelEval>;
  /** every other model against the baseline (the chosen one, else the reference run, else the first run); [] without bootstrap */
  paired: PairedRow[];
  /** the run the paired differences subtract ('' when there is none) */
  baseline: string;
  /** judged queries the metrics ran over */
  queries: number;
  ms: number;
}

function restrictRun(run: Run, keep: (docid: string) => boolean): Run {
  const out: Run = {};
  for (const [q, docs] of Object.entries(run)) out[q] = docs.filter((d) => keep(d.docid));
  return out;
}

function restrictQrels(qrels: Qrels, keep: (docid: string) => boolean): Qrels {
  const out: Qrels = {};
  for (const [q, docs] of Object.entries(qrels)) {
    const kept = Object.entries(docs).filter(([d]) => keep(d));
    if (kept.length) out[q] = Object.fromEntries(kept);
  }
  return out;
}

/** Only the queries both judged and scored by at least one run. */
export function judgedAndScored(qrels: Qrels, runs: Record<string, Run>): Qrels {
  const scored = new Set<string>();
  for (const r of Object.values(runs)) for (const q of Object.keys(r)) scored.add(q);
  const out: Qrels = {};
  for (const [q, d] of Object.entries(qrels)) if (scored.has(q)) out[q] = d;
  return out;
}

export function evaluateAll(input: EvalInput): EvalOutput {
  const t0 = performance.now();
  const { settings: s } = input;
  const opts = { gain: s.gain, ndcgK: s.ndcgK, recallK: s.recallK, threshold: s.threshold, kmK: s.kmK, kmM: s.kmM, rboP: s.rboP };
  const boot = s.samples > 0 ? { samples: s.samples, seed: s.seed, level: s.level } : undefined;
  const qrels = judgedAndScored(input.qrels, input.runs);
  const ref = input.reference ? input.runs[input.reference] : undefined;
  const zones = [...new Set(Object.values(input.zoneOf))].sort();
  const models: Record<string, ModelEval> = {};
  for (const [id, run] of Object.entries(input.runs)) {
    const rows = evaluateRun(qrels, run, ref, opts);
    const byZone: Record<string, Summary> = {};
    for (const z of zones) {
      const keep = (d: string): boolean => input.zoneOf[d] === z;
      const zq = restrictQrels(qrels, keep);
      const zrows = evaluateRun(zq, restrictRun(run, keep), ref && restrictRun(ref, keep), opts);
      byZone[z] = summarize(zrows, boot);
    }
    models[id] = {
      overall: summarize(rows, boot),
      byIntent: summarizeBy(rows, (q) => input.intentOf[q], (r) => summarize(r, boot)),
      byZone,
      rows,
    };
  }
  const baseline = baselineOf(models, input.baseline, input.reference);
  return {
    models, paired: boot && baseline ? pairedRows(models, baseline, boot) : [], baseline: baseline ?? '', queries: Object.keys(qrels).length, ms: performance.now() - t0,
  };
}

/** The chosen baseline when it was evaluated, else the reference run, else the first run. */
export function baselineOf(models: Record<string, unknown>, chosen: string | undefined, reference: string | undefined): string | undefined {
  if (chosen && models[chosen]) return chosen;
  if (reference && models[reference]) return reference;
  return Object.keys(models)[0];
}

/** Each model minus the baseline on the same queries (rows are in the same qid order for every model). */
function pairedRows(models: Record<string, ModelEval>, baseline: string, boot: BootstrapOptions): PairedRow[] {
  const ids = Object.keys(models);
  const byQid = (rows: QueryRow[], f: (r: QueryRow) => number | null): Map<string, number | null> => new Map(rows.map((r) => [r.qid, f(r)]));
  const base = models[baseline].rows;
  const col = (id: string, f: (r: QueryRow) => number | null): (number | null)[] => {
    const m = byQid(models[id].rows, f);
    return base.map((r) => m.get(r.qid) ?? null);
  };
  return ids.filter((id) => id !== baseline).map((id) => ({
    baseline, model: id,
    ndcg: pairedDiff(col(baseline, (r) => r.ndcg), col(id, (r) => r.ndcg), boot),
    auc: pairedDiff(col(baseline, (r) => r.auc), col(id, (r) => r.auc), boot),
  }));
}
