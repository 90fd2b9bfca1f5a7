// transformers.js in the browser, for the bench: its self-contained web bundle
// and its own ORT-web WASM files (1.31-dev, not ours) are copied into the
// bench build under /tjs/, the towers (adapted, see onnxAdapt.ts) under
// /tjs-models/, and the feature-extraction pipeline runs on the page's main
// thread (as a transformers.js app would), WASM device, fp32.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestModel } from '../src/runtime/api';
import { leanFile } from '../src/runtime/engine/manifest';
import type { BenchPage } from './browser';
import { adaptForTransformersJs } from './onnxAdapt';

const TJS = 'node_modules/@huggingface/transformers';

export function stageTransformersJs(outDir: string, modelsDir: string, towers: ManifestModel[]): string | null {
  const ortDist = [join(TJS, 'node_modules/onnxruntime-web/dist'), 'node_modules/onnxruntime-web/dist'].find((d) => existsSync(d));
  if (!existsSync(join(TJS, 'dist/transformers.min.js')) || !ortDist) return 'transformers.js is not installed';
  mkdirSync(join(outDir, 'tjs'), { recursive: true });
  cpSync(join(TJS, 'dist/transformers.min.js'), join(outDir, 'tjs/transformers.min.js'));
  for (const f of readdirSync(ortDist).filter((x) => x.startsWith('ort-wasm-simd-threaded') && !x.endsWith('.map'))) {
    cpSync(join(ortDist, f), join(outDir, 'tjs', f));
  }
  for (const m of towers) {
    const dir = join(outDir, 'tjs-models', m.id);
    mkdirSync(join(dir, 'onnx'), { recursive: true });
    for (const f of ['tokenizer.json', 'tokenizer_config.json']) cpSync(join(modelsDir, m.dir, f), join(dir, f));
    const cfg = JSON.parse(readFileSync(join(modelsDir, m.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, model_type: 'bert' }));
    writeFileSync(join(dir, 'onnx/model.onnx'), adaptForTransformersJs(new Uint8Array(readFileSync(join(modelsDir, leanFile(m))))));
  }
  return null;
}

type Pipe = ((x: string[], o: object) => Promise<unknown>) & { dispose?: () => Promise<void> };
type TjsWindow = { __tjs?: Record<string, Pipe> };

/** Creates the feature-extraction pipeline of one tower in the page (kept in window.__tjs), warmed up on `warm` in batches of 64; an error says why not. */
export async function tjsOpen(page: BenchPage, modelId: string, warm: string[]): Promise<string | null> {
  try {
    await page.page.evaluate(async ({ modelId, warm }) => {
      const url = '/tjs/transformers.min.js';
      const m = (await import(/* @vite-ignore */ url)) as {
        env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string; backends: { onnx: { wasm: { wasmPaths: string; numThreads: number } } } };
        pipeline: (task: string, id: string, o: object) => Promise<Pipe>;
      };
      m.env.allowRemoteModels = false;
      m.env.allowLocalModels = true; // off by default in browsers
      m.env.localModelPath = '/tjs-models/';
      m.env.backends.onnx.wasm.wasmPaths = '/tjs/';
      m.env.backends.onnx.wasm.numThreads = Math.min(4, navigator.hardwareConcurrency);
      const p = await m.pipeline('feature-extraction', modelId, { device: 'wasm', dtype: 'fp32' });
      for (let i = 0; i < warm.length; i += 64) await p(warm.slice(i, i + 64), { pooling: 'none' });
      const w = window as unknown as TjsWindow;
      (w.__tjs ??= {})[modelId] = p;
    }, { modelId, warm });
    return null;
  } catch (e) {
    return `could not run: ${(e as Error).message.split('\n')[0].slice(0, 140)}`;
  }
}

/** Batch-1 latencies (tokenize included), one per query. */
export function tjsQueryMs(page: BenchPage, modelId: string, queries: string[]): Promise<number[]> {
  return page.page.evaluate(async ({ modelId, queries }) => {
    const p = (window as unknown as TjsWindow).__tjs![modelId];
    for (const q of queries.slice(0, 3)) await p([q], { pooling: 'none' });
    const ms: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      await p([q], { pooling: 'none' });
      ms.push(performance.now() - t0);
    }
    return ms;
  }, { modelId, queries });
}

/** Docs per second over `docs`, in batches of 64 in the given order (as a transformers.js app feeds it). */
export function tjsDocsPerSec(page: BenchPage, modelId: string, docs: string[]): Promise<number> {
  return page.page.evaluate(async ({ modelId, docs }) => {
    const p = (window as unknown as TjsWindow).__tjs![modelId];
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += 64) await p(docs.slice(i, i + 64), { pooling: 'none' });
    return docs.length / ((performance.now() - t0) / 1000);
  }, { modelId, docs });
}

export async function tjsClose(page: BenchPage, modelId: string): Promise<void> {
  await page.page.evaluate(async (modelId) => {
    const w = window as unknown as TjsWindow;
    await w.__tjs?.[modelId]?.dispose?.();
    delete w.__tjs?.[modelId];
  }, modelId).catch(() => undefined);
}
