// Switching doc sets never shows stale rows: while an imported set encodes,
// each tower column says "encoding N / M" and shows nothing of the previous
// set's index; BM25 ranks the new set at once; the compare bar only compares
// two non-empty lists.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { SharePage } from './pages/share';

test('type while an imported doc set encodes: no stale rows, honest compare', async ({ page }) => {
  // 20,000 docs of the demo world under new ids: long enough to encode that a query lands during it.
  const demo = readFileSync('public/demo/docs.jsonl', 'utf8').trim().split('\n').slice(0, 20_000).map((l) => JSON.parse(l) as { title: string; category: string });
  const tsv = ['id\ttitle\tcategory', ...demo.map((d, i) => `n${String(i).padStart(6, '0')}\t${d.title}\t${d.category}`)].join('\n') + '\n';

  await page.goto('/?backend=wasm');
  await page.getByTestId('ranking.query').fill('红烧肉怎么做');
  await expect(page.getByTestId('ranking.column.student_a').getByTestId('ranking.row').first()).toBeVisible({ timeout: 90_000 });

  const share = new SharePage(page);
  await page.getByTestId('nav.share').click();
  await share.importDocs('renamed.tsv', tsv);
  await page.getByTestId('byo.import').click();
  await expect(page.getByTestId('byo.docset')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('nav.ranking').click();

  // While any tower still encodes: it shows its progress and no rows; every row anywhere is from the new set.
  const waiting = page.locator('[data-waiting="index"]');
  await expect(waiting.first()).toBeVisible({ timeout: 30_000 });
  await expect(waiting.first()).toContainText(/encoding [\d,]+ \/ 20,000 docs|not ready yet/);
  const ids = await page.getByTestId('ranking.row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.docId ?? ''));
  expect(ids.filter((id) => !/^n\d{6}$/.test(id))).toEqual([]);
  for (const col of await page.locator('[data-testid^="ranking.column."]').all()) {
    if (await col.locator('[data-waiting="index"]').count()) expect(await col.getByTestId('ranking.row').count()).toBe(0);
  }
  // The compare bar never pairs an empty column.
  const compare = page.getByTestId('ranking.compare');
  if (await compare.count()) {
    for (const side of ['a', 'b']) {
      const id = await page.getByTestId(`ranking.compare.${side}`).inputValue();
      expect(await page.getByTestId(`ranking.column.${id}`).getAttribute('data-count')).not.toBe('0');
    }
  }

  // Once encoded, the student ranks the new set (ids of the new set only).
  await expect(page.getByTestId('ranking.column.student_a').getByTestId('ranking.row').first()).toHaveAttribute('data-doc-id', /^n\d{6}$/, { timeout: 170_000 });
});
