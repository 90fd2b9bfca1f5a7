// The ranking engine: manifest → models → doc indexes → rank. One instance
// lives in the lab's worker (onnxruntime-web) and one in each Node entry point
// (CLI, bench, tests; onnxruntime-node) — the same code, so the browser's
// scores and the CLI's agree.
import { bm25Scores, buildBm25, type Bm25Index } from '../../core/bm25';
import { logitAffine, sigmoid } from '../../core/score';
import { topK } from '../../core/topk';
import type { Manifest, ManifestModel, ModelStatus, RankColumn, RankRequest, RankResponse, RankedDoc } from '../api';
import type { AssetSource } from './assets';
import { DocIndex, type DocsTensorFactory } from './docIndex';
import type { LoadedDocSet } from '../docs/docset';
import { coarseModels, fineModel, LabError } from './manifest';
import { CrossModel, TowerModel, type LoadOptions } from './models';
import type { Tower } from './tower';
import type { OrtApi, Priority, SessionOptions } from '../ort/ort';
import type { TokenBatch } from '../encode/tokenizer';

const now = (): number => globalThis.performance.now();

export interface EngineEnv {
  ort: OrtApi;
  sessionOptions: SessionOptions;
  models: AssetSource;
  /** Score on an ORT graph (the WebGPU path) instead of the typed-array loop. */
  graphScoring?: boolean;
  graphSessionOptions?: SessionOptions;
  /** How the graph path makes its resident doc tensor (WebGPU: a GPU buffer). */
  docsTensor?: DocsTensorFactory;
  warmup?: boolean;
  /** See LoadOptions.fixedShapes (the WebGPU path). */
  fixedShapes?: boolean;
  /** See LoadOptions.kernel (the browser's WASM cold start). */
  kernelTowers?: boolean;
  /** Skip the BM25 column (benchmarks of the towers alone). */
  noBm25?: boolean;
  /** Build the BM25 index only when buildBm25Now() is called (the worker: after the first results). */
  deferBm25?: boolean;
}

export interface EncodeDocsOptions {
  batch?: number;
  /** Encode only the first `limit` docs (benchmarks). */
  limit?: number;
  onProgress?: (done: number, total: number) => void;
  /** Checked between batches. */
  cancelled?: () => boolean;
  /** Docs tokenised and length-sorted together (default 8192). */
  chunk?: number;
  /** Runs one padded batch somewhere else (the browser's encoding workers); default: the tower's own session. */
  run?: (b: TokenBatch) => Promise<Float32Array>;
  /** Batches in flight at once (with `run`; default 1). */
  parallel?: number;
}

export class EncodeCancelled extends Error {
  constructor() {
    super('encoding cancelled');
    this.name = 'EncodeCancelled';
  }
}

/** A newer rank request arrived while this one ran: it stops between stages. */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer query');
    this.name = 'Superseded';
  }
}

export class Engine {
  readonly towers = new Map<string, Tower>();
  fine: CrossModel | null = null;
  readonly indexes = new Map<string, DocIndex>();
  readonly status = new Map<string, ModelStatus>();
  private zoneMasks: Record<'premium' | 'short', Uint8Array> | null = null;
  private bm25: Bm25Index | null = null;
  private fineCache = new Map<string, Float32Array>(); // query → logits per doc (NaN = not scored)

  /** The models it knows: the shipped manifest's, then your own as they are added (addTower). */
  readonly manifest: Manifest;

  constructor(readonly env: EngineEnv, manifest: Manifest, public docs: LoadedDocSet | null = null) {
    this.manifest = { ...manifest, models: [...manifest.models] };
  }

  setDocs(docs: LoadedDocSet): void {
    this.docs = docs;
    this.fineCache.clear();
    // NOTE: an index holds row numbers of the doc set it was built for: never rank a new set with
    // it (its columns showed the old set's rows under new titles). The towers encode anew.
    for (const i of this.indexes.values()) void i.release();
    this.indexes.clear();
    const n = docs.rows.length;
    const premium = new Uint8Array(n), short = new Uint8Array(n);
    const z = docs.zones;
    for (let i = 0; i < n; i++) {
      if (z ? z[i] === 0 : docs.rows[i].zone === 'premium') premium[i] = 1;
      else short[i] = 1;
    }
    this.zoneMasks = { premium, short };
    this.bm25 = null;
    if (!this.env.deferBm25) this.buildBm25Now();
  }

  /** Builds the lexical index (~0.5 s for 20k docs on 2 cores). */
  buildBm25Now(): void {
    if (!this.env.noBm25 && this.docs && !this.bm25) this.bm25 = buildBm25(this.docs.texts);
  }

  private loadOptions(): LoadOptions {
    return { ort: this.env.ort, sessionOptions: this.env.sessionOptions, warmup: this.env.warmup, fixedShapes: this.env.fixedShapes, kernel: this.env.kernelTowers };
  }

  /** Loads one model (tower or cross); its status says how long and how big, or why not. */
  async loadModel(entry: ManifestModel): Promise<ModelStatus> {
    const t0 = now();
    this.status.set(entry.id, { id: entry.id, state: 'loading' });
    try {
      if (entry.kind === 'tower') {
        this.towers.set(entry.id, await TowerModel.load(entry, this.env.models, this.loadOptions()));
      } else if (entry.kind === 'cross') {
        this.fine = await CrossModel.load(entry, this.env.models, this.loadOptions());
      } else {
        throw new LabError(`model ${entry.id}: kind "${entry.kind}" is not run by the ranking engine`);
      }
      const bytes = this.towers.get(entry.id)?.bytes ?? this.fine?.bytes;
      const st: ModelStatus = { id: entry.id, state: 'ready', bytes, loadMs: now() - t0 };
      this.status.set(entry.id, st);
      return st;
    } catch (e) {
      const st: ModelStatus = { id: entry.id, state: 'error', error: (e as Error).message, loadMs: now() - t0 };
      this.status.set(entry.id, st);
      return st;
    }
  }

  /** The models the engine runs: every tower and the fine ranker. */
  runnableModels(): ManifestModel[] {
    const f = fineModel(this.manifest);
    return [...coarseModels(this.manifest), ...(f ? [f] : [])];
  }

  /**
   * Runs a tower made elsewhere (a model of your own) as one more coarse model: its entry joins
   * the manifest, or replaces the one with its id, whose tower and doc index go (the same graph
   * with another pooling gives other embeddings). Its doc index is the caller's to build.
   */
  async addTower(tower: Tower, loadMs: number): Promise<void> {
    const id = tower.entry.id;
    await this.dropRuntime(id);
    const at = this.manifest.models.findIndex((m) => m.id === id);
    if (at >= 0) this.manifest.models.splice(at, 1, tower.entry); else this.manifest.models.push(tower.entry);
    this.towers.set(id, tower);
    this.status.set(id, { id, state: 'ready', bytes: tower.bytes, loadMs });
  }

  /** Forgets a model: its manifest entry, tower, doc index and status. */
  async removeModel(id: string): Promise<void> {
    const at = this.manifest.models.findIndex((m) => m.id === id);
    if (at >= 0) this.manifest.models.splice(at, 1);
    this.status.delete(id);
    await this.dropRuntime(id);
  }

  private async dropRuntime(id: string): Promise<void> {
    const t = this.towers.get(id), index = this.indexes.get(id);
    this.towers.delete(id);
    this.indexes.delete(id);
    await index?.release();
    await t?.release();
  }

  tower(id: string): Tower {
    const t = this.towers.get(id);
    if (!t) throw new LabError(`model ${id} is not loaded`);
    return t;
  }

  /**
   * Encodes every doc of the set with a tower, batched, sorted by length (less padding).
   * With `run` and `parallel`, up to `parallel` batches are in flight at once; each lands
   * in its docs' rows, so the result is the same in any completion order.
   */
  async encodeDocs(modelId: string, opts: EncodeDocsOptions = {}): Promise<Float32Array> {
    const docs = this.docs;
    if (!docs) throw new LabError('no doc set loaded');
    const tower = this.tower(modelId);
    const batch = opts.batch ?? 64;
    const run = opts.run ?? ((b: TokenBatch) => tower.encodeBatch(b));
    const parallel = opts.run ? Math.max(1, opts.parallel ?? 1) : 1;
    const n = Math.min(docs.texts.length, opts.limit ?? Infinity);
    const out = new Float32Array(n * tower.dim); // [n, dim]
    // NOTE: tokenised and length-sorted a chunk at a time (sorting cuts padding), not all n up
    // front: for a 1M-doc set that took tens of seconds before the first progress report or cancel.
    const chunk = Math.max(batch, opts.chunk ?? 8192);
    const inFlight = new Set<Promise<void>>();
    let failed: unknown = null;
    let done = 0;
    opts.onProgress?.(0, n);
    try {
      for (let c = 0; c < n; c += chunk) {
        if (opts.cancelled?.()) throw new EncodeCancelled();
        const end = Math.min(n, c + chunk);
        const rows: number[][] = [];
        for (let k = c; k < end; k++) rows.push(tower.tok.single(docs.texts[k], tower.lens.doc));
        const order = Array.from(rows.keys()).sort((a, b) => rows[a].length - rows[b].length);
        for (let i = 0; i < order.length; i += batch) {
          while (inFlight.size >= parallel) await Promise.race(inFlight);
          if (failed) throw failed;
          if (opts.cancelled?.()) throw new EncodeCancelled();
          const idx = order.slice(i, i + batch);
          // NOTE: exact lengths (bucket 1): the batch is length-sorted, so padding wastes ~1% of the
          // tokens, where rounding up to a multiple of 8 wasted ~14% on the demo set.
          const job = run(tower.pad(idx.map((k) => rows[k]), tower.lens.doc, 1)).then((v) => {
            idx.forEach((k, j) => out.set(v.subarray(j * tower.dim, (j + 1) * tower.dim), (c + k) * tower.dim));
            done += idx.length;
            opts.onProgress?.(done, n);
          }, (e: unknown) => { failed ??= e; });
          inFlight.add(job);
          void job.then(() => inFlight.delete(job));
        }
      }
      while (inFlight.size) await Promise.race(inFlight);
      if (failed) throw failed;
    } finally {
      // NOTE: a cancel or a failure returns only once no batch of this call is still running.
      await Promise.all(inFlight);
    }
    return out;
  }

  /**
   * Installs a tower's doc index, built for the doc set `docsetSha256` (when given). An index
   * that arrives after the doc set changed is released, not used.
   */
  async setIndex(modelId: string, index: DocIndex, docsetSha256?: string): Promise<boolean> {
    if (docsetSha256 !== undefined && docsetSha256 !== this.docs?.sha256) { await index.release(); return false; }
    const prev = this.indexes.get(modelId);
    index.logit = logitAffine(this.manifest.models.find((m) => m.id === modelId));
    if (this.env.graphScoring) await index.useGraph(this.env.ort, this.env.graphSessionOptions ?? this.env.sessionOptions, this.env.docsTensor);
    this.indexes.set(modelId, index);
    if (prev && prev !== index) await prev.release();
    return true;
  }

  private zoneFilter(scores: Float32Array, zone: RankRequest['zone']): Float32Array {
    if (zone === 'all' || !this.zoneMasks) return scores;
    const mask = this.zoneMasks[zone];
    const out = new Float32Array(scores.length);
    for (let i = 0; i < scores.length; i++) out[i] = mask[i] ? scores[i] : -Infinity;
    return out;
  }

  /** One coarse column: encode the query, score every doc, top-K. */
  async towerColumn(modelId: string, query: string, topk: number, zone: RankRequest['zone']): Promise<RankColumn> {
    const entry = this.manifest.models.find((m) => m.id === modelId);
    const base = { modelId, kind: 'tower' as const, role: entry?.role };
    const tower = this.towers.get(modelId);
    const index = this.indexes.get(modelId);
    if (!tower) return { ...base, results: [], timings: {}, note: this.notReady(modelId) };
    if (!index) return { ...base, results: [], timings: {}, note: 'doc embeddings are not ready yet…', waiting: 'index' };
    // NOTE: 'urgent': typing goes before model loading and background encoding (ort.ts).
    const enc = await tower.encode([query], 'query', 'urgent');
    const t0 = now();
    const dots = this.zoneFilter(await index.dots(enc.vectors, 'urgent'), zone);
    const t1 = now();
    const top = topK(dots, topk);
    const results: RankedDoc[] = Array.from(top, (doc) => ({ doc, score: sigmoid(dots[doc]), logit: dots[doc] }))
      .filter((r) => Number.isFinite(dots[r.doc]));
    return { ...base, results, timings: { tokenizeMs: enc.tokenizeMs, encodeMs: enc.encodeMs, scoreMs: t1 - t0, topkMs: now() - t1 } };
  }

  bm25Column(query: string, topk: number, zone: RankRequest['zone']): RankColumn | null {
    if (this.env.noBm25) return null;
    if (!this.bm25) return { modelId: 'bm25', kind: 'bm25', results: [], timings: {}, note: 'building the BM25 index…' };
    const t0 = now();
    const scores = this.zoneFilter(bm25Scores(this.bm25, query), zone);
    const t1 = now();
    const top = topK(scores, topk);
    const results = Array.from(top, (doc) => ({ doc, score: scores[doc] })).filter((r) => r.score > 0 && Number.isFinite(r.score));
    return { modelId: 'bm25', kind: 'bm25', results, timings: { scoreMs: t1 - t0, topkMs: now() - t1 } };
  }

  /** Fine-ranker logits for docs of one query, cached per query. */
  async fineLogits(query: string, docs: readonly number[], priority?: Priority): Promise<Float32Array> {
    if (!this.fine || !this.docs) throw new LabError('the fine ranker is not loaded');
    let cache = this.fineCache.get(query);
    if (!cache) {
      if (this.fineCache.size > 64) this.fineCache.clear();
      cache = new Float32Array(this.docs.rows.length).fill(NaN);
      this.fineCache.set(query, cache);
    }
    const todo = [...new Set(docs)].filter((d) => Number.isNaN(cache[d]));
    if (todo.length) {
      const logits = await this.fine.logits(query, todo.map((d) => this.docs!.texts[d]), 64, priority);
      todo.forEach((d, i) => { cache[d] = logits[i]; });
    }
    return cache;
  }

  private notReady(id: string): string {
    const st = this.status.get(id);
    return st?.state === 'skipped' ? st.error ?? 'not loaded (left out by ?models=)' : st?.error ?? 'model is loading…';
  }

  /** Every selected column, then the fine ranker over the union of their top-K. */
  async rank(req: RankRequest, superseded?: () => boolean): Promise<RankResponse> {
    const t0 = now();
    const query = req.query.trim();
    const ids = req.models.length ? req.models : coarseModels(this.manifest).map((m) => m.id);
    const columns: RankColumn[] = [];
    const check = () => { if (superseded?.()) throw new Superseded(); };
    for (const id of ids) {
      const entry = this.manifest.models.find((m) => m.id === id);
      check();
      if (entry?.kind === 'tower') columns.push(await this.towerColumn(id, query, req.topK, req.zone));
    }
    check();
    const bm = this.bm25Column(query, req.topK, req.zone);
    if (bm) columns.push(bm);
    const pool = [...new Set(columns.flatMap((c) => c.results.map((r) => r.doc)))];
    const fineEntry = fineModel(this.manifest);
    if (fineEntry && this.fine && pool.length) {
      const t1 = now();
      const logits = await this.fineLogits(query, pool, 'urgent');
      const rerankMs = now() - t1;
      for (const c of columns) {
        for (const r of c.results) r.fineScore = sigmoid(logits[r.doc]);
        const byFine = [...c.results].sort((a, b) => logits[b.doc] - logits[a.doc] || a.doc - b.doc);
        byFine.forEach((r, i) => { r.fineRank = i + 1; });
        c.timings.rerankMs = rerankMs;
      }
      const fineResults = pool
        .map((doc) => ({ doc, score: sigmoid(logits[doc]), logit: logits[doc], fineScore: sigmoid(logits[doc]) }))
        .sort((a, b) => logits[b.doc] - logits[a.doc] || a.doc - b.doc)
        .slice(0, req.topK)
        .map((r, i) => ({ ...r, fineRank: i + 1 }));
      columns.push({ modelId: fineEntry.id, kind: 'fine', role: 'fine', results: fineResults, timings: { rerankMs } });
    } else if (fineEntry) {
      columns.push({ modelId: fineEntry.id, kind: 'fine', role: 'fine', results: [], timings: {}, note: this.notReady(fineEntry.id) });
    }
    return { query, zone: req.zone, topK: req.topK, columns, poolSize: pool.length, totalMs: now() - t0 };
  }

  async release(): Promise<void> {
    for (const t of this.towers.values()) await t.release();
    for (const i of this.indexes.values()) await i.release();
    await this.fine?.release();
  }
}
