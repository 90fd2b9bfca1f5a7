// The metrics panel's figures against an independent computation: runs are
// imported, exported again by the panel (TREC run + qrels in use), and this
// file recomputes nDCG@10, AUC and N/M from those files with its own code
// (pairwise loops, not the lab's rank-sum / Fenwick implementations).
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { downloadOf, upload } from './pages/labels';
import { visibleUnlessStalled } from './pages/runtime';
import { haveModels, shippedModels } from './reference';

type Qrels = Record<string, Record<string, number>>;
type Run = Record<string, { docid: string; score: number }[]>;

function rng(seed: number): () => number { // mulberry32, written out again here
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readQrels(text: string): Qrels {
  const q: Qrels = {};
  for (const l of text.split('\n')) { const f = l.trim().split(/\s+/); if (f.length === 4) (q[f[0]] ??= {})[f[2]] = Number(f[3]); }
  return q;
}
function readRun(text: string): Run {
  const r: Run = {};
  for (const l of text.split('\n')) { const f = l.trim().split(/\s+/); if (f.length === 6) (r[f[0]] ??= []).push({ docid: f[2], score: Number(f[4]) }); }
  return r;
}
function readRanxRun(text: string): Run {
  const o = JSON.parse(text) as Record<string, Record<string, number>>;
  return Object.fromEntries(Object.entries(o).map(([q, d]) => [q, Object.entries(d).map(([docid, score]) => ({ docid, score }))]));
}
function writeRun(run: Run, tag: string): string {
  return Object.entries(run).flatMap(([q, docs]) => [...docs].sort((a, b) => b.score - a.score)
    .map((d, i) => `${q} Q0 ${d.docid} ${i + 1} ${d.score} ${tag}`)).join('\n') + '\n';
}

/** Runs over 40 test queries: every judged doc plus 8 unjudged ones, distinct scores. */
function makeRuns(): { coarse: Run; fine: Run } {
  const queries = readFileSync('public/demo/queries.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { qid: string; split: string });
  const truth = readQrels(readFileSync('public/demo/qrels.trec', 'utf8'));
  const qids = queries.filter((q) => q.split === 'test').slice(0, 40).map((q) => q.qid);
  const r = rng(7);
  const coarse: Run = {}, fine: Run = {};
  qids.forEach((qid, qi) => {
    const docs = Object.keys(truth[qid] ?? {});
    for (let i = 0; docs.length < Object.keys(truth[qid]).length + 8; i++) {
      const d = `v0${String(19000 + qi * 9 + i).padStart(5, '0')}`;
      if (!(d in truth[qid])) docs.push(d);
    }
    coarse[qid] = docs.map((d, i) => ({ docid: d, score: 0.25 * (truth[qid][d] ?? 0) + r() + i * 1e-9 }));
    fine[qid] = docs.map((d, i) => ({ docid: d, score: 0.6 * (truth[qid][d] ?? 0) + 0.5 * r() + i * 1e-9 }));
  });
  return { coarse, fine };
}

const order = (docs: Run[string]) => [...docs].sort((a, b) => b.score - a.score || (a.docid < b.docid ? -1 : 1));
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

function ndcg10(qrels: Qrels, run: Run): number {
  const vals: number[] = [];
  for (const [q, judged] of Object.entries(qrels)) {
    const gain = (g: number): number => (g > 0 ? 2 ** g - 1 : 0);
    const dcg = (gs: number[]): number => gs.slice(0, 10).reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);
    const idcg = dcg(Object.values(judged).sort((a, b) => b - a));
    if (idcg === 0) continue;
    vals.push(dcg(order(run[q] ?? []).map((d) => judged[d.docid] ?? 0)) / idcg);
  }
  return mean(vals);
}

function auc(qrels: Qrels, run: Run): number {
  const vals: number[] = [];
  for (const [q, judged] of Object.entries(qrels)) {
    const pos: number[] = [], neg: number[] = [];
    for (const d of run[q] ?? []) if (d.docid in judged) (judged[d.docid] >= 2 ? pos : neg).push(d.score);
    if (!pos.length || !neg.length) continue;
    let w = 0;
    for (const p of pos) for (const n of neg) w += p > n ? 1 : p === n ? 0.5 : 0;
    vals.push(w / (pos.length * neg.length));
  }
  return mean(vals);
}

function nmMicro(qrels: Qrels, run: Run, ref: Run): number {
  let N = 0, M = 0;
  for (const q of Object.keys(qrels)) {
    const m = new Map((run[q] ?? []).map((d) => [d.docid, d.score]));
    const pairs = (ref[q] ?? []).filter((d) => m.has(d.docid)).map((d) => [d.score, m.get(d.docid)!]);
    for (let i = 0; i < pairs.length; i++) for (let j = i + 1; j < pairs.length; j++) {
      const dr = pairs[i][0] - pairs[j][0], dm = pairs[i][1] - pairs[j][1];
      if (dr === 0) continue;
      M++;
      if (Math.sign(dr) === Math.sign(dm)) N++;
    }
  }
  return N / M;
}

test('the panel\'s nDCG@10, AUC and N/M equal an independent computation from its exported run and qrels', async ({ page }) => {
  const { coarse, fine } = makeRuns();
  await page.goto('/?backend=wasm');
  await page.getByTestId('nav.metrics').click();
  await upload(page, 'metrics.import-run', 'fine.run', writeRun(fine, 'fine'));
  await expect(page.getByTestId('metrics.import-message')).toHaveAttribute('data-kind', 'ok');
  await upload(page, 'metrics.import-run', 'coarse.run', writeRun(coarse, 'coarse'));
  await page.getByTestId('metrics.reference').selectOption('fine');
  await expect(page.getByTestId('metrics.gain')).toHaveValue('exp');
  await expect(page.getByTestId('metrics.table')).toContainText('nDCG@10 (gain 2^rel − 1)');
  await expect(page.getByTestId('metrics.table')).toContainText('N/M vs fine');
  await expect(page.getByTestId('metrics.status')).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('metrics.cell.coarse.nmMicro')).not.toHaveAttribute('data-value', '');
  const cell = async (k: string): Promise<number> => Number(await page.getByTestId(`metrics.cell.coarse.${k}`).getAttribute('data-value'));
  const shown = { ndcg: await cell('ndcg'), auc: await cell('auc'), nm: await cell('nmMicro') };
  await expect(page.getByTestId('metrics.cell.coarse.auc')).toContainText('['); // a CI is printed

  await page.getByTestId('metrics.export-model').selectOption('coarse');
  const runFile = await downloadOf(page, 'metrics.export-run');
  await page.getByTestId('metrics.export-model').selectOption('fine');
  const refFile = await downloadOf(page, 'metrics.export-run');
  const qrelsFile = await downloadOf(page, 'metrics.export-qrels');
  expect(runFile.name).toBe('coarse.run');
  const qrels = readQrels(qrelsFile.text);
  expect(Object.keys(qrels)).toHaveLength(40);
  const run = readRun(runFile.text), ref = readRun(refFile.text);
  expect(shown.ndcg).toBeCloseTo(ndcg10(qrels, run), 12);
  expect(shown.auc).toBeCloseTo(auc(qrels, run), 12);
  expect(shown.nm).toBeCloseTo(nmMicro(qrels, run, ref), 12);
  // The reference run against itself is fully consistent.
  await expect(page.getByTestId('metrics.cell.fine.nmMicro')).toHaveAttribute('data-value', '1');

  // Linear gain is switchable, labelled, and changes nDCG only.
  await page.getByTestId('metrics.gain').selectOption('linear');
  await expect(page.getByTestId('metrics.table')).toContainText('nDCG@10 (gain rel (linear))');
  await expect(page.getByTestId('metrics.status')).toHaveAttribute('data-stale', 'false');
  expect(await cell('auc')).toBe(shown.auc);
  expect(await cell('ndcg')).not.toBe(shown.ndcg);
  await expect(page.getByTestId('metrics.by-intent')).toBeVisible();
  await expect(page.getByTestId('metrics.by-zone')).toContainText('premium');
  await expect(page.getByTestId('metrics.reference-table')).toContainText('imported run');
});

test('a bad run file is refused with file, line and reason', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await page.getByTestId('nav.metrics').click();
  await upload(page, 'metrics.import-run', 'bad.run', 'q00001 Q0 v000001 1 0.5 x\nq00001 Q0 v000002 2 high x\n');
  const msg = page.getByTestId('metrics.import-message');
  await expect(msg).toHaveAttribute('data-kind', 'error');
  await expect(msg).toContainText('bad.run line 2: score must be a finite number');
  await expect(page.getByTestId('metrics.table')).toHaveCount(0);
});

test('metrics follow the labels live: a grade given from the keyboard reaches the live figures without holding up the queue', async ({ page }) => {
  const { coarse } = makeRuns();
  await page.goto('/?backend=wasm');
  await page.getByTestId('nav.metrics').click();
  await upload(page, 'metrics.import-run', 'coarse.run', writeRun(coarse, 'coarse'));
  await expect(page.getByTestId('metrics.import-message')).toHaveAttribute('data-kind', 'ok');
  await page.getByTestId('nav.labels').click();
  await page.getByTestId('labels.labeller').fill('e2e-live');
  await page.getByTestId('labels.labeller').press('Enter');
  await page.getByTestId('labels.strategy').selectOption('topk');
  await expect(page.getByTestId('labels.model')).toHaveValue('coarse');
  await page.getByTestId('labels.k').fill('1');
  const live = page.getByTestId('labels.live');
  await expect(live).toHaveAttribute('data-stale', 'false');
  const version = Number(await live.getAttribute('data-version'));
  const pairs = Number(await live.getAttribute('data-pairs'));
  const card = page.getByTestId('labels.card');
  const first = await card.getAttribute('data-docid');
  expect(coarse[(await card.getAttribute('data-qid'))!]).toBeDefined(); // a pair from the run's top-1
  await page.getByTestId('labels.query').click(); // focus off the K field: keys go to the labelling mode
  await page.keyboard.press('3');
  await expect(card).not.toHaveAttribute('data-docid', first!); // the queue moved on at once
  await expect.poll(async () => Number(await live.getAttribute('data-version'))).toBeGreaterThan(version);
  await expect(live).toHaveAttribute('data-stale', 'false');
  expect(Number(await live.getAttribute('data-pairs'))).toBeGreaterThanOrEqual(pairs);
  await expect(page.getByTestId('labels.live.coarse.ndcg')).not.toHaveText('—');
});

// NOTE: once (session 2, a clean-clone CI run) this page waited 4 min on "Waiting for model teacher
// to load…" and never reproduced after (≥ 10 runs, alone and in the full suite). Since then a stuck
// run queue or a silent worker shows a banner naming the task, and this wait fails on it at once.
test('with the shipped models: every model\'s figures equal the independent computation from its exported runs', async ({ page }) => {
  test.skip(!haveModels(), 'needs models/manifest.json and the demo doc set');
  // ~35 s on a quiet 2-core machine. It used to hang at the 11th download in a row (Chromium
  // throttles rapid downloads; downloadOf now spaces them) — that, not scoring, was the old timeout.
  test.setTimeout(300_000);
  const models = shippedModels();
  const towers = models.filter((m) => m.kind === 'tower').map((m) => m.id);
  const fine = models.find((m) => m.role === 'fine')!.id;
  // The whole demo set: its doc index comes precomputed (scripts/prepare-embeddings.ts),
  // so no tower encodes in the browser and only the query set is scored.
  await page.goto('/?backend=wasm');
  await page.getByTestId('nav.metrics').click();
  await page.getByTestId('metrics.query-limit').selectOption('20');
  for (const id of [...towers, fine]) await visibleUnlessStalled(page, page.getByTestId(`metrics.row.${id}`), 240_000);
  await expect(page.getByTestId('metrics.status')).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('metrics.table')).toContainText(`N/M vs ${fine}`);
  await expect(page.getByTestId('metrics.chart')).toHaveAttribute('data-points', String(towers.length + 1));
  const qrels = readQrels((await downloadOf(page, 'metrics.export-qrels')).text);
  await page.getByTestId('metrics.export-model').selectOption(fine);
  // NOTE: exact scores from the ranx JSON run (a TREC run must break score ties); the TREC run holds the same order.
  const ref = readRanxRun((await downloadOf(page, 'metrics.export-run-json')).text);
  for (const id of towers) {
    await page.getByTestId('metrics.export-model').selectOption(id);
    const run = readRanxRun((await downloadOf(page, 'metrics.export-run-json')).text);
    const trec = readRun((await downloadOf(page, 'metrics.export-run')).text);
    for (const q of Object.keys(run)) expect(trec[q].map((d) => d.docid), `${id} ${q}`).toEqual(order(run[q]).map((d) => d.docid));
    const cell = async (k: string): Promise<number> => Number(await page.getByTestId(`metrics.cell.${id}.${k}`).getAttribute('data-value'));
    expect(await cell('ndcg'), `${id} nDCG@10`).toBeCloseTo(ndcg10(qrels, run), 12);
    expect(await cell('auc'), `${id} AUC`).toBeCloseTo(auc(qrels, run), 12);
    expect(await cell('nmMicro'), `${id} N/M`).toBeCloseTo(nmMicro(qrels, run, ref), 12);
  }
});
