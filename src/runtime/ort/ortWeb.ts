// The browser's ONNX Runtime: loads exactly one ORT-web build per worker —
// `onnxruntime-web/wasm` for WASM, `onnxruntime-web/webgpu` (the native
// WebGPU EP) for WebGPU — lazily, and configures threads and WASM paths once.
import type { Backend } from '../../core/backend';
import { withFp32Graphs, type OrtApi, type OrtTensor, type SessionOptions } from './ort';
import { ORT_WASM_PATHS, type LazyModule } from './ortAssets';

export interface WebOrt {
  ort: OrtApi;
  sessionOptions: SessionOptions;
  /** The GPUDevice ORT created (WebGPU only), once a session exists. */
  device: () => Promise<GPUDevice | null>;
  /** A float32 tensor living in a GPU buffer on ORT's device, uploaded once (WebGPU only). */
  gpuTensor: (data: Float32Array, dims: [number, number]) => Promise<OrtTensor>;
}

type EnvLike = {
  wasm: { numThreads?: number; wasmPaths?: string; proxy?: boolean; wasmBinary?: ArrayBuffer };
  webgpu?: { device?: unknown };
  logLevel?: string;
};

/**
 * `wasmModule`: ORT's WASM module, compiled as it downloads once started (lab.worker.ts,
 * ortAssets.ts lazyOrtWasm; the first session creation starts it), settling to null when that
 * failed and ORT is to fetch the file itself; sessions are created once it settles.
 */
export async function loadWebOrt(backend: Backend, threads: number, wasmModule?: LazyModule): Promise<WebOrt> {
  const mod = (backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm')) as unknown as OrtApi & { env: EnvLike };
  // NOTE: numThreads is read once, before the first session of the page/worker.
  mod.env.wasm.numThreads = threads;
  mod.env.wasm.proxy = false;
  mod.env.logLevel = 'error';
  if (ORT_WASM_PATHS) mod.env.wasm.wasmPaths = ORT_WASM_PATHS;
  const ready = backend === 'wasm' && wasmModule
    ? wasmModule.promise.then((m) => { if (m) mod.env.wasm.wasmBinary = standInFor(m); }, () => undefined)
    : null;
  const sessionOptions: SessionOptions = {
    executionProviders: [backend === 'webgpu' ? 'webgpu' : 'wasm'],
    graphOptimizationLevel: 'all',
  };
  const device = async (): Promise<GPUDevice | null> => {
    if (backend !== 'webgpu') return null;
    try {
      return ((await mod.env.webgpu?.device) as GPUDevice | undefined) ?? null;
    } catch {
      return null;
    }
  };
  return {
    // NOTE: WASM has no fp16 kernels: an fp16 model runs there as its float32 rewrite (ort.ts).
    ort: backend === 'wasm' ? withFp32Graphs(ready && wasmModule ? afterReady(mod, ready, wasmModule.start) : mod) : mod,
    sessionOptions,
    device,
    gpuTensor: async (data, dims) => {
      const dev = await device();
      if (!dev) throw new Error('no WebGPU device to hold the doc matrix');
      const buffer = dev.createBuffer({
        size: Math.ceil(data.byteLength / 16) * 16,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      dev.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
      const T = mod.Tensor as unknown as { fromGpuBuffer: (b: GPUBuffer, o: { dataType: 'float32'; dims: number[]; dispose?: () => void }) => OrtTensor };
      return T.fromGpuBuffer(buffer, { dataType: 'float32', dims, dispose: () => buffer.destroy() });
    },
  };
}

/**
 * A stand-in for ORT's WASM bytes that makes ORT instantiate `module`, already compiled.
 * ORT-web 1.30's Emscripten loader takes only bytes (env.wasm.wasmBinary) and passes a Uint8Array
 * view of them to WebAssembly.instantiate, which would compile all 14 MB again; this worker's
 * WebAssembly.instantiate answers that one call (recognised by its buffer) from the module.
 * If a later ORT loaded the bytes differently, the 8-byte stand-in would fail to compile and every
 * session would fail loudly (e2e shell.wasm.spec.ts), never run a different module.
 */
export function standInFor(module: WebAssembly.Module): ArrayBuffer {
  const standIn = new ArrayBuffer(8);
  const wa = WebAssembly as unknown as { instantiate: (src: unknown, imports?: WebAssembly.Imports) => Promise<unknown> };
  const original = wa.instantiate;
  wa.instantiate = (src, imports) => {
    const ours = src === standIn || (ArrayBuffer.isView(src) && src.buffer === standIn);
    if (!ours) return original.call(WebAssembly, src, imports);
    wa.instantiate = original;
    return WebAssembly.instantiate(module, imports).then((instance) => ({ instance, module }));
  };
  return standIn;
}

/**
 * `ort` whose sessions are created only once `ready` settles (ORT reads its WASM settings on the
 * first); creating one starts the module's download (`start`) if nothing has yet.
 */
function afterReady(ort: OrtApi, ready: Promise<void>, start: () => void): OrtApi {
  const create = async (...args: unknown[]) => {
    start();
    await ready;
    return (ort.InferenceSession.create as (...a: unknown[]) => Promise<unknown>)(...args);
  };
  return { Tensor: ort.Tensor, InferenceSession: { create } as unknown as OrtApi['InferenceSession'] };
}
