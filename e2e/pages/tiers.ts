// Page object of the tiers panel: locators by dotted test id, and readers of
// the exact figures (every figure carries its raw value in data-value).
import { expect, type Locator, type Page } from '@playwright/test';

export class TiersPage {
  constructor(readonly page: Page) {}

  id(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  async open(url = '/?backend=wasm'): Promise<void> {
    await this.page.goto(url);
    await this.id('nav.tiers').click();
  }

  /** Opens a share link's hash (the link names the tiers panel). */
  async openLink(hash: string): Promise<void> {
    await this.page.goto(`/?backend=wasm#${hash}`);
    await expect(this.id('nav.tiers')).toHaveAttribute('aria-selected', 'true');
  }

  /** The address bar's hash once the lab has rewritten it to contain `part`. */
  async hashWith(part: string): Promise<string> {
    await expect.poll(() => this.page.evaluate(() => location.hash.slice(1)), { timeout: 10_000 }).toContain(part);
    return this.page.evaluate(() => location.hash.slice(1));
  }

  /** Serve from a pools file instead of the models. */
  async loadPools(file: string): Promise<void> {
    await this.id('tiers.import-pools').setInputFiles(file);
    await expect(this.id('tiers.lab')).toBeVisible();
  }

  async value(testId: string): Promise<number> {
    const v = await this.id(testId).getAttribute('data-value');
    if (v === null || v === '') throw new Error(`${testId}: no value`);
    return Number(v);
  }

  /** Waits until a figure differs from `before`, and returns it. */
  async changed(testId: string, before: number): Promise<number> {
    await expect.poll(() => this.value(testId)).not.toBe(before);
    return this.value(testId);
  }

  async setNumber(testId: string, v: number | string): Promise<void> {
    const f = this.id(testId);
    await f.fill(String(v));
    await f.blur();
  }

  async edit(side: 'A' | 'B'): Promise<void> {
    await this.id(`tiers.edit-${side}`).click();
    await expect(this.id('tiers.lab')).toHaveAttribute('data-editing', side);
  }

  /** The runtime's scoring progress (tiers.progress): queries done of the set, or null when none is shown. */
  async progress(): Promise<{ done: number; total: number } | null> {
    const el = this.id('tiers.progress');
    if (!(await el.count())) return null;
    const [done, total] = await Promise.all([el.getAttribute('data-done'), el.getAttribute('data-total')]).catch(() => [null, null]);
    return done === null || total === null ? null : { done: Number(done), total: Number(total) };
  }

  /**
   * Records, from the page's start, the text of every stall or silence banner the runtime shows
   * (features/models/StallBanner.tsx), however briefly; read it with bannersSeen(). Call before open().
   */
  async watchBanners(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { __banners: string[] };
      w.__banners = [];
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="runtime.stall"], [data-testid="runtime.silent"]')) {
          const text = el.textContent ?? '';
          if (!w.__banners.includes(text)) w.__banners.push(text);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
  }

  bannersSeen(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __banners: string[] }).__banners);
  }

  async previewRows(tier: number): Promise<{ ctr: number; score: number; taken: boolean }[]> {
    return this.id(`tiers.preview-tier-${tier}`).getByTestId('tiers.preview-row').evaluateAll((rows) => rows.map((r) => ({
      ctr: Number(r.getAttribute('data-ctr')), score: Number(r.getAttribute('data-score')), taken: r.getAttribute('data-taken') === 'true',
    })));
  }
}
