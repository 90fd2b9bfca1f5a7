// Share links and the state file in Chromium: a copied link restores the same
// view in a fresh browser context; hundreds of mangled links never break the
// page; a link from another doc set says so; the state file carries labels
// and a bad one changes nothing.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { restoreShareState } from '../src/data/shareState';
import { mangledLinks } from '../src/data/share/mangle';
import { LabelsPage } from './pages/labels';
import { MetricsPage } from './pages/metrics';
import { SharePage } from './pages/share';

const START = 'v=1&q=%E5%BA%86%E4%BD%99%E5%B9%B4&b=wasm&ls=both&i=q00012,v000123&k=50'
  + '&t=minmax,0.35,blend,0.7,0.8;0.5;0.2,120;60;20;5&tb=zscore,0.6,score,0.5,0.7;0.4,100;60;20&p=tiers';

// NOTE: these specs test the view, not the models: the shipped models are kept
// out (manifest 404 — the runtime goes on with the doc set alone) so the page
// is not busy loading and encoding while hundreds of links go through it.
async function withoutModels(ctx: BrowserContext | Page): Promise<void> {
  await ctx.route('**/models/manifest.json', (r) => r.fulfill({ status: 404, body: 'kept out by the share spec' }));
}

/** The hash once the lab has rewritten it (debounced) from its own state. */
async function settledHash(page: Page): Promise<string> {
  let last = '';
  await expect.poll(async () => {
    const h = await page.evaluate(() => location.hash.slice(1));
    const same = h === last;
    last = h;
    return same && h.includes('ds=');
  }, { intervals: [400], timeout: 60_000 }).toBe(true);
  return last;
}

test('a copied link opens the same view in a new browser context', async ({ browser }) => {
  const ctxA = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  await withoutModels(ctxA);
  const a = await ctxA.newPage();
  await a.goto(`/?backend=wasm#${START}`);
  await expect(a.getByTestId('nav.tiers')).toHaveAttribute('aria-selected', 'true');
  // Change the view through the UI: another panel, query and zone.
  await a.getByTestId('nav.ranking').click();
  await a.getByTestId('ranking.query').fill('九州山海 第2季 <b>粗排</b>');
  await a.getByTestId('ranking.zone').selectOption('premium');
  const hashA = await settledHash(a); // once the doc set is known, the link names it (ds=)
  await a.getByTestId('share.copy-link').click();
  await expect(a.getByTestId('share.copy-link')).toHaveAttribute('data-status', /copied|select/);
  const link = (await a.getByTestId('share.copy-link').getAttribute('data-status')) === 'copied'
    ? await a.evaluate(() => navigator.clipboard.readText())
    : await a.getByTestId('share.link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?backend=wasm#v=1&/);
  const view = restoreShareState(hashA);
  expect(view.warnings).toEqual([]);
  expect(view.state).toMatchObject({
    query: '九州山海 第2季 <b>粗排</b>', zone: 'premium', panel: 'ranking', backend: 'wasm', labelSource: 'both', topK: 50,
    inspect: { q: 'q00012', doc: 'v000123' },
    tiers: { norm: 'minmax', cutoff: 0.35, order: 'blend', alpha: 0.7, boundaries: [0.8, 0.5, 0.2], quotas: [120, 60, 20, 5] },
    tiersB: { norm: 'zscore', cutoff: 0.6, order: 'score' },
  });
  expect(restoreShareState(link).state).toEqual(view.state);

  const ctxB = await browser.newContext(); // fresh: no storage, no history
  await withoutModels(ctxB);
  const b = await ctxB.newPage();
  const share = new SharePage(b);
  await b.goto(link);
  await expect(b.getByTestId('nav.ranking')).toHaveAttribute('aria-selected', 'true');
  await expect(b.getByTestId('ranking.query')).toHaveValue('九州山海 第2季 <b>粗排</b>');
  await expect(b.getByTestId('ranking.zone')).toHaveValue('premium');
  await expect(b.getByTestId('header.backend-select')).toHaveValue('wasm');
  expect(await settledHash(b)).toBe(hashA); // every shared field equal: the hash is written from the store
  await expect(b.getByTestId('share.notices')).toHaveCount(0); // same doc set, nothing repaired
  expect(await b.locator('b', { hasText: '粗排' }).count()).toBe(0); // the query is text, not markup
  expect(share.pageErrors).toEqual([]);
  await ctxA.close();
  await ctxB.close();
});

test('metrics knobs, the inspect view and the labelling position travel in a copied link', async ({ browser }) => {
  const ctxA = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  await withoutModels(ctxA);
  const a = await ctxA.newPage();
  // The selected map (doc side, layer 3, head 2) comes in by link: without models there is no grid to click.
  await a.goto('/?backend=wasm#v=1&b=wasm&i=q00012,v000123&iv=,,,,,,doc,3,2&p=metrics');
  const metricsA = new MetricsPage(a);
  await expect(a.getByTestId('metrics.split')).toBeVisible({ timeout: 60_000 });
  const knobs = { split: 'valid', limit: '200', gain: 'linear', ndcgK: '20', recallK: '50', reference: '', groupMetric: 'rr' };
  await metricsA.setKnobs(knobs);
  await a.getByTestId('nav.inspect').click();
  await a.getByTestId('inspect.toggle.hide-special').check();
  await a.getByTestId('inspect.toggle.rollout').check();
  const labelsA = new LabelsPage(a);
  await a.getByTestId('nav.labels').click();
  await expect(a.getByTestId('labels.save-status')).toHaveAttribute('data-status', 'ready');
  await a.getByTestId('labels.split').selectOption('valid');
  await labelsA.pressAndMove('j');
  await labelsA.pressAndMove('j');
  const pair = await labelsA.current();
  const hashA = await settledHash(a);
  await a.getByTestId('share.copy-link').click();
  await expect(a.getByTestId('share.copy-link')).toHaveAttribute('data-status', /copied|select/);
  const link = (await a.getByTestId('share.copy-link').getAttribute('data-status')) === 'copied'
    ? await a.evaluate(() => navigator.clipboard.readText())
    : await a.getByTestId('share.link').inputValue();
  const view = restoreShareState(link);
  expect(view.warnings).toEqual([]);
  expect(view.state).toMatchObject({
    panel: 'labels',
    metrics: { split: 'valid', limit: 200, gain: 'linear', ndcgK: 20, recallK: 50, reference: '', groupMetric: 'rr' },
    labelQueue: { split: 'valid' }, labelPos: pair,
    inspectView: { hideSpecial: true, rollout: true, meanHeads: false, source: 'doc', layer: 2, head: 1 },
  });
  expect(restoreShareState(hashA).state).toEqual(view.state);

  const ctxB = await browser.newContext(); // fresh: no storage, no labels
  await withoutModels(ctxB);
  const b = await ctxB.newPage();
  await b.goto(link);
  await expect(b.getByTestId('nav.labels')).toHaveAttribute('aria-selected', 'true');
  await expect(b.getByTestId('labels.split')).toHaveValue('valid');
  expect(await new LabelsPage(b).current()).toEqual(pair); // the same card, not the top of the queue
  await new MetricsPage(b).open();
  await new MetricsPage(b).expectKnobs(knobs);
  await b.getByTestId('nav.inspect').click();
  await expect(b.getByTestId('inspect.toggle.hide-special')).toBeChecked();
  await expect(b.getByTestId('inspect.toggle.rollout')).toBeChecked();
  await expect(b.getByTestId('inspect.toggle.mean-heads')).not.toBeChecked();
  await b.getByTestId('nav.labels').click();
  expect(await settledHash(b)).toBe(hashA); // every shared field equal, the layer/head selection included
  await expect(b.getByTestId('share.notices')).toHaveCount(0);
  await ctxA.close();
  await ctxB.close();
});

test('hundreds of mangled links in one page, then reloads: the page stays alive', async ({ page }) => {
  await withoutModels(page);
  const share = new SharePage(page);
  await page.goto('/?backend=wasm#v=1&p=share');
  await expect(page.getByTestId('share.panel')).toBeVisible();
  test.setTimeout(300_000); // a few hundred full re-renders (panels mount and unmount); ~1 min on an idle 2-core box
  const links = mangledLinks(20261129, 300);
  for (let i = 0; i < links.length; i += 50) {
    const t0 = Date.now();
    await page.evaluate(async (batch) => {
      for (const h of batch) {
        location.hash = h;
        await new Promise((r) => setTimeout(r, 5));
      }
    }, links.slice(i, i + 50));
    await expect(page.getByTestId('header.backend')).toBeVisible();
    await expect(page.locator('[data-testid^="panel."]')).toHaveCount(1);
    console.log(`mangled links ${i + 50}: ${Date.now() - t0} ms`);
  }
  for (const h of links.slice(0, 12)) { // full reloads with a mangled hash
    await page.goto(`/?backend=wasm#${h}`);
    await expect(page.locator('[data-testid^="panel."]')).toHaveCount(1);
  }
  // The address bar ends up holding a clean, canonical link.
  await expect.poll(async () => restoreShareState(await page.evaluate(() => location.hash)).warnings, { timeout: 10_000 }).toEqual([]);
  expect(share.dialogs).toEqual([]);
  expect(share.pageErrors).toEqual([]);
});

test('a link from another doc set warns, naming what differs; a hostile link renders as text', async ({ page }) => {
  await withoutModels(page);
  const share = new SharePage(page);
  await page.goto('/?backend=wasm#v=1&ds=deadbeef0123&p=share&q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&zz=1');
  await expect(page.getByTestId('share.warning')).toContainText('another doc set (deadbeef…)', { timeout: 60_000 });
  await expect(page.getByTestId('share.warning')).toContainText('the demo world');
  await expect(page.getByTestId('share.link-warnings')).toContainText('unknown key "zz" dropped');
  await page.getByTestId('nav.ranking').click();
  await expect(page.getByTestId('ranking.query')).toHaveValue('<img src=x onerror=alert(1)>');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await page.getByTestId('share.dismiss').click();
  await expect(page.getByTestId('share.notices')).toHaveCount(0);
  expect(share.dialogs).toEqual([]);
});

test('the state file: labels + view out, a bad file changes nothing, a good one merges', async ({ page }, info) => {
  // NOTE: models/ answers 404 here: the doc set's identity comes from the doc set itself (#10).
  await withoutModels(page);
  const share = new SharePage(page);
  await share.open('v=1&p=share');
  const file = (labels: object[], view = 'v=1&p=labels&ls=human&q=xhcm') => ({
    name: 'state.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'prerank-lab-state', version: 1, savedAt: '', view, labels, docset: null, modelset: null })),
  });
  const L = (docid: string, grade: number, time = 1) => ({ qid: 'q00001', docid, grade, labeller: 'me', time });
  await page.getByTestId('share.open-state').setInputFiles(file([L('v000001', 3), L('v000002', 0), { junk: true }]));
  await expect(page.getByTestId('share.state-report')).toContainText('2 added');
  await expect(page.getByTestId('share.state-report')).toContainText('1 invalid label skipped');
  await expect(page.getByTestId('nav.labels')).toHaveAttribute('aria-selected', 'true'); // the file's view
  await page.getByTestId('nav.share').click();

  for (const bad of ['{"format":"prerank-lab-state","version":1,"labels":{}}', 'not json', '{"format":"prerank-lab-state","version":7,"labels":[]}']) {
    await page.getByTestId('share.open-state').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await expect(page.getByTestId('share.state-error')).toContainText('nothing changed');
  }
  await page.getByTestId('share.open-state').setInputFiles(file([L('v000001', 1, 0), L('v000003', 2, 5)])); // older grade: kept as is
  await expect(page.getByTestId('share.state-report')).toContainText('1 added, 0 updated, 0 unchanged, 1 kept');
  await page.getByTestId('nav.share').click();

  const dl = page.waitForEvent('download');
  await page.getByTestId('share.save-state').click();
  const path = info.outputPath('saved.json');
  await (await dl).saveAs(path);
  const saved = JSON.parse(readFileSync(path, 'utf8'));
  expect(saved.format).toBe('prerank-lab-state');
  expect(saved.labels.map((l: { docid: string; grade: number }) => `${l.docid}:${l.grade}`).sort()).toEqual(['v000001:3', 'v000002:0', 'v000003:2']);
  expect(restoreShareState(saved.view).state.panel).toBe('share');
  expect(saved.docset?.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(saved.docset.sha256).toBe(createHash('sha256').update(readFileSync('public/demo/docs.jsonl')).digest('hex'));
  expect(saved.modelset).toBeNull(); // no manifest, no models of your own
  expect(share.pageErrors).toEqual([]);
});
