// What `npm run bench` measures inside the lab's worker (window.__lab.bench):
// the code paths the UI uses — a query encode, the doc encoding of index
// builds (IndexBuilder.encodeDocs, encoding workers included), a full rank,
// brute-force scoring — never a bench-only variant of them.
import { topK } from '../../core/topk';
import { DocIndex } from '../engine/docIndex';
import type { EncodeDocsOptions, Engine } from '../engine/engine';
import type { WebOrt } from '../ort/ortWeb';
import type { BenchResult, BenchSpec } from './protocol';

const now = (): number => performance.now();

export interface BenchContext {
  engine: Engine;
  web: WebOrt;
  backend: 'wasm' | 'webgpu' | undefined;
  encodeDocs(modelId: string, opts: EncodeDocsOptions & { kernel?: boolean }): Promise<Float32Array>;
  encodeEngine?(modelId: string): string | undefined;
}

export async function runBench(spec: BenchSpec, c: BenchContext): Promise<BenchResult> {
  const e = c.engine;
  const ms: number[] = [];
  if (spec.kind === 'query') {
    const t = e.tower(spec.modelId);
    for (const text of spec.texts) {
      const t0 = now();
      await t.encode([text], 'query');
      ms.push(now() - t0);
    }
    return { ms };
  }
  if (spec.kind === 'encode') {
    const t0 = now();
    const v = await c.encodeDocs(spec.modelId, { limit: spec.count, kernel: spec.kernel });
    ms.push(now() - t0);
    return { ms, docs: v.length / e.tower(spec.modelId).dim, engine: c.encodeEngine?.(spec.modelId) };
  }
  if (spec.kind === 'rank') {
    for (let i = 0; i < spec.reps; i++) {
      const t0 = now();
      await e.rank({ query: `${spec.query}${i ? ` ${i}` : ''}`, models: [], topK: spec.topK, zone: 'all' });
      ms.push(now() - t0);
    }
    return { ms };
  }
  const t0 = now();
  const data = new Float32Array(spec.n * spec.dim);
  let x = 12345;
  for (let i = 0; i < data.length; i++) { x = (x * 1103515245 + 12345) >>> 0; data[i] = (x / 2 ** 32 - 0.5) * 0.2; }
  const index = DocIndex.fromStore({ kind: 'f32', data, dim: spec.dim });
  if (c.backend === 'webgpu') await index.useGraph(c.web.ort, c.web.sessionOptions, c.web.gpuTensor);
  const q = new Float32Array(spec.dim);
  await index.dots(q); // WASM: moves the matrix into SIMD memory; WebGPU: already warmed
  const setupMs = now() - t0;
  for (let r = 0; r < spec.reps; r++) {
    for (let j = 0; j < spec.dim; j++) q[j] = Math.sin(r * 31 + j);
    const t1 = now();
    topK(await index.dots(q), spec.k);
    ms.push(now() - t1);
  }
  await index.release();
  return { ms, setupMs };
}
