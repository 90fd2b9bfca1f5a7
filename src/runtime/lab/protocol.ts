// What the lab's worker answers its client (rpc.ts): the thread's protocol.
// Each call gets exactly one reply; events are pushed as things happen, on the
// same port, so a call's events arrive before its reply.
import type { TimelineMark } from '../timeline';
import type { BackendChoice } from '../../core/backend';
import type { EncodeProgress, Manifest, ModelStatus, QuerySetProgress, RankRequest, RankResponse } from '../api';
import type { PackedQuerySetScores } from '../queryset/querySetPack';
import type { DocRow } from '../docs/docset';
import type { DocTableData } from '../../data/docTable';
import type { ByoRequest, ByoResult } from '../byo/byoProtocol';
import type { DocsJsonl } from '../docs/docsJsonl';

export interface InitOptions {
  backend: BackendChoice['backend'];
  threads: number;
  modelsUrl: string;
  docsUrl: string;
  queriesUrl: string;
  qrelsUrl: string;
  /** Base URL of precomputed `<id>.emb` files; '' = never use them. */
  embeddingsUrl: string;
  /** The doc set's precomputed index (docsIndexFile.ts), tried before parsing docs.jsonl; absent = parse. */
  docsIndexUrl?: string;
  /** Keep only the first N docs (a different doc set: no precomputed embeddings). */
  docLimit?: number;
  /** Load only these models (`?models=a,b`); the rest are listed as skipped. */
  only?: string[];
  /** false (`?kernel=off`): no lab tower kernel — the WASM cold start and doc encoding on ORT alone. */
  kernel?: boolean;
  /** WebGPU: whether the adapter has shader-f16; false = fp16 graphs are not loaded (core/backend.ts cannotRun). */
  shaderF16?: boolean;
}

/** The worker's run queue is stuck on one task (src/runtime/lab/stallWatch.ts). */
export interface RuntimeStall {
  /** what the queue waits on, e.g. "creating the session of model teacher (model.onnx)" */
  label: string;
  seconds: number;
  /** tasks queued behind it */
  waiting: number;
}

/** A query set to score: each coarse model's top-`poolSize` per query, and the fine ranker's over the union. */
export interface QuerySetRequest {
  modelIds: string[];
  qids: string[];
  poolSize: number;
  /** a newer request on a channel stops the older one (SUPERSEDED) */
  channel?: string;
}

export interface LabApi {
  init(opts: InitOptions): Promise<{ manifest: Manifest | null }>;
  rank(req: RankRequest): Promise<RankResponse>;
  /** a user's docs.jsonl */
  setDocs(text: string, name: string): Promise<{ count: number }>;
  /** an imported doc set in columns (src/data/docTable.ts), hashed by the import worker */
  setDocTable(table: DocTableData, sha256: string, name: string): Promise<{ count: number; bm25: boolean }>;
  cancelEncode(modelId: string): Promise<null>;
  resumeEncode(modelId: string): Promise<null>;
  /** packed (querySetPack.ts); client.ts unpacks it */
  scoreQuerySet(q: QuerySetRequest): Promise<PackedQuerySetScores>;
  /** the same answer from memory or the pools cache only (no model run, none need be loaded), or null */
  cachedQuerySet(q: Omit<QuerySetRequest, 'channel'>): Promise<PackedQuerySetScores | null>;
  /** bring-your-own models (src/runtime/byo/byoHost.ts) */
  byo(req: ByoRequest): Promise<ByoResult>;
  bench(spec: BenchSpec): Promise<BenchResult>;
  /** the worker's cold-start marks (timeline.ts) */
  timeline(): Promise<TimelineMark[]>;
  /** test hook: destroys the WebGPU device, as a driver reset would */
  simulateDeviceLoss(): Promise<null>;
}

/** Measurements the bench (bench/run.ts) asks the worker for, on the worker's backend. */
export type BenchSpec =
  /** Batch-1 query encodes (tokenize + encode), one per text. */
  | { kind: 'query'; modelId: string; texts: string[] }
  /** Encode the first `count` docs of the loaded set (the lab's doc-encoding path and batching); kernel: false keeps ORT. */
  | { kind: 'encode'; modelId: string; count: number; kernel?: boolean }
  /** Brute-force scoring + top-k over `n` random docs of `dim` (graph on WebGPU, loop on WASM). */
  | { kind: 'score'; n: number; dim: number; reps: number; k: number }
  /** One full rank request (what typing triggers), `reps` times. */
  | { kind: 'rank'; query: string; topK: number; reps: number };

export interface BenchResult {
  /** Per-repetition wall times in ms. */
  ms: number[];
  /** For 'encode': docs encoded. */
  docs?: number;
  /** For 'encode': which code encoded them, in words (IndexBuilder.encodeEngine). */
  engine?: string;
  /** For 'score': ms to build the index (upload to the GPU on WebGPU). */
  setupMs?: number;
}

export interface DocsInfo {
  name: string;
  count: number;
  sha256: string;
  /**
   * null for a set the page sent as a table (setDocTable): the page reads rows from its own copy;
   * and for a docs.jsonl, whose bytes come instead (`jsonl`, read by jsonlRows.ts)
   */
  rows: readonly DocRow[] | null;
  jsonl?: DocsJsonl;
  /** false when the set is too big for the BM25 column (docset.ts BM25_MAX_DOCS) */
  bm25: boolean;
}

export type WorkerEvent =
  | { type: 'manifest'; manifest: Manifest }
  | { type: 'docs'; docs: DocsInfo }
  | { type: 'status'; status: ModelStatus }
  | { type: 'encode'; progress: EncodeProgress }
  /** A query-set request of `channel` finished a slice (querySetScorer.ts); also a sign of life. */
  | { type: 'querySetProgress'; channel: string; progress: QuerySetProgress }
  | { type: 'error'; scope: 'manifest' | 'docs' | 'runtime'; message: string }
  | { type: 'deviceLost'; message: string }
  /** The run queue's head has not returned for a while (null: it moved again). */
  | { type: 'stall'; stall: RuntimeStall | null }
  /** A heartbeat (every 2 s): the page tells a busy worker from a dead one (client.ts). */
  | { type: 'alive' }
  | { type: 'bm25' };
