// Browser figures: a production build served by `vite preview` (COOP/COEP),
// driven by playwright-core in headless Debian Chromium — WASM and WebGPU
// (SwiftShader here). Measurements run inside the lab's own worker through
// `window.__lab.bench(…)`, i.e. the code path the UI uses.
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchResult, BenchSpec } from '../src/runtime/protocol';

const QUIET = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const GPU = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader'];

export async function startPreview(outDir: string, port: number): Promise<ChildProcess> {
  const p = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return p;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  p.kill();
  throw new Error('vite preview did not start');
}

export class BenchPage {
  private constructor(readonly browser: Browser, readonly page: Page) {}

  static async open(base: string, backend: 'wasm' | 'webgpu', query: string, extra = '', timeout = 600_000): Promise<{ page: BenchPage; firstResultsMs: number; allColumnsMs: number }> {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...QUIET, ...(backend === 'webgpu' ? GPU : ['--disable-gpu'])] });
    const page = await browser.newPage();
    try {
      return await BenchPage.measureOpen(browser, page, base, backend, query, extra, timeout);
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  private static async measureOpen(browser: Browser, page: Page, base: string, backend: string, query: string, extra: string, timeout: number): Promise<{ page: BenchPage; firstResultsMs: number; allColumnsMs: number }> {
    await page.goto(`${base}/?backend=${backend}&q=${encodeURIComponent(query)}${extra}`);
    // Cold start: navigation start → the first tower column shows rows (performance.now() is relative to navigation).
    const first = await page.waitForFunction(
      () => document.querySelector('[data-kind="tower"] [data-testid="ranking.row"]') ? performance.now() : null,
      null, { timeout, polling: 20 },
    );
    const firstResultsMs = (await first.jsonValue()) as number;
    const all = await page.waitForFunction(
      () => {
        const cols = [...document.querySelectorAll('[data-testid^="ranking.column."]')];
        const ready = cols.length > 0 && cols.every((c) => c.querySelector('[data-testid="ranking.row"]'));
        const models = [...document.querySelectorAll('[data-testid^="models.row."]')];
        return ready && models.every((m) => ['ready', 'skipped'].includes((m as HTMLElement).dataset.state ?? '')) ? performance.now() : null;
      },
      null, { timeout, polling: 50 },
    );
    return { page: new BenchPage(browser, page), firstResultsMs, allColumnsMs: (await all.jsonValue()) as number };
  }

  bench(spec: BenchSpec): Promise<BenchResult> {
    return this.page.evaluate((s) => window.__lab!.bench(s), spec);
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
