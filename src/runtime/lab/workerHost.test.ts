// The worker's request handling: a request that arrives right behind init (made
// on the page before the worker existed) waits for init instead of failing with
// "the runtime is not initialised" — the CI failure of the BYO WebGPU spec,
// where a slow adapter probe started the worker after a model folder was opened.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerEvent } from './protocol';

let releaseOrt!: () => void;
vi.mock('../ort/ortWeb', () => ({
  loadWebOrt: () => new Promise((resolve) => {
    releaseOrt = () => resolve({ ort: {}, sessionOptions: {}, device: async () => null, gpuTensor: async () => { throw new Error('no GPU'); } });
  }),
}));

afterEach(() => vi.unstubAllGlobals());

describe('WorkerHost', () => {
  it('a request right behind init waits for init, then is answered by the initialised runtime', async () => {
    vi.stubGlobal('fetch', async () => new Response('missing', { status: 404 }));
    const { WorkerHost } = await import('./workerHost');
    const events: WorkerEvent[] = [];
    const host = new WorkerHost((e) => events.push(e));
    const init = host.init({ backend: 'wasm', threads: 1, modelsUrl: '/m/', docsUrl: '/d.jsonl', queriesUrl: '/q', qrelsUrl: '/r', embeddingsUrl: '' });
    let settled = false;
    const rank = host.rank({ query: 'x', models: [], topK: 5, zone: 'all' }).then(
      (r) => { settled = true; return { ok: true as const, r }; },
      (e: Error) => { settled = true; return { ok: false as const, message: e.message }; },
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false); // still waiting for the ORT build to load
    releaseOrt();
    await init;
    const out = await rank;
    if (!out.ok) expect(out.message).not.toMatch(/not initialised/);
    // The missing manifest is reported as such, and the runtime still answers.
    expect(events.some((e) => e.type === 'error' && e.scope === 'manifest')).toBe(true);
  });
});
