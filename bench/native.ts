// Native reference figures, in this Node process: the lab's runtime over
// onnxruntime-node (the same ONNX files), and the transformers.js
// feature-extraction pipeline on the same tower graphs (adapted: int64 inputs
// cast to int32, see onnxAdapt.ts).
import { cpSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoringGraph } from '../src/core/onnxProto';
import { dotScores } from '../src/core/score';
import { topK } from '../src/core/topk';
import type { Engine } from '../src/runtime/engine/engine';
import { leanFile } from '../src/runtime/engine/manifest';
import { nodeOrt } from '../src/runtime/ort/node';
import { SimdDocs } from '../src/runtime/engine/simdDot';
import { adaptForTransformersJs } from './onnxAdapt';

const now = (): number => performance.now();

export async function queryLatency(engine: Engine, modelId: string, texts: string[]): Promise<number[]> {
  const t = engine.tower(modelId);
  for (const x of texts.slice(0, 5)) await t.encode([x], 'query'); // warm-up
  const ms: number[] = [];
  for (const x of texts) {
    const t0 = now();
    await t.encode([x], 'query');
    ms.push(now() - t0);
  }
  return ms;
}

export async function encodeThroughput(engine: Engine, modelId: string, count: number, batch = 64): Promise<number> {
  await engine.encodeDocs(modelId, { limit: batch, batch });
  const t0 = now();
  const v = await engine.encodeDocs(modelId, { limit: count, batch });
  return (v.length / engine.tower(modelId).dim) / ((now() - t0) / 1000);
}

export function randomDocs(n: number, dim: number): Float32Array {
  const data = new Float32Array(n * dim);
  let x = 12345;
  for (let i = 0; i < data.length; i++) { x = (x * 1103515245 + 12345) >>> 0; data[i] = (x / 2 ** 32 - 0.5) * 0.2; }
  return data;
}

/**
 * Brute force q·d over n docs + top-k in Node: the lab's SIMD kernel (the
 * same WASM the browser runs), the plain JS loop, and ORT-node's MatMul.
 */
export async function scoringNative(n: number, dim: number, reps: number, k = 100): Promise<{ jsLoop: number[]; simd: number[]; ortNode: number[] }> {
  const docs = randomDocs(n, dim);
  const q = new Float32Array(dim);
  const jsLoop: number[] = [], ortNode: number[] = [], simd: number[] = [];
  const kernel = SimdDocs.create(docs, dim);
  const out = new Float32Array(n);
  const s = await nodeOrt.InferenceSession.create(scoringGraph(dim), { intraOpNumThreads: 2 });
  const docsT = new nodeOrt.Tensor('float32', docs, [n, dim]);
  for (let r = 0; r < reps + 1; r++) {
    for (let j = 0; j < dim; j++) q[j] = Math.sin(r * 31 + j);
    let t0 = now();
    topK(dotScores(q, docs, dim, out), k);
    if (r) jsLoop.push(now() - t0);
    if (kernel) {
      t0 = now();
      topK(kernel.dots(q, out), k);
      if (r) simd.push(now() - t0);
    }
    t0 = now();
    const res = await s.run({ docs: docsT, q: new nodeOrt.Tensor('float32', q, [dim, 1]) });
    topK(res.dots.data as Float32Array, k);
    if (r) ortNode.push(now() - t0);
  }
  await s.release();
  return { jsLoop, simd, ortNode };
}

export interface TjsResult {
  queryMs: number[];
  docsPerSec: number;
  /** max |Δ| between the pipeline's vectors and the lab runtime's, over a few texts. */
  maxDiff: number;
}

/** transformers.js feature-extraction on the same graph. Returns a reason string if it cannot run. */
export async function transformersJs(engine: Engine, modelsDir: string, modelId: string, queries: string[], docs: string[]): Promise<TjsResult | string> {
  try {
    const entry = engine.manifest.models.find((m) => m.id === modelId)!;
    const root = mkdtempSync(join(tmpdir(), 'prerank-tjs-'));
    const dir = join(root, modelId);
    mkdirSync(join(dir, 'onnx'), { recursive: true });
    for (const f of ['tokenizer.json', 'tokenizer_config.json', 'config.json']) cpSync(join(modelsDir, entry.dir, f), join(dir, f));
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, model_type: 'bert' }));
    writeFileSync(join(dir, 'onnx', 'model.onnx'), adaptForTransformersJs(new Uint8Array(readFileSync(join(modelsDir, leanFile(entry))))));
    const { pipeline, env } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.localModelPath = `${root}/`;
    const p = await pipeline('feature-extraction', modelId, { dtype: 'fp32', session_options: { intraOpNumThreads: 2 } } as never);
    type Out = { data: Float32Array; dims: number[] };
    const run = (x: string[]) => p(x, { pooling: 'none' } as never) as unknown as Promise<Out>;
    // Parity: the same text through both (queries are never truncated at these lengths).
    let maxDiff = 0;
    for (const x of queries.slice(0, 5)) {
      const a = (await run([x])).data;
      const b = (await engine.tower(modelId).encode([x], 'query')).vectors;
      for (let i = 0; i < b.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    }
    const queryMs: number[] = [];
    for (const x of queries) {
      const t0 = now();
      await run([x]);
      queryMs.push(now() - t0);
    }
    const t0 = now();
    for (let i = 0; i < docs.length; i += 64) await run(docs.slice(i, i + 64));
    const docsPerSec = docs.length / ((now() - t0) / 1000);
    return { queryMs, docsPerSec, maxDiff };
  } catch (e) {
    return `could not run: ${(e as Error).message.slice(0, 160)}`;
  }
}
