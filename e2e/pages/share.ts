// Page object for the share panel: link, state file, your doc set, your model.
import { expect, type Page } from '@playwright/test';

export class SharePage {
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];
  readonly cspViolations: string[] = [];

  constructor(readonly page: Page) {
    page.on('dialog', (d) => { this.dialogs.push(d.message()); void d.dismiss(); });
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) this.cspViolations.push(m.text()); });
  }

  async open(hash = 'v=1&p=share'): Promise<void> {
    await this.page.goto(`/?backend=wasm#${hash}`);
    await expect(this.page.getByTestId('share.panel')).toBeVisible();
  }

  async importDocs(name: string, text: string): Promise<void> {
    await this.page.getByTestId('byo.docs-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect(this.page.getByTestId('byo.mapping')).toBeVisible();
  }

  /** The problems an import listed, as "line: reason". */
  async issues(): Promise<string[]> {
    return this.page.getByTestId('byo.issue').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.line}: ${e.textContent}`));
  }

  async openModelFolder(dir: string): Promise<void> {
    await this.page.getByTestId('byo.model-folder').setInputFiles(dir);
    await expect(this.page.getByTestId('byo.model-opened').or(this.page.getByTestId('byo.model-error'))).toBeVisible({ timeout: 60_000 });
  }
}
