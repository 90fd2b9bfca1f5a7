// The judgment loop in the ranking view: a grade badge on every row, 0–3 on a
// focused row grades it, and that column's nDCG@10 for the query moves.
import { expect, test } from '@playwright/test';
import { LabelsPage } from './pages/labels';

test('grading in the ranking view: badge, stored label, and the column\'s nDCG@10 moves', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await page.getByTestId('ranking.query').fill('高勇主演'); // a demo query (q00003)
  const col = page.getByTestId('ranking.column.student_a');
  await expect(col.getByTestId('ranking.row').first()).toBeVisible({ timeout: 90_000 });
  const judge = page.getByTestId('ranking.judge');
  await expect(judge).toHaveAttribute('data-qid', 'q00003');
  await page.getByTestId('ranking.label-source').selectOption('both');

  // Grade the column's first ungraded-or-any row 3 and its second 0; the badges and nDCG follow.
  const ndcg = page.getByTestId('ranking.ndcg.student_a');
  const rows = col.getByTestId('ranking.row');
  const before = await ndcg.getAttribute('data-value');
  const [first, second] = [rows.nth(0), rows.nth(1)];
  const g1 = await first.getAttribute('data-grade');
  await first.focus();
  await page.keyboard.press(g1 === '0' ? '3' : '0');
  await expect(first).toHaveAttribute('data-grade', g1 === '0' ? '3' : '0');
  await second.focus();
  await page.keyboard.press('3');
  await expect(second).toHaveAttribute('data-grade', '3');
  await expect(ndcg).not.toHaveAttribute('data-value', before ?? '');

  // The grades are lab labels of this query, stored durably.
  const lp = new LabelsPage(page);
  await expect.poll(async () => (await lp.storedLabels()).filter((l) => l.qid === 'q00003').length).toBe(2);
  // Under the ground truth the lab's grades do not count, and the bar says so.
  await page.getByTestId('ranking.label-source').selectOption('truth');
  await expect(judge).toContainText('ignores lab grades');
});
