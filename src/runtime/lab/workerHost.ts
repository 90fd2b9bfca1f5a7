// What runs inside the lab's worker: the dispatcher of its requests (LabApi)
// and the owner of its doc set. One Engine over one ORT-web build; the doc
// indexes (engine/indexBuilder.ts), model loading (loadModels.ts), the
// cold-start policy (coldStart.ts), query sets (querySetHost.ts) and your own
// models (byo/byoHost.ts) each live in their own module. Nothing here blocks
// the page: the worker is its own thread and session runs are serialised.
import { hasTowerResults, type Manifest, type ManifestModel, type ModelStatus, type RankRequest, type RankResponse } from '../api';
import { ByoHost } from '../byo/byoHost';
import type { ByoRequest } from '../byo/byoProtocol';
import { BM25_MAX_DOCS, loadDocSet, loadDocTable, type LoadedDocSet } from '../docs/docset';
import { fetchBytes } from '../docs/docsLoad';
import { loadDocSetOffThread } from '../docs/docsWorker';
import { Engine } from '../engine/engine';
import { IndexBuilder } from '../engine/indexBuilder';
import { coarseModels, LabError } from '../engine/manifest';
import type { LazyModule } from '../ort/ortAssets';
import type { WebOrt } from '../ort/ortWeb';
import { transfer } from '../rpc';
import { mark, marksSoFar } from '../timeline';
import type { DocTableData } from '../../data/docTable';
import { DeviceWatch } from './deviceWatch';
import { ColdStart } from './coldStart';
import { openLabEngine } from './labEngine';
import { loadModels } from './loadModels';
import type { BenchSpec, InitOptions, LabApi, QuerySetRequest, WorkerEvent } from './protocol';
import { QuerySetHost } from './querySetHost';
import { watchStalls } from './stallWatch';
import { runBench } from './workerBench';

export class WorkerHost implements LabApi {
  private web: WebOrt | null = null;
  private engine: Engine | null = null;
  private opts: InitOptions | null = null;
  private readonly gpu = new DeviceWatch((message) => this.emit({ type: 'deviceLost', message }));
  private rankSeq = 0;
  private docsReady: Promise<void> = Promise.resolve();
  private initDone: Promise<unknown> = Promise.resolve();
  private readonly cold = new ColdStart({
    hasDocs: () => !!this.engine?.docs,
    buildBm25: () => { this.need().buildBm25Now(); this.emit({ type: 'bm25' }); },
  });
  /** Doc indexes: precomputed file → IndexedDB → encoding. */
  private readonly indexes = new IndexBuilder({
    engine: () => this.need(),
    backend: () => this.opts?.backend,
    embeddingsUrl: () => this.opts?.embeddingsUrl ?? '',
    progress: (p) => this.emit({ type: 'encode', progress: p }),
    kernel: () => this.opts?.kernel !== false,
  });
  private readonly querySets = new QuerySetHost({
    engine: () => this.need(),
    opts: () => this.opts!,
    settled: (id) => this.indexes.settled(id),
    emit: (e) => this.emit(e),
    fetchBytes,
  });
  private readonly byoHost = new ByoHost({
    ort: () => this.webOrt().ort,
    sessionOptions: () => this.webOrt().sessionOptions,
    fixedShapes: () => this.opts?.backend === 'webgpu',
    engine: () => this.need(),
    emit: (e) => this.emit(e),
    prepareIndex: (m) => this.indexes.prepare(m),
  });

  /**
   * `ortWasm`: ORT's WASM module, compiled as it downloads once started (lab.worker.ts,
   * ortAssets.ts lazyOrtWasm); started at init, or after the first answer (coldStart.ts).
   */
  constructor(private readonly emit: (e: WorkerEvent) => void, private readonly ortWasm: LazyModule | null = null) {
    watchStalls((stall) => this.emit({ type: 'stall', stall }), () => this.emit({ type: 'alive' }));
  }

  init(opts: InitOptions): Promise<{ manifest: Manifest | null }> {
    return (this.initDone = this.start(opts));
  }

  async rank(req: RankRequest): Promise<RankResponse> {
    this.cold.rankStarted();
    mark('worker: first rank request');
    try {
      await this.initDone.catch(() => undefined);
      // Typing sends a request per pause: an older one stops at its next stage.
      const my = ++this.rankSeq;
      const r = await this.need().rank(req, () => my !== this.rankSeq);
      // NOTE: the first answer is one to the newest request: the page drops an older one's
      // (it re-ranks on every readiness event), so that one showed nothing.
      if (my === this.rankSeq && hasTowerResults(r)) this.cold.answered();
      return r;
    } finally {
      this.cold.rankFinished();
    }
  }

  async timeline() { return marksSoFar(); }

  // NOTE: requests made before the worker started (a model folder opened while a slow WebGPU
  // adapter probe was still choosing the backend) arrive right behind init: they wait for it
  // (seen in CI as "the runtime is not initialised" on opening a model folder).
  private async ready(): Promise<Engine> {
    await this.initDone.catch(() => undefined);
    return this.need();
  }

  async setDocs(text: string, name: string) {
    await this.ready();
    await this.docsReady;
    return { count: this.useDocs(await loadDocSet(new TextEncoder().encode(text), name), name, true) };
  }

  async setDocTable(table: DocTableData, sha256: string, name: string) {
    const e = await this.ready();
    await this.docsReady;
    return { count: this.useDocs(loadDocTable(table, sha256, name), name, true), bm25: !e.env.noBm25 };
  }

  async cancelEncode(modelId: string) { await this.ready(); this.indexes.cancel(modelId); return null; }
  async resumeEncode(modelId: string) { await this.ready(); this.indexes.resume(this.entry(modelId)); return null; }
  async scoreQuerySet(q: QuerySetRequest) { await this.ready(); return this.querySets.score(q); }
  async cachedQuerySet(q: Omit<QuerySetRequest, 'channel'>) { await this.ready(); return this.querySets.cached(q); }
  async byo(req: ByoRequest) { await this.ready(); return this.byoHost.handle(req); }

  async bench(spec: BenchSpec) {
    const engine = await this.ready();
    return runBench(spec, {
      engine, web: this.webOrt(), backend: this.opts?.backend,
      encodeDocs: (id, o) => this.indexes.encodeDocs(id, o),
      encodeEngine: (id) => this.indexes.encodeEngine(id),
    });
  }

  async simulateDeviceLoss() { await this.ready(); this.gpu.destroy(); return null; }

  private async start(opts: InitOptions): Promise<{ manifest: Manifest | null }> {
    this.opts = opts;
    mark('worker: init received');
    // NOTE: the doc set (9 MB for the demo) is on the critical path to the first results: it is
    // downloaded and read by a docs worker (docsLoad.ts), so this thread is free for ORT's start
    // and the first model; the manifest's download overlaps loading the ORT build.
    const docs = loadDocSetOffThread(opts.docsUrl, opts.docLimit, opts.docsIndexUrl);
    docs.catch(() => undefined); // handled below; never an unhandled rejection meanwhile
    const { web, engine, manifest, modelsGo } = await openLabEngine(opts, this.ortWasm, this.cold, this.emit);
    this.web = web;
    this.engine = engine;
    // NOTE: models start loading while the doc set downloads and parses — fetches,
    // hashing and WASM compilation overlap the parse; indexes wait for the docs.
    this.docsReady = docs
      .then((loaded) => { mark('worker: doc set parsed'); this.useDocs(loaded, opts.docLimit ? `${opts.docsUrl} (first ${opts.docLimit})` : opts.docsUrl, false); })
      .catch((e: Error) => this.emit({ type: 'error', scope: 'docs', message: e.message }));
    void modelsGo.then(() => loadModels({
      engine, opts, cold: this.cold, docsReady: () => this.docsReady,
      status: (st) => this.status(st),
      prefetch: (m) => this.indexes.prefetch(m), prepareIndex: (m) => this.indexes.prepare(m), indexAsked: (id) => this.indexes.has(id),
      modelReady: async () => { if (opts.backend === 'webgpu') await this.gpu.hook(web); },
    }));
    return { manifest };
  }

  /** Makes `docs` the set every model ranks; `reindex`: the towers loaded so far encode it. Its size. */
  private useDocs(docs: LoadedDocSet, name: string, reindex: boolean): number {
    const e = this.need();
    // NOTE: the env object is this worker's own (init); switching BM25 off for a big set and back on for the next.
    const bm25 = docs.rows.length <= BM25_MAX_DOCS;
    e.env.noBm25 = !bm25;
    e.setDocs(docs);
    if (this.cold.bm25Done) e.buildBm25Now();
    this.querySets.reset();
    // A table-backed set is the page's own: only its identity goes back (rows: null), not a million rows.
    // A docs.jsonl goes as its bytes and row ranges, given away (the page decodes the rows it shows).
    const jsonl = docs.jsonl;
    docs.jsonl = undefined;
    const info = { name, count: docs.rows.length, sha256: docs.sha256, rows: docs.table || jsonl ? null : docs.rows, jsonl, bm25 };
    this.emit(transfer({ type: 'docs', docs: info }, jsonl ? [jsonl.bytes.buffer as ArrayBuffer, jsonl.start.buffer as ArrayBuffer, jsonl.end.buffer as ArrayBuffer] : []));
    if (reindex) for (const m of coarseModels(e.manifest)) if (e.towers.has(m.id)) void this.indexes.prepare(m);
    return docs.rows.length;
  }

  private need(): Engine {
    if (!this.engine) throw new LabError('the runtime is not initialised (see the models bar for why)');
    return this.engine;
  }

  private webOrt(): WebOrt {
    if (!this.web) throw new LabError('the runtime is not initialised');
    return this.web;
  }

  private entry(id: string): ManifestModel {
    const m = this.need().manifest.models.find((x) => x.id === id);
    if (!m) throw new LabError(`unknown model ${id}`);
    return m;
  }

  /** Records a model's status in the engine and tells the page, with the backend. */
  private status(st: ModelStatus): void {
    this.engine?.status.set(st.id, st);
    this.emit({ type: 'status', status: { ...st, backend: this.opts?.backend } });
  }
}
