import { expect, test } from '@playwright/test';

test('the shell opens with a WASM backend badge and says why', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByRole('heading', { name: /Prerank Lab/ })).toBeVisible();
  await expect(page.getByTestId('header.backend-badge')).toHaveText('WASM');
  await expect(page.getByTestId('header.backend-reason')).toContainText('forced by the user');
  // Cross-origin isolation is what makes multi-threaded WASM possible.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  for (const id of ['ranking', 'inspect', 'tiers', 'labels', 'metrics', 'models', 'share']) {
    await expect(page.getByTestId(`nav.${id}`)).toBeVisible();
  }
});

test('the cold start keeps the one runtime worker it started before the app loaded, and records where its time went', async ({ page }) => {
  const labWorkers: string[] = [];
  page.on('worker', (w) => { if (w.url().includes('lab.worker')) labWorkers.push(w.url()); });
  await page.goto(`/?backend=wasm&q=${encodeURIComponent('红烧肉做法')}`);
  await expect(page.locator('[data-kind="tower"] [data-testid="ranking.row"]').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('header.backend-reason')).toContainText('1 thread');
  // Before the fix the app's first re-render stopped the prestarted worker and started a second one.
  expect(labWorkers).toHaveLength(1);
  const marks = (await page.evaluate(() => window.__lab!.timeline())).map((m) => m.name);
  for (const name of ['page: worker created', 'worker: init received', 'worker: ORT runtime started (first session)',
    'worker: doc set parsed', 'student_a: index ready (file)', 'worker: first rank answered with tower results', 'page: first tower results received']) {
    expect(marks, name).toContain(name);
  }
  expect(marks.indexOf('page: worker created')).toBeLessThan(marks.indexOf('page: first tower results received'));
});

test('?threads=2 gives the runtime worker two ORT threads (as many as the cores allow), and it still ranks', async ({ page }) => {
  await page.goto(`/?backend=wasm&threads=2&q=${encodeURIComponent('红烧肉做法')}`);
  const n = Math.min(2, await page.evaluate(() => navigator.hardwareConcurrency));
  await expect(page.getByTestId('header.backend-reason')).toContainText(`(${n} thread${n === 1 ? '' : 's'})`);
  await expect(page.locator('[data-kind="tower"] [data-testid="ranking.row"]').first()).toBeVisible({ timeout: 60_000 });
});
