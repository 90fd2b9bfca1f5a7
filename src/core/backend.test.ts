import { describe, expect, it } from 'vitest';
import { fallBackAfterDeviceLoss, parseBackendRequest, parseThreadsRequest, resolveBackend, type Capabilities } from './backend';

const base: Capabilities = { webgpuApi: true, adapter: null, crossOriginIsolated: true, hardwareConcurrency: 2 };
const swiftshader = { vendor: 'google', architecture: 'swiftshader', isFallback: true, shaderF16: false };

describe('resolveBackend', () => {
  it('prefers WebGPU when an adapter exists and names it', () => {
    const c = resolveBackend('auto', { ...base, adapter: swiftshader });
    expect(c.backend).toBe('webgpu');
    expect(c.reason).toContain('swiftshader');
    expect(c.reason).toContain('without shader-f16');
    expect(c.reason).toContain('software fallback');
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
    const c = fallBackAfterDeviceLoss(resolveBackend('auto', { ...base, adapter: swiftshader }), 'destroyed');
    expect(c).toMatchObject({ backend: 'wasm', fellBack: true });
    expect(c.reason).toContain('destroyed');
  });
  it('parses requests defensively', () => {
    expect(parseBackendRequest('webgpu')).toBe('webgpu');
    expect(parseBackendRequest('WASM')).toBe('auto');
    expect(parseBackendRequest(null)).toBe('auto');
  });
});
