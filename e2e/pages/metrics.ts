// Page object of the metrics panel's knobs: set several at once, read them
// all back (the selects' values, as the share link carries them).
import { expect, type Page } from '@playwright/test';

export interface MetricsKnobValues {
  split: string;
  limit: string;
  gain: string;
  ndcgK: string;
  recallK: string;
  reference: string;
  groupMetric: string;
}

const IDS: Record<keyof MetricsKnobValues, string> = {
  split: 'metrics.split', limit: 'metrics.query-limit', gain: 'metrics.gain', ndcgK: 'metrics.ndcg-k',
  recallK: 'metrics.recall-k', reference: 'metrics.reference', groupMetric: 'metrics.group-metric',
};

export class MetricsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav.metrics').click();
    await expect(this.page.getByTestId('metrics.split')).toBeVisible({ timeout: 60_000 });
  }

  async setKnobs(v: Partial<MetricsKnobValues>): Promise<void> {
    for (const [k, value] of Object.entries(v) as [keyof MetricsKnobValues, string][]) await this.page.getByTestId(IDS[k]).selectOption(value);
  }

  async expectKnobs(v: Partial<MetricsKnobValues>): Promise<void> {
    for (const [k, value] of Object.entries(v) as [keyof MetricsKnobValues, string][]) await expect(this.page.getByTestId(IDS[k])).toHaveValue(value);
  }
}
