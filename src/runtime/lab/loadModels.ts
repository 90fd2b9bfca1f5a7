// The lab worker's model loading: students first (fast first results), then
// the fine ranker, then the teacher; each tower's doc index as soon as it is
// ready; the cold-start policy (coldStart.ts) between them. A model left out
// by `?models=`, or that the adapter cannot run, is listed as skipped with why.
import { cannotRun } from '../../core/backend';
import type { ManifestModel, ModelStatus } from '../api';
import type { Engine } from '../engine/engine';
import { coarseModels, fineModel } from '../engine/manifest';
import { TowerModel } from '../engine/models';
import type { ColdStart } from './coldStart';
import type { InitOptions } from './protocol';

export interface LoadContext {
  engine: Engine;
  opts: InitOptions;
  cold: ColdStart;
  /** records the model's status in the engine and tells the page */
  status(st: ModelStatus): void;
  docsReady(): Promise<void>;
  /** starts fetching a tower's precomputed embeddings (IndexBuilder.prefetch) */
  prefetch(m: ManifestModel): void;
  prepareIndex(m: ManifestModel): Promise<void>;
  /** whether the tower's index was asked for (IndexBuilder.has) */
  indexAsked(id: string): boolean;
  /** the first ready model hooks the WebGPU device's loss */
  modelReady(): Promise<void>;
}

const ORDER = { student: 0, fine: 1, teacher: 2, head: 3 } as const;

export async function loadModels(c: LoadContext): Promise<void> {
  const e = c.engine;
  const fine = fineModel(e.manifest);
  const models = [...coarseModels(e.manifest), ...(fine ? [fine] : [])].sort((a, b) => ORDER[a.role] - ORDER[b.role]);
  const only = c.opts.only;
  const on = { backend: c.opts.backend ?? 'wasm', shaderF16: c.opts.shaderF16 } as const;
  for (const m of models) {
    if (only && !only.includes(m.id)) {
      c.status({ id: m.id, state: 'skipped' });
      continue;
    }
    // NOTE: a graph the adapter cannot run is never loaded: its status says why (an fp16 graph without shader-f16).
    const cannot = cannotRun(m, on);
    if (cannot) {
      c.status({ id: m.id, state: 'skipped', backend: on.backend, error: cannot });
      continue;
    }
    // NOTE: one model's unexpected failure must not end the sequence silently
    // (every model after it would show "loading" for ever): it is reported, the rest go on.
    try {
      await loadOne(c, m);
    } catch (err) {
      c.status({ id: m.id, state: 'error', error: `loading stopped unexpectedly: ${(err as Error).message}` });
    }
  }
  await c.docsReady();
  c.cold.bm25Now();
  await c.cold.moveToOrt(models.map((m) => e.towers.get(m.id)), (t) => {
    c.status({ ...e.status.get(t.entry.id)!, engine: t.engine, engineNote: t.engineNote });
  });
}

async function loadOne(c: LoadContext, m: ManifestModel): Promise<void> {
  const e = c.engine;
  c.status({ id: m.id, state: 'loading' });
  // Cold start: the tower's precomputed doc embeddings download while its session is created.
  c.prefetch(m);
  const st = await e.loadModel(m);
  const t = e.towers.get(m.id);
  if (t instanceof TowerModel && st.state === 'ready') Object.assign(st, { engine: t.engine, engineNote: t.engineNote });
  c.status(st);
  if (st.state === 'ready') {
    await c.modelReady();
    await c.docsReady();
    if (m.kind === 'tower' && e.docs) await c.prepareIndex(m);
  }
  if (m.kind === 'tower') await c.cold.towerReady(c.indexAsked(m.id));
}
