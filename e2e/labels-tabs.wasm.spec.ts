// No label lost, in any tab: a grade keyed right before a reload is kept (the
// synchronous journal, src/data/labelJournal.ts), and two tabs labelling at
// once each see and export every stored label.
import { expect, test } from '@playwright/test';
import { LabelsPage, downloadOf } from './pages/labels';

test('a grade keyed right before a reload is kept', async ({ page }) => {
  const lp = new LabelsPage(page);
  await lp.open();
  await lp.setLabeller('e2e-reload');
  const graded: string[] = [];
  for (let i = 0; i < 6; i++) {
    const pair = await lp.current();
    await page.keyboard.press(String(i % 4));
    graded.push(`${pair.qid}/${pair.docid}`);
    await page.reload(); // no wait for "all saved"
    await lp.open();
    await lp.setLabeller('e2e-reload');
  }
  await lp.allSaved();
  const stored = (await lp.storedLabels()).filter((l) => l.labeller === 'e2e-reload').map((l) => `${l.qid}/${l.docid}`);
  expect(new Set(stored)).toEqual(new Set(graded));
});

test('two tabs labelling at once: each sees and exports every stored label', async ({ context }) => {
  const a = new LabelsPage(await context.newPage());
  const b = new LabelsPage(await context.newPage());
  await a.open(); await b.open();
  await a.setLabeller('tab-a'); await b.setLabeller('tab-b');
  for (let i = 0; i < 8; i++) {
    await a.page.bringToFront();
    await a.pressAndMove(String(i % 4));
    await b.page.bringToFront();
    await b.pressAndMove(String((i + 1) % 4));
  }
  await a.allSaved(); await b.allSaved();
  const stored = await a.storedLabels();
  expect(stored).toHaveLength(16);
  // Each tab shows every stored label (the other tab's arrive by BroadcastChannel)…
  for (const t of [a, b]) await expect(t.page.getByTestId('labels.total')).toHaveAttribute('data-count', '16');
  // …and an export from either holds them all.
  for (const t of [a, b]) {
    await t.page.getByTestId('labels.export-format').selectOption('jsonl');
    const file = await downloadOf(t.page, 'labels.export');
    expect(file.text.trim().split('\n')).toHaveLength(16);
  }
});
