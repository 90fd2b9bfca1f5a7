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

/** ORT's WASM module compiled on demand: the download and compile start on the first start(). */
export interface LazyModule {
  readonly promise: Promise<WebAssembly.Module | null>;
  start(): void;
}

/**
 * `compileOrtWasm(url)` once start() is called (lab.worker.ts). Why on demand: on WASM the first
 * results come from the lab's own tower kernel (towerKernel.ts), and ORT's 14 MB download and
 * compile, taken at once, competed with the doc set and the first tower's files for the page's
 * ~50 MB/s of response bodies and the 2 cores (lab/coldStart.ts starts it after the first answer,
 * or when a session is first created, whichever comes first).
 */
export function lazyOrtWasm(url: string, onCompiled?: () => void): LazyModule {
  let begin: () => void = () => undefined;
  const promise = new Promise<WebAssembly.Module | null>((resolve) => {
    begin = () => resolve(compileOrtWasm(url).then((m) => { onCompiled?.(); return m; }));
  });
  let started = false;
  return { promise, start: () => { if (!started) { started = true; begin(); } } };
}
