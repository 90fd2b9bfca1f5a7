/**
 * The tiers panel's slider-update figure: what one move of a cutoff costs —
 * runFunnel for the edited config plus the A/B comparison against the other
 * (the work the panel does per move; histograms, curves and calibration are
 * memoised on model and norm and do not re-run). Budget: ≤ 100 ms on the demo
 * test split.
 *
 *   npx tsx bench/tiers.ts                    # BM25 pools of the test split (no models needed)
 *   npx tsx bench/tiers.ts --pool 200         # larger pools
 *   npx tsx bench/tiers.ts --pools file.json  # a pools file exported by the panel (real model scores)
 *   npx tsx bench/tiers.ts --models models    # score the test split with the trained models (onnxruntime-node;
 *                                             # the fine ranker over every pool takes a while)
 *
 * Timing on a shared 2-core box is noisy: medians and p95 over many moves.
 */
import { readFileSync } from 'node:fs';
import { prepareFunnel, runFunnel, type FunnelConfig, type FunnelQuery } from '../src/core/funnel';
import type { Qrels } from '../src/core/metricsTypes';
import { buildFunnelQueries } from '../src/core/funnelInput';
import { compareFunnels } from '../src/core/funnelCompare';
import { NORM_MODES } from '../src/core/scoreNorm';
import { DEFAULT_FUNNEL_CONFIG, TIER_ORDERS } from '../src/core/domain';
import { parsePools } from '../src/data/formats/pools';
import { buildBm25Pools } from './tierPools';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const quantile = (xs: number[], q: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

/** The test split scored by the trained models in Node: the panel's exact input (first tower). */
async function modelQueries(modelsDir: string, pool: number): Promise<{ label: string; queries: FunnelQuery[] }> {
  const { openNodeEngine } = await import('../src/runtime/ort/node');
  const { QuerySetScorer } = await import('../src/runtime/queryset/querySetScorer');
  const { readQuerySet } = await import('../src/runtime/queryset/querySet');
  const demo = (f: string): string => readFileSync(`public/demo/${f}`, 'utf8');
  const engine = await openNodeEngine({ modelsDir, docsPath: 'public/demo/docs.jsonl', embeddingsDir: 'public/embeddings' });
  const qrelsText = demo('qrels.trec');
  const scorer = new QuerySetScorer(engine, readQuerySet(readFileSync('public/demo/queries.jsonl'), readFileSync('public/demo/qrels.trec')));
  const rows = demo('queries.jsonl').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { qid: string; split: string; intent: string });
  const qids = rows.filter((q) => q.split === 'test').map((q) => q.qid).sort();
  const tower = engine.manifest.models.find((m) => m.kind === 'tower' && m.role === 'student') ?? engine.manifest.models.find((m) => m.kind === 'tower')!;
  const scores = await scorer.score([tower.id], qids, pool);
  const qrels: Qrels = {};
  for (const l of qrelsText.split('\n')) { const f = l.trim().split(/\s+/); if (f.length === 4) (qrels[f[0]] ??= {})[f[2]] = Number(f[3]); }
  const intent = new Map(rows.map((q) => [q.qid, q.intent]));
  const queries = buildFunnelQueries({
    qids, coarse: scores.byModel[tower.id], fine: scores.fineModelId ? scores.byModel[scores.fineModelId] : undefined,
    docs: engine.docs!.rows.map((r) => ({ id: r.id, zone: r.zone, ctr: r.ctr ?? 0 })), qrels, intentOf: (q) => intent.get(q),
  });
  return { label: `${tower.id} (+ ${scores.fineModelId ?? 'no fine ranker'}) over the demo test split, pool ${pool}`, queries };
}

async function loadQueries(): Promise<{ label: string; queries: FunnelQuery[] }> {
  const pool = Number(arg('pool') ?? 100);
  const modelsDir = arg('models');
  if (modelsDir) return modelQueries(modelsDir, pool);
  const poolsFile = arg('pools');
  const parsed = parsePools(poolsFile ? readFileSync(poolsFile, 'utf8') : JSON.stringify(buildBm25Pools({ split: 'test', pool })));
  if (!parsed.ok) throw new Error(parsed.error);
  return { label: poolsFile ?? `BM25 pools over the demo test split, pool ${pool}`, queries: parsed.value.queries };
}

const t0 = performance.now();
const { label, queries } = await loadQueries();
const cands = queries.reduce((s, q) => s + q.coarse.length, 0);
console.log(`pools: ${label} — ${queries.length} queries, ${cands} candidates (${(cands / queries.length).toFixed(0)} / query), built in ${(performance.now() - t0).toFixed(0)} ms`);

const tp = performance.now();
const prep = prepareFunnel(queries);
console.log(`prepareFunnel (once per model / query set): ${(performance.now() - tp).toFixed(1)} ms`);

const MOVES = 60;
let worst = 0, worstMedian = 0;
for (const norm of NORM_MODES) {
  const lo = norm === 'zscore' ? -2 : 0, hi = norm === 'zscore' ? 3 : 1;
  for (const order of TIER_ORDERS) {
    const base: FunnelConfig = {
      ...DEFAULT_FUNNEL_CONFIG, norm,
      short: { ...DEFAULT_FUNNEL_CONFIG.short, order, boundaries: norm === 'zscore' ? [1.5, 0.5] : [0.7, 0.4] },
    };
    const B = runFunnel(prep, { ...base, premium: { cutoff: (lo + hi) / 2 } });
    for (let w = 0; w < 3; w++) runFunnel(prep, base); // JIT warm-up
    const ms: number[] = [];
    for (let m = 0; m < MOVES; m++) {
      const cutoff = lo + ((hi - lo) * m) / (MOVES - 1); // a drag across the whole axis
      const s = performance.now();
      const A = runFunnel(prep, { ...base, premium: { cutoff } });
      compareFunnels(A, B);
      ms.push(performance.now() - s);
    }
    const med = quantile(ms, 0.5), p95 = quantile(ms, 0.95);
    worst = Math.max(worst, p95);
    worstMedian = Math.max(worstMedian, med);
    console.log(`slider update norm=${norm.padEnd(10)} order=${order.padEnd(5)}: median ${med.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  }
}
const load = (await import('node:os')).loadavg()[0];
console.log(`SLIDER UPDATE FIGURE: worst median ${worstMedian.toFixed(1)} ms, worst p95 ${worst.toFixed(1)} ms over ${NORM_MODES.length * TIER_ORDERS.length} settings × ${MOVES} moves `
  + `(budget 100 ms: median ${worstMedian <= 100 ? 'within' : 'OVER'}, p95 ${worst <= 100 ? 'within' : 'OVER'}; load average ${load.toFixed(1)})`);
