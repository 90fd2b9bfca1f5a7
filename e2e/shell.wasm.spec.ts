import { readFileSync, statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEPLOY_HEADERS } from '../scripts/securityHeaders';

test('the shell opens with a WASM backend badge and says why', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByRole('heading', { name: /Prerank Lab/ })).toBeVisible();
  await expect(page.getByTestId('header.backend-badge')).toHaveText('WASM');
  await expect(page.getByTestId('header.backend-reason')).toContainText('forced by the user');
  // Cross-origin isolation is what makes multi-threaded WASM possible.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  for (const id of ['ranking', 'inspect', 'tiers', 'labels', 'metrics', 'models', 'share']) {
    await expect(page.getByTestId(`nav.${id}`)).toBeVisible();
  }
});

test('the cold start keeps the one runtime worker it started before the app loaded, answers on the lab\'s kernel, and records where its time went', async ({ page }) => {
  const labWorkers: string[] = [];
  page.on('worker', (w) => { if (w.url().includes('lab.worker')) labWorkers.push(w.url()); });
  await page.goto(`/?backend=wasm&q=${encodeURIComponent('红烧肉做法')}`);
  await expect(page.locator('[data-kind="tower"] [data-testid="ranking.row"]').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('header.backend-reason')).toContainText('1 thread');
  // Before the fix the app's first re-render stopped the prestarted worker and started a second one.
  expect(labWorkers).toHaveLength(1);
  const marks = (await page.evaluate(() => window.__lab!.timeline())).map((m) => m.name);
  for (const name of ['page: worker created', 'worker: init received', "student_a: ready on the lab's kernel",
    'docs worker: docs.jsonl hashed', 'embedding worker: student_a.emb decoded',
    'worker: doc set parsed', 'student_a: index ready (file)', 'worker: first rank answered with tower results', 'page: first tower results received',
    'page: first tower rows in the DOM']) {
    expect(marks, name).toContain(name);
  }
  expect(marks.indexOf('page: worker created')).toBeLessThan(marks.indexOf('page: first tower results received'));
  // The first answer came from the lab's kernel: ORT's module is asked for only after it, and the
  // tower then moves to its ORT session (the Models bar says so).
  await expect(page.getByTestId('models.row.student_a')).toHaveAttribute('data-engine', 'ort', { timeout: 60_000 });
  const later = (await page.evaluate(() => window.__lab!.timeline())).map((m) => m.name);
  for (const name of ['worker: ORT WASM module compiled', 'worker: ORT runtime started (first session)', 'student_a: moved to ORT']) expect(later, name).toContain(name);
  expect(later.indexOf('worker: first rank answered with tower results')).toBeLessThan(later.indexOf('worker: ORT WASM module compiled'));
});

test('?kernel=off: the ORT-only cold start — the first answer waits for ORT\'s module and session', async ({ page }) => {
  await page.goto(`/?backend=wasm&kernel=off&q=${encodeURIComponent('红烧肉做法')}`);
  await expect(page.locator('[data-kind="tower"] [data-testid="ranking.row"]').first()).toBeVisible({ timeout: 60_000 });
  const marks = (await page.evaluate(() => window.__lab!.timeline())).map((m) => m.name);
  expect(marks).not.toContain("student_a: ready on the lab's kernel");
  expect(marks.indexOf('worker: ORT WASM module compiled')).toBeGreaterThanOrEqual(0);
  expect(marks.indexOf('student_a: session created')).toBeLessThan(marks.indexOf('worker: first rank answered with tower results'));
  await expect(page.getByTestId('models.row.student_a')).toHaveAttribute('data-engine', 'ort');
});

test('?threads=2 gives the runtime worker two ORT threads (as many as the cores allow), and it still ranks', async ({ page }) => {
  await page.goto(`/?backend=wasm&threads=2&q=${encodeURIComponent('红烧肉做法')}`);
  const n = Math.min(2, await page.evaluate(() => navigator.hardwareConcurrency));
  await expect(page.getByTestId('header.backend-reason')).toContainText(`(${n} thread${n === 1 ? '' : 's'})`);
  await expect(page.locator('[data-kind="tower"] [data-testid="ranking.row"]').first()).toBeVisible({ timeout: 60_000 });
});

test("the build serves ORT's WASM, the doc set and the scripts brotli-compressed, decoding to the same bytes", async ({ page }) => {
  await page.goto('/?backend=wasm');
  for (const path of ['/ort/ort-wasm-simd-threaded.wasm', '/demo/docs.jsonl', '/embeddings/docs.index.json']) {
    const got = await page.evaluate(async (u) => {
      const r = await fetch(u, { cache: 'no-store' });
      return { encoding: r.headers.get('content-encoding'), type: r.headers.get('content-type'), coep: r.headers.get('cross-origin-embedder-policy'), bytes: (await r.arrayBuffer()).byteLength };
    }, path);
    expect(got.encoding, path).toBe('br');
    expect(got.coep, path).toBe('require-corp');
    expect(got.bytes, path).toBe(statSync(`dist${path}`).size);
  }
  // Binary floats do not compress: the embeddings go as they are.
  expect(await page.evaluate(async () => (await fetch('/embeddings/student_a.emb', { cache: 'no-store' })).headers.get('content-encoding'))).toBeNull();
});

test('the build goes out with the headers dist/_headers carries, a favicon, and no failed request on the cold start', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => failed.push(`${r.failure()?.errorText} ${r.url()}`));
  const res = await page.goto(`/?backend=wasm&q=${encodeURIComponent('红烧肉做法')}`);
  const sent = res!.headers();
  // What a static host serves from dist/_headers is what this preview server sent.
  const written = readFileSync('dist/_headers', 'utf8');
  for (const [name, value] of Object.entries(DEPLOY_HEADERS)) {
    expect(sent[name.toLowerCase()], name).toBe(value);
    expect(written, name).toContain(`\n  ${name}: ${value}\n`);
  }
  // frame-ancestors only works as a header: the <meta> CSP cannot stop clickjacking.
  expect(sent['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(sent['x-frame-options']).toBe('DENY');
  expect(sent['x-content-type-options']).toBe('nosniff');
  expect(sent['referrer-policy']).toBe('no-referrer');

  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  const icon = await page.request.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  expect(icon.headers()['x-content-type-options']).toBe('nosniff');

  // By the first tower rows the page has fetched the doc set, its index, the embeddings and a model.
  await expect(page.locator('[data-kind="tower"] [data-testid="ranking.row"]').first()).toBeVisible({ timeout: 60_000 });
  expect(failed).toEqual([]);
});
