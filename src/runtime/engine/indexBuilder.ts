// The lab worker's doc indexes, one per tower: the precomputed file (fetched
// while the tower's session is created), else the IndexedDB cache, else
// encoding the set here — on WASM on the encoding workers (encodePool.ts) —
// with progress, cancel and resume, then caching the fp16 vectors.
import { checkEmbeddingHeader, decodeEmbeddingFile, encodeEmbeddingFile, type EmbeddingHeader } from '../../core/embeddingFile';
import type { EncodeProgress, ManifestModel } from '../api';
import { fetchOk } from '../docs/docsLoad';
import { DocIndex } from './docIndex';
import type { EncodeEngine } from '../encode/encodeHost';
import type { EncodePool } from '../encode/encodePool';
import { browserEncodePool } from '../encode/encodeWorkers';
import { EncodeCancelled, type EncodeDocsOptions, type Engine } from './engine';
import { embeddingCacheKey, getCachedEmbeddings, putCachedEmbeddings } from '../docs/idbCache';
import { leanFile } from './manifest';
import { loadEmbeddingsOffThread } from '../docs/embeddingWorker';
import { mark } from '../timeline';
import { TowerModel } from './models';

const now = (): number => performance.now();
/** Docs per batch on the encoding workers; the tower's own session takes 32. */
const POOL_BATCH = 64;

export interface IndexContext {
  engine(): Engine;
  backend(): 'wasm' | 'webgpu' | undefined;
  /** Base URL of precomputed `<id>.emb` files; '' = never use them. */
  embeddingsUrl(): string;
  progress(p: EncodeProgress): void;
  /** false (`?kernel=off`): doc encoding on ORT alone (the default: the lab's kernel where it runs the graph). */
  kernel?(): boolean;
}

export class IndexBuilder {
  private readonly ready = new Map<string, Promise<void>>();
  /** Precomputed files fetched and decoded ahead, checked against the doc set once it is in. */
  private readonly prefetched = new Map<string, Promise<{ header: EmbeddingHeader; index: DocIndex }>>();
  private readonly cancelled = new Set<string>();
  private pool: EncodePool | null | undefined;

  constructor(private readonly ctx: IndexContext) {}

  /**
   * Starts downloading a tower's precomputed embeddings, decoded off this thread
   * (embeddingWorker.ts), and moves them into SIMD memory as soon as they arrive: on the cold
   * start, while ORT starts and the session is created, not after. Whether the file fits the
   * model and the doc set is checked in build(), once the doc set is in.
   */
  prefetch(m: ManifestModel): void {
    if (m.kind !== 'tower' || !this.ctx.embeddingsUrl()) return;
    const wasm = this.ctx.backend() === 'wasm';
    const p = loadEmbeddingsOffThread(`${this.ctx.embeddingsUrl()}${m.id}.emb`).then(({ header, store }) => {
      const index = DocIndex.fromStore(store);
      if (wasm) index.prepareCpuScoring();
      mark(`${m.id}: embedding file fetched and decoded`);
      return { header, index };
    });
    p.catch(() => undefined); // reported where it is used
    this.prefetched.set(m.id, p);
  }

  /** A tower's doc index: precomputed file → IndexedDB → encode here (and cache). */
  prepare(m: ManifestModel): Promise<void> {
    const run = this.build(m);
    this.ready.set(m.id, run);
    return run;
  }

  /** Whether this tower's index was asked for (it may still be building). */
  has(id: string): boolean {
    return this.ready.has(id);
  }

  /** Settles once the tower's index is ready, failed or cancelled (at once if never asked for). */
  async settled(id: string): Promise<void> {
    await this.ready.get(id);
  }

  cancel(id: string): void {
    this.cancelled.add(id);
  }

  resume(m: ManifestModel): void {
    this.cancelled.delete(m.id);
    void this.prepare(m);
  }

  /**
   * The lab's doc encoding, for index builds and the bench alike: on WASM a shipped
   * tower's batches run on the encoding workers (encodePool.ts), several at once, on the
   * lab's own encoder kernel where it runs the graph (encodeHost.ts; `kernel: false` keeps
   * ORT); elsewhere (WebGPU, your own models) on the tower's session in this worker.
   */
  encodeDocs(modelId: string, opts: EncodeDocsOptions & { kernel?: boolean }): Promise<Float32Array> {
    const e = this.ctx.engine();
    const t = e.tower(modelId);
    if (this.ctx.backend() === 'wasm' && t instanceof TowerModel) {
      if (this.pool === undefined) this.pool = browserEncodePool();
      if (this.pool) {
        const pool = this.pool;
        const key = t.entry.sha256[leanFile(t.entry)] ?? t.entry.id;
        const run = pool.runner(key, `model ${modelId}`, () => t.graphBytes(), { kernel: opts.kernel ?? this.ctx.kernel?.() });
        this.engines.set(modelId, () => pool.engineOf(key));
        return e.encodeDocs(modelId, { batch: POOL_BATCH, ...opts, run, parallel: pool.size });
      }
    }
    // here the tower's own runner encodes: its ORT session, or the lab's kernel while a tower starts on it
    this.engines.set(modelId, () => (t instanceof TowerModel && t.engine !== 'ort' ? { engine: 'kernel' }
      : { engine: 'ort', why: this.ctx.backend() === 'wasm' ? 'no encoding workers here' : 'WebGPU runs the tower\'s own session' }));
    return e.encodeDocs(modelId, { batch: 32, ...opts });
  }

  /** Which code ran the latest batch of this tower's doc encoding, in words (undefined before one). */
  encodeEngine(modelId: string): string | undefined {
    const e = this.engines.get(modelId)?.();
    return e && engineText(e);
  }

  private readonly engines = new Map<string, () => EncodeEngine | undefined>();

  private embeddingFile(id: string): Promise<Uint8Array> {
    const p = fetchOk(`${this.ctx.embeddingsUrl()}${id}.emb`).then(async (r) => new Uint8Array(await r.arrayBuffer()));
    p.catch(() => undefined); // reported where it is used
    return p;
  }

  private async build(m: ManifestModel): Promise<void> {
    const e = this.ctx.engine();
    const docs = e.docs!;
    const modelSha = m.sha256[leanFile(m)] ?? '';
    const expect = { modelSha256: modelSha, docsetSha256: docs.sha256, count: docs.rows.length };
    const total = docs.rows.length;
    const progress = (p: Omit<EncodeProgress, 'modelId' | 'total'>) => this.ctx.progress({ modelId: m.id, total, ...p });
    const done = (source: EncodeProgress['source'], note?: string, engine?: string) =>
      progress({ done: total, docsPerSec: 0, etaS: 0, state: 'done', source, note, engine });
    let note: string | undefined;
    if (this.ctx.embeddingsUrl()) {
      try {
        const ahead = this.prefetched.get(m.id);
        this.prefetched.delete(m.id);
        let index: DocIndex;
        if (ahead) {
          const got = await ahead;
          checkEmbeddingHeader(got.header, expect);
          index = got.index;
        } else {
          index = DocIndex.fromStore(decodeEmbeddingFile(await this.embeddingFile(m.id), expect).store);
        }
        if (!await e.setIndex(m.id, index, docs.sha256)) return; // the doc set changed meanwhile: its own build reports
        mark(`${m.id}: index ready (file)`);
        return done('file');
      } catch (err) {
        note = `precomputed embeddings not used: ${(err as Error).message}`;
      }
    }
    const key = embeddingCacheKey(embeddingIdentity(m), docs.sha256);
    // NOTE: IndexedDB can fail to open (private mode, a broken profile): then encode, never stop.
    const cached = await getCachedEmbeddings(key).catch(() => null);
    if (cached) {
      try {
        if (!await e.setIndex(m.id, DocIndex.fromStore(decodeEmbeddingFile(cached, expect).store), docs.sha256)) return;
        return done('indexeddb', note);
      } catch {
        // a stale or corrupt cache entry: encode again below
      }
    }
    const t0 = now();
    this.cancelled.delete(m.id);
    try {
      const vectors = await this.encodeDocs(m.id, {
        cancelled: () => this.cancelled.has(m.id) || e.docs !== docs,
        onProgress: (n, tot) => {
          const rate = n / Math.max(1e-3, (now() - t0) / 1000);
          this.ctx.progress({ modelId: m.id, done: n, total: tot, docsPerSec: rate, etaS: rate > 0 ? (tot - n) / rate : 0, state: 'running', note, engine: this.encodeEngine(m.id) });
        },
      });
      // NOTE: stored and used as fp16, exactly like a precomputed file, so a
      // reload (IndexedDB) and the CLI give the same scores.
      const bytes = encodeEmbeddingFile(vectors, { modelId: m.id, modelSha256: modelSha, docsetSha256: docs.sha256, dim: e.tower(m.id).dim, dtype: 'f16' });
      await putCachedEmbeddings(key, bytes).catch(() => undefined);
      if (!await e.setIndex(m.id, DocIndex.fromStore(decodeEmbeddingFile(bytes).store), docs.sha256)) return;
      done('encoded', note, this.encodeEngine(m.id));
    } catch (err) {
      if (e.docs !== docs) return; // stopped because another doc set came in: that set's build reports
      if (err instanceof EncodeCancelled) {
        progress({ done: 0, docsPerSec: 0, etaS: 0, state: 'cancelled', note });
      } else {
        progress({ done: 0, docsPerSec: 0, etaS: 0, state: 'error', error: (err as Error).message });
      }
    }
  }
}

/**
 * What a tower's doc embeddings depend on besides the doc set: its graph, and for a model of
 * your own the pooling and doc length the lab chose (the same graph pooled by CLS or by mean
 * gives other embeddings; the cache key once lacked them and served mean-pooled ones for CLS).
 */
export function embeddingIdentity(m: ManifestModel): string {
  const sha = m.sha256[leanFile(m)] ?? m.id;
  return m.byo ? `${sha}|pool=${m.pooling ?? 'output'}|len=${m.max_len ?? ''}` : sha;
}

/** "the lab's WASM SIMD kernel", or "ONNX Runtime (why)". */
export function engineText(e: EncodeEngine): string {
  return e.engine === 'kernel' ? "the lab's WASM SIMD kernel" : `ONNX Runtime${e.why ? ` (${e.why})` : ''}`;
}
