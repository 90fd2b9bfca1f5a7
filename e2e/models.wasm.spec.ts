// The models bar and errors a user understands: a corrupt model file, a
// missing manifest, a doc set that fails validation — each named in the UI
// while the rest of the lab keeps working — in-browser doc encoding whose
// result IndexedDB hands back on reload, its encoding workers (cancel, resume,
// the same scores as onnxruntime-node), and data files served uncompressed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeEmbeddingFile, encodeEmbeddingFile } from '../src/core/embeddingFile';
import { DocIndex } from '../src/runtime/engine/docIndex';
import { openNodeEngine, readManifest } from '../src/runtime/ort/node';
import { RankingPage } from './pages/ranking';
import { DOCS_PATH, haveModels, MODELS_DIR, shippedModels, smallSet } from './reference';

test.skip(!haveModels(), 'needs models/manifest.json and the demo doc set');

const QUERY = process.env.E2E_QUERY ?? '深海传 第2集';

test('each model shows role, size, load time and backend with the reason', async ({ page }) => {
  const lab = new RankingPage(page);
  await lab.open('wasm');
  const models = shippedModels();
  await lab.waitReady(models);
  for (const m of models) {
    const row = lab.modelRow(m.id);
    await expect(row).toContainText(m.role);
    await expect(row).toContainText('MB');
    await expect(row).toContainText(/\d+ (ms|s)/);
    await expect(row).toContainText('WASM');
  }
  await expect(page.getByTestId('models.backend')).toContainText('WASM — forced by the user');
  await expect(page.getByTestId('models.docs')).toContainText('docs');
});

test('a corrupt model file is named, and the other models still rank', async ({ page }) => {
  const manifest = readManifest(MODELS_DIR);
  const bad = manifest.models.find((m) => m.role === 'student')!;
  const rel = bad.files.lean ?? bad.files.model!;
  await page.route(`**/models/${rel}`, (r) => r.fulfill({ status: 200, body: Buffer.from('this is not an onnx graph') }));
  const lab = new RankingPage(page);
  await lab.open('wasm');
  await expect(page.getByTestId(`models.error.${bad.id}`)).toContainText('does not match the manifest', { timeout: 60_000 });
  const teacher = manifest.models.find((m) => m.role === 'teacher')!;
  await lab.waitReady([{ id: teacher.id, kind: 'tower' }]);
  await lab.search(QUERY);
  expect((await lab.rows(teacher.id)).length).toBeGreaterThan(0);
  await expect(page.getByTestId(`ranking.note.${bad.id}`)).toContainText('does not match the manifest');
});

test('a missing manifest and an invalid doc set are explained, the shell keeps working', async ({ page }) => {
  await page.route('**/models/manifest.json', (r) => r.fulfill({ status: 404, body: 'not found' }));
  await page.route('**/demo/docs.jsonl', (r) => r.fulfill({ status: 200, body: '{"id":"v000001","zone":"premium"}\nnot json\n' }));
  const lab = new RankingPage(page);
  await lab.open('wasm');
  await expect(page.getByTestId('models.manifest-error')).toContainText('manifest.json is missing (HTTP 404)');
  await page.getByTestId('nav.models').click();
  await expect(page.getByTestId('panel.models')).toBeVisible();

  await page.unroute('**/models/manifest.json');
  await page.reload();
  await expect(page.getByTestId('models.docs-error')).toContainText(/line 1: .*; line 2: invalid JSON/);
  await expect(page.getByTestId('models.row.' + shippedModels()[0].id)).toBeVisible();
});

test('a doc set without precomputed embeddings is encoded in the worker, then reused from IndexedDB', async ({ page }) => {
  test.setTimeout(360_000);
  const towers = smallSet().filter((m) => m.kind === 'tower');
  const lab = new RankingPage(page);
  await lab.open('wasm', `&models=${towers.map((m) => m.id).join(',')}&embeddings=none&docLimit=200`);
  await expect(page.getByTestId('models.docs')).toContainText('200 docs');
  for (const m of towers) {
    await expect(page.getByTestId(`models.encode.${m.id}`)).toHaveAttribute('data-source', 'encoded', { timeout: 120_000 });
  }
  await lab.search(QUERY);
  const before = await lab.rows(towers[0].id);
  await page.reload();
  for (const m of towers) {
    await expect(page.getByTestId(`models.encode.${m.id}`)).toHaveAttribute('data-source', 'indexeddb', { timeout: 120_000 });
  }
  await lab.search(QUERY);
  // The same index from IndexedDB: the same docs in the same order. NOTE: scores to 1e-6, not exactly —
  // the query may be encoded on the lab's kernel in one page and on ORT in the other (the cold start
  // moves each tower from the kernel to ORT when it can; they agree to ~1e-6, see towerKernel.test.ts).
  const after = await lab.rows(towers[0].id);
  expect(after.map((r) => r.docId)).toEqual(before.map((r) => r.docId));
  after.forEach((r, i) => expect(Math.abs(r.score - before[i].score)).toBeLessThan(1e-6));
});

test('in-browser encoding runs on the encoding workers and the lab\'s kernel: cancel stops it, resume finishes it, scores equal onnxruntime-node\'s', async ({ page }) => {
  test.setTimeout(360_000);
  const N = 6000;
  const tower = smallSet().find((m) => m.role === 'student')!;
  const lab = new RankingPage(page);
  await lab.open('wasm', `&models=${tower.id}&embeddings=none&docLimit=${N}`);
  const state = page.getByTestId(`models.encode.${tower.id}`);
  await expect(state).toHaveAttribute('data-state', 'running', { timeout: 120_000 });
  await page.getByTestId(`models.encode-cancel.${tower.id}`).click();
  await expect(state).toHaveAttribute('data-state', 'cancelled', { timeout: 60_000 });
  // The doc encoding's batches ran in workers of their own, besides the lab's worker.
  expect(page.workers().map((w) => w.url()).filter((u) => u.includes('encode.worker')).length).toBeGreaterThanOrEqual(1);
  await page.getByTestId(`models.encode-resume.${tower.id}`).click();
  await expect(state).toHaveAttribute('data-source', 'encoded', { timeout: 240_000 });
  // …on the lab's own encoder kernel (src/runtime/encode/towerKernel.ts), once it matched ORT on a first batch
  await expect(state).toHaveAttribute('data-engine', "the lab's WASM SIMD kernel");
  await lab.setTopK(10);
  await lab.search(QUERY);
  const shown = await lab.rows(tower.id);
  // The same first N docs encoded natively, stored as fp16 as the lab stores them.
  const dir = mkdtempSync(join(tmpdir(), 'prerank-e2e-enc-'));
  const lines = readFileSync(DOCS_PATH, 'utf8').split('\n').slice(0, N);
  writeFileSync(join(dir, 'docs.jsonl'), `${lines.join('\n')}\n`);
  const e = await openNodeEngine({ modelsDir: MODELS_DIR, docsPath: join(dir, 'docs.jsonl'), models: [tower.id], noBm25: true });
  const vectors = await e.encodeDocs(tower.id);
  const file = encodeEmbeddingFile(vectors, { modelId: tower.id, modelSha256: '', docsetSha256: e.docs!.sha256, dim: e.tower(tower.id).dim, dtype: 'f16' });
  await e.setIndex(tower.id, DocIndex.fromStore(decodeEmbeddingFile(file).store));
  const ref = await e.rank({ query: QUERY, models: [tower.id], topK: 10, zone: 'all' });
  const col = ref.columns.find((c) => c.modelId === tower.id)!;
  expect(shown.map((r) => r.docId)).toEqual(col.results.map((r) => e.docs!.rows[r.doc].id));
  shown.forEach((r, i) => expect(Math.abs(r.score - col.results[i].score)).toBeLessThan(1e-3));
  await e.release();
});

test('the data files are never compressed on the fly: brotli copies from the build, or as they are', async ({ page }) => {
  const lab = new RankingPage(page);
  await lab.open('wasm');
  const rel = readManifest(MODELS_DIR).models.find((m) => m.role === 'student')!.files.lean!;
  const encoding = async (path: string, accept: string) => {
    const r = await page.request.get(path, { headers: { 'accept-encoding': accept } });
    expect(r.ok(), path).toBe(true);
    return r.headers()['content-encoding'];
  };
  expect(await encoding('/demo/docs.jsonl', 'gzip, deflate, br')).toBe('br'); // scripts/precompress.ts
  expect(await encoding('/demo/docs.jsonl', 'gzip, deflate')).toBeUndefined(); // no gzip on the fly
  expect(await encoding(`/models/${rel}`, 'gzip, deflate, br')).toBeUndefined(); // binary floats: as they are
  // the app's own code: its brotli copy, or gzip on the fly for a client without brotli
  const js = await page.evaluate(() => [...document.scripts].map((s) => s.src).find((s) => s.includes('/assets/')));
  expect(await encoding(js!, 'br')).toBe('br');
  expect(await encoding(js!, 'gzip')).toBe('gzip');
});
