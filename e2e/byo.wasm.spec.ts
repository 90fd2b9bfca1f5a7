// Your own data in Chromium: a foreign CSV (odd columns, bad rows) imported
// with line-numbered problems; a BERT encoder exported by standard tooling
// (e2e/fixtures/byo/make_fixture.py, not this repo's recipe) loaded from a
// folder and ranking that doc set; data rendered as text; all under the CSP.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { SharePage } from './pages/share';

const FIX = join(import.meta.dirname, 'fixtures/byo');
const XSS = '<img src=x onerror=alert(1)>';
const CSV = [
  'vid;Headline;Sektion;Kat;click rate;kw;uploader_notes',
  'a1;独特标题测试;短视频;科技;3.5%;手机|评测;x',
  'a2;;short;美食;0.1;;empty title',
  'a3;红烧牛肉面做法;short;美食;0.2;"土豆,牛肉";x',
  'a4;bad ctr;short;美食;1.7;;x',
  'a5;too;few',
  `a6;${XSS};长视频;电影;;;x`,
  'a1;duplicate id;short;美食;;;x',
  'a7;"九州山海 第一集',
  '预告片";premium;电视剧;12%;;multi-line title',
].join('\n') + '\n';

test('a foreign CSV and a standard BERT export: imported, loaded from a folder, ranking, rendered as text', async ({ page }) => {
  const share = new SharePage(page);
  const res = await page.goto('/?backend=wasm#v=1&p=share');
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await page.evaluate(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await expect(page.getByTestId('share.panel')).toBeVisible();

  // 1. The doc set: columns guessed from odd names, bad rows reported by line, good rows kept.
  await share.importDocs('videos.csv', CSV);
  await expect(page.getByTestId('byo.format')).toHaveText('CSV (;)');
  await expect(page.getByTestId('byo.map.title')).toHaveValue('Headline');
  await expect(page.getByTestId('byo.map.ctr')).toHaveValue('click rate');
  await page.getByTestId('byo.map.id').selectOption('vid');
  await page.getByTestId('byo.map.zone').selectOption('Sektion');
  await page.getByTestId('byo.map.category').selectOption('Kat');
  await page.getByTestId('byo.map.tags').selectOption('kw');
  await expect(page.getByTestId('byo.sample')).toContainText('独特标题测试');
  await page.getByTestId('byo.import').click();
  await expect(page.getByTestId('byo.report')).toHaveAttribute('data-docs', '4');
  expect(await share.issues()).toEqual([
    '3: line 3: missing title (column "Headline")',
    '5: line 5: ctr "1.7" is not a number in [0, 1] (or a percentage)',
    '6: line 6: 3 fields, the header has 7',
    '8: line 8: duplicate id "a1"',
  ]);
  await expect(page.getByTestId('byo.active-docset')).toHaveAttribute('data-source', 'file');
  await expect(page.getByTestId('byo.docset')).toHaveAttribute('data-state', 'ready');

  // 2. An incompatible graph: the message names what is missing.
  await share.openModelFolder(join(FIX, 'not-an-encoder'));
  await expect(page.getByTestId('byo.model-problems')).toContainText('no "input_ids" input (its inputs: tokens)');
  await expect(page.getByTestId('byo.model-add')).toHaveCount(0);

  // 3. The standard export: int64 inputs read from the graph, pooling asked, run as a tower.
  await share.openModelFolder(join(FIX, 'tiny-bert-zh'));
  const opened = page.getByTestId('byo.model-opened');
  await expect(opened).toHaveAttribute('data-compatible', 'true');
  const id = (await opened.getAttribute('data-id'))!;
  expect(id).toMatch(/^byo-[0-9a-f]{8}$/);
  await expect(page.getByTestId('byo.io.input')).toHaveText([/input_idsint64/, /attention_maskint64/, /token_type_idsint64/]);
  await expect(page.getByTestId('byo.io.output')).toHaveText([/last_hidden_statefloat32\[batch_size, sequence_length, 32\]/]);
  await expect(page.getByTestId('byo.pooling-reason')).toContainText('cannot tell');
  await page.getByTestId('byo.pooling').selectOption('mean');
  await page.getByTestId('byo.model-add').click();
  await expect(page.getByTestId(`byo.model.${id}`)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId(`byo.encode.${id}`)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  // 4. It ranks the imported docs in the ranking panel: identical text → cosine 1 → first.
  await page.getByTestId('nav.ranking').click();
  await page.getByTestId('ranking.query').fill('独特标题测试 科技 手机 评测');
  const col = page.getByTestId(`ranking.column.${id}`);
  await expect(col.getByTestId('ranking.row').first()).toHaveAttribute('data-doc-id', 'a1', { timeout: 60_000 });
  await expect(col.getByTestId('ranking.row')).toHaveCount(4);

  // 5. The hostile title is text, never markup, and nothing ran.
  await page.getByTestId('ranking.query').fill(`${XSS} 电影`);
  await expect(col.getByTestId('ranking.row').first()).toHaveAttribute('data-doc-id', 'a6', { timeout: 60_000 });
  await expect(col.getByTestId('ranking.row').first()).toContainText(XSS);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(share.dialogs).toEqual([]);

  // 6. Under the CSP, with threaded WASM: no violations, isolation on, no page errors.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  expect(share.cspViolations).toEqual([]);
  expect(share.pageErrors).toEqual([]);
});
