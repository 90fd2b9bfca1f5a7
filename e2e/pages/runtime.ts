// Waiting on the runtime without hiding why it is slow: a wait that the
// runtime's stall banner (src/features/models/StallBanner.tsx) explains fails
// at once with the banner's words — which task the worker's run queue is stuck
// on, or that the worker went silent — instead of timing out minutes later.
import { expect, type Locator, type Page } from '@playwright/test';

/** Waits for `target` to be visible; fails early, naming the stuck task, if the runtime stalls. */
export async function visibleUnlessStalled(page: Page, target: Locator, timeout: number): Promise<void> {
  const stall = page.getByTestId('runtime.stall').or(page.getByTestId('runtime.silent'));
  await expect(target.or(stall).first()).toBeVisible({ timeout });
  if (await stall.count()) throw new Error(`the runtime stalled: ${await stall.first().textContent()}`);
}
