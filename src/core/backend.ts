// Backend choice in one place: which ONNX Runtime execution provider a
// session uses, and a sentence saying why. Pure; the browser probe that fills
// `Capabilities` lives in src/runtime/ort/capabilities.ts.

import type { Backend, BackendRequest } from './domain';

// NOTE: the words are core/domain.ts's; re-exported for the runtime files that read them here.
export type { Backend, BackendRequest };

export interface Capabilities {
  /** navigator.gpu exists (the browser ships WebGPU). */
  webgpuApi: boolean;
  /** An adapter was granted; null when none or when the API is missing. */
  adapter: null | AdapterInfo;
  /** Why no adapter, when the request failed or returned null. */
  adapterError?: string;
  /** crossOriginIsolated: SharedArrayBuffer, hence multi-threaded WASM. */
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  /** GPUAdapterInfo.description: often the only place a software adapter names itself. */
  description?: string;
  /** GPUAdapterInfo.isFallbackAdapter: the browser says this adapter is a software one. */
  isFallback: boolean;
  shaderF16: boolean;
}

export interface BackendChoice {
  backend: Backend;
  /** One sentence for the header badge: what runs and why. */
  reason: string;
  /** WASM threads ORT will use (1 without cross-origin isolation). */
  wasmThreads: number;
  /** The device lost the adapter mid-session and we fell back. */
  fellBack?: boolean;
  /** WebGPU only: the adapter has shader-f16 (false: fp16 graphs are not loaded, see cannotRun). */
  shaderF16?: boolean;
}

/**
 * ORT threads of the runtime worker. One unless asked for more (`?threads=N`): the shipped
 * towers are hidden-64, where intra-op threads sync more than they compute — the 12-layer
 * teacher's batch-1 query ran 1.8-2.0 ms on one thread against 2.2 ms on two, and one thread
 * starts no pthread workers on the cold start (docs/PERFORMANCE.md). Doc encoding runs on
 * one-thread encoding workers instead, one per core (src/runtime/encode/encodePool.ts). More than one
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

/**
 * A software (CPU) WebGPU adapter: SwiftShader, llvmpipe/lavapipe, WARP. requestAdapter() hands one
 * out when there is no GPU (headless Chromium, some VMs), and it ran the lab's queries in 34-97 s
 * against 0.3-0.7 s on WASM. The browser's fallback flag is not always set, so the names count too.
 */
export function isSoftwareAdapter(a: AdapterInfo): boolean {
  if (a.isFallback) return true;
  const s = [a.vendor, a.architecture, a.description ?? ''].join(' ').toLowerCase();
  return /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/.test(s) || (/\bgoogle\b/.test(s) && /\bcpu\b/.test(s));
}

function describeAdapter(a: AdapterInfo): string {
  const name = [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  const soft = a.isFallback ? ' (software fallback)' : isSoftwareAdapter(a) ? ' (software)' : '';
  return `${name}${soft}, ${a.shaderF16 ? 'with' : 'without'} shader-f16`;
}

function whyNoWebgpu(caps: Capabilities): string {
  if (!caps.webgpuApi) return 'this browser has no WebGPU API';
  if (caps.adapterError) return `no WebGPU adapter (${caps.adapterError})`;
  return 'no WebGPU adapter was granted';
}

/**
 * Auto takes WebGPU only on a hardware adapter: a software one is far slower than WASM (it stays
 * one `?backend=webgpu` away). Forced WASM or WebGPU is honoured whenever it can run.
 */
export function resolveBackend(requested: BackendRequest, caps: Capabilities, wantThreads?: number): BackendChoice {
  const wasmThreads = wasmThreadsFor(caps, wantThreads);
  const threads = `${wasmThreads} thread${wasmThreads === 1 ? '' : 's'}${caps.crossOriginIsolated ? '' : ', page not cross-origin isolated'}`;
  if (requested === 'wasm') {
    return { backend: 'wasm', wasmThreads, reason: `WASM — forced by the user (${threads})` };
  }
  const a = caps.adapter;
  if (a && requested === 'webgpu') {
    const slow = isSoftwareAdapter(a) ? '; a software adapter, far slower than WASM' : '';
    return { backend: 'webgpu', wasmThreads, shaderF16: a.shaderF16, reason: `WebGPU — forced by the user: ${describeAdapter(a)}${slow}` };
  }
  if (a && isSoftwareAdapter(a)) {
    return {
      backend: 'wasm', wasmThreads,
      reason: `WASM — the only WebGPU adapter is a software one (${describeAdapter(a)}), far slower than WASM; ?backend=webgpu forces it (${threads})`,
    };
  }
  if (a) return { backend: 'webgpu', wasmThreads, shaderF16: a.shaderF16, reason: `WebGPU — adapter found: ${describeAdapter(a)}` };
  const prefix = requested === 'webgpu' ? 'WASM — WebGPU was requested but ' : 'WASM — ';
  return { backend: 'wasm', wasmThreads, reason: `${prefix}${whyNoWebgpu(caps)} (${threads})` };
}

/** The reason without its leading backend name, for places that show the name beside it. */
export function reasonDetail(choice: Pick<BackendChoice, 'reason'>): string {
  return choice.reason.replace(/^(WASM|WebGPU) — /, '');
}

/**
 * Why a model cannot run on the chosen backend, or null when it can. An fp16 graph on WebGPU
 * needs the adapter's shader-f16 (ORT fails at session creation with a bare "requires f16"
 * otherwise); on WASM it runs as its float32 rewrite (src/runtime/ort/ort.ts withFp32Graphs).
 */
export function cannotRun(model: { id: string; precision?: unknown }, on: Pick<BackendChoice, 'backend' | 'shaderF16'>): string | null {
  if (on.backend !== 'webgpu' || model.precision !== 'fp16' || on.shaderF16 !== false) return null;
  return 'not loaded: an fp16 graph needs WebGPU shader-f16, which this adapter lacks (it runs on WASM: ?backend=wasm)';
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
