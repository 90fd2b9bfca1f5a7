// Check exported ONNX graphs with onnxruntime-node (native CPU) against the PyTorch outputs
// stored in models/<id>/reference.json, and measure CPU latency.
// usage: node training/ort_check.mjs <models_dir> <out.json> <id>... [--latency]
// out.json: {id: {max_abs_diff, latency?: {query_ms, per_1000_docs_ms}}}; exit 1 if any diff > tolerance.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const args = process.argv.slice(2);
const latency = args.includes('--latency');
const [dir, outPath, ...ids] = args.filter((a) => a !== '--latency');
const opts = { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

function int32(rows) {
  return new ort.Tensor('int32', Int32Array.from(rows.flat()), [rows.length, rows[0].length]);
}
function feeds(kind, b) {
  const f = { input_ids: int32(b.input_ids), attention_mask: int32(b.attention_mask) };
  if (kind === 'cross') f.token_type_ids = int32(b.token_type_ids ?? b.input_ids.map((r) => r.map(() => 0)));
  return f;
}
function maxDiff(a, b) {
  let m = 0;
  const fa = a.flat(Infinity), fb = Array.from(b);
  if (fa.length !== fb.length) return Infinity;
  for (let i = 0; i < fa.length; i++) m = Math.max(m, Math.abs(fa[i] - fb[i]));
  return m;
}
async function median(fn, n) {
  const t = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); await fn(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  return t[Math.floor(n / 2)];
}

const result = {};
let ok = true;
for (const id of ids) {
  const ref = JSON.parse(readFileSync(join(dir, id, 'reference.json'), 'utf8'));
  const kind = ref.kind;
  const outName = kind === 'tower' ? 'embedding' : 'logit';
  const lean = await ort.InferenceSession.create(join(dir, id, 'onnx', 'model.onnx'), opts);
  let diff = 0;
  for (const c of ref.cases) {
    const o = await lean.run(feeds(kind, { input_ids: [c.input_ids], attention_mask: [c.attention_mask], token_type_ids: c.token_type_ids ? [c.token_type_ids] : undefined }));
    diff = Math.max(diff, maxDiff(kind === 'tower' ? [c.embedding] : [c.logit], o[outName].data));
  }
  const ob = await lean.run(feeds(kind, ref.batch));
  diff = Math.max(diff, maxDiff(ref.batch[outName], ob[outName].data));
  const inspectPath = join(dir, id, 'onnx', 'inspect.onnx');
  if (existsSync(inspectPath)) {
    const ins = await ort.InferenceSession.create(inspectPath, opts);
    const oi = await ins.run(feeds(kind, ref.batch));
    diff = Math.max(diff, maxDiff(ref.batch[outName], oi[outName].data));
    const a = ref.batch.attention, t = oi.attentions;
    const [, L, H, T] = t.dims;
    const off = ((a.row * L + a.layer) * H + a.head) * T * T;
    diff = Math.max(diff, maxDiff(a.matrix, t.data.slice(off, off + T * T)));
    if (ref.batch.token_embeddings_row0) {
      const te = oi.token_embeddings;
      diff = Math.max(diff, maxDiff(ref.batch.token_embeddings_row0, te.data.slice(0, te.dims[1] * te.dims[2])));
    }
  }
  const entry = { max_abs_diff: diff, tolerance: ref.tolerance };
  if (diff > ref.tolerance || !Number.isFinite(diff)) ok = false;
  if (latency) {
    // per query: one query through the tower (seq 16) / one (query, doc) pair for the fine ranker;
    // per 1,000 docs: doc tower over 1,000 docs (seq 32) in batches of 250 / 1,000 pairs (seq 48).
    const seqQ = kind === 'tower' ? 16 : 48, seqD = kind === 'tower' ? 32 : 48;
    const mk = (b, s) => feeds(kind, {
      input_ids: Array.from({ length: b }, (_, i) => Array.from({ length: s }, (_, j) => 5 + ((i * 31 + j * 7) % 3000))),
      attention_mask: Array.from({ length: b }, () => Array(s).fill(1)),
    });
    const fq = mk(1, seqQ), fd = mk(250, seqD);
    await lean.run(fq); await lean.run(fd);
    const q = await median(() => lean.run(fq), 30);
    const d = await median(() => lean.run(fd), 5);
    entry.latency = { query_ms: +q.toFixed(3), per_1000_docs_ms: +(d * 4).toFixed(1), threads: 2 };
  }
  result[id] = entry;
}
writeFileSync(outPath, JSON.stringify(result, null, 1));
if (!ok) { console.error(JSON.stringify(result)); process.exit(1); }
