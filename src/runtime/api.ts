// The contract between the UI and the runtime. Panels call a `LabClient`
// (src/runtime/client.ts), which runs models in a Web Worker; the Node CLI and
// benches use the same encoders over onnxruntime-node. Types only here.
import type { Backend } from '../core/backend';

export type ModelRole = 'teacher' | 'student' | 'fine' | 'head';
export type ModelKind = 'tower' | 'cross' | 'head';

/** One entry of models/manifest.json (see docs/CONTRACTS.md). */
export interface ManifestModel {
  id: string;
  role: ModelRole;
  kind: ModelKind;
  layers?: number;
  hidden?: number;
  heads?: number;
  ffn?: number;
  pooling?: 'cls' | 'mean' | 'max';
  max_len?: number;
  params?: number;
  dir: string;
  files: Record<string, string>;
  sha256: Record<string, string>;
  metrics?: Record<string, number>;
  inputs?: unknown;
  outputs?: unknown;
  [extra: string]: unknown;
}

export interface Manifest {
  version: number;
  docset_sha256?: string;
  models: ManifestModel[];
  [extra: string]: unknown;
}

/** What the models bar shows for each model. */
export interface ModelStatus {
  id: string;
  state: 'idle' | 'loading' | 'ready' | 'error';
  backend?: Backend;
  backendReason?: string;
  bytes?: number;
  loadMs?: number;
  error?: string;
}

export interface StageTimings {
  tokenizeMs: number;
  encodeMs: number;
  scoreMs: number;
  topkMs: number;
  rerankMs: number;
}

export interface RankedDoc {
  /** Index into the loaded doc set. */
  doc: number;
  score: number;
}

/** One column of the ranking panel. */
export interface RankColumn {
  modelId: string;
  results: RankedDoc[];
  timings: Partial<StageTimings>;
}

export interface RankRequest {
  query: string;
  models: string[];
  topK: number;
  zone: 'all' | 'premium' | 'short';
}

/** Scores of every model over a query set's candidate pools, for tiers and metrics. */
export interface QuerySetScores {
  qids: string[];
  /** modelId → qid → candidates (doc index + score), sorted by score desc. */
  byModel: Record<string, Record<string, RankedDoc[]>>;
}
