// The models bar and errors a user understands: a corrupt model file, a
// missing manifest, a doc set that fails validation — each named in the UI
// while the rest of the lab keeps working — and in-browser doc encoding whose
// result IndexedDB hands back on reload.
import { expect, test } from '@playwright/test';
import { readManifest } from '../src/runtime/node';
import { RankingPage } from './pages/ranking';
import { haveModels, MODELS_DIR, shippedModels, smallSet } from './reference';

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
  expect(await lab.rows(towers[0].id)).toEqual(before);
});
