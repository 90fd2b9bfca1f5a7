/**
 * Writes src/core/__fixtures__/metric-cases.json: metric inputs and the values
 * src/core computes for them, so training/metrics.py can assert it matches.
 * Run: npx tsx scripts/metric-cases.ts   (deterministic; re-run after a metric change)
 *
 * JSON shape (version 1):
 * {
 *   "version": 1,
 *   "conventions": { ...one-line definitions, see CONVENTIONS below... },
 *   "cases": [ Case, ... ]
 * }
 * Case is one of (discriminated by "kind"):
 *  - "run": { name, kind, qrels: {qid: {docid: grade}}, run: {qid: [{docid, score}]},
 *             reference: {qid: [{docid, score}]} | null,
 *             options: { threshold, gain: "exp"|"linear", ndcgK, recallK, kmK, kmM, rboP },
 *             expected: { perQuery: [ { qid, auc, ndcg, recall, rr,
 *                                       nmN?, nmM?, nm?, kendall?, recallKM?, rbo? } ],   // null = undefined for that query
 *                         summary: { queries, <metric>: { mean, n, skipped, ci? }, nmMicro? } } }
 *    <metric> keys appear only when some row has them; "ci" ({lo, hi} or null) only when options.bootstrap is set.
 *    per-query rows cover every qid of qrels (sorted); a qid missing from run = empty ranking.
 *    summary CIs: bootstrap with options.bootstrap = { samples, seed, level }.
 *  - "pairs": { name, kind, reference: number[], model: number[], k, m,
 *               expected: { n, m_pairs, nm, kendall, recallKM, concordant, discordant, tiedX, tiedY } }
 *  - "bootstrap": { name, kind, values: (number|null)[], samples, seed, level, expected: {lo, hi} | null }
 * Floats are written as JS doubles (shortest round-trip); compare with abs tol 1e-9.
 */
import { writeFileSync } from 'node:fs';
import { evaluateRun, summarize, type EvalOptions } from '../src/core/metricsAggregate';
import type { Qrels, Run } from '../src/core/metricsTypes';
import { kendallTauB, nmConsistency, pairCounts, recallAtKAtM } from '../src/core/rankCompare';
import { bootstrapMeanCI, mulberry32 } from '../src/core/stats';

const OUT = 'src/core/__fixtures__/metric-cases.json';

const CONVENTIONS = {
  ranking: 'a run ranks by score desc, ties by docid asc (code-unit order); NaN last',
  relevant: 'grade >= threshold (default 2); unjudged docs are neither relevant nor negative',
  auc: 'per query over judged docs the run scored; pos = grade >= threshold, neg = grade < threshold; ties 0.5; null if no pos or no neg',
  ndcg: 'DCG@k = sum gain(rel)/log2(rank+1); gain exp = 2^rel-1, linear = rel; rel <= 0 gains 0; ideal = all judged grades of the query sorted desc; unjudged = 0; null if ideal DCG is 0',
  recall: 'relevant in top k / relevant judged; null if none relevant',
  rr: '1/rank of first relevant in the full run; 0 if none returned; null if none relevant',
  nm: 'reference (fine) vs model on common docids: M = pairs the reference orders strictly, N = of those the model orders the same way strictly (model ties not concordant)',
  kendall: 'tau-b = (C-D)/sqrt((n0-n1)(n0-n2))',
  recallKM: "share of the reference's top-k in the model's top-m; ties by docid asc",
  rbo: 'RBO_ext (Webber 2010) to depth min(len), p = rboP',
  summary: 'macro mean over queries with a value; skipped = queries where null; nmMicro = sum N / sum M',
  bootstrap: 'mulberry32(seed); each resample draws n indices floor(rand()*n); CI = type-7 quantiles of the sorted resample means at (1-level)/2 and 1-(1-level)/2',
};

type Case = Record<string, unknown>;
const cases: Case[] = [];
const R = (pairs: [string, number][]) => pairs.map(([docid, score]) => ({ docid, score }));

function runCase(name: string, qrels: Qrels, run: Run, reference: Run | null, options: EvalOptions & { bootstrap?: { samples: number; seed: number; level: number } }): void {
  const full = { threshold: 2, gain: 'exp' as const, ndcgK: 10, recallK: 100, kmK: 10, kmM: 100, rboP: 0.9, ...options };
  const perQuery = evaluateRun(qrels, run, reference ?? undefined, full);
  cases.push({ name, kind: 'run', qrels, run, reference, options: full, expected: { perQuery, summary: summarize(perQuery, full.bootstrap) } });
}

// --- hand-worked (also asserted independently in src/core/metrics.test.ts) ---
runCase('ndcg_exp_unjudged_and_ideal_from_all_judged', { q1: { a: 3, b: 2, c: 0, d: 1 } }, { q1: R([['b', 0.9], ['x', 0.8], ['a', 0.7]]) }, null, { ndcgK: 3 });
runCase('ndcg_linear_gain', { q1: { a: 3, b: 2, c: 0, d: 1 } }, { q1: R([['b', 0.9], ['x', 0.8], ['a', 0.7]]) }, null, { ndcgK: 3, gain: 'linear' });
runCase('ndcg_quepid_bug_guard_single_returned', { q1: { a: 3, b: 2, c: 0, d: 1 } }, { q1: R([['b', 1]]) }, null, { ndcgK: 3 });
runCase('auc_ties_half_unjudged_excluded', { q1: { p1: 3, p2: 2, n1: 1, n2: 0 } }, { q1: R([['p1', 0.9], ['n1', 0.8], ['p2', 0.8], ['n2', 0.1], ['u', 0.95]]) }, null, {});
runCase('auc_threshold_1', { q1: { p1: 3, p2: 2, n1: 1, n2: 0 } }, { q1: R([['p1', 0.9], ['n1', 0.8], ['p2', 0.8], ['n2', 0.1]]) }, null, { threshold: 1 });
runCase('no_negative_and_no_positive_queries_skipped', { q1: { a: 3, b: 2 }, q2: { c: 0, d: 1 } }, { q1: R([['a', 1], ['b', 0]]), q2: R([['c', 1], ['d', 0]]) }, null, {});
runCase('query_missing_from_run_is_empty_ranking', { q1: { a: 3, b: 0 }, q2: { c: 2 } }, { q1: R([['a', 0.9], ['b', 0.1]]), qx: R([['z', 1]]) }, null, {});
runCase('all_scores_tied_docid_order', { q1: { a: 0, b: 3, c: 2 } }, { q1: R([['c', 0.5], ['b', 0.5], ['a', 0.5]]) }, null, { ndcgK: 2, recallK: 1 });
runCase('empty_inputs', {}, {}, null, {});
runCase('only_unjudged_returned', { q1: { a: 2 } }, { q1: R([['x', 0.9], ['y', 0.8]]) }, null, {});
runCase('mrr_first_relevant_rank_2', { q1: { a: 3, b: 2, c: 1 } }, { q1: R([['c', 0.9], ['a', 0.8], ['b', 0.1]]) }, null, { recallK: 2 });
runCase('negative_grades_no_gain', { q1: { a: -1, b: 1, c: 2 } }, { q1: R([['a', 3], ['b', 2], ['c', 1]]) }, null, { gain: 'linear' });
runCase('fine_reference_nm_kendall_km', { q1: { a: 3, b: 2, c: 1, d: 0 } },
  { q1: R([['a', 4], ['b', 1], ['c', 2], ['d', 3]]) }, { q1: R([['a', 4], ['b', 3], ['c', 2], ['d', 1]]) }, { kmK: 2, kmM: 2 });
runCase('reference_with_ties_and_extra_docs', { q1: { a: 3, b: 0 } },
  { q1: R([['a', 1], ['b', 1], ['c', 0]]) }, { q1: R([['a', 2], ['b', 2], ['c', 1], ['z', 9]]) }, { kmK: 1, kmM: 1 });

const pairs = (name: string, reference: number[], model: number[], k: number, m: number): void => {
  const nm = nmConsistency(reference, model), c = pairCounts(reference, model);
  cases.push({ name, kind: 'pairs', reference, model, k, m, expected: {
    n: nm.n, m_pairs: nm.m, nm: nm.share, kendall: kendallTauB(reference, model), recallKM: recallAtKAtM(reference, model, k, m),
    concordant: c.concordant, discordant: c.discordant, tiedX: c.tiedX, tiedY: c.tiedY,
  } });
};
pairs('nm_half', [4, 3, 2, 1], [4, 1, 2, 3], 2, 2);
pairs('nm_model_tie_not_concordant', [3, 2, 1], [1, 1, 0], 1, 1);
pairs('nm_reference_ties_excluded', [1, 1, 0], [0, 1, 2], 2, 1);
pairs('nm_empty', [], [], 1, 1);

const boot = (name: string, values: (number | null)[], samples: number, seed: number, level: number): void => {
  cases.push({ name, kind: 'bootstrap', values, samples, seed, level, expected: bootstrapMeanCI(values, { samples, seed, level }) });
};
boot('bootstrap_small', [0.1, 0.5, 0.9, 0.3, 0.7, null], 200, 7, 0.95);
boot('bootstrap_too_few', [0.5], 100, 1, 0.95);

// --- random cases: coarse score grid (ties), ~30% unjudged, some empty queries ---
const rand = mulberry32(20240601);
for (let c = 0; c < 12; c++) {
  const qrels: Qrels = {}, run: Run = {}, reference: Run = {};
  const nq = 1 + Math.floor(rand() * 5);
  for (let q = 0; q < nq; q++) {
    const qid = `q${c}_${q}`;
    const nd = Math.floor(rand() * 15);
    qrels[qid] = {};
    run[qid] = []; reference[qid] = [];
    for (let d = 0; d < nd; d++) {
      const docid = `d${String(Math.floor(rand() * 40)).padStart(2, '0')}`;
      if (run[qid].some((x) => x.docid === docid)) continue;
      if (rand() > 0.3) qrels[qid][docid] = Math.floor(rand() * 4);
      run[qid].push({ docid, score: Math.round(rand() * 10) / 10 });
      reference[qid].push({ docid, score: Math.round(rand() * 20) / 20 });
    }
    if (rand() < 0.2) qrels[qid][`j${q}`] = 3; // judged relevant, never returned
  }
  runCase(`random_${c}`, qrels, run, c % 3 === 0 ? null : reference, {
    gain: c % 2 ? 'linear' : 'exp', threshold: c % 4 === 3 ? 1 : 2, ndcgK: 1 + (c % 5) * 2, recallK: 5, kmK: 3, kmM: 5,
    bootstrap: c % 4 === 0 ? { samples: 100, seed: c, level: 0.9 } : undefined,
  });
}

writeFileSync(OUT, JSON.stringify({ version: 1, conventions: CONVENTIONS, cases }, null, 1) + '\n');
console.log(`wrote ${cases.length} cases to ${OUT}`);
