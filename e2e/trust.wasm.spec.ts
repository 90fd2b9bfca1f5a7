// A lab a researcher can trust, on WASM: the labeller's name survives a reload
// and travels in the state file; encoding progress never reads "ETA Infinity s"
// and the models table names the backend once; the head views say what each
// head is (base tower, shipped checkpoint) and exports name the head and pair.
import { expect, test } from '@playwright/test';
import { InspectPage } from './pages/inspect';
import { downloadOf, LabelsPage } from './pages/labels';
import { TrustPage } from './pages/trust';
import { haveModels } from './reference';

test.skip(!haveModels(), 'needs models/manifest.json and the demo doc set');

test('the labeller\'s name survives a reload and is saved in the state file', async ({ page }) => {
  const labels = new LabelsPage(page);
  await labels.open('/?backend=wasm&models=student_a');
  await labels.setLabeller('ana 研究员');
  await page.reload();
  await page.getByTestId('nav.labels').click();
  await expect(page.getByTestId('labels.labeller')).toHaveValue('ana 研究员');
  await expect(page.getByTestId('labels.mine')).toContainText('graded by ana 研究员');
  await page.getByTestId('nav.share').click();
  const saved = JSON.parse((await downloadOf(page, 'share.save-state')).text) as { version: number; labeller?: string };
  expect(saved).toMatchObject({ version: 1, labeller: 'ana 研究员' });
});

test('encoding progress never shows an ETA of Infinity, and the models table names the backend once', async ({ page }) => {
  const t = new TrustPage(page);
  await t.watch({ never: /ETA (Infinity|NaN)|Infinity s|WASM — WASM|— WASM —/, progress: /\d+\/300 · / });
  // 300 docs of the demo set: no precomputed embeddings, so the tower encodes them here, from 0.
  await page.goto('/?backend=wasm&docLimit=300&models=student_a');
  await page.getByTestId('nav.models').click();
  await expect(page.getByTestId('models.encode.student_a')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(t.modelRow('student_a')).toContainText(/WASM( · lab kernel)? — forced by the user/);
  expect(await t.seen('never')).toEqual([]);
  expect((await t.seen('progress')).length, 'the encoding progress was on screen').toBeGreaterThan(0);
});

test('the head views say what each head is, and heatmap exports name the head and the pair', async ({ page }) => {
  const ip = new InspectPage(page);
  await page.goto('/?backend=wasm&docLimit=50&models=student_d');
  await ip.openTyped('琅琊榜', '琅琊榜 第1集 胡歌 电视剧');
  const multi = page.getByTestId('inspect.multihead.facts');
  await expect(multi).toHaveAttribute('data-step', '0', { timeout: 60_000 });
  await expect(multi).toHaveAttribute('data-base-tower', 'student_d');
  await expect(multi).toContainText('step 0 of 400');
  await expect(multi).toContainText('its score is the dot product sigmoid(q·d) of student_d');
  await expect(page.getByTestId('inspect.esim.facts')).toHaveAttribute('data-base-tower', 'student_d');
  await expect(page.getByTestId('inspect.esim.matrix')).toBeVisible({ timeout: 150_000 });
  const csv = await ip.download('inspect.esim.matrix.export-csv');
  expect(csv.name).toBe('esim-head_esim-raw-琅琊榜-琅琊榜_第1集_胡歌_电视剧.csv');
});
