import { expect, test } from '@playwright/test';

test('the shell finds the WebGPU adapter and names it', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  await expect(page.getByTestId('header.backend-badge')).toHaveText('WebGPU');
  await expect(page.getByTestId('header.backend-reason')).toContainText(/adapter|forced/);
  await expect(page.getByTestId('header.backend-reason')).toContainText('shader-f16');
});
