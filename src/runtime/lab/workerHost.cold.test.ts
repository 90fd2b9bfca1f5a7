// The lab worker's cold start on the toy world (onnxruntime-node standing in
// for ORT-web, files through a stubbed fetch): once the first tower answers,
// the BM25 build and the next model's session wait until the page's rank
// requests have gone quiet — a request that landed behind them waited for
// all of that work (coldStart.ts, rankActivity.ts).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RankResponse } from '../api';
import type { WorkerEvent } from './protocol';
import { writeToyWorld } from '../testing/toyWorld';

vi.mock('../ort/ortWeb', () => import('../testing/ortWebOnNode'));

afterEach(() => vi.unstubAllGlobals());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WorkerHost cold start', () => {
  it('builds BM25 and loads the next model only once the page stops re-ranking', async () => {
    const world = writeToyWorld(mkdtempSync(join(tmpdir(), 'prerank-cold-')));
    vi.stubGlobal('fetch', async (url: string) => {
      const path = url === '/d.jsonl' ? world.docsPath : join(world.modelsDir, url.replace(/^\/m\//, ''));
      return existsSync(path) ? new Response(readFileSync(path)) : new Response('missing', { status: 404 });
    });
    const { WorkerHost } = await import('./workerHost');
    const events: { at: number; e: WorkerEvent }[] = [];
    const host = new WorkerHost((e) => events.push({ at: performance.now(), e }));
    await host.init({ backend: 'wasm', threads: 1, modelsUrl: '/m/', docsUrl: '/d.jsonl', queriesUrl: '/q', qrelsUrl: '/r', embeddingsUrl: '' });
    const indexed = () => events.some(({ e }) => e.type === 'encode' && e.progress.modelId === 'student' && e.progress.state === 'done');
    for (let i = 0; i < 200 && !indexed(); i++) await sleep(10);
    expect(indexed()).toBe(true);
    const rank = () => host.rank({ query: '琅琊榜', models: [], topK: 3, zone: 'all' });
    // The page re-ranks on each readiness event: a burst of requests, every 100 ms for 0.6 s.
    let last = 0;
    for (let i = 0; i < 6; i++) {
      await rank();
      last = performance.now();
      await sleep(100);
    }
    for (let i = 0; i < 300 && !events.some(({ e }) => e.type === 'bm25'); i++) await sleep(10);
    const bm25 = events.find(({ e }) => e.type === 'bm25');
    const nextLoad = events.find(({ e }) => e.type === 'status' && e.status.id !== 'student' && e.status.state === 'loading');
    expect(bm25).toBeDefined();
    expect(bm25!.at).toBeGreaterThan(last + 250);
    expect(nextLoad!.at).toBeGreaterThan(last + 250);
  });

  it("without the kernel (?kernel=off): starts the models' downloads once ORT's WASM module is in, the doc set's at once", async () => {
    const world = writeToyWorld(mkdtempSync(join(tmpdir(), 'prerank-cold-')));
    // (Own URLs: the host of the test above is still loading its next models through fetch.)
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      if (url.startsWith('/m2/') || url === '/d2.jsonl') asked.push(url);
      const path = url === '/d2.jsonl' ? world.docsPath : join(world.modelsDir, url.replace(/^\/m2?\//, ''));
      return existsSync(path) ? new Response(readFileSync(path)) : new Response('missing', { status: 404 });
    });
    const { WorkerHost } = await import('./workerHost');
    let compiled: (m: WebAssembly.Module | null) => void = () => undefined;
    let started = 0;
    const ortWasm = { promise: new Promise<WebAssembly.Module | null>((go) => { compiled = go; }), start: () => { started++; } };
    const host = new WorkerHost(() => undefined, ortWasm);
    await host.init({ backend: 'wasm', threads: 1, modelsUrl: '/m2/', docsUrl: '/d2.jsonl', queriesUrl: '/q', qrelsUrl: '/r', embeddingsUrl: '', kernel: false });
    await sleep(50);
    expect(started).toBeGreaterThan(0); // at init
    expect(asked.sort()).toEqual(['/d2.jsonl', '/m2/manifest.json']); // no graph, tokenizer or embeddings yet
    compiled(null); // (null: it failed, ORT fetches it itself; the order is the same)
    for (let i = 0; i < 100 && !asked.some((u) => u.endsWith('.onnx')); i++) await sleep(10);
    expect(asked.some((u) => u.endsWith('.onnx'))).toBe(true);
  });

  it.runIf(existsSync('models/student_a/onnx/model.onnx'))(
    "with the kernel: a shipped tower answers on it before ORT's module is even asked for, then moves to ORT with the same scores",
    async () => {
      vi.stubGlobal('fetch', async (url: string) => {
        const path = url === '/d3.jsonl' ? 'public/demo/docs.jsonl' : join('models', url.replace(/^\/m3\//, ''));
        return existsSync(path) ? new Response(readFileSync(path)) : new Response('missing', { status: 404 });
      });
      const { WorkerHost } = await import('./workerHost');
      const events: WorkerEvent[] = [];
      let started = 0;
      const ortWasm = { promise: Promise.resolve(null), start: () => { started++; } };
      const host = new WorkerHost((e) => events.push(e), ortWasm);
      await host.init({ backend: 'wasm', threads: 1, modelsUrl: '/m3/', docsUrl: '/d3.jsonl', queriesUrl: '/q', qrelsUrl: '/r', embeddingsUrl: '', docLimit: 64, only: ['student_a'] });
      const status = () => events.flatMap((e) => (e.type === 'status' && e.status.id === 'student_a' ? [e.status] : []));
      const indexed = () => events.some((e) => e.type === 'encode' && e.progress.modelId === 'student_a' && e.progress.state === 'done');
      for (let i = 0; i < 500 && !indexed(); i++) await sleep(10);
      expect(status().find((s) => s.state === 'ready')?.engine).toBe('kernel');
      expect(started).toBe(0); // ORT's module: not yet asked for
      const rank = () => host.rank({ query: '琅琊榜', models: [], topK: 5, zone: 'all' });
      const first = await rank();
      const col = (r: RankResponse) => r.columns.find((c) => c.modelId === 'student_a')!.results;
      expect(col(first)).toHaveLength(5);
      for (let i = 0; i < 100 && !started; i++) await sleep(10);
      expect(started).toBe(1); // after the first answer
      for (let i = 0; i < 500 && status().at(-1)?.engine !== 'ort'; i++) await sleep(10);
      expect(status().at(-1)?.engine).toBe('ort');
      expect(status().at(-1)?.engineNote).toMatch(/kernel answered before, within \d/);
      const later = await rank();
      expect(col(later).map((r) => r.doc)).toEqual(col(first).map((r) => r.doc));
      col(later).forEach((r, i) => expect(Math.abs(r.score - col(first)[i].score)).toBeLessThan(1e-5));
    },
    30_000,
  );
});
