// Reference scores for the e2e specs, computed in the spec's own Node process
// by the same runtime over onnxruntime-node (what `npm run cli -- rank` uses).
import { existsSync } from 'node:fs';
import type { ZoneFilter } from '../src/core/domain';
import type { RankResponse } from '../src/runtime/api';
import { openNodeEngine, readManifest } from '../src/runtime/ort/node';
import type { Engine } from '../src/runtime/engine/engine';

export const MODELS_DIR = process.env.E2E_MODELS_DIR ?? 'models';
export const DOCS_PATH = process.env.E2E_DOCS ?? 'public/demo/docs.jsonl';
export const EMBEDDINGS_DIR = process.env.E2E_EMBEDDINGS ?? 'public/embeddings';

export const haveModels = (): boolean => existsSync(`${MODELS_DIR}/manifest.json`) && existsSync(DOCS_PATH);

export function shippedModels(): { id: string; kind: string; role: string }[] {
  return readManifest(MODELS_DIR).models.filter((m) => m.kind !== 'head').map((m) => ({ id: m.id, kind: m.kind, role: m.role }));
}

let engine: Promise<Engine> | null = null;
export function referenceEngine(): Promise<Engine> {
  engine ??= openNodeEngine({ modelsDir: MODELS_DIR, docsPath: DOCS_PATH, embeddingsDir: EMBEDDINGS_DIR });
  return engine;
}

/** The smallest set that still shows every kind of column: the teacher, one student, the fine ranker. */
export function smallSet(): { id: string; kind: string; role: string }[] {
  const all = shippedModels();
  return [all.find((m) => m.role === 'teacher'), all.find((m) => m.role === 'student'), all.find((m) => m.kind === 'cross')]
    .filter((m): m is NonNullable<typeof m> => !!m);
}

export async function referenceRank(query: string, topK: number, zone: ZoneFilter = 'all', models: string[] = []): Promise<{ res: RankResponse; ids: (doc: number) => string }> {
  const e = await referenceEngine();
  const res = await e.rank({ query, models, topK, zone });
  return { res, ids: (doc) => e.docs!.rows[doc].id };
}
