// What runs inside the lab's worker: one Engine over one ORT-web build, the
// doc indexes (precomputed file → IndexedDB cache → encode here, with
// progress and cancel), and replies to the client's requests. Nothing here
// blocks the page: the worker is its own thread and session runs are serialised.
import { decodeEmbeddingFile, encodeEmbeddingFile } from '../core/embeddingFile';
import type { EncodeProgress, ManifestModel, ModelStatus } from './api';
import { fetchSource } from './assets';
import { DocIndex } from './docIndex';
import { BM25_MAX_DOCS, loadDocSet, loadDocTable, type LoadedDocSet } from './docset';
import { EncodeCancelled, Engine } from './engine';
import { embeddingCacheKey, getCachedEmbeddings, putCachedEmbeddings } from './idbCache';
import { coarseModels, fineModel, leanFile, LabError, parseManifest } from './manifest';
import { loadWebOrt, type WebOrt } from './ortWeb';
import type { BenchResult, BenchSpec, FromWorker, InitOptions, Request, ResultOf, WorkerEvent } from './protocol';
import { topK } from '../core/topk';
import { readQuerySet } from './querySet';
import { QuerySetScorer } from './querySetScorer';
import { ByoHost } from './byoHost';
import { watchStalls } from './stallWatch';
import { SerialSession } from './ort';
import { scoringGraph } from '../core/onnxProto';

const now = (): number => performance.now();

async function fetchBytes(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new LabError(`could not fetch ${url}: ${(e as Error).message}`, url);
  }
  if (!res.ok) throw new LabError(`${url} is missing (HTTP ${res.status})`, url);
  return new Uint8Array(await res.arrayBuffer());
}

function firstLines(bytes: Uint8Array, n: number): Uint8Array {
  let seen = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10 && ++seen === n) return bytes.slice(0, i + 1);
  }
  return bytes;
}

export class WorkerHost {
  private web: WebOrt | null = null;
  private engine: Engine | null = null;
  private opts: InitOptions | null = null;
  private cancel = new Set<string>();
  private indexReady = new Map<string, Promise<void>>();
  private scorer: QuerySetScorer | null = null;
  private deviceHooked = false;
  private bm25Built = false;
  private rankSeq = 0;
  private querySetSeq = new Map<string, number>(); // channel → newest request
  private docsReady: Promise<void> = Promise.resolve();
  private initDone: Promise<unknown> = Promise.resolve();
  private device: GPUDevice | null = null;

  // Bring-your-own models: registered in this.engine as towers (src/runtime/byoHost.ts).
  private byo = new ByoHost({
    ort: () => this.webOrt().ort,
    sessionOptions: () => this.webOrt().sessionOptions,
    fixedShapes: () => this.opts?.backend === 'webgpu',
    engine: () => this.need(),
    emit: (e) => this.emit(e),
    prepareIndex: (m) => this.prepareIndex(m),
  });

  constructor(private readonly post: (m: FromWorker) => void) {
    watchStalls((stall) => this.emit({ type: 'stall', stall }), () => this.emit({ type: 'alive' }));
  }

  private webOrt(): WebOrt {
    if (!this.web) throw new LabError('the runtime is not initialised');
    return this.web;
  }

  private emit(event: WorkerEvent): void {
    this.post({ kind: 'event', event });
  }

  async handle(msg: Request): Promise<unknown> {
    if (msg.type === 'init') return (this.initDone = this.init(msg.opts));
    // NOTE: requests made before the worker started (a model folder opened while a slow WebGPU
    // adapter probe was still choosing the backend) arrive right behind init: they wait for it
    // (seen in CI as "the runtime is not initialised" on opening a model folder).
    await this.initDone.catch(() => undefined);
    switch (msg.type) {
      case 'rank': {
        // Typing sends a request per pause: an older one stops at its next stage.
        const my = ++this.rankSeq;
        const r = await this.need().rank(msg.req, () => my !== this.rankSeq);
        if (r.columns.some((c) => c.kind === 'tower' && c.results.length)) {
          this.answered();
          this.bm25Soon(0); // after the first answer (loadOne)
        }
        return r;
      }
      case 'setDocs': await this.docsReady; return this.setDocs(msg.text, msg.name);
      case 'setDocTable': await this.docsReady; return this.setDocTable(msg);
      case 'cancelEncode': this.cancel.add(msg.modelId); return null;
      case 'resumeEncode': this.cancel.delete(msg.modelId); void this.prepareIndex(this.entry(msg.modelId)); return null;
      case 'scoreQuerySet': {
        const ch = msg.channel ?? '';
        const my = (this.querySetSeq.get(ch) ?? 0) + 1;
        this.querySetSeq.set(ch, my);
        return this.scoreQuerySet(msg.modelIds, msg.qids, msg.poolSize, ch ? () => this.querySetSeq.get(ch) !== my : () => false);
      }
      case 'inspectTower': {
        const r = await this.need().tower(msg.modelId).inspect(msg.text, msg.side);
        return { modelId: msg.modelId, ...r } satisfies ResultOf['inspectTower'];
      }
      case 'inspectCross': {
        const e = this.need();
        if (!e.fine) throw new LabError('the fine ranker is not loaded');
        return { modelId: e.fine.entry.id, ...(await e.fine.inspect(msg.query, msg.docText)) } satisfies ResultOf['inspectCross'];
      }
      case 'bench': return this.bench(msg.spec);
      case 'byo': return this.byo.handle(msg.req);
      case 'simulateDeviceLoss':
        if (!this.device) throw new LabError('no WebGPU device in use');
        this.device.destroy();
        return null;
    }
  }

  private need(): Engine {
    if (!this.engine) throw new LabError('the runtime is not initialised (see the models bar for why)');
    return this.engine;
  }

  private entry(id: string): ManifestModel {
    const m = this.need().manifest.models.find((x) => x.id === id);
    if (!m) throw new LabError(`unknown model ${id}`);
    return m;
  }

  private async init(opts: InitOptions): Promise<ResultOf['init']> {
    this.opts = opts;
    // NOTE: the doc set (9 MB for the demo) is on the critical path to the first results: its
    // download starts before anything else; the manifest's overlaps loading the ORT build.
    const docsBytes = fetchBytes(opts.docsUrl);
    const manifestBytes = fetchBytes(`${opts.modelsUrl}manifest.json`);
    docsBytes.catch(() => undefined); // handled below; never an unhandled rejection meanwhile
    manifestBytes.catch(() => undefined);
    this.web = await loadWebOrt(opts.backend, opts.threads);
    // NOTE: the WASM module (or the WebGPU device) initialises on the first session: start it now
    // with a tiny graph, so it overlaps the manifest, tokenizer, model and doc-set fetches instead
    // of following them (cold start). It is first on the run queue; its failure is the model's to report.
    void SerialSession.create(this.web.ort, scoringGraph(8), this.web.sessionOptions, 'the runtime start-up graph')
      .then((s) => s.release()).catch(() => undefined);
    let manifest;
    try {
      const text = new TextDecoder().decode(await manifestBytes);
      manifest = parseManifest(text, `${opts.modelsUrl}manifest.json`);
    } catch (e) {
      this.emit({ type: 'error', scope: 'manifest', message: (e as Error).message });
      manifest = null; // NOTE: go on with no shipped models, so your own models and doc sets still run
    }
    if (manifest) this.emit({ type: 'manifest', manifest });
    this.engine = new Engine({
      ort: this.web.ort,
      sessionOptions: this.web.sessionOptions,
      models: fetchSource(opts.modelsUrl),
      graphScoring: opts.backend === 'webgpu',
      fixedShapes: opts.backend === 'webgpu',
      deferBm25: true,
      docsTensor: opts.backend === 'webgpu' ? this.web.gpuTensor : undefined,
      warmup: true,
    }, manifest ?? { version: 1, models: [] });
    // NOTE: models start loading while the doc set downloads and parses — fetches,
    // hashing and WASM compilation overlap the parse; indexes wait for the docs.
    this.docsReady = (async () => {
      try {
        let bytes = await docsBytes;
        if (opts.docLimit) bytes = firstLines(bytes, opts.docLimit);
        this.useDocs(await loadDocSet(bytes, opts.docsUrl), opts.docLimit ? `${opts.docsUrl} (first ${opts.docLimit})` : opts.docsUrl);
      } catch (e) {
        this.emit({ type: 'error', scope: 'docs', message: (e as Error).message });
      }
    })();
    void this.loadAll();
    return { manifest };
  }

  private useDocs(docs: LoadedDocSet, name: string): void {
    const e = this.need();
    // NOTE: the env object is this worker's own (init); switching BM25 off for a big set and back on for the next.
    const bm25 = docs.rows.length <= BM25_MAX_DOCS;
    e.env.noBm25 = !bm25;
    e.setDocs(docs);
    if (this.bm25Built) e.buildBm25Now();
    this.scorer = null;
    // A table-backed set is the page's own: only its identity goes back (rows: null), not a million rows.
    this.emit({ type: 'docs', docs: { name, count: docs.rows.length, sha256: docs.sha256, rows: docs.table ? null : docs.rows, bm25 } });
  }

  private setDocTable(msg: Extract<Request, { type: 'setDocTable' }>): ResultOf['setDocTable'] {
    const docs = loadDocTable(msg.table, msg.sha256, msg.name);
    const e = this.need();
    this.useDocs(docs, msg.name);
    for (const m of coarseModels(e.manifest)) if (e.towers.has(m.id)) void this.prepareIndex(m);
    return { count: docs.rows.length, bm25: !e.env.noBm25 };
  }

  private async setDocs(text: string, name: string): Promise<ResultOf['setDocs']> {
    const docs = await loadDocSet(new TextEncoder().encode(text), name);
    const e = this.need();
    this.useDocs(docs, name);
    for (const m of coarseModels(e.manifest)) if (e.towers.has(m.id)) void this.prepareIndex(m);
    return { count: docs.rows.length };
  }

  /** Students first (fast first results), then the fine ranker, then the teacher. */
  private async loadAll(): Promise<void> {
    const e = this.need();
    const order = { student: 0, fine: 1, teacher: 2, head: 3 } as const;
    const models = [...coarseModels(e.manifest), ...(fineModel(e.manifest) ? [fineModel(e.manifest)!] : [])]
      .sort((a, b) => order[a.role] - order[b.role]);
    const only = this.opts?.only;
    for (const m of models) {
      if (only && !only.includes(m.id)) {
        e.status.set(m.id, { id: m.id, state: 'skipped' });
        this.status({ id: m.id, state: 'skipped' });
        continue;
      }
      // NOTE: one model's unexpected failure must not end the sequence silently
      // (every model after it would show "loading" for ever): it is reported, the rest go on.
      try {
        await this.loadOne(m);
      } catch (err) {
        const st: ModelStatus = { id: m.id, state: 'error', error: `loading stopped unexpectedly: ${(err as Error).message}` };
        e.status.set(m.id, st);
        this.status(st);
      }
    }
    await this.docsReady;
    this.buildBm25Once();
  }

  private async loadOne(m: ManifestModel): Promise<void> {
    const e = this.need();
    this.status({ id: m.id, state: 'loading' });
    const st = await e.loadModel(m);
    this.status(st);
    if (st.state === 'ready') {
      await this.hookDevice();
      await this.docsReady;
      if (m.kind === 'tower' && e.docs) await this.prepareIndex(m);
    }
    // The lexical index (a few hundred ms of this thread) is built after the first query is answered,
    // or soon after the first tower is ready: it must not hold up the first results.
    if (m.kind === 'tower') this.bm25Soon(1_500);
    // First results first: the next model's session creation would hold the run queue while the
    // page's query (sent when this index appeared) waits. Give it a moment to arrive and be answered.
    if (m.kind === 'tower' && this.indexReady.has(m.id) && !this.waitedForFirst) {
      this.waitedForFirst = true;
      await Promise.race([this.firstAnswer, new Promise((r) => setTimeout(r, 400))]);
    }
  }

  private waitedForFirst = false;
  /** Resolves once a rank request has been answered with tower results. */
  private answered: () => void = () => undefined;
  private firstAnswer = new Promise<void>((resolve) => { this.answered = resolve; });

  private bm25Timer: ReturnType<typeof setTimeout> | null = null;
  private bm25At = Infinity;
  /** Builds the BM25 index in `ms`, unless it is already due sooner (a later tower never postpones it). */
  private bm25Soon(ms: number): void {
    const at = now() + ms;
    if (this.bm25Built || !this.engine?.docs || at >= this.bm25At) return;
    this.bm25At = at;
    if (this.bm25Timer) clearTimeout(this.bm25Timer);
    this.bm25Timer = setTimeout(() => this.buildBm25Once(), ms);
  }

  private buildBm25Once(): void {
    const e = this.need();
    if (this.bm25Built || !e.docs) return;
    this.bm25Built = true;
    e.buildBm25Now();
    this.emit({ type: 'bm25' });
  }

  private status(st: ModelStatus): void {
    this.emit({ type: 'status', status: { ...st, backend: this.opts?.backend } });
  }

  private async hookDevice(): Promise<void> {
    if (this.deviceHooked || this.opts?.backend !== 'webgpu' || !this.web) return;
    this.deviceHooked = true;
    this.device = await this.web.device();
    void this.device?.lost.then((info) => this.emit({ type: 'deviceLost', message: info.message || info.reason || 'device lost' }));
  }

  private progress(p: EncodeProgress): void {
    this.emit({ type: 'encode', progress: p });
  }

  /** A tower's doc index: precomputed file → IndexedDB → encode here (and cache). */
  prepareIndex(m: ManifestModel): Promise<void> {
    const run = this.buildIndex(m);
    this.indexReady.set(m.id, run);
    return run;
  }

  private async buildIndex(m: ManifestModel): Promise<void> {
    const e = this.need();
    const docs = e.docs!;
    const modelSha = m.sha256[leanFile(m)] ?? '';
    const expect = { modelSha256: modelSha, docsetSha256: docs.sha256, count: docs.rows.length };
    const total = docs.rows.length;
    const done = (source: EncodeProgress['source'], note?: string) =>
      this.progress({ modelId: m.id, done: total, total, docsPerSec: 0, etaS: 0, state: 'done', source, note });
    let note: string | undefined;
    if (this.opts?.embeddingsUrl) {
      try {
        const bytes = await fetchBytes(`${this.opts.embeddingsUrl}${m.id}.emb`);
        await e.setIndex(m.id, DocIndex.fromStore(decodeEmbeddingFile(bytes, expect).store));
        return done('file');
      } catch (err) {
        note = `precomputed embeddings not used: ${(err as Error).message}`;
      }
    }
    const key = embeddingCacheKey(modelSha, docs.sha256);
    // NOTE: IndexedDB can fail to open (private mode, a broken profile): then encode, never stop.
    const cached = await getCachedEmbeddings(key).catch(() => null);
    if (cached) {
      try {
        await e.setIndex(m.id, DocIndex.fromStore(decodeEmbeddingFile(cached, expect).store));
        return done('indexeddb', note);
      } catch {
        // a stale or corrupt cache entry: encode again below
      }
    }
    const t0 = now();
    this.cancel.delete(m.id);
    try {
      const vectors = await e.encodeDocs(m.id, {
        batch: 32,
        cancelled: () => this.cancel.has(m.id) || e.docs !== docs,
        onProgress: (n, tot) => {
          const rate = n / Math.max(1e-3, (now() - t0) / 1000);
          this.progress({ modelId: m.id, done: n, total: tot, docsPerSec: rate, etaS: (tot - n) / rate, state: 'running', note });
        },
      });
      // NOTE: stored and used as fp16, exactly like a precomputed file, so a
      // reload (IndexedDB) and the CLI give the same scores.
      const bytes = encodeEmbeddingFile(vectors, { modelId: m.id, modelSha256: modelSha, docsetSha256: docs.sha256, dim: e.tower(m.id).dim, dtype: 'f16' });
      await e.setIndex(m.id, DocIndex.fromStore(decodeEmbeddingFile(bytes).store));
      await putCachedEmbeddings(key, bytes).catch(() => undefined);
      done('encoded', note);
    } catch (err) {
      if (err instanceof EncodeCancelled) {
        this.progress({ modelId: m.id, done: 0, total, docsPerSec: 0, etaS: 0, state: 'cancelled', note });
      } else {
        this.progress({ modelId: m.id, done: 0, total, docsPerSec: 0, etaS: 0, state: 'error', error: (err as Error).message });
      }
    }
  }

  private async bench(spec: BenchSpec): Promise<BenchResult> {
    const e = this.need();
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
      const v = await e.encodeDocs(spec.modelId, { limit: spec.count, batch: spec.batch });
      ms.push(now() - t0);
      return { ms, docs: v.length / e.tower(spec.modelId).dim };
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
    if (this.opts?.backend === 'webgpu') await index.useGraph(this.web!.ort, this.web!.sessionOptions, this.web!.gpuTensor);
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

  private async scoreQuerySet(modelIds: string[], qids: string[], poolSize: number, superseded: () => boolean): Promise<ResultOf['scoreQuerySet']> {
    const e = this.need();
    for (const id of modelIds) await this.indexReady.get(id);
    if (!this.scorer) {
      const o = this.opts!;
      const [q, r] = await Promise.all([fetchBytes(o.queriesUrl), fetchBytes(o.qrelsUrl)]);
      this.scorer = new QuerySetScorer(e, readQuerySet(q, r, o.queriesUrl, o.qrelsUrl));
    }
    return this.scorer.score(modelIds, qids, poolSize, superseded);
  }
}
