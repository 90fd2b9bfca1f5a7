// The browser capability probe behind resolveBackend(): is there WebGPU, an
// adapter, shader-f16, cross-origin isolation. Memoised: requesting adapters
// is slow and the answer does not change within a page.
import type { Capabilities } from '../../core/backend';

let probe: Promise<Capabilities> | null = null;

/** What is known without asking for an adapter: enough to start a forced-WASM runtime at once. */
export function quickCapabilities(): Capabilities {
  const nav = globalThis.navigator as Navigator | undefined;
  return {
    webgpuApi: !!nav && 'gpu' in nav && !!nav.gpu,
    adapter: null,
    crossOriginIsolated: !!globalThis.crossOriginIsolated,
    hardwareConcurrency: nav?.hardwareConcurrency ?? 1,
  };
}

async function runProbe(): Promise<Capabilities> {
  const nav = globalThis.navigator as Navigator | undefined;
  const caps = quickCapabilities();
  if (!caps.webgpuApi || !nav?.gpu) return caps;
  try {
    const adapter = await nav.gpu.requestAdapter();
    if (!adapter) return caps;
    // `info` is the current API; older Chromium exposed requestAdapterInfo().
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
    caps.adapter = {
      vendor: info?.vendor ?? '',
      architecture: info?.architecture ?? '',
      description: info?.description ?? '',
      isFallback: !!(info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined)?.isFallbackAdapter
        || !!(adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter,
      shaderF16: adapter.features.has('shader-f16'),
    };
  } catch (err) {
    caps.adapterError = err instanceof Error ? err.message : String(err);
  }
  return caps;
}

export function probeCapabilities(): Promise<Capabilities> {
  probe ??= runProbe();
  return probe;
}
