// The page's handle on the runtime: starts the worker for the chosen backend,
// sends requests, and keeps a small snapshot (manifest, doc set, model
// statuses, encoding progress, errors) that panels subscribe to with
// useSyncExternalStore. Big arrays stay in the worker; only results cross.
import { parseBackendRequest, parseThreadsRequest, resolveBackend, type BackendChoice } from '../../core/backend';
import { quickCapabilities } from '../ort/capabilities';
import { hasTowerResults, type EncodeProgress, type Manifest, type ModelStatus, type QuerySetProgress, type QuerySetScores, type RankRequest, type RankResponse } from '../api';
import type { DocRow } from '../docs/docset';
import { DocTable, rowsView, type DocTableData } from '../../data/docTable';
import type { BenchResult, BenchSpec, InitOptions, LabApi, RuntimeStall, WorkerEvent } from './protocol';
import { Connection, transfer, type ClientPort } from '../rpc';
import type { ByoRequest, ByoResult } from '../byo/byoProtocol';
import { worthReporting } from './stallWatch';
import { unpackQuerySetScores } from '../queryset/querySetPack';
import { jsonlRows } from '../docs/jsonlRows';
import { mark, marksSoFar, relativeTimeline } from '../timeline';
import { DOCS_INDEX_FILE } from '../docs/docsIndexFile';

export interface ClientSnapshot {
  /** Bumped on every change; a cheap dependency for effects. */
  version: number;
  backend: BackendChoice | null;
  manifest: Manifest | null;
  manifestError?: string;
  docs: { name: string; count: number; sha256: string; bm25?: boolean } | null;
  docsError?: string;
  rows: DocRow[];
  models: Record<string, ModelStatus>;
  encode: Record<string, EncodeProgress>;
  runtimeError?: string;
  /** The lexical index is built (the ranking re-runs to add the BM25 column). */
  bm25Ready?: boolean;
  /** When this worker started (performance.now()), for the cold-start figure. */
  startedAt: number;
  /** The worker's run queue has been stuck on one task for a while (shown, never silent). */
  stall?: RuntimeStall | null;
  /** Seconds since the worker last sent anything, once past SILENT_MS: busy in one long call, or gone. */
  silentS?: number;
}

/** No heartbeat for this long (the worker beats every 2 s) is reported. */
export const SILENT_MS = 30_000;

const EMPTY: ClientSnapshot = { version: 0, backend: null, manifest: null, docs: null, rows: [], models: {}, encode: {}, startedAt: 0 };

/** `?threads=N`: the runtime worker's ORT threads (core/backend.ts wasmThreadsFor). */
export function threadsFromUrl(search: string): number | undefined {
  return parseThreadsRequest(new URLSearchParams(search).get('threads'));
}

/** URL flags the runtime honours: `?models=a,b` (load only these), `?embeddings=none` (ignore precomputed files), `?docLimit=N`. */
export function initOptionsFromUrl(search: string): Partial<InitOptions> {
  const p = new URLSearchParams(search);
  const limit = Number(p.get('docLimit'));
  const only = p.get('models')?.split(',').map((x) => x.trim()).filter(Boolean);
  return {
    ...(only?.length ? { only } : {}),
    ...(p.get('embeddings') === 'none' ? { embeddingsUrl: '' } : {}),
    ...(Number.isInteger(limit) && limit > 0 ? { docLimit: limit } : {}),
    ...(p.get('kernel') === 'off' ? { kernel: false } : {}),
  };
}

export class LabClient {
  private worker: Connection<LabApi, WorkerEvent> | null = null;
  private everStarted = false;
  private waiters: (() => void)[] = [];
  private snap: ClientSnapshot = EMPTY;
  private lastSeen = 0;
  private silenceTimer: ReturnType<typeof setInterval> | null = null;
  private listeners = new Set<() => void>();
  /** Query-set progress listeners by channel: the newest request's (scoreQuerySet). */
  private progress = new Map<string, (p: QuerySetProgress) => void>();
  /** The last imported table sent (its rows are read here, never posted back by the worker). */
  private table: { sha256: string; rows: DocRow[] } | null = null;
  /** Called when the WebGPU device is lost; the app falls back to WASM. */
  onDeviceLost: ((message: string) => void) | null = null;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): ClientSnapshot => this.snap;

  private update(patch: Partial<ClientSnapshot>): void {
    this.snap = { ...this.snap, ...patch, version: this.snap.version + 1 };
    for (const l of this.listeners) l();
  }

  /** The running worker's backend, threads and options, and its init (a same start keeps it). */
  private started: { key: string; init: ReturnType<LabApi['init']> } | null = null;

  /**
   * (Re)starts the worker on a backend; pending requests of the old one fail. Starting again
   * with the same backend, threads and options keeps the running worker (see prestartForcedWasm).
   */
  start(choice: BackendChoice, extra: Partial<InitOptions> = {}): ReturnType<LabApi['init']> {
    const key = JSON.stringify([choice.backend, choice.wasmThreads, extra]);
    if (this.worker && this.started?.key === key) {
      if (choice.reason !== this.snap.backend?.reason) this.update({ backend: choice });
      return this.started.init;
    }
    this.stop('the backend changed');
    const w = new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module', name: `lab-${choice.backend}` });
    this.worker = new Connection<LabApi, WorkerEvent>(w as unknown as ClientPort, 'runtime worker', {
      onEvent: (e) => this.receive(e),
      onMessage: () => this.heard(),
      onError: (message) => this.update({ runtimeError: `the runtime worker failed: ${message || 'unknown error'}` }),
    });
    mark('page: worker created');
    this.everStarted = true;
    this.snap = { ...EMPTY, backend: choice, startedAt: performance.now(), version: this.snap.version + 1 };
    this.update({});
    this.lastSeen = performance.now();
    // NOTE: a worker killed by the browser (out of memory) fires no error event: only its silence tells.
    this.silenceTimer = setInterval(() => this.checkSilence(), 5_000);
    const opts: InitOptions = {
      backend: choice.backend,
      threads: choice.wasmThreads,
      shaderF16: choice.shaderF16,
      modelsUrl: '/models/',
      docsUrl: '/demo/docs.jsonl',
      queriesUrl: '/demo/queries.jsonl',
      qrelsUrl: '/demo/qrels.trec',
      embeddingsUrl: '/embeddings/',
      docsIndexUrl: `/embeddings/${DOCS_INDEX_FILE}`,
      ...extra,
    };
    const init = this.request((c) => c.call('init', opts)).catch((e: Error) => {
      this.update({ runtimeError: e.message });
      return { manifest: null };
    });
    this.started = { key, init };
    // Requests made before the worker existed (the page starts it once the backend is known,
    // after the WebGPU adapter probe) go now, behind init.
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((go) => go());
    return init;
  }

  private checkSilence(): void {
    const s = Math.round((performance.now() - this.lastSeen) / 1000);
    if (s * 1000 < SILENT_MS) return;
    if (worthReporting(this.snap.silentS, s)) this.update({ silentS: s });
  }

  stop(reason = 'the runtime stopped'): void {
    this.started = null;
    if (this.silenceTimer) clearInterval(this.silenceTimer);
    this.silenceTimer = null;
    this.worker?.close(reason);
    this.worker = null;
  }

  /** Anything from the worker: it is alive. */
  private heard(): void {
    this.lastSeen = performance.now();
    if (this.snap.silentS !== undefined) this.update({ silentS: undefined });
  }

  private receive(e: WorkerEvent): void {
    switch (e.type) {
      case 'manifest': return this.update({ manifest: e.manifest, manifestError: undefined });
      case 'docs': {
        mark('page: doc set received');
        const rows = e.docs.rows ?? (e.docs.jsonl ? jsonlRows(e.docs.jsonl) : this.table?.sha256 === e.docs.sha256 ? this.table.rows : []);
        // NOTE: encoding progress belongs to a doc set: another set starts with none (no "done" carried over).
        const encode = this.snap.docs && this.snap.docs.sha256 !== e.docs.sha256 ? {} : this.snap.encode;
        return this.update({ docs: { name: e.docs.name, count: e.docs.count, sha256: e.docs.sha256, bm25: e.docs.bm25 }, rows: rows as DocRow[], docsError: undefined, encode });
      }
      case 'status': return this.update({ models: { ...this.snap.models, [e.status.id]: { ...this.snap.models[e.status.id], ...e.status, backendReason: this.snap.backend?.reason } } });
      case 'encode': return this.update({ encode: { ...this.snap.encode, [e.progress.modelId]: e.progress } });
      case 'error':
        if (e.scope === 'manifest') return this.update({ manifestError: e.message });
        if (e.scope === 'docs') return this.update({ docsError: e.message });
        return this.update({ runtimeError: e.message });
      case 'deviceLost': return this.onDeviceLost?.(e.message);
      case 'bm25': return this.update({ bm25Ready: true });
      case 'querySetProgress': return this.progress.get(e.channel)?.(e.progress);
      case 'stall': return this.update({ stall: e.stall });
      case 'alive': return;
    }
  }

  /** A call to the running worker; one made before any worker started waits for the first. */
  private request<T>(call: (c: Connection<LabApi, WorkerEvent>) => Promise<T>): Promise<T> {
    if (!this.worker) {
      // NOTE: not an error: a doc file dropped while the backend is still being chosen waits for it.
      if (!this.everStarted) return new Promise<void>((go) => this.waiters.push(go)).then(() => this.request(call));
      return Promise.reject(new Error('the runtime is not started'));
    }
    return call(this.worker);
  }

  /** `roundTripMs` of the answer: from here to the answer, the worker's queue included (totalMs is the engine's part). */
  rank(req: RankRequest): Promise<RankResponse> {
    mark('page: first rank sent');
    const t0 = performance.now();
    return this.request((c) => c.call('rank', req)).then((r) => {
      if (hasTowerResults(r)) mark('page: first tower results received');
      return { ...r, roundTripMs: performance.now() - t0 };
    });
  }

  /**
   * For the tiers and metrics panels: see QuerySetScores. Batched and cached in the worker.
   * A newer request on the same `channel` supersedes an older one: it stops at its next query and
   * rejects with SUPERSEDED (so a changed query limit does not wait for the old set).
   * `onProgress` hears the request's progress (queries done, ETA) after every slice of work, until it settles.
   */
  scoreQuerySet(modelIds: string[], qids: string[], poolSize: number, channel?: string, onProgress?: (p: QuerySetProgress) => void): Promise<QuerySetScores> {
    const ch = channel ?? '';
    // NOTE: progress events name the channel, not the request: the newest request's listener takes them.
    if (onProgress) this.progress.set(ch, onProgress);
    else this.progress.delete(ch);
    const done = () => { if (this.progress.get(ch) === onProgress) this.progress.delete(ch); };
    return this.request((c) => c.call('scoreQuerySet', { modelIds, qids, poolSize, channel })).finally(done).then(unpackQuerySetScores);
  }

  /**
   * The same answer as scoreQuerySet (with the manifest's fine ranker), from what the worker holds or
   * the browser's pools cache only — no model need be loaded — or null when any of it needs scoring.
   */
  cachedQuerySet(modelIds: string[], qids: string[], poolSize: number): Promise<QuerySetScores | null> {
    return this.request((c) => c.call('cachedQuerySet', { modelIds, qids, poolSize })).then((p) => p && unpackQuerySetScores(p));
  }

  cancelEncode(modelId: string): Promise<null> {
    return this.request((c) => c.call('cancelEncode', modelId));
  }

  resumeEncode(modelId: string): Promise<null> {
    return this.request((c) => c.call('resumeEncode', modelId));
  }

  /** Replaces the doc set with a user's docs.jsonl; validation errors come back as the rejection. */
  loadDocSet(text: string, name: string): Promise<{ count: number }> {
    return this.request((c) => c.call('setDocs', text, name));
  }

  /**
   * Replaces the doc set with an imported column table (src/data/docTable.ts).
   * The worker gets a copy (the page keeps its own to resend after a restart);
   * the snapshot's rows become a read-only view over the page's copy.
   */
  loadDocTable(table: DocTableData, sha256: string, name: string): ReturnType<LabApi['setDocTable']> {
    // NOTE: a Proxy view (rows[i] is made on read); typed DocRow[] for the panels, which only read it.
    this.table = { sha256, rows: rowsView(new DocTable(table)) as DocRow[] };
    return this.request((c) => c.call('setDocTable', table, sha256, name));
  }

  /** Bring-your-own models (src/services/lab/byoSync.ts); the graph bytes are transferred, not copied. */
  byo(req: ByoRequest): Promise<ByoResult> {
    return this.request((c) => c.call('byo', req.op === 'open' ? transfer(req, [req.files.model.buffer]) : req));
  }

  /** The cold-start timeline, page and worker marks, as ms since this page's navigation (timeline.ts). */
  async timeline(): Promise<{ name: string; ms: number }[]> {
    const worker = this.worker ? await this.request((c) => c.call('timeline')) : [];
    return relativeTimeline(performance.timeOrigin, marksSoFar(), worker);
  }

  /** For bench/run.ts: measurements on this worker's backend. */
  bench(spec: BenchSpec): Promise<BenchResult> {
    return this.request((c) => c.call('bench', spec));
  }

  /** Test hook: destroys the WebGPU device, as a driver reset would. */
  simulateDeviceLoss(): Promise<null> {
    return this.request((c) => c.call('simulateDeviceLoss'));
  }
}

/** The app's one client (tests and the bench reach it as `window.__lab`). */
export const labClient = new LabClient();

/**
 * Cold start: a forced WASM backend (`?backend=wasm`, and no backend named by a share link —
 * the rule of src/services/start.ts) needs no adapter probe, so the runtime starts as this module loads,
 * while the app still renders (~0.3 s on a busy 2-core machine); the app's own start with the
 * same choice then keeps this worker.
 */
export function prestartForcedWasm(client: LabClient, loc: { search: string; hash: string } | undefined): boolean {
  if (!loc || /[#&]b=/.test(loc.hash) || parseBackendRequest(new URLSearchParams(loc.search).get('backend')) !== 'wasm') return false;
  void client.start(resolveBackend('wasm', quickCapabilities(), threadsFromUrl(loc.search)), initOptionsFromUrl(loc.search));
  return true;
}

if (typeof Worker !== 'undefined') prestartForcedWasm(labClient, globalThis.location);
