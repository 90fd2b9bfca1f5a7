// The contract between the UI and the runtime. Panels call a `LabClient`
// (src/runtime/lab/client.ts), which runs models in a Web Worker; the Node CLI and
// benches use the same encoders over onnxruntime-node. Types only here (and one
// error message both sides compare against).
import type { Backend, ZoneFilter } from '../core/domain';

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
  /** towers: 'attn' = pool_heads learned attention poolings, concatenated (training/model.py AttnPool) */
  pooling?: 'cls' | 'mean' | 'max' | 'attn';
  pool_heads?: number;
  /** towers: width of the embedding (hidden, or pool_heads × hidden with 'attn') */
  embedding_dim?: number;
  max_len?: number;
  params?: number;
  dir: string;
  files: Record<string, string>;
  sha256: Record<string, string>;
  metrics?: Record<string, number>;
  /** calibration (training/calibrate.py): logit = logit_scale · raw + logit_bias; absent = 1 and 0 */
  logit_scale?: number;
  logit_bias?: number;
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
  /** skipped: left out by `?models=`, or one the backend cannot run (`error` says why). */
  state: 'idle' | 'loading' | 'ready' | 'error' | 'skipped';
  backend?: Backend;
  backendReason?: string;
  bytes?: number;
  loadMs?: number;
  error?: string;
  /**
   * Towers: what runs the query side. 'kernel': the lab's WASM kernel bridging the cold start
   * until the tower's ORT session is up; 'ort': its ORT session; 'kernel-only': ORT could not
   * take over (engineNote says why).
   */
  engine?: 'kernel' | 'ort' | 'kernel-only';
  /** e.g. "ORT since 3.1 s; the kernel's first answers agreed with it within 1.2e-6" */
  engineNote?: string;
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
  /** The raw score before the sigmoid (towers: q·d; fine ranker: its logit). NOTE: it keeps the order
   * where the probability saturates (every top-20 score of an uncalibrated tower reads 1.0000). */
  logit?: number;
  /** The fine ranker's score of this doc for the query (when it ran). */
  fineScore?: number;
  /** 1-based rank of this doc when the fine ranker re-orders this column's top-K. */
  fineRank?: number;
}

/** One column of the ranking panel. */
export interface RankColumn {
  modelId: string;
  /** tower = a two-tower model, fine = the cross-encoder, bm25 = lexical baseline. */
  kind: 'tower' | 'fine' | 'bm25';
  role?: ModelRole;
  results: RankedDoc[];
  timings: Partial<StageTimings>;
  /** Why the column is empty (model not loaded yet, failed, …). */
  note?: string;
  /** 'index': empty because this doc set's embeddings are still being built (the page shows the encoding's progress). */
  waiting?: 'index';
}

/** What one rank request returns. */
export interface RankResponse {
  query: string;
  zone: RankRequest['zone'];
  topK: number;
  columns: RankColumn[];
  /** Docs the fine ranker scored (union of the columns' top-K). */
  poolSize: number;
  /** The engine's time for the request, from the worker taking it up to its answer. */
  totalMs: number;
  /**
   * The page's time, from sending the request to the answer (client.ts): includes the time it
   * waited in the worker behind other work, which totalMs does not see.
   */
  roundTripMs?: number;
}

/** Whether an answer carries rows from at least one two-tower column (the cold start's "first results"). */
export function hasTowerResults(r: RankResponse): boolean {
  return r.columns.some((c) => c.kind === 'tower' && c.results.length > 0);
}

export interface RankRequest {
  query: string;
  models: string[];
  topK: number;
  zone: ZoneFilter;
}

/** Scores of every model over a query set's candidate pools, for tiers and metrics. */
export interface QuerySetScores {
  qids: string[];
  poolSize: number;
  /**
   * modelId → qid → candidates (doc index + score), sorted by score desc.
   * A coarse model's candidates: its top-`poolSize` over the whole catalog
   * plus every judged doc of the query. The fine ranker's entry scores the
   * union of those pools (fine = sigmoid(logit)).
   */
  byModel: Record<string, Record<string, RankedDoc[]>>;
  /** The fine ranker's id, when one is loaded. */
  fineModelId?: string;
  /**
   * Where the scores came from (querySetScorer.ts): units (a model's pools over the set) read from
   * the browser's cache, and computed now; the slices the work ran in (each followed by a yield to
   * the worker's event loop: what a typed query waited for at most). Absent from older producers.
   */
  cache?: { read: string[]; computed: string[]; writeError?: string };
  slices?: { count: number; maxMs: number; totalMs: number };
}

/** How far a query-set request has got (the worker reports it after every slice). */
export interface QuerySetProgress {
  done: number;
  total: number;
  /** seconds left at the rate of the queries that needed work; null until one has */
  etaS: number | null;
  elapsedMs: number;
}

/** Doc-encoding progress (the browser encodes doc sets without precomputed embeddings). */
export interface EncodeProgress {
  modelId: string;
  done: number;
  total: number;
  docsPerSec: number;
  etaS: number;
  /** Where the index came from once ready. */
  source?: 'file' | 'indexeddb' | 'encoded';
  state: 'running' | 'done' | 'cancelled' | 'error';
  error?: string;
  /** e.g. why a precomputed file was not used. */
  note?: string;
  /** When encoding here: which code encodes, in words ("the lab's WASM SIMD kernel", "ONNX Runtime (why)"). */
  engine?: string;
}

/** The message a query-set request rejects with when a newer one on its channel replaced it. */
export const SUPERSEDED = 'superseded by a newer query-set request';
