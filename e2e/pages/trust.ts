// Page object for the "a lab a researcher can trust" specs: the header's
// backend (badge and reason), a model's row in the models bar, and a watch
// for text that must never appear on the page, even for one frame.
import { expect, type Page } from '@playwright/test';

export class TrustPage {
  constructor(readonly page: Page) {}

  /** Records, from the first paint on, every text node matching each pattern (read back with seen(name)). */
  async watch(patterns: Record<string, RegExp>): Promise<void> {
    const list = Object.entries(patterns).map(([name, re]) => [name, re.source, re.flags]);
    await this.page.addInitScript((list) => {
      const res = list.map(([name, source, flags]) => [name, new RegExp(source, flags)] as const);
      const w = window as unknown as { __seen: Record<string, string[]> };
      w.__seen = Object.fromEntries(list.map(([name]) => [name, []]));
      const check = (n: Node | null) => {
        const t = n?.textContent ?? '';
        for (const [name, re] of res) if (re.test(t)) w.__seen[name].push(t.slice(0, 200));
      };
      new MutationObserver((records) => {
        // NOTE: React updates a line one text node at a time: the element around a change holds the whole line.
        for (const r of records) check(r.type === 'characterData' ? r.target.parentElement : r.target);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    }, list);
  }

  async seen(name: string): Promise<string[]> {
    return this.page.evaluate((name) => (window as unknown as { __seen: Record<string, string[]> }).__seen[name], name);
  }

  async backend(): Promise<{ badge: string; reason: string }> {
    const badge = this.page.getByTestId('header.backend-badge');
    await expect(badge).not.toHaveText('probing…');
    return { badge: (await badge.textContent()) ?? '', reason: (await this.page.getByTestId('header.backend-reason').textContent()) ?? '' };
  }

  modelRow(id: string) {
    return this.page.getByTestId(`models.row.${id}`);
  }
}
