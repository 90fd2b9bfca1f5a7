// Issue #22, items 8, 11 and 12 as a user meets them, in Chromium on WASM:
//  - at 1280×800 the BM25 and fine-ranker columns are on screen with no
//    scrolling (pinned first by default); pins, order and compact rows persist
//    in the link;
//  - a per-query row of the metrics (and tiers) tables opens that query in the
//    ranking view;
//  - metrics: the auto query count states the AUC precision it gives, the
//    paired differences take any baseline, and the AUC-vs-latency labels do
//    not overlap.
// The metrics checks run on imported runs (no model needed, fast); the chart
// and the auto count's pilot need the shipped models (a few, via ?models=).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { buildBm25Pools } from '../bench/tierPools';
import { upload } from './pages/labels';
import { visibleUnlessStalled } from './pages/runtime';
import { TiersPage } from './pages/tiers';
import { haveModels, shippedModels } from './reference';

test.use({ viewport: { width: 1280, height: 800 } });

type Run = Record<string, { docid: string; score: number }[]>;

/** Two runs over 30 test queries: every judged doc plus 6 unjudged ones; `fine` follows the grades closer than `coarse`. */
function makeRuns(): { coarse: Run; fine: Run } {
  const queries = readFileSync('public/demo/queries.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { qid: string; split: string });
  const truth: Record<string, Record<string, number>> = {};
  for (const l of readFileSync('public/demo/qrels.trec', 'utf8').split('\n')) {
    const f = l.trim().split(/\s+/);
    if (f.length === 4) (truth[f[0]] ??= {})[f[2]] = Number(f[3]);
  }
  let s = 7;
  const rand = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const coarse: Run = {}, fine: Run = {};
  queries.filter((q) => q.split === 'test').slice(0, 30).forEach((q, qi) => {
    const docs = Object.keys(truth[q.qid] ?? {});
    for (let i = 0; i < 6; i++) docs.push(`v0${String(19000 + qi * 7 + i).padStart(5, '0')}`);
    coarse[q.qid] = docs.map((d, i) => ({ docid: d, score: 0.25 * (truth[q.qid][d] ?? 0) + rand() + i * 1e-9 }));
    fine[q.qid] = docs.map((d, i) => ({ docid: d, score: 0.6 * (truth[q.qid][d] ?? 0) + 0.5 * rand() + i * 1e-9 }));
  });
  return { coarse, fine };
}

const trec = (run: Run, tag: string): string => Object.entries(run).flatMap(([q, docs]) => [...docs].sort((a, b) => b.score - a.score)
  .map((d, i) => `${q} Q0 ${d.docid} ${i + 1} ${d.score} ${tag}`)).join('\n') + '\n';

async function importRuns(page: Page): Promise<void> {
  const { coarse, fine } = makeRuns();
  await page.getByTestId('nav.metrics').click();
  await upload(page, 'metrics.import-run', 'fine.run', trec(fine, 'fine'));
  await expect(page.getByTestId('metrics.import-message')).toHaveAttribute('data-kind', 'ok');
  await upload(page, 'metrics.import-run', 'coarse.run', trec(coarse, 'coarse'));
  await expect(page.getByTestId('metrics.row.coarse')).toBeVisible();
  await expect(page.getByTestId('metrics.status')).toHaveAttribute('data-stale', 'false');
}

/** Fully on screen at the current scroll (0): inside the viewport's width and above the fold. */
async function onScreen(el: Locator, what: string): Promise<void> {
  const box = await el.boundingBox();
  const vp = el.page().viewportSize()!;
  expect(box, what).not.toBeNull();
  expect(box!.x, what).toBeGreaterThanOrEqual(0);
  expect(box!.y, what).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, what).toBeLessThanOrEqual(vp.width);
  expect(box!.y + box!.height, what).toBeLessThanOrEqual(vp.height);
}

const hashWith = async (page: Page, part: string): Promise<string> => {
  await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).toContain(part);
  return page.evaluate(() => location.hash);
};

test('at 1280×800 the BM25 and fine-ranker columns are on screen unscrolled; pins, order and compact rows persist in the link', async ({ page }) => {
  test.skip(!haveModels(), 'needs models/manifest.json and the demo doc set');
  test.setTimeout(300_000);
  const fine = shippedModels().find((m) => m.role === 'fine')!.id;
  const q = '爱情剧 2016'; // a demo test query: BM25 finds its terms
  await page.goto(`/?backend=wasm#v=1&q=${encodeURIComponent(q)}`);
  const bm25 = page.getByTestId('ranking.column.bm25'), fineCol = page.getByTestId(`ranking.column.${fine}`);
  await visibleUnlessStalled(page, bm25.getByTestId('ranking.row').first(), 240_000);
  await visibleUnlessStalled(page, fineCol.getByTestId('ranking.row').first(), 240_000);
  const columns = page.getByTestId('ranking.columns');
  await expect(columns).toHaveAttribute('data-order', new RegExp(`^bm25,${fine},`));
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // Each column is inside the viewport's width, its top above the fold, with its header and first three rows wholly on screen.
  for (const [col, name] of [[bm25, 'BM25'], [fineCol, 'fine ranker']] as const) {
    const box = (await col.boundingBox())!;
    expect(box.x, name).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, name).toBeLessThanOrEqual(1280);
    expect(box.y, name).toBeLessThan(800);
    await onScreen(col.locator('h3'), `${name} header`);
    for (let i = 0; i < 3; i++) await onScreen(col.getByTestId('ranking.row').nth(i), `${name} row ${i + 1}`);
  }

  // Pin a student: after the default pins; move it to the front; unpin BM25.
  await page.getByTestId('ranking.pin.student_a').click();
  await expect(columns).toHaveAttribute('data-order', new RegExp(`^bm25,${fine},student_a,`));
  await page.getByTestId('ranking.move-left.student_a').click();
  await page.getByTestId('ranking.move-left.student_a').click();
  await expect(columns).toHaveAttribute('data-order', new RegExp(`^student_a,bm25,${fine},`));
  await expect(page.getByTestId('ranking.move-left.student_a')).toBeDisabled();
  await page.getByTestId('ranking.pin.bm25').click();
  await expect(page.getByTestId('ranking.pinned')).toHaveAttribute('data-pinned', 'student_a,fine');
  // Compact rows: one line each, so more columns fit in a row of the grid.
  const perRow = async (): Promise<number> => {
    const ys = await page.getByTestId('ranking.columns').locator('> .rank-col').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    return ys.filter((y) => y === ys[0]).length;
  };
  const before = await perRow();
  await page.getByTestId('ranking.compact').check();
  await expect(columns).toHaveAttribute('data-compact', 'true');
  expect(await perRow()).toBeGreaterThan(before);
  await expect(bm25.getByTestId('ranking.row-tags')).toHaveCount(0); // the meta line moved into the tooltip

  const hash = await hashWith(page, 'rl=student_a;fine,1');
  // A fresh page from the link lays the columns out the same way.
  const other = await page.context().newPage();
  await other.goto(`/?backend=wasm${hash}`);
  await expect(other.getByTestId('ranking.compact')).toBeChecked({ timeout: 60_000 });
  await expect(other.getByTestId('ranking.pinned')).toHaveAttribute('data-pinned', 'student_a,fine', { timeout: 240_000 });
  await expect(other.getByTestId('ranking.columns')).toHaveAttribute('data-order', new RegExp(`^student_a,${fine},`));
  await other.close();
});

test('a per-query row of the metrics table opens that query in the ranking view', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await importRuns(page);
  const rows = page.getByTestId('metrics.per-query.row');
  await expect(rows.first()).toBeVisible();
  // the default order: B's largest losses against the baseline A first
  const deltas = (await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.delta ?? ''))).filter(Boolean).map(Number);
  expect(deltas).toEqual([...deltas].sort((a, b) => a - b));
  const row = rows.nth(2);
  const text = (await row.getByTestId('metrics.per-query.open').textContent())!;
  expect(text.length).toBeGreaterThan(0);
  await row.click();
  await expect(page.getByTestId('nav.ranking')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('ranking.query')).toHaveValue(text);
  if (haveModels()) await expect(page.getByTestId('ranking.columns')).toHaveAttribute('data-query', text.trim(), { timeout: 240_000 });
  await hashWith(page, `q=${encodeURIComponent(text)}`);
});

test('a per-query row of the tiers table opens that query in the ranking view', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'trust-layout-'));
  const pools = join(dir, 'pools.json');
  writeFileSync(pools, JSON.stringify(buildBm25Pools({ split: 'test', limit: 20, pool: 30, root: process.cwd() })));
  const t = new TiersPage(page);
  await t.open();
  await t.loadPools(pools);
  const row = page.getByTestId('tiers.per-query.row').first();
  const text = (await row.getByTestId('tiers.per-query.open').textContent())!;
  await row.getByTestId('tiers.per-query.open').click();
  await expect(page.getByTestId('nav.ranking')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('ranking.query')).toHaveValue(text);
});

test('metrics: the precision the query count gives, the paired baseline picker, and the auto count by default', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await importRuns(page);
  await expect(page.getByTestId('metrics.query-limit')).toHaveValue('0'); // auto
  const precision = page.getByTestId('metrics.precision');
  await expect(precision).toContainText('over these 30 queries the AUC 95% CIs reach at most ±');
  const hw = Number(await precision.getAttribute('data-halfwidth'));
  const needed = Number(await precision.getAttribute('data-needed'));
  expect(hw).toBeGreaterThan(0.01); // 30 queries are too few for ±0.01 …
  expect(needed).toBeGreaterThan(30); // … and the line says how many would do
  await expect(precision).toContainText(`needs ≈ ${needed.toLocaleString('en-US')} queries`);

  // The baseline: the reference run (fine) by default; any run on request — B − A flips sign.
  const paired = page.getByTestId('metrics.paired');
  await expect(paired).toHaveAttribute('data-baseline', 'fine');
  const fineMinus = Number(await page.getByTestId('metrics.paired.coarse.ndcg').getAttribute('data-mean'));
  await page.getByTestId('metrics.baseline').selectOption('coarse');
  await expect(paired).toHaveAttribute('data-baseline', 'coarse');
  await expect(page.getByTestId('metrics.paired.fine.ndcg')).toHaveAttribute('data-mean', /./);
  expect(Number(await page.getByTestId('metrics.paired.fine.ndcg').getAttribute('data-mean'))).toBeCloseTo(-fineMinus, 12);
  await expect(page.getByTestId('metrics.per-query')).toHaveAttribute('data-a', 'coarse');
  await hashWith(page, 'mx=,,,,,,,coarse');
});

test('metrics with models: the pilot sets the auto query count and says why; the AUC-vs-latency labels do not overlap', async ({ page }) => {
  test.skip(!haveModels(), 'needs models/manifest.json and the demo doc set');
  test.setTimeout(420_000);
  const fine = shippedModels().find((m) => m.role === 'fine')!.id;
  const towers = ['student_a', 'student_b', 'student_c', 'student_d'];
  await page.goto(`/?backend=wasm&models=${[...towers, fine].join(',')}`);
  await page.getByTestId('nav.metrics').click();
  for (const id of [...towers, fine]) await visibleUnlessStalled(page, page.getByTestId(`metrics.row.${id}`), 360_000);
  const precision = page.getByTestId('metrics.precision');
  // After the pilot's 50 queries: the count chosen for ±0.01 (at most the split's 360), stated with its reason.
  await expect(precision).toHaveAttribute('data-phase', /scoring|done/, { timeout: 60_000 });
  const chosen = Number(await precision.getAttribute('data-chosen'));
  expect(chosen).toBeGreaterThanOrEqual(50);
  expect(chosen).toBeLessThanOrEqual(360);
  await expect(precision).toContainText('Query count: auto — the pilot\'s 50 queries');
  if (chosen > 50) await expect(page.getByTestId('metrics.scoring')).toHaveAttribute('data-total', String(chosen));

  const labels = page.getByTestId('metrics.chart').getByTestId('chart.point-label');
  await expect(labels).toHaveCount(towers.length + 1);
  const boxes = await labels.locator('text').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      expect(apart, `labels ${i} and ${j} overlap: ${JSON.stringify([a, b])}`).toBe(true);
    }
  }
  const plot = (await page.getByTestId('metrics.chart').locator('svg.recharts-surface').boundingBox())!;
  for (const b of boxes) expect(b.x >= plot.x && b.x + b.w <= plot.x + plot.width + 1).toBe(true);
});
