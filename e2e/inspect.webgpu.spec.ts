// The inspect panel on WebGPU (SwiftShader in CI: slow, so one tiny typed
// pair): the query tower's grid and one map, and the fine ranker's first
// map, equal onnxruntime-node within 1e-3.
import { expect, test } from '@playwright/test';
import { InspectPage, MODELS_MISSING, TOL, maxDiff, nodeEngine, refMap } from './pages/inspect';

test.skip(MODELS_MISSING, 'no models/manifest.json: train and export the models first');

test('a tiny typed pair on WebGPU equals onnxruntime-node', async ({ page }) => {
  test.setTimeout(540_000); // SwiftShader compiles shaders per new shape: minutes, not seconds
  const ip = new InspectPage(page);
  const eng = nodeEngine();
  const query = '琅琊榜', doc = '琅琊榜 电视剧';
  await page.goto('/?backend=webgpu&docLimit=16');
  await expect(page.getByTestId('header.backend-badge')).toHaveText('WebGPU');
  await ip.openTyped(query, doc);
  const towerId = await page.getByTestId('inspect.tower').inputValue();
  const tp = await eng.towerPair(towerId, query, doc);
  const g = await ip.grid('query', 400_000);
  expect(g).toEqual({ layers: tp.query.attentions.dims[1], heads: tp.query.attentions.dims[2], maps: tp.query.attentions.dims[1] * tp.query.attentions.dims[2] });
  await ip.selectMap('query', g.layers - 1, 0);
  const shown = await ip.matrix('inspect.detail.map');
  expect(maxDiff(shown.values, refMap(tp.query.attentions, tp.query.tokens, g.layers - 1, 0))).toBeLessThan(TOL);
  const cp = await eng.crossPair(query, doc);
  await ip.grid('fine', 300_000);
  await ip.selectMap('fine', 0, 0);
  expect(maxDiff((await ip.matrix('inspect.detail.map')).values, refMap(cp.attentions, cp.tokens, 0, 0))).toBeLessThan(TOL);
});
