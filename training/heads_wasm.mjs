// ORT-web WASM latency of exported heads / towers in headless Chromium (the repo's Playwright
// setup: playwright-core + Debian chromium). Serves the repo root with COOP/COEP (threads need
// cross-origin isolation), loads onnxruntime-web's WASM build, and times each latency spec of
// models/<id>/reference.json (heads) or a tower's batch-1 query / 1,000-doc pass.
// usage: node training/heads_wasm.mjs <models_dir (under the repo)> <out.json> <id>... [--threads N]
// out.json: {id: {label: ms, threads, backend: "wasm"}}; median of `reps` runs after two warm-ups.
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join, resolve, relative } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const ti = args.indexOf('--threads');
const threads = ti >= 0 ? Number(args[ti + 1]) : 2;
const rest = ti >= 0 ? args.filter((_, i) => i !== ti && i !== ti + 1) : args;
const [modelsDir, outPath, ...ids] = rest;
const root = resolve(new URL('..', import.meta.url).pathname);
const modelsUrl = '/' + relative(root, resolve(modelsDir));
const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };

const page = `<!doctype html><meta charset="utf-8"><script type="module">
import * as ort from '/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs';
ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
ort.env.wasm.numThreads = ${threads};
function rng(seed) { let s = seed >>> 0; return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
function synth(spec, r) {
  const n = spec.dims.reduce((a, b) => a * b, 1);
  if (spec.dtype === 'int32') {
    const a = new Int32Array(n);
    if (spec.fill === 'mask') a.fill(1);
    else if (spec.fill === 'codes') for (let i = 0; i < n; i++) a[i] = Math.floor(r() * 255) - 127;
    else if (spec.fill === 'ids') for (let i = 0; i < n; i++) a[i] = 5 + Math.floor(r() * 3000);
    return new ort.Tensor('int32', a, spec.dims);
  }
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (r() - 0.5) * 2;
  return new ort.Tensor('float32', a, spec.dims);
}
async function median(fn, n) { const t = []; for (let i = 0; i < n; i++) { const s = performance.now(); await fn(); t.push(performance.now() - s); } t.sort((a, b) => a - b); return t[Math.floor(n / 2)]; }
window.bench = async (base, id) => {
  const ref = await (await fetch(base + '/' + id + '/reference.json')).json();
  const specs = ref.latency ?? [
    { label: 'query_ms', graph: 'onnx/model.onnx', reps: 30, feeds: { input_ids: { dtype: 'int32', dims: [1, 16], fill: 'ids' }, attention_mask: { dtype: 'int32', dims: [1, 16], fill: 'mask' } } },
    { label: 'per_250_docs_ms', graph: 'onnx/model.onnx', reps: 5, feeds: { input_ids: { dtype: 'int32', dims: [250, 32], fill: 'ids' }, attention_mask: { dtype: 'int32', dims: [250, 32], fill: 'mask' } } },
  ];
  const out = { threads: ort.env.wasm.numThreads, backend: 'wasm', crossOriginIsolated };
  for (const spec of specs) {
    const s = await ort.InferenceSession.create(base + '/' + id + '/' + spec.graph, { executionProviders: ['wasm'] });
    const r = rng(7);
    const feeds = Object.fromEntries(Object.entries(spec.feeds).map(([k, v]) => [k, synth(v, r)]));
    await s.run(feeds); await s.run(feeds);
    out[spec.label] = +(await median(() => s.run(feeds), spec.reps ?? 7)).toFixed(2);
    await s.release();
  }
  if (out.per_250_docs_ms !== undefined) out.per_1000_docs_ms = +(out.per_250_docs_ms * 4).toFixed(1);
  return out;
};
window.ready = true;
</script>`;

const server = createServer(async (req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  if (url === '/__heads_bench.html') { res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }); res.end(page); return; }
  const p = join(root, url);
  if (!p.startsWith(root)) { res.writeHead(403); res.end(); return; }
  try {
    const body = await readFile(p);
    res.writeHead(200, { ...headers, 'Content-Type': types[extname(p)] ?? 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404, headers); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const result = {};
const keepAlive = setInterval(() => {}, 1000);   // keeps Node's loop alive while the page works
try {
  const p = await browser.newPage();
  p.on('pageerror', (e) => console.error('pageerror:', e.message));
  await p.goto(`http://127.0.0.1:${port}/__heads_bench.html`);
  await p.waitForFunction(() => window.ready === true, null, { timeout: 60000 });
  for (const id of ids) {
    result[id] = JSON.parse(await p.evaluate(async ([b, i]) => JSON.stringify(await window.bench(b, i)), [modelsUrl, id]));
    console.log(id, JSON.stringify(result[id]));
  }
} finally {
  clearInterval(keepAlive);
  await browser.close();
  server.close();
}
await writeFile(outPath, JSON.stringify(result, null, 1));
