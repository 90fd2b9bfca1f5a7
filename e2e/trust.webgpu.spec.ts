// Auto never picks a software WebGPU adapter, and no model is loaded on an
// adapter that cannot run it. Headless Chromium's only adapter here is
// SwiftShader (software, no shader-f16): auto must say so and run WASM;
// `?backend=webgpu` still runs WebGPU, and there the fp16 tower is not loaded
// (its row says why) instead of failing with ONNX Runtime's "requires f16".
import { expect, test } from '@playwright/test';
import { TrustPage } from './pages/trust';
import { haveModels } from './reference';

test('auto on a software adapter runs WASM and says why; ?backend=webgpu still forces WebGPU', async ({ page }) => {
  const t = new TrustPage(page);
  await page.goto('/?models=student_a');
  const auto = await t.backend();
  expect(auto.badge).toBe('WASM');
  expect(auto.reason).toMatch(/^the only WebGPU adapter is a software one \(.*swiftshader.*\)/i);
  expect(auto.reason).toContain('?backend=webgpu forces it');
  await expect(page.getByTestId('header.backend')).toHaveAttribute('data-backend', 'wasm');

  await page.goto('/?backend=webgpu&models=student_a');
  const forced = await t.backend();
  expect(forced.badge).toBe('WebGPU');
  expect(forced.reason).toMatch(/^forced by the user: .*without shader-f16; a software adapter/);
});

test('an fp16 graph is not loaded on an adapter without shader-f16; its row says why', async ({ page }) => {
  test.skip(!haveModels(), 'needs models/manifest.json');
  const t = new TrustPage(page);
  await t.watch({ never: /requires f16/i });
  await page.goto('/?backend=webgpu&models=cmp_tower_fp16');
  expect((await t.backend()).badge).toBe('WebGPU');
  await expect(t.modelRow('cmp_tower_fp16')).toHaveAttribute('data-state', 'skipped', { timeout: 60_000 });
  await expect(page.getByTestId('models.skipped.cmp_tower_fp16')).toContainText('an fp16 graph needs WebGPU shader-f16, which this adapter lacks');
  expect(await t.seen('never')).toEqual([]);
});
