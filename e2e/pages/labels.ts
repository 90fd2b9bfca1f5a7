// Page object of the labels panel: open it, read the pair on screen, grade
// from the keyboard, wait until every label is durably saved.
import { expect, type Page } from '@playwright/test';

export interface Pair { qid: string; docid: string }

export class LabelsPage {
  constructor(readonly page: Page) {}

  async open(url = '/?backend=wasm'): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('nav.labels').click();
    await expect(this.page.getByTestId('labels.save-status')).toHaveAttribute('data-status', 'ready');
  }

  async setLabeller(name: string): Promise<void> {
    const box = this.page.getByTestId('labels.labeller');
    await box.fill(name);
    await box.press('Enter');
    await expect(this.page.getByTestId('labels.mine')).toContainText(`graded by ${name}`);
  }

  async current(): Promise<Pair> {
    const card = this.page.getByTestId('labels.card');
    await expect(card).toBeVisible();
    return { qid: (await card.getAttribute('data-qid'))!, docid: (await card.getAttribute('data-docid'))! };
  }

  /** Press a key and wait until the card shows another pair. */
  async pressAndMove(key: string): Promise<Pair> {
    const before = await this.current();
    await this.page.keyboard.press(key);
    await expect(this.page.getByTestId('labels.card')).not.toHaveAttribute('data-docid', before.docid);
    return before;
  }

  async allSaved(): Promise<void> {
    await expect(this.page.getByTestId('labels.save-status')).toHaveAttribute('data-pending', '0');
    await expect(this.page.getByTestId('labels.save-status')).toHaveText('all saved');
  }

  async mineCount(): Promise<number> {
    return Number(await this.page.getByTestId('labels.mine').getAttribute('data-count'));
  }

  /** Every label record in IndexedDB, read straight from the database. */
  async storedLabels(): Promise<{ qid: string; docid: string; grade: number; labeller: string; time: number }[]> {
    return this.page.evaluate(() => new Promise((resolve, reject) => {
      const r = indexedDB.open('prerank-lab-labels');
      r.onerror = () => reject(r.error);
      r.onsuccess = () => {
        const g = r.result.transaction('labels', 'readonly').objectStore('labels').getAll();
        g.onsuccess = () => { resolve(g.result); r.result.close(); };
        g.onerror = () => reject(g.error);
      };
    }));
  }
}

/** Download helpers shared by the labels and metrics specs. */
// NOTE: Chromium throttles a page's rapid successive downloads: in the shipped-models metrics spec
// (two files per model, ~20 in a row) the 11th click silently started none. Measured: with 1.5 s
// between downloads all of them arrive. So downloads from one page are spaced.
const lastDownload = new WeakMap<Page, number>();
const DOWNLOAD_GAP_MS = 1_200;

export async function downloadOf(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const wait = (lastDownload.get(page) ?? 0) + DOWNLOAD_GAP_MS - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  lastDownload.set(page, Date.now());
  const path = await dl.path();
  const { readFileSync } = await import('node:fs');
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

export async function upload(page: Page, testId: string, name: string, text: string): Promise<void> {
  await page.getByTestId(testId).setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
}
