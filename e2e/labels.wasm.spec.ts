import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabelsPage, downloadOf, upload, type Pair } from './pages/labels';

const key = (p: Pair): string => `${p.qid}/${p.docid}`;

test('keyboard labelling (digits, home row, undo, skip, next) survives a reload', async ({ page }) => {
  const lp = new LabelsPage(page);
  await lp.open();
  await lp.setLabeller('e2e-ana');
  await expect(lp.page.getByTestId('labels.title')).not.toBeEmpty();
  await expect(lp.page.getByTestId('labels.cover').locator('.label-cover-cell')).toHaveCount(16);

  // digits and home-row keys; then undo the last grade and give another
  const expected = new Map<string, number>();
  for (const [k, g] of [['2', 2], ['f', 3], ['a', 0], ['1', 1], ['s', 1]] as const) {
    expected.set(key(await lp.pressAndMove(k)), g);
  }
  const last = [...expected.keys()].at(-1)!;
  await page.keyboard.press('u');
  await expect(page.getByTestId('labels.card')).toHaveAttribute('data-docid', last.split('/')[1]);
  expected.set(key(await lp.pressAndMove('d')), 2);
  // skip and next grade nothing
  await lp.pressAndMove('k');
  await lp.pressAndMove('j');
  await lp.allSaved();
  expect(await lp.mineCount()).toBe(5);

  const stored = async (): Promise<Map<string, number>> =>
    new Map((await lp.storedLabels()).filter((l) => l.labeller === 'e2e-ana').map((l) => [`${l.qid}/${l.docid}`, l.grade]));
  expect(await stored()).toEqual(expected);
  const times = (await lp.storedLabels()).map((l) => l.time);
  expect(times.every((t) => t > Date.now() - 10 * 60_000)).toBe(true);

  await page.reload();
  await lp.open();
  await lp.setLabeller('e2e-ana');
  expect(await lp.mineCount()).toBe(5);
  expect(await stored()).toEqual(expected);

  // A second labeller starts at the top of the same queue: agreement appears.
  await lp.setLabeller('e2e-bo');
  await page.getByTestId('labels.title').click();
  for (const k of ['2', '3', '0']) await lp.pressAndMove(k);
  await lp.allSaved();
  const kappa = page.getByTestId('labels.kappa.e2e-ana.e2e-bo');
  await expect(kappa).toContainText('(3)');
  expect(Number(await kappa.getAttribute('data-value'))).toBeGreaterThan(-1.0001);

});

test('a crashed tab, then a browser restart, loses no acknowledged label', async ({ baseURL }, info) => {
  // A persistent profile on disk, so the browser can be killed and started again.
  const dir = mkdtempSync(join(tmpdir(), 'labels-crash-'));
  const launch = info.project.use.launchOptions ?? {};
  const url = `${baseURL}/?backend=wasm`;
  let ctx = await chromium.launchPersistentContext(dir, { ...launch });
  let lp = new LabelsPage(ctx.pages()[0] ?? await ctx.newPage());
  await lp.open(url);
  await lp.setLabeller('e2e-crash');
  const expected = new Map<string, number>();
  expected.set(key(await lp.pressAndMove('3')), 3);
  expected.set(key(await lp.pressAndMove('a')), 0);
  await lp.allSaved();
  const cdp = await ctx.newCDPSession(lp.page);
  const crashed = lp.page.waitForEvent('crash', { timeout: 20_000 });
  void cdp.send('Page.crash').catch(() => undefined); // never answers: the renderer is gone
  await crashed;
  await ctx.close();

  ctx = await chromium.launchPersistentContext(dir, { ...launch });
  lp = new LabelsPage(ctx.pages()[0] ?? await ctx.newPage());
  await lp.open(url);
  await lp.setLabeller('e2e-crash');
  expect(await lp.mineCount()).toBe(2);
  expect(new Map((await lp.storedLabels()).map((l) => [`${l.qid}/${l.docid}`, l.grade]))).toEqual(expected);
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

test('export → import in a fresh browser profile gives the same labels, in every format; a bad file changes nothing', async ({ page, browser }) => {
  const lp = new LabelsPage(page);
  await lp.open();
  await lp.setLabeller('e2e-io');
  for (const k of ['3', '2', '1', '0', 'd']) await lp.pressAndMove(k);
  await lp.allSaved();
  const mine = (await lp.storedLabels()).filter((l) => l.labeller === 'e2e-io');
  expect(mine).toHaveLength(5);

  const files: Record<string, { name: string; text: string }> = {};
  for (const f of ['trec', 'ranx', 'quepid', 'jsonl']) {
    await page.getByTestId('labels.export-format').selectOption(f);
    files[f] = await downloadOf(page, 'labels.export');
  }
  expect(files.trec.text.trim().split('\n')).toHaveLength(5);
  expect(files.quepid.text.split(/\r?\n/)[0]).toBe('query,docid,rating');

  // Elsewhere = a fresh browser profile (empty IndexedDB). JSONL first: it
  // carries the labeller; the qrels-shaped files are imported under a new name.
  const ctx = await browser.newContext();
  const other = new LabelsPage(await ctx.newPage());
  await other.open();
  const asText = (ls: { labeller: string; qid: string; docid: string; grade: number }[], who: string): string[] =>
    ls.filter((l) => l.labeller === who).map((l) => `${l.qid} ${l.docid} ${l.grade}`).sort();
  for (const f of ['jsonl', 'trec', 'ranx', 'quepid']) {
    const who = f === 'jsonl' ? 'e2e-io' : `rt-${f}`;
    await other.setLabeller(who);
    expect(await other.mineCount()).toBe(0);
    await upload(other.page, 'labels.import-file', files[f].name, files[f].text);
    await expect(other.page.getByTestId('labels.import-message')).toHaveAttribute('data-kind', 'ok');
    await expect(other.page.getByTestId('labels.import-message')).toContainText(`Imported 5 labels from ${files[f].name}`);
    await other.allSaved();
    expect(asText(await other.storedLabels(), who), f).toEqual(asText(mine, 'e2e-io'));
    await other.page.getByTestId('labels.export-format').selectOption(f);
    expect((await downloadOf(other.page, 'labels.export')).text, f).toBe(files[f].text);
  }
  await ctx.close();

  // A bad file: named file, line and reason; the existing labels untouched.
  const before = await lp.storedLabels();
  await upload(page, 'labels.import-file', 'broken.qrels', 'q00001 0 v000001 2\nq00001 0 v000002\nq00001 0 v000003 9\n');
  const msg = page.getByTestId('labels.import-message');
  await expect(msg).toHaveAttribute('data-kind', 'error');
  await expect(msg).toContainText('broken.qrels line 2: expected 4 fields');
  await expect(msg).toContainText("broken.qrels line 3: grade 9 of q00001 v000003 is outside the lab's 0–3 scale");
  await expect(msg).toContainText('Nothing was imported');
  expect(await lp.storedLabels()).toEqual(before);
});
