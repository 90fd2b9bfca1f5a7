// The lab worker's engine as init brings it up: ORT's web build (loaded while
// the manifest downloads), ORT's start when the cold-start policy says
// (coldStart.ts), the manifest — a broken one is reported and the engine goes
// on with no shipped models, so your own models and doc sets still run — and
// the Engine with the browser's settings for the backend.
import type { Manifest } from '../api';
import { fetchBytes } from '../docs/docsLoad';
import { fetchSource } from '../engine/assets';
import { Engine } from '../engine/engine';
import { parseManifest } from '../engine/manifest';
import type { LazyModule } from '../ort/ortAssets';
import { loadWebOrt, type WebOrt } from '../ort/ortWeb';
import { mark } from '../timeline';
import { modelsMayLoad, startsOnKernel, warmUpOrt, type ColdStart } from './coldStart';
import type { InitOptions, WorkerEvent } from './protocol';

export interface LabEngine {
  web: WebOrt;
  engine: Engine;
  manifest: Manifest | null;
  /** resolves when the models' files may start downloading (coldStart.ts modelsMayLoad) */
  modelsGo: Promise<void>;
}

export async function openLabEngine(opts: InitOptions, ortWasm: LazyModule | null, cold: ColdStart, emit: (e: WorkerEvent) => void): Promise<LabEngine> {
  const kernelFirst = startsOnKernel(opts);
  const modelsGo = modelsMayLoad(opts, kernelFirst, ortWasm);
  const url = `${opts.modelsUrl}manifest.json`;
  const manifestBytes = fetchBytes(url);
  manifestBytes.catch(() => undefined); // handled below; never an unhandled rejection meanwhile
  const web = await loadWebOrt(opts.backend, opts.threads, opts.backend === 'wasm' ? ortWasm ?? undefined : undefined);
  mark('worker: ORT module loaded');
  cold.startOrt(kernelFirst, () => warmUpOrt(web, ortWasm));
  let manifest: Manifest | null = null;
  try {
    manifest = parseManifest(new TextDecoder().decode(await manifestBytes), url);
    emit({ type: 'manifest', manifest });
  } catch (e) {
    emit({ type: 'error', scope: 'manifest', message: (e as Error).message });
  }
  mark('worker: manifest read');
  const webgpu = opts.backend === 'webgpu';
  const engine = new Engine({
    ort: web.ort, sessionOptions: web.sessionOptions, models: fetchSource(opts.modelsUrl), graphScoring: webgpu, fixedShapes: webgpu,
    deferBm25: true, docsTensor: webgpu ? web.gpuTensor : undefined, warmup: true, kernelTowers: kernelFirst,
  }, manifest ?? { version: 1, models: [] });
  return { web, engine, manifest, modelsGo };
}
