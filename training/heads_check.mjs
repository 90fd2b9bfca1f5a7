// Replay models/<id>/reference.json (written by training/heads_export.py) in onnxruntime-node:
// every run's outputs must match the PyTorch tensors within the stated tolerance. Each run is fed
// PyTorch's tensors (the scorer gets PyTorch's stored doc codes), so a one-code rounding tie in the
// doc graph cannot spill into the scorer's check. With --latency, times each
// latency spec (median; random inputs of the stated shapes).
// usage: node training/heads_check.mjs <models_dir> <out.json> <id>... [--latency]
// Tolerance: |expect − got| ≤ tolerance + rtol·|expect| (rtol 0 unless stated, e.g. fp16 graphs).
// out.json: {id: {ok, max_abs_diff, tolerance, shapes: {graph.output: dims}, latency?: {label: ms}}}
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const args = process.argv.slice(2);
const latency = args.includes('--latency');
const [dir, outPath, ...ids] = args.filter((a) => a !== '--latency');
const opts = { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: process.env.ORT_OPT ?? 'all' };

function toTensor(t) {
  const data = t.dtype === 'int32' ? Int32Array.from(t.data) : Float32Array.from(t.data);
  return new ort.Tensor(t.dtype, data, t.dims);
}
// max over elements of |expect − got| − rtol·|expect| (≤ atol passes: atol + rtol·|expect|)
function maxDiff(expect, got, rtol = 0) {
  if (expect.data.length !== got.data.length) return Infinity;
  let m = 0;
  for (let i = 0; i < expect.data.length; i++) {
    const d = Math.abs(expect.data[i] - Number(got.data[i])) - rtol * Math.abs(expect.data[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
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
  for (let i = 0; i < n; i++) a[i] = spec.fill === 'scales' ? 0.01 : (r() - 0.5) * 2;
  return new ort.Tensor('float32', a, spec.dims);
}
async function median(fn, n) {
  const t = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); await fn(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  return t[Math.floor(n / 2)];
}

const result = {};
let allOk = true;
for (const id of ids) {
  const ref = JSON.parse(readFileSync(join(dir, id, 'reference.json'), 'utf8'));
  const tensors = Object.fromEntries(Object.entries(ref.tensors).map(([k, v]) => [k, v]));
  const entry = { ok: true, max_abs_diff: 0, tolerance: ref.tolerance, shapes: {} };
  for (const run of ref.runs) {
    const sess = await ort.InferenceSession.create(join(dir, id, run.graph), opts);
    const feeds = {};
    for (const [input, name] of Object.entries(run.feeds)) feeds[input] = toTensor(tensors[name]);
    const out = await sess.run(feeds);
    for (const [output, name] of Object.entries(run.expect ?? {})) {
      const got = out[output];
      const exp = tensors[name];
      entry.shapes[`${run.graph}:${output}`] = got.dims;
      const sameDims = got.dims.length === exp.dims.length && got.dims.every((d, i) => d === exp.dims[i]);
      const d = sameDims ? maxDiff(exp, got, ref.rtol ?? 0) : Infinity;
      const tol = run.atol?.[output] ?? ref.tolerance;   // e.g. int8 codes: ±1 at a rounding tie
      if (tol === ref.tolerance) entry.max_abs_diff = Math.max(entry.max_abs_diff, d);
      if (!(d <= tol)) { entry.ok = false; entry.failed = (entry.failed ? entry.failed + "; " : "") + `${run.graph}:${output} diff ${d}`; }
    }
  }
  if (latency) {
    entry.latency = {};
    for (const spec of ref.latency ?? []) {
      const sess = await ort.InferenceSession.create(join(dir, id, spec.graph), opts);
      const r = rng(7);
      const feeds = Object.fromEntries(Object.entries(spec.feeds).map(([k, s]) => [k, synth(s, r)]));
      await sess.run(feeds); await sess.run(feeds);
      entry.latency[spec.label] = +(await median(() => sess.run(feeds), spec.reps ?? 7)).toFixed(3);
    }
    entry.latency.threads = 2;
  }
  if (!entry.ok) allOk = false;
  result[id] = entry;
}
writeFileSync(outPath, JSON.stringify(result, null, 1));
if (!allOk) { console.error(JSON.stringify(result)); process.exit(1); }
