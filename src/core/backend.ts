// Backend choice in one place: which ONNX Runtime execution provider a
// session uses, and a sentence saying why. Pure; the browser probe that fills
// `Capabilities` lives in src/runtime/capabilities.ts.

export type BackendRequest = 'auto' | 'webgpu' | 'wasm';
export type Backend = 'webgpu' | 'wasm';

export interface Capabilities {
  /** navigator.gpu exists (the browser ships WebGPU). */
  webgpuApi: boolean;
  /** An adapter was granted; null when none or when the API is missing. */
  adapter: null | { vendor: string; architecture: string; isFallback: boolean; shaderF16: boolean };
  /** Why no adapter, when the request failed or returned null. */
  adapterError?: string;
  /** crossOriginIsolated: SharedArrayBuffer, hence multi-threaded WASM. */
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export interface BackendChoice {
  backend: Backend;
  /** One sentence for the header badge: what runs and why. */
  reason: string;
  /** WASM threads ORT will use (1 without cross-origin isolation). */
  wasmThreads: number;
  /** The device lost the adapter mid-session and we fell back. */
  fellBack?: boolean;
}

/**
 * ORT threads of the runtime worker. One unless asked for more (`?threads=N`): the shipped
 * towers are hidden-64, where intra-op threads sync more than they compute — the 12-layer
 * teacher's batch-1 query ran 1.8-2.0 ms on one thread against 2.2 ms on two, and one thread
 * starts no pthread workers on the cold start (docs/PERFORMANCE.md). Doc encoding runs on
 * one-thread encoding workers instead, one per core (src/runtime/encodePool.ts). More than one
 * needs cross-origin isolation (SharedArrayBuffer), and at most 4 or the cores.
 */
export function wasmThreadsFor(caps: Capabilities, wanted = 1): number {
  if (!caps.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(wanted, 4, caps.hardwareConcurrency || 1));
}

/** `?threads=N` (1-4), else undefined (the default). */
export function parseThreadsRequest(v: string | null | undefined): number | undefined {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : undefined;
}

function describeAdapter(a: NonNullable<Capabilities['adapter']>): string {
  const name = [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  return `${name}${a.isFallback ? ' (software fallback)' : ''}, ${a.shaderF16 ? 'with' : 'without'} shader-f16`;
}

function whyNoWebgpu(caps: Capabilities): string {
  if (!caps.webgpuApi) return 'this browser has no WebGPU API';
  if (caps.adapterError) return `no WebGPU adapter (${caps.adapterError})`;
  return 'no WebGPU adapter was granted';
}

export function resolveBackend(requested: BackendRequest, caps: Capabilities, wantThreads?: number): BackendChoice {
  const wasmThreads = wasmThreadsFor(caps, wantThreads);
  const threads = `${wasmThreads} thread${wasmThreads === 1 ? '' : 's'}${caps.crossOriginIsolated ? '' : ', page not cross-origin isolated'}`;
  if (requested === 'wasm') {
    return { backend: 'wasm', wasmThreads, reason: `WASM — forced by the user (${threads})` };
  }
  if (caps.adapter) {
    const how = requested === 'webgpu' ? 'forced by the user' : 'adapter found';
    return { backend: 'webgpu', wasmThreads, reason: `WebGPU — ${how}: ${describeAdapter(caps.adapter)}` };
  }
  const prefix = requested === 'webgpu' ? 'WASM — WebGPU was requested but ' : 'WASM — ';
  return { backend: 'wasm', wasmThreads, reason: `${prefix}${whyNoWebgpu(caps)} (${threads})` };
}

/** After a WebGPU device loss: keep working on WASM and say so. */
export function fallBackAfterDeviceLoss(prev: BackendChoice, message: string): BackendChoice {
  return {
    backend: 'wasm',
    wasmThreads: prev.wasmThreads,
    fellBack: true,
    reason: `WASM — the WebGPU device was lost (${message}); fell back, results unchanged`,
  };
}

export function parseBackendRequest(v: string | null | undefined): BackendRequest {
  return v === 'webgpu' || v === 'wasm' ? v : 'auto';
}
