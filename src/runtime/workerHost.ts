// What runs inside the lab's worker: one Engine over one ORT-web build, the
// doc indexes (indexBuilder.ts: precomputed file → IndexedDB cache → encode,
// with progress and cancel), and replies to the client's requests. Nothing
// here blocks the page: the worker is its own thread and session runs are serialised.
import { hasTowerResults, type ManifestModel, type ModelStatus, type RankRequest, type RankResponse } from './api';
import { fetchSource } from './assets';
import { BM25_MAX_DOCS, loadDocSet, loadDocTable, type LoadedDocSet } from './docset';
import { fetchOk } from './docsLoad';
import { loadDocSetOffThread } from './docsWorker';
import { Engine } from './engine';
import { IndexBuilder } from './indexBuilder';
import { coarseModels, fineModel, LabError, parseManifest } from './manifest';
import { loadWebOrt, type WebOrt } from './ortWeb';
import type { LazyModule } from './ortAssets';
import { towerKernelSupported } from './towerKernel';
import type { FromWorker, InitOptions, Request, ResultOf, WorkerEvent } from './protocol';
import { QuerySetHost } from './querySetHost';
import { ByoHost } from './byoHost';
import { watchStalls } from './stallWatch';
import { RankActivity } from './rankActivity';
import { SerialSession } from './ort';
import { scoringGraph } from '../core/onnxProto';
import { cannotRun } from '../core/backend';
import { runBench } from './workerBench';
import { mark, marksSoFar } from './timeline';

const now = (): number => performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Cold start: how long the next model waits for the page's first query, once the first tower is ready. */
const FIRST_ANSWER_WAIT_MS = 400;
/** …then for the page to stop re-ranking this long (RankActivity), at most QUIET_CAP_MS. */
const QUIET_MS = 300;
const QUIET_CAP_MS = 1_500;

async function fetchBytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchOk(url)).arrayBuffer());
}

export class WorkerHost {
  private web: WebOrt | null = null;
  private engine: Engine | null = null;
  private opts: InitOptions | null = null;
  /** Doc indexes: precomputed file → IndexedDB → encoding (indexBuilder.ts). */
  private readonly indexes = new IndexBuilder({
    engine: () => this.need(),
    backend: () => this.opts?.backend,
    embeddingsUrl: () => this.opts?.embeddingsUrl ?? '',
    progress: (p) => this.emit({ type: 'encode', progress: p }),
    kernel: () => this.opts?.kernel !== false,
  });
  /** Query-set requests (scoreQuerySet, cachedQuerySet). */
  private readonly querySets = new QuerySetHost({
    engine: () => this.need(),
    opts: () => this.opts!,
    settled: (id) => this.indexes.settled(id),
    emit: (e) => this.emit(e),
    fetchBytes,
  });
  private deviceHooked = false;
  private bm25Built = false;
  private rankSeq = 0;
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

  /**
   * `ortWasm`: ORT's WASM module, compiled as it downloads once started (lab.worker.ts,
   * ortAssets.ts lazyOrtWasm); init starts it at once unless the lab's tower kernel bridges the
   * cold start (then: after the first answer, or on the first session creation).
   */
  constructor(private readonly post: (m: FromWorker, transfer?: Transferable[]) => void, private readonly ortWasm: LazyModule | null = null) {
    watchStalls((stall) => this.emit({ type: 'stall', stall }), () => this.emit({ type: 'alive' }));
  }

  private webOrt(): WebOrt {
    if (!this.web) throw new LabError('the runtime is not initialised');
    return this.web;
  }

  private emit(event: WorkerEvent, transfer: Transferable[] = []): void {
    this.post({ kind: 'event', event }, transfer);
  }

  async handle(msg: Request): Promise<unknown> {
    if (msg.type === 'init') return (this.initDone = this.init(msg.opts));
    if (msg.type === 'rank') return this.rank(msg.req);
    if (msg.type === 'timeline') return marksSoFar();
    // NOTE: requests made before the worker started (a model folder opened while a slow WebGPU
    // adapter probe was still choosing the backend) arrive right behind init: they wait for it
    // (seen in CI as "the runtime is not initialised" on opening a model folder).
    await this.initDone.catch(() => undefined);
    switch (msg.type) {
      case 'setDocs': await this.docsReady; return this.setDocs(msg.text, msg.name);
      case 'setDocTable': await this.docsReady; return this.setDocTable(msg);
      case 'cancelEncode': this.indexes.cancel(msg.modelId); return null;
      case 'resumeEncode': this.indexes.resume(this.entry(msg.modelId)); return null;
      case 'scoreQuerySet': return this.querySets.score(msg);
      case 'cachedQuerySet': return this.querySets.cached(msg);
      case 'inspectTower': {
        const r = await this.need().tower(msg.modelId).inspect(msg.text, msg.side);
        return { modelId: msg.modelId, ...r } satisfies ResultOf['inspectTower'];
      }
      case 'inspectCross': {
        const e = this.need();
        if (!e.fine) throw new LabError('the fine ranker is not loaded');
        return { modelId: e.fine.entry.id, ...(await e.fine.inspect(msg.query, msg.docText)) } satisfies ResultOf['inspectCross'];
      }
      case 'bench': return runBench(msg.spec, {
        engine: this.need(), web: this.webOrt(), backend: this.opts?.backend,
        encodeDocs: (id, o) => this.indexes.encodeDocs(id, o),
        encodeEngine: (id) => this.indexes.encodeEngine(id),
      });
      case 'byo': return this.byo.handle(msg.req);
      case 'simulateDeviceLoss':
        if (!this.device) throw new LabError('no WebGPU device in use');
        this.device.destroy();
        return null;
    }
  }

  private async rank(req: RankRequest): Promise<RankResponse> {
    this.ranks.started();
    mark('worker: first rank request');
    try {
      await this.initDone.catch(() => undefined);
      // Typing sends a request per pause: an older one stops at its next stage.
      const my = ++this.rankSeq;
      const r = await this.need().rank(req, () => my !== this.rankSeq);
      // NOTE: the first answer is one to the newest request: the page drops an older one's
      // (it re-ranks on every readiness event), so that one showed nothing.
      if (my === this.rankSeq && hasTowerResults(r)) {
        mark('worker: first rank answered with tower results');
        this.answered();
        this.bm25Soon(0); // after the first answer (loadOne), once the page is quiet
      }
      return r;
    } finally {
      this.ranks.finished();
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
    mark('worker: init received');
    // NOTE: the doc set (9 MB for the demo) is on the critical path to the first results: it is
    // downloaded and read by a docs worker (docsLoad.ts), so this thread is free for ORT's start
    // and the first model; the manifest's download overlaps loading the ORT build.
    const docs = loadDocSetOffThread(opts.docsUrl, opts.docLimit, opts.docsIndexUrl);
    // On WASM the shipped towers start on the lab's own kernel (towerKernel.ts: a 12 KB module,
    // the same math, checked against ORT once ORT is up), so the first results need neither
    // ORT's 14 MB module nor its start (~2 s of the cold start's critical path before, 7th session):
    // ORT's download waits for the first answer. `?kernel=off` keeps the ORT-only start.
    const kernelFirst = opts.backend === 'wasm' && opts.kernel !== false && towerKernelSupported();
    // NOTE: without the kernel the models' files (the first .emb is 10 MB) wait for ORT's WASM
    // module: Chromium moved ~50 MB/s of response bodies into this page on the 2-core machine, and
    // the binary (14 MB), docs.jsonl (9 MB), the .emb and the graph fetched at once all arrived
    // together ~1 s in, with ORT's start (~0.6-1 s of this thread) waiting for the binary.
    // Interleaved cold opens: a median of ~3.25 s with the doc set at once and the models after the
    // module, ~3.6 s with everything after it. (WebGPU: no WASM module to wait for.)
    if (!kernelFirst) this.ortWasm?.start();
    const wasmFirst = opts.backend === 'wasm' && !kernelFirst && this.ortWasm ? this.ortWasm.promise.then(() => undefined, () => undefined) : Promise.resolve();
    const manifestBytes = fetchBytes(`${opts.modelsUrl}manifest.json`);
    docs.catch(() => undefined); // handled below; never an unhandled rejection meanwhile
    manifestBytes.catch(() => undefined);
    this.web = await loadWebOrt(opts.backend, opts.threads, opts.backend === 'wasm' ? this.ortWasm ?? undefined : undefined);
    mark('worker: ORT module loaded');
    // NOTE: the WASM module (or the WebGPU device) initialises on the first session: start it early
    // with a tiny graph, so it overlaps the model and doc-set fetches instead of following them.
    // It is first on the run queue; its failure is the model's to report.
    const web = this.web;
    const startOrt = () => {
      if (this.ortStarted) return;
      this.ortStarted = true;
      this.ortWasm?.start();
      void SerialSession.create(web.ort, scoringGraph(8), web.sessionOptions, 'the runtime start-up graph')
        .then((s) => { mark('worker: ORT runtime started (first session)'); return s.release(); }).catch(() => undefined);
    };
    if (kernelFirst) void this.firstAnswer.then(startOrt);
    else startOrt();
    let manifest;
    try {
      const text = new TextDecoder().decode(await manifestBytes);
      manifest = parseManifest(text, `${opts.modelsUrl}manifest.json`);
    } catch (e) {
      this.emit({ type: 'error', scope: 'manifest', message: (e as Error).message });
      manifest = null; // NOTE: go on with no shipped models, so your own models and doc sets still run
    }
    if (manifest) this.emit({ type: 'manifest', manifest });
    mark('worker: manifest read');
    this.engine = new Engine({
      ort: this.web.ort,
      sessionOptions: this.web.sessionOptions,
      models: fetchSource(opts.modelsUrl),
      graphScoring: opts.backend === 'webgpu',
      fixedShapes: opts.backend === 'webgpu',
      deferBm25: true,
      docsTensor: opts.backend === 'webgpu' ? this.web.gpuTensor : undefined,
      warmup: true,
      kernelTowers: kernelFirst,
    }, manifest ?? { version: 1, models: [] });
    // NOTE: models start loading while the doc set downloads and parses — fetches,
    // hashing and WASM compilation overlap the parse; indexes wait for the docs.
    this.docsReady = (async () => {
      try {
        const loaded = await docs;
        mark('worker: doc set parsed');
        this.useDocs(loaded, opts.docLimit ? `${opts.docsUrl} (first ${opts.docLimit})` : opts.docsUrl);
      } catch (e) {
        this.emit({ type: 'error', scope: 'docs', message: (e as Error).message });
      }
    })();
    void wasmFirst.then(() => this.loadAll());
    return { manifest };
  }

  private useDocs(docs: LoadedDocSet, name: string): void {
    const e = this.need();
    // NOTE: the env object is this worker's own (init); switching BM25 off for a big set and back on for the next.
    const bm25 = docs.rows.length <= BM25_MAX_DOCS;
    e.env.noBm25 = !bm25;
    e.setDocs(docs);
    if (this.bm25Built) e.buildBm25Now();
    this.querySets.reset();
    // A table-backed set is the page's own: only its identity goes back (rows: null), not a million rows.
    // A docs.jsonl goes as its bytes and row ranges, given away (the page decodes the rows it shows).
    const jsonl = docs.jsonl;
    docs.jsonl = undefined;
    const info = { name, count: docs.rows.length, sha256: docs.sha256, rows: docs.table || jsonl ? null : docs.rows, jsonl, bm25 };
    this.emit({ type: 'docs', docs: info }, jsonl ? [jsonl.bytes.buffer as ArrayBuffer, jsonl.start.buffer as ArrayBuffer, jsonl.end.buffer as ArrayBuffer] : []);
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
    const on = { backend: this.opts?.backend ?? 'wasm', shaderF16: this.opts?.shaderF16 } as const;
    for (const m of models) {
      if (only && !only.includes(m.id)) {
        e.status.set(m.id, { id: m.id, state: 'skipped' });
        this.status({ id: m.id, state: 'skipped' });
        continue;
      }
      // NOTE: a graph the adapter cannot run is never loaded: its status says why (an fp16 graph without shader-f16).
      const cannot = cannotRun(m, on);
      if (cannot) {
        const st: ModelStatus = { id: m.id, state: 'skipped', backend: on.backend, error: cannot };
        e.status.set(m.id, st);
        this.status(st);
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
    // The towers that started on the lab's kernel move to their ORT session, checked against it.
    for (const m of models) {
      const t = e.towers.get(m.id);
      if (t?.engine !== 'kernel') continue;
      await this.ranks.quiet(QUIET_MS, QUIET_CAP_MS);
      await t.moveToOrt();
      const st = { ...e.status.get(m.id)!, engine: t.engine, engineNote: t.engineNote };
      e.status.set(m.id, st);
      this.status(st);
    }
  }

  private ortStarted = false;

  private async loadOne(m: ManifestModel): Promise<void> {
    const e = this.need();
    this.status({ id: m.id, state: 'loading' });
    // Cold start: the tower's precomputed doc embeddings download while its session is created.
    this.indexes.prefetch(m);
    const st = await e.loadModel(m);
    const t = e.towers.get(m.id);
    if (t && st.state === 'ready') Object.assign(st, { engine: t.engine, engineNote: t.engineNote });
    this.status(st);
    if (st.state === 'ready') {
      await this.hookDevice();
      await this.docsReady;
      if (m.kind === 'tower' && e.docs) await this.prepareIndex(m);
    }
    // The lexical index (a few hundred ms of this thread) is built after the first query is answered,
    // or soon after the first tower is ready: it must not hold up the first results.
    if (m.kind === 'tower') this.bm25Soon(1_500);
    // First results first: the next model's session creation would hold this thread while the
    // page's query (sent when this index appeared) waits. Give it a moment to arrive and be
    // answered, and the page's follow-up requests (readiness events) a quiet moment.
    if (m.kind === 'tower' && this.indexes.has(m.id) && !this.waitedForFirst) {
      this.waitedForFirst = true;
      const answered = await Promise.race([this.firstAnswer.then(() => true), sleep(FIRST_ANSWER_WAIT_MS).then(() => false)]);
      if (answered) await this.ranks.quiet(QUIET_MS, QUIET_CAP_MS);
    }
  }

  private waitedForFirst = false;
  /** Resolves once a rank request has been answered with tower results. */
  private answered: () => void = () => undefined;
  private firstAnswer = new Promise<void>((resolve) => { this.answered = resolve; });
  private readonly ranks = new RankActivity();

  private bm25Timer: ReturnType<typeof setTimeout> | null = null;
  private bm25At = Infinity;
  /** Builds the BM25 index in `ms`, unless it is already due sooner (a later tower never postpones it). */
  private bm25Soon(ms: number): void {
    const at = now() + ms;
    if (this.bm25Built || !this.engine?.docs || at >= this.bm25At) return;
    this.bm25At = at;
    if (this.bm25Timer) clearTimeout(this.bm25Timer);
    this.bm25Timer = setTimeout(() => void this.ranks.quiet(QUIET_MS, QUIET_CAP_MS).then(() => this.buildBm25Once()), ms);
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

  /** A tower's doc index (IndexBuilder.prepare); ByoHost calls it for your own towers. */
  prepareIndex(m: ManifestModel): Promise<void> {
    return this.indexes.prepare(m);
  }
}
