// The page's client: a forced-WASM page starts its runtime as the client
// module loads (cold start), and the app's own start with the same choice
// keeps that worker instead of starting a second one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveBackend, type Capabilities } from '../../core/backend';
import { initOptionsFromUrl, LabClient, prestartForcedWasm } from './client';
import { quickCapabilities } from '../ort/capabilities';

class FakeWorker {
  static made: FakeWorker[] = [];
  posted: unknown[] = [];
  terminated = false;
  onmessage: unknown = null;
  onerror: unknown = null;
  constructor(readonly url: URL, readonly opts: WorkerOptions) { FakeWorker.made.push(this); }
  postMessage(m: unknown) { this.posted.push(m); }
  terminate() { this.terminated = true; }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeWorker.made = [];
});

const caps: Capabilities = { webgpuApi: true, adapter: null, crossOriginIsolated: true, hardwareConcurrency: 2 };

describe('LabClient.start', () => {
  it('keeps the running worker for the same backend, threads and options; restarts for another', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const c = new LabClient();
    void c.start(resolveBackend('wasm', caps), { docLimit: 5 });
    void c.start(resolveBackend('wasm', caps), { docLimit: 5 });
    expect(FakeWorker.made).toHaveLength(1);
    void c.start(resolveBackend('wasm', caps), { docLimit: 6 });
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[0].terminated).toBe(true);
    c.stop();
    void c.start(resolveBackend('wasm', caps), { docLimit: 6 });
    expect(FakeWorker.made).toHaveLength(3);
  });
});

describe('prestartForcedWasm', () => {
  it('starts a ?backend=wasm page at once, and the app\'s start keeps that worker', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const c = new LabClient();
    expect(prestartForcedWasm(c, { search: '?backend=wasm&q=x&docLimit=50', hash: '' })).toBe(true);
    expect(FakeWorker.made).toHaveLength(1);
    const init = FakeWorker.made[0].posted[0] as { method: string; args: [{ backend: string; docLimit: number }] };
    expect(init.method).toBe('init');
    expect(init.args[0]).toMatchObject({ backend: 'wasm', docLimit: 50 });
    // what useRuntime does once the app has rendered
    void c.start(resolveBackend('wasm', quickCapabilities()), { docLimit: 50 });
    expect(FakeWorker.made).toHaveLength(1);
  });

  it('leaves auto, WebGPU and share links that name a backend to the app', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const c = new LabClient();
    expect(prestartForcedWasm(c, { search: '?q=x', hash: '' })).toBe(false);
    expect(prestartForcedWasm(c, { search: '?backend=webgpu', hash: '' })).toBe(false);
    expect(prestartForcedWasm(c, { search: '?backend=wasm', hash: '#v=1&b=webgpu' })).toBe(false);
    expect(prestartForcedWasm(c, undefined)).toBe(false);
    expect(FakeWorker.made).toHaveLength(0);
  });
});

describe('initOptionsFromUrl', () => {
  it('reads ?kernel=off, ?models=, ?embeddings=none and ?docLimit=; ignores what it does not know', () => {
    expect(initOptionsFromUrl('?kernel=off&models=a,%20b&embeddings=none&docLimit=50')).toEqual({ kernel: false, only: ['a', 'b'], embeddingsUrl: '', docLimit: 50 });
    expect(initOptionsFromUrl('?kernel=on&docLimit=-3&models=')).toEqual({});
  });
});
