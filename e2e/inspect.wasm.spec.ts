// The inspect panel on WASM: a pair opened from the ranking panel and one
// typed by hand; every grid has one map per layer and head; the maps, the
// ESIM matrix, the head figures, teacher/student scores and the token
// contributions equal what onnxruntime-node computes for the same pair
// (within 1e-3); PNG and CSV downloads hold the matrix shown.
import { expect, test, type Page } from '@playwright/test';
import { csvToMatrix } from '../src/core/exportMatrix';
import { readPng } from '../src/core/exportMatrixPng';
import { headOfType } from '../src/features/inspect/models';
import { InspectPage, MODELS_MISSING, TOL, docTextOf, maxDiff, nodeEngine, refMap } from './pages/inspect';

// A small doc set so the browser's doc indexes are ready in seconds.
const URL = '/?backend=wasm&docLimit=200';

test.skip(MODELS_MISSING, 'no models/manifest.json: train and export the models first');

// One page for the whole file: loading every model twice (ranking worker and
// inspect worker) is the slow part, so the tests change the pair, not the page.
test.describe.configure({ mode: 'serial' });
let page: Page;
let ip: InspectPage;
test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  ip = new InspectPage(page);
  await page.goto(URL);
});
test.afterAll(async () => {
  await page?.close();
});
test.beforeEach(async () => {
  await ip.resetToggles();
});

test('a pair from the ranking panel: one map per layer and head for each model, equal to onnxruntime-node', async () => {
  const eng = nodeEngine();
  const query = '琅琊榜';
  const docId = await ip.openFromRanking(query);
  const doc = docTextOf(docId);
  await expect(page.getByTestId('inspect.pair')).toHaveAttribute('data-doc-text', doc);

  const towerId = await page.getByTestId('inspect.tower').inputValue();
  const [tp, cp] = [await eng.towerPair(towerId, query, doc), await eng.crossPair(query, doc)];
  for (const [src, att] of [['query', tp.query.attentions], ['doc', tp.doc.attentions], ['fine', cp.attentions]] as const) {
    const g = await ip.grid(src);
    expect(g).toEqual({ layers: att.dims[1], heads: att.dims[2], maps: att.dims[1] * att.dims[2] });
    await expect(page.getByTestId(`inspect.grid.${src}.map`)).toHaveCount(g.maps);
  }

  // Detail maps: last layer of the query tower, first layer of the fine ranker.
  const L = tp.query.attentions.dims[1] - 1, H = tp.query.attentions.dims[2] - 1;
  await ip.selectMap('query', L, H);
  let shown = await ip.matrix('inspect.detail.map');
  expect(shown.rowLabels).toEqual(tp.query.tokens);
  expect(maxDiff(shown.values, refMap(tp.query.attentions, tp.query.tokens, L, H))).toBeLessThan(TOL);
  // The value under the pointer is the cell's.
  const j = shown.cols - 1;
  expect(Math.abs(await ip.hover('inspect.detail.map', 1, j) - shown.values[shown.cols + j])).toBeLessThan(1e-6);
  await ip.selectMap('fine', 0, 0);
  shown = await ip.matrix('inspect.detail.map');
  expect(shown.rows).toBe(cp.tokens.length);
  expect(maxDiff(shown.values, refMap(cp.attentions, cp.tokens, 0, 0))).toBeLessThan(TOL);

  // Hiding [CLS]/[SEP] crops the map; values stay the model's.
  await page.getByTestId('inspect.toggle.hide-special').check();
  shown = await ip.matrix('inspect.detail.map');
  expect(shown.rowLabels).not.toContain('[CLS]');
  expect(maxDiff(shown.values, refMap(cp.attentions, cp.tokens, 0, 0, true))).toBeLessThan(TOL);
  // Mean over heads / rollout: one map per layer.
  await page.getByTestId('inspect.toggle.mean-heads').check();
  expect((await ip.grid('query')).maps).toBe(tp.query.attentions.dims[1]);
  await ip.selectMap('fine', 0, -1);
  const heads = Array.from({ length: cp.attentions.dims[2] }, (_, h) => refMap(cp.attentions, cp.tokens, 0, h, true));
  const mean = heads[0].map((_, k) => heads.reduce((a, m) => a + m[k], 0) / heads.length);
  expect(maxDiff((await ip.matrix('inspect.detail.map')).values, mean)).toBeLessThan(TOL);
  await page.getByTestId('inspect.toggle.rollout').check();
  expect((await ip.grid('fine')).heads).toBe(1);
});

test('two typed texts: ESIM, multi-head, teacher vs student and token contributions equal onnxruntime-node', async () => {
  const eng = nodeEngine();
  const query = '庆余年 第二季', doc = '庆余年 第2集 电视剧 高清 热门';
  await ip.openTyped(query, doc);
  const heads = eng.manifest.models.filter((m) => m.kind === 'head');
  const esimId = headOfType(heads, 'esim'), mhId = headOfType(heads, 'multihead');
  expect(esimId, 'the shipped models include an ESIM head').toBeTruthy();
  expect(mhId, 'the shipped models include a multi-head head').toBeTruthy();

  // ESIM: a query-length × doc-length matrix, raw and both softmaxes.
  {
    const er = await eng.headPair(esimId!, query, doc);
    for (const [view, ref] of [['raw', er.esim!.raw], ['queryToDoc', er.esim!.queryToDoc], ['docToQuery', er.esim!.docToQuery]] as const) {
      await page.getByTestId('inspect.esim.view').selectOption(view);
      const m = await ip.matrix('inspect.esim.matrix');
      expect([m.rows, m.cols]).toEqual([er.queryTokens.length, er.docTokens.length]);
      expect(m.rowLabels).toEqual(er.queryTokens);
      expect(maxDiff(m.values, ref.data)).toBeLessThan(TOL);
    }
    expect(Math.abs(await ip.numberAttr('inspect.esim.score') - er.score)).toBeLessThan(TOL);
    expect(Math.abs(await ip.numberAttr('inspect.esim.dot-score') - er.dotScore)).toBeLessThan(TOL);
    expect(await ip.numberAttr('inspect.esim.check', 'data-max-diff')).toBeLessThan(1e-4);
  }

  {
    const mr = await eng.headPair(mhId!, query, doc);
    expect(maxDiff(await ip.jsonAttr<number[]>('inspect.multihead.table', 'data-weights'), mr.multihead!.weights)).toBeLessThan(TOL);
    expect(maxDiff(await ip.jsonAttr<number[]>('inspect.multihead.table', 'data-scores'), mr.multihead!.scores)).toBeLessThan(TOL);
  }

  // Teacher vs student: scores, and one similarity row per student layer.
  const teacherId = await page.getByTestId('inspect.teacher').inputValue();
  const studentId = await page.getByTestId('inspect.student').inputValue();
  const [t, s] = [await eng.towerPair(teacherId, query, doc), await eng.towerPair(studentId, query, doc)];
  expect(Math.abs(await ip.numberAttr('inspect.ts.teacher.score') - t.score)).toBeLessThan(TOL);
  expect(Math.abs(await ip.numberAttr('inspect.ts.student.score') - s.score)).toBeLessThan(TOL);
  const sims = await ip.jsonAttr<{ student: number; teacher: number; cosine: number }[]>('inspect.ts.layers', 'data-similarities');
  expect(sims.map((x) => x.teacher)).toEqual(sims.map((x) => x.student * (t.query.attentions.dims[1] / s.query.attentions.dims[1])));
  // the mapping is a choice: the teacher's last layers, or the most similar teacher layer per student layer
  const [tl, sl] = [t.query.attentions.dims[1], s.query.attentions.dims[1]];
  await page.getByTestId('inspect.ts.mapping').selectOption('last');
  await expect(page.getByTestId('inspect.ts.layers')).toHaveAttribute('data-mapping', 'last');
  const last = await ip.jsonAttr<{ student: number; teacher: number; cosine: number }[]>('inspect.ts.layers', 'data-similarities');
  expect(last.map((x) => x.teacher)).toEqual(last.map((x) => tl - sl + x.student));
  await page.getByTestId('inspect.ts.mapping').selectOption('best');
  await expect(page.getByTestId('inspect.ts.layers')).toHaveAttribute('data-mapping', 'best');
  const best = await ip.jsonAttr<{ student: number; teacher: number; cosine: number }[]>('inspect.ts.layers', 'data-similarities');
  // no other mapping finds a more similar teacher layer for any student layer
  for (const [k, x] of best.entries()) {
    expect(x.cosine).toBeGreaterThanOrEqual(last[k].cosine - 1e-9);
    expect(x.cosine).toBeGreaterThanOrEqual(sims[k].cosine - 1e-9);
  }
  await page.getByTestId('inspect.ts.mapping').selectOption('uniform');

  // Token contributions (score drop when left out), one batch.
  const towerId = await page.getByTestId('inspect.tower').inputValue();
  const c = await eng.contributions(towerId, query, doc);
  expect(maxDiff(await ip.jsonAttr<number[]>('inspect.contrib.query', 'data-values'), c.query.map((x) => -x.change))).toBeLessThan(TOL);
  expect(maxDiff(await ip.jsonAttr<number[]>('inspect.contrib.doc', 'data-values'), c.doc.map((x) => -x.change))).toBeLessThan(TOL);
  expect(await ip.numberAttr('inspect.contrib.summary', 'data-batch')).toBe(c.batchRows);
});

test('a doc found by id or title in the set', async () => {
  const docId = await ip.openFromSearch('庆余年', 'v00000');
  await expect(page.getByTestId('inspect.pair')).toHaveAttribute('data-doc-text', docTextOf(docId));
  const g = await ip.grid('doc');
  expect(g.maps).toBe(g.layers * g.heads);
});

test('PNG and CSV downloads contain the matrix shown', async () => {
  await ip.openTyped('琅琊榜', '琅琊榜 第1集 电视剧 古装 经典');
  await ip.grid('fine');
  await ip.selectMap('fine', 0, 1);
  const shown = await ip.matrix('inspect.detail.map');

  const csv = await ip.download('inspect.detail.map.export-csv');
  expect(csv.name).toMatch(/\.csv$/);
  const back = csvToMatrix(csv.bytes.toString('utf8'));
  expect([back.matrix.rows, back.matrix.cols]).toEqual([shown.rows, shown.cols]);
  expect(back.rowLabels).toEqual(shown.rowLabels);
  expect(maxDiff(back.matrix.data, shown.values.map(Math.fround))).toBe(0);

  const png = await ip.download('inspect.detail.map.export-png');
  expect(png.name).toMatch(/\.png$/);
  const info = readPng(new Uint8Array(png.bytes));
  expect(info.texts['prerank:matrix']).toBe(csv.bytes.toString('utf8'));
  const layout = JSON.parse(info.texts['prerank:layout']) as { x0: number; y0: number; cell: number; rows: number; cols: number };
  expect([layout.rows, layout.cols]).toEqual([shown.rows, shown.cols]);
  expect(info.width).toBeGreaterThanOrEqual(layout.x0 + layout.cols * layout.cell);
  // The PNG's cell colours are the on-screen heatmap's, cell by cell.
  const diff = await page.evaluate(async ({ b64, layout }) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const off = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = off.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const live = document.querySelector<HTMLCanvasElement>('[data-testid="inspect.detail.map.canvas"]')!;
    const cell = Number(live.dataset.cell);
    const lctx = live.getContext('2d')!;
    let worst = 0;
    for (let i = 0; i < layout.rows; i++) {
      for (let j = 0; j < layout.cols; j++) {
        const a = ctx.getImageData(layout.x0 + j * layout.cell + layout.cell / 2, layout.y0 + i * layout.cell + layout.cell / 2, 1, 1).data;
        const b = lctx.getImageData(j * cell + cell / 2, i * cell + cell / 2, 1, 1).data;
        for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
      }
    }
    return worst;
  }, { b64: png.bytes.toString('base64'), layout });
  expect(diff).toBeLessThanOrEqual(1);

  // The ESIM matrix exports too (when a head is shipped).
  if (await page.getByTestId('inspect.esim.matrix').count()) {
    const esim = await ip.matrix('inspect.esim.matrix');
    const e = csvToMatrix((await ip.download('inspect.esim.matrix.export-csv')).bytes.toString('utf8'));
    expect(maxDiff(e.matrix.data, esim.values.map(Math.fround))).toBe(0);
  }
});
