// Where ORT-web's WASM files are served from: the worker's ORT (ortWeb.ts)
// and the page's cold-start prefetch (client.ts) must agree. Kept apart from
// ortWeb.ts so the page never imports ORT itself.
declare const __ORT_WASM_PATHS__: string;

/** The base URL of ORT's WASM files in a build; '' in dev, where ORT finds them in node_modules. */
// NOTE: `typeof` first: Vite defines the constant; Node (tests, CLI) never does.
export const ORT_WASM_PATHS: string = typeof __ORT_WASM_PATHS__ === 'string' ? __ORT_WASM_PATHS__ : '';

/** The WASM backend's binary (the threaded SIMD build ORT-web 1.30 uses for every thread count). */
export const ORT_WASM_URL = ORT_WASM_PATHS ? `${ORT_WASM_PATHS}ort-wasm-simd-threaded.wasm` : '';

/**
 * ORT's WASM module, compiled while it downloads (WebAssembly.compileStreaming: V8 compiles each
 * chunk as it arrives, off this thread). Compiling the downloaded bytes instead took 0.2-0.4 s of
 * the cold start's critical path on the 2-core machine. A host that serves the file with another
 * Content-Type than application/wasm refuses streaming: the bytes are compiled whole then. Null
 * when neither works (ORT then fetches the file itself and reports what went wrong).
 */
export function compileOrtWasm(url: string): Promise<WebAssembly.Module | null> {
  return WebAssembly.compileStreaming(fetch(url))
    .catch(async () => {
      const r = await fetch(url);
      return r.ok ? WebAssembly.compile(await r.arrayBuffer()) : null;
    })
    .catch(() => null);
}
