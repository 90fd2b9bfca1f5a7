// Ranking on WebGPU (SwiftShader in CI: ~50–100× slower than WASM, so tiny
// inputs and correctness only): the same scores as onnxruntime-node, then a
// device loss falls back to WASM with the results unchanged.
import { expect, test } from '@playwright/test';
import { RankingPage } from './pages/ranking';
import { haveModels, referenceRank, smallSet } from './reference';

test.skip(!haveModels(), 'needs models/manifest.json and the demo doc set');
test.setTimeout(600_000);

const QUERY = process.env.E2E_QUERY ?? '深海传 第2集';
const K = 3;

test('WebGPU columns match onnxruntime-node; a lost device falls back to WASM with the same results', async ({ page }) => {
  // The teacher, one student and the fine ranker (`?models=`): every column kind, few shader compilations.
  const models = smallSet();
  const lab = new RankingPage(page);
  await lab.open('webgpu', `&models=${models.map((m) => m.id).join(',')}`);
  await expect(page.getByTestId('header.backend-badge')).toHaveText('WebGPU');
  await lab.setTopK(K);
  await lab.waitReady(models, 480_000);
  await lab.search(QUERY);
  const { res, ids } = await referenceRank(QUERY, K, 'all', models.map((m) => m.id));
  const check = async () => {
    for (const col of res.columns) {
      const shown = await lab.rows(col.modelId);
      expect(shown.map((r) => r.docId), col.modelId).toEqual(col.results.map((r) => ids(r.doc)));
      col.results.forEach((r, i) => expect(Math.abs(shown[i].score - r.score), `${col.modelId} rank ${i + 1}`).toBeLessThan(1e-3));
    }
  };
  await check();
  await expect(page.getByTestId('models.row.' + models[0].id)).toContainText('WebGPU');

  await page.evaluate(() => window.__lab!.simulateDeviceLoss());
  await expect(page.getByTestId('header.backend-badge')).toHaveText('WASM');
  await expect(page.getByTestId('models.fallback')).toContainText('fell back, results unchanged');
  await lab.waitReady(models, 240_000);
  await expect(page.getByTestId('models.row.' + models[0].id)).toContainText('WASM');
  await check();
});
