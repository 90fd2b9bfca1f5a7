// The cold start's precompiled ORT module: compiled while it downloads (ortAssets.ts) and handed
// to ORT's loader through a stand-in for its bytes (ortWeb.ts). Run here on a tiny module.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileOrtWasm } from './ortAssets';
import { standInFor } from './ortWeb';

// (module (import "env" "k" (func (result i32))) (func (export "answer") (result i32) call 0))
const WASM = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
  0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x6b, 0x00, 0x00,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x0a, 0x01, 0x06, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x00, 0x01,
  0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x00, 0x0b,
]);

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok.wasm') res.writeHead(200, { 'Content-Type': 'application/wasm' }).end(WASM);
    else if (req.url === '/plain.wasm') res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(WASM);
    else res.writeHead(404).end();
  });
  await new Promise<void>((go) => server.listen(0, '127.0.0.1', go));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((go) => server.close(() => go())));

const answer = async (m: WebAssembly.Module, k: number) =>
  ((await WebAssembly.instantiate(m, { env: { k: () => k } })).exports.answer as () => number)();

describe('compileOrtWasm', () => {
  it('compiles a module served as application/wasm, and one served with another type', async () => {
    for (const path of ['/ok.wasm', '/plain.wasm']) {
      const m = await compileOrtWasm(base + path);
      expect(m).toBeInstanceOf(WebAssembly.Module);
      expect(await answer(m!, 7)).toBe(7);
    }
  });

  it('is null for a file that is not there (ORT then fetches it itself and says why)', async () => {
    expect(await compileOrtWasm(`${base}/missing.wasm`)).toBeNull();
  });
});

describe('standInFor', () => {
  it("answers the loader's instantiate of the stand-in's bytes from the compiled module, once", async () => {
    const module = await WebAssembly.compile(WASM);
    const original = WebAssembly.instantiate;
    const standIn = standInFor(module);
    // What ORT's Emscripten loader does with env.wasm.wasmBinary: instantiate a Uint8Array view of it.
    const got = (await WebAssembly.instantiate(new Uint8Array(standIn), { env: { k: () => 42 } })) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    expect(got.module).toBe(module);
    expect((got.instance.exports.answer as () => number)()).toBe(42);
    expect(WebAssembly.instantiate).toBe(original); // the hook is gone after its one use
    await expect(WebAssembly.instantiate(new Uint8Array(standIn))).rejects.toThrow(); // 8 bytes are no module
  });

  it('passes every other instantiate through', async () => {
    const module = await WebAssembly.compile(WASM);
    const original = WebAssembly.instantiate;
    standInFor(module);
    const other = (await WebAssembly.instantiate(WASM, { env: { k: () => 5 } })) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    expect((other.instance.exports.answer as () => number)()).toBe(5);
    expect(WebAssembly.instantiate).not.toBe(original); // still waiting for ORT's call
    (WebAssembly as unknown as { instantiate: unknown }).instantiate = original;
  });
});
