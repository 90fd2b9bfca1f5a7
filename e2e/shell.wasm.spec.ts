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
