// Big and bad imports never freeze the page: label files and state files are
// read, checked and written in the import worker, with progress and Cancel.
// Freezes are counted as the probe counts them: main-thread tasks
// over 200 ms (the browser's Long Tasks API), from the upload to the outcome.
import { expect, test, type Page } from '@playwright/test';
import { LabelsPage, upload } from './pages/labels';

/** Starts recording long tasks (> 50 ms) from now; returns a reader of their durations. */
async function watchLongTasks(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __longObs?: PerformanceObserver };
    w.__longObs?.disconnect();
    w.__long = [];
    w.__longObs = new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__long.push(Math.round(e.duration)); });
    w.__longObs.observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => (window as unknown as { __long: number[] }).__long);
}

const qrelsLines = (n: number, grade: (i: number) => number): string => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`q${String(i % 4000).padStart(5, '0')} 0 v${String(i).padStart(6, '0')} ${grade(i)}`);
  return out.join('\n') + '\n';
};

test('a 5 MB qrels file with grades 0–4 is refused in seconds, listing lines; the page never freezes', async ({ page }) => {
  const lp = new LabelsPage(page);
  await lp.open();
  await lp.setLabeller('e2e-big');
  await page.waitForTimeout(1500); // let the panel's own start-up finish before counting
  const text = qrelsLines(250_000, (i) => i % 5); // ~5 MB, a fifth of the rows out of range
  expect(text.length).toBeGreaterThan(4.5e6);
  const longTasks = await watchLongTasks(page);
  const t0 = Date.now();
  await upload(page, 'labels.import-file', 'big.qrels', text);
  const msg = page.getByTestId('labels.import-message');
  await expect(msg).toHaveAttribute('data-kind', 'error', { timeout: 60_000 });
  const ms = Date.now() - t0;
  await expect(msg).toContainText('Nothing was imported from big.qrels (50,000 problems)');
  await expect(msg).toContainText("big.qrels line 5: grade 4 of q00004 v000004 is outside the lab's 0–3 scale");
  const long = await longTasks();
  console.log(`refused 250k-line qrels in ${ms} ms; long tasks: ${JSON.stringify(long)}`);
  expect(long.filter((d) => d > 200)).toEqual([]);
  expect(await lp.storedLabels()).toEqual([]);
});

test('a valid 5 MB qrels file imports with progress and no freeze; Cancel rolls a second one back', async ({ page }) => {
  const lp = new LabelsPage(page);
  await lp.open();
  await lp.setLabeller('e2e-big');
  await page.waitForTimeout(1500);
  const longTasks = await watchLongTasks(page);
  const t0 = Date.now();
  await upload(page, 'labels.import-file', 'good.qrels', qrelsLines(250_000, (i) => i % 4));
  await expect(page.getByTestId('labels.import-progress')).toBeVisible();
  const msg = page.getByTestId('labels.import-message');
  await expect(msg).toHaveAttribute('data-kind', 'ok', { timeout: 120_000 });
  await expect(msg).toContainText('Imported 250,000 labels from good.qrels');
  const ms = Date.now() - t0;
  const long = await longTasks();
  console.log(`imported 250k labels in ${ms} ms; long tasks: ${JSON.stringify(long)}`);
  expect(long.filter((d) => d > 200)).toEqual([]);
  expect((await lp.storedLabels()).length).toBe(250_000);

  // A second file, cancelled while it writes: nothing of it lands.
  await upload(page, 'labels.import-file', 'second.qrels', qrelsLines(250_000, () => 3).replace(/^q/gm, 'x'));
  await expect(page.getByTestId('labels.import-progress')).toHaveAttribute('data-what', 'writing labels', { timeout: 60_000 });
  await page.getByTestId('labels.import-progress-cancel').click();
  await expect(msg).toContainText('cancelled; nothing was imported');
  expect((await lp.storedLabels()).length).toBe(250_000);
});

test('a 200k-label state file opens without freezing the page', async ({ page }) => {
  const lp = new LabelsPage(page);
  await lp.open('/?backend=wasm#v=1&p=share');
  await page.waitForTimeout(1500);
  const labels = Array.from({ length: 200_000 }, (_, i) => ({ qid: `q${String(i % 4000).padStart(5, '0')}`, docid: `v${String(i).padStart(6, '0')}`, grade: i % 4, labeller: 'state', time: 1 }));
  const body = JSON.stringify({ format: 'prerank-lab-state', version: 1, savedAt: '', view: 'v=1&p=labels', labels, docset: null, modelset: null });
  const longTasks = await watchLongTasks(page);
  const t0 = Date.now();
  await page.getByTestId('share.open-state').setInputFiles({ name: 'big-state.json', mimeType: 'application/json', buffer: Buffer.from(body) });
  await expect(page.getByTestId('share.state-report')).toContainText('200000 added', { timeout: 120_000 });
  const ms = Date.now() - t0;
  const long = await longTasks();
  console.log(`opened a ${(body.length / 1e6).toFixed(1)} MB state file (200k labels) in ${ms} ms; long tasks: ${JSON.stringify(long)}`);
  expect(long.filter((d) => d > 200)).toEqual([]);
  expect((await lp.storedLabels()).length).toBe(200_000);
});
