import { describe, expect, it } from 'vitest';
import { cannotRun, fallBackAfterDeviceLoss, isSoftwareAdapter, parseBackendRequest, parseThreadsRequest, reasonDetail, resolveBackend, type Capabilities } from './backend';

const base: Capabilities = { webgpuApi: true, adapter: null, crossOriginIsolated: true, hardwareConcurrency: 2 };
const swiftshader = { vendor: 'google', architecture: 'swiftshader', isFallback: true, shaderF16: false };
const gpu = { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3060', isFallback: false, shaderF16: true };

describe('resolveBackend', () => {
  it('prefers WebGPU on a hardware adapter and names it', () => {
    const c = resolveBackend('auto', { ...base, adapter: gpu });
    expect(c).toMatchObject({ backend: 'webgpu', shaderF16: true });
    expect(c.reason).toBe('WebGPU — adapter found: nvidia ampere, with shader-f16');
  });
  it('auto prefers WASM on a software adapter and says why; ?backend=webgpu still forces it', () => {
    const c = resolveBackend('auto', { ...base, adapter: swiftshader });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toMatch(/^WASM — the only WebGPU adapter is a software one \(google swiftshader \(software fallback\), without shader-f16\)/);
    expect(c.reason).toContain('?backend=webgpu forces it');
    const f = resolveBackend('webgpu', { ...base, adapter: swiftshader });
    expect(f).toMatchObject({ backend: 'webgpu', shaderF16: false });
    expect(f.reason).toContain('forced by the user');
    expect(f.reason).toContain('far slower than WASM');
  });
  it('tells a software adapter by its names when the fallback flag is not set', () => {
    const named = (o: Partial<typeof gpu>) => isSoftwareAdapter({ ...gpu, ...o });
    expect(named({})).toBe(false);
    expect(named({ vendor: 'google', architecture: 'swiftshader', description: '' })).toBe(true);
    expect(named({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(named({ vendor: 'google', architecture: '', description: 'Google CPU adapter' })).toBe(true);
    expect(named({ vendor: 'microsoft', architecture: '', description: 'Microsoft Basic Render Driver' })).toBe(true);
    expect(named({ vendor: 'google', architecture: 'gen-12lp', description: 'ANGLE (Intel)' })).toBe(false);
    expect(named({ isFallback: true })).toBe(true);
    const c = resolveBackend('auto', { ...base, adapter: { ...gpu, vendor: 'mesa', architecture: '', description: 'llvmpipe', shaderF16: false } });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toContain('mesa (software), without shader-f16');
  });
  it('falls back to WASM and says why when the API is missing', () => {
    const c = resolveBackend('auto', { ...base, webgpuApi: false });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toContain('no WebGPU API');
  });
  it('reports the adapter error', () => {
    const c = resolveBackend('webgpu', { ...base, adapterError: 'requestAdapter rejected' });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toMatch(/WebGPU was requested but no WebGPU adapter \(requestAdapter rejected\)/);
  });
  it('honours a forced WASM even with an adapter', () => {
    const c = resolveBackend('wasm', { ...base, adapter: { ...swiftshader, shaderF16: true } });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toContain('forced');
  });
  it('uses one thread without cross-origin isolation', () => {
    const c = resolveBackend('wasm', { ...base, crossOriginIsolated: false, hardwareConcurrency: 8 });
    expect(c.wasmThreads).toBe(1);
    expect(c.reason).toContain('not cross-origin isolated');
    expect(resolveBackend('wasm', { ...base, hardwareConcurrency: 8 }, 4).wasmThreads).toBe(4);
  });
  it('runs the runtime worker on one thread unless more are asked for, within the cores and 4', () => {
    expect(resolveBackend('wasm', { ...base, hardwareConcurrency: 8 }).wasmThreads).toBe(1);
    expect(resolveBackend('wasm', { ...base, hardwareConcurrency: 8 }, 2).wasmThreads).toBe(2);
    expect(resolveBackend('wasm', { ...base, hardwareConcurrency: 2 }, 4).wasmThreads).toBe(2);
    expect(resolveBackend('wasm', { ...base, hardwareConcurrency: 16 }, 8).wasmThreads).toBe(4);
    expect(resolveBackend('auto', { ...base, adapter: swiftshader }, 2).wasmThreads).toBe(2);
  });
  it('reads ?threads=N between 1 and 4, else leaves the default', () => {
    expect(parseThreadsRequest('2')).toBe(2);
    expect([null, '', '0', '5', '1.5', 'two'].map(parseThreadsRequest)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
  it('falls back after device loss', () => {
    const c = fallBackAfterDeviceLoss(resolveBackend('auto', { ...base, adapter: gpu }), 'destroyed');
    expect(c).toMatchObject({ backend: 'wasm', fellBack: true });
    expect(c.reason).toContain('destroyed');
  });
  it('parses requests defensively', () => {
    expect(parseBackendRequest('webgpu')).toBe('webgpu');
    expect(parseBackendRequest('WASM')).toBe('auto');
    expect(parseBackendRequest(null)).toBe('auto');
  });
});

describe('what a model needs of the backend', () => {
  const fp16 = { id: 'cmp_tower_fp16', precision: 'fp16' };
  it('an fp16 graph is not loaded on a WebGPU adapter without shader-f16, and the status says why', () => {
    const on = resolveBackend('webgpu', { ...base, adapter: swiftshader });
    expect(cannotRun(fp16, on)).toMatch(/not loaded: an fp16 graph needs WebGPU shader-f16, which this adapter lacks/);
  });
  it('runs everywhere else: fp32 graphs, adapters with shader-f16, WASM (its float32 rewrite)', () => {
    expect(cannotRun({ id: 'a', precision: 'fp32' }, resolveBackend('webgpu', { ...base, adapter: swiftshader }))).toBeNull();
    expect(cannotRun({ id: 'b' }, resolveBackend('webgpu', { ...base, adapter: swiftshader }))).toBeNull();
    expect(cannotRun(fp16, resolveBackend('auto', { ...base, adapter: gpu }))).toBeNull();
    expect(cannotRun(fp16, resolveBackend('auto', { ...base, adapter: swiftshader }))).toBeNull();
    expect(cannotRun(fp16, { backend: 'webgpu' })).toBeNull(); // not told: ORT decides, as before
  });
  it('shows a reason once beside the backend name', () => {
    expect(reasonDetail(resolveBackend('wasm', base))).toBe('forced by the user (1 thread)');
    expect(reasonDetail(resolveBackend('auto', { ...base, adapter: gpu }))).toBe('adapter found: nvidia ampere, with shader-f16');
    expect(reasonDetail({ reason: 'WASM — WASM — x' })).toBe('WASM — x');
  });
});
