// Page object for the ranking panel and the models bar.
import { expect, type Locator, type Page } from '@playwright/test';

export interface ShownRow {
  docId: string;
  score: number;
  fineScore?: number;
}

export class RankingPage {
  constructor(readonly page: Page) {}

  async open(backend: 'wasm' | 'webgpu', extra = ''): Promise<void> {
    await this.page.goto(`/?backend=${backend}${extra}`);
    await expect(this.page.getByTestId('models.bar')).toBeVisible();
  }

  modelRow(id: string): Locator {
    return this.page.getByTestId(`models.row.${id}`);
  }

  /** Waits until every listed model is loaded and every tower has its doc index. */
  async waitReady(models: { id: string; kind: string }[], timeout = 120_000): Promise<void> {
    for (const m of models) {
      await expect(this.modelRow(m.id)).toHaveAttribute('data-state', 'ready', { timeout });
      if (m.kind === 'tower') await expect(this.page.getByTestId(`models.encode.${m.id}`)).toHaveAttribute('data-state', 'done', { timeout });
    }
  }

  async setTopK(k: number): Promise<void> {
    await this.page.getByTestId('ranking.topk').fill(String(k));
  }

  async search(q: string): Promise<void> {
    await this.page.getByTestId('ranking.query').fill(q);
    await expect(this.page.getByTestId('ranking.columns')).toHaveAttribute('data-query', q.trim(), { timeout: 120_000 });
  }

  column(id: string): Locator {
    return this.page.getByTestId(`ranking.column.${id}`);
  }

  /** Waits for a column with rows, then reads them. */
  async rows(id: string, timeout = 120_000): Promise<ShownRow[]> {
    const col = this.column(id);
    await expect(col.getByTestId('ranking.row').first()).toBeVisible({ timeout });
    return col.getByTestId('ranking.row').evaluateAll((els) => els.map((e) => {
      const el = e as HTMLElement;
      const fine = el.dataset.fineScore;
      return { docId: el.dataset.docId!, score: Number(el.dataset.score), ...(fine ? { fineScore: Number(fine) } : {}) };
    }));
  }
}
