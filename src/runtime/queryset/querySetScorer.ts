// scoreQuerySet: for each query of a set, each coarse model's top-`poolSize`
// docs over the whole catalog plus every judged doc, and the fine ranker's
// scores over the union pool.
//
// A set is long work (360 test queries × ~240 pool docs through the fine
// ranker: ~3 min in WASM), so it runs behind everything else: its runs are
// background on the thread's run queue (ort.ts), and it yields to the thread's
// event loop between slices of at most ~SLICE_MS (core/timeSlice.ts) —
// without that, its microtask chain kept a typed query's message and the
// worker's heartbeat out until the whole set was done. It reports progress
// after every slice; what it scored stays in memory and, given a store, across
// reloads (querySetPools.ts), so it is scored once. Queries are encoded in blocks.
import { ProgressMeter, TimeSlicer, type SliceClock } from '../../core/timeSlice';
import { topK } from '../../core/topk';
import { SUPERSEDED, type QuerySetProgress, type QuerySetScores } from '../api';
import type { Engine } from '../engine/engine';
import { fineModel, LabError } from '../engine/manifest';
import type { PoolRows, PoolStore } from './poolCache';
import type { QuerySetData } from './querySet';
import { unpackQuerySetScores, type PackedQuerySetScores } from './querySetPack';
import { PoolMemory } from './querySetPools';
import { mark } from '../timeline';

/** Queries encoded per tower run. */
const BLOCK = 16;
/** Pairs per fine-ranker run (~100 ms in WASM on 2 cores: the grain of a slice). */
const FINE_BATCH = 64;
/** The most work between two yields to the event loop: what a query typed meanwhile waits for. */
export const SLICE_MS = 300;

export const eventLoopClock: SliceClock = {
  now: () => globalThis.performance.now(),
  yieldNow: () => new Promise<void>((r) => setTimeout(r, 0)),
};

export interface ScorerOptions {
  /** where pools persist (IndexedDB in the browser); none: memory only */
  store?: PoolStore | null;
  /** sha256 of the queries and qrels files: cache key parts; without them nothing persists */
  sources?: { queries: string; qrels: string };
  clock?: SliceClock;
  sliceMs?: number;
}

export interface ScoreOptions {
  /** after every slice, and at the start and end */
  onProgress?: (p: QuerySetProgress) => void;
}

export class QuerySetScorer {
  private readonly held: PoolMemory;
  private readonly clock: SliceClock;

  constructor(private readonly engine: Engine, private readonly data: QuerySetData, private readonly opts: ScorerOptions = {}) {
    this.held = new PoolMemory(engine, opts.store ?? null, opts.sources);
    this.clock = opts.clock ?? eventLoopClock;
  }

  private towersOf(modelIds: readonly string[]): string[] {
    return modelIds.filter((id) => this.engine.manifest.models.find((m) => m.id === id)?.kind === 'tower');
  }

  private checkQids(qids: readonly string[]): void {
    const unknown = qids.filter((q) => !this.data.text.has(q));
    if (unknown.length) throw new LabError(`unknown qid(s): ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''}`);
  }

  /**
   * The answer from memory and the store alone, or null when any of it would need a model run.
   * Needs no model loaded — a reload's Tiers open shows its figures as soon as the doc set is in.
   * `fine`: whether to include the manifest's fine ranker.
   */
  async cached(modelIds: string[], qids: string[], poolSize: number, fine = true): Promise<QuerySetScores | null> {
    const p = await this.cachedPacked(modelIds, qids, poolSize, fine);
    return p && unpackQuerySetScores(p);
  }

  /** cached(), packed for the wire (querySetPack.ts). */
  async cachedPacked(modelIds: string[], qids: string[], poolSize: number, fine = true): Promise<PackedQuerySetScores | null> {
    if (!this.engine.docs) return null;
    this.checkQids(qids);
    const towers = this.towersOf(modelIds);
    const fineId = fine ? fineModel(this.engine.manifest)?.id : undefined;
    const keys = await this.held.keys(towers, fineId, qids, poolSize);
    const read = await this.held.read(keys, poolSize);
    if (!this.held.covers(towers, fineId, qids, poolSize)) return null;
    mark('worker: query set answered from memory or the cache');
    return { ...this.held.answer(towers, fineId, qids, poolSize), cache: { read, computed: [] }, slices: { count: 0, maxMs: 0, totalMs: 0 } };
  }

  /** One tower's pool for one query: its top-`poolSize` by raw dot, plus the judged docs. */
  private async coarsePool(id: string, q: string, qvec: Float32Array, poolSize: number): Promise<PoolRows> {
    const docs = this.engine.docs!;
    const dots = await this.engine.indexes.get(id)!.dots(qvec);
    const cand = new Set<number>(topK(dots, poolSize));
    for (const did of this.data.judged.get(q) ?? []) {
      const d = docs.byId.get(did);
      if (d !== undefined) cand.add(d);
    }
    // best first (ties by doc), as the answer lists them: a cached open then has nothing to sort
    const ds = Int32Array.from(cand).sort((a, b) => dots[b] - dots[a] || a - b);
    return { docs: ds, values: Float32Array.from(ds, (d) => dots[d]) };
  }

  async score(modelIds: string[], qids: string[], poolSize: number, superseded?: () => boolean, opts?: ScoreOptions): Promise<QuerySetScores> {
    return unpackQuerySetScores(await this.scorePacked(modelIds, qids, poolSize, superseded, opts));
  }

  /** score(), packed for the wire (querySetPack.ts). */
  async scorePacked(modelIds: string[], qids: string[], poolSize: number, superseded: () => boolean = () => false, opts: ScoreOptions = {}): Promise<PackedQuerySetScores> {
    const check = (): void => {
      if (superseded()) throw new LabError(SUPERSEDED);
    };
    const docs = this.engine.docs;
    if (!docs) throw new LabError('no doc set loaded');
    this.checkQids(qids);
    const towers = this.towersOf(modelIds);
    for (const id of towers) if (!this.engine.indexes.get(id)) throw new LabError(`model ${id}: doc embeddings are not ready yet`);
    const fine = this.engine.fine;
    const fineId = fine?.entry.id;
    const keys = await this.held.keys(towers, fineId, qids, poolSize);
    const read = await this.held.read(keys, poolSize);
    const computed = new Set<string>();

    const meter = new ProgressMeter(qids.length, this.clock.now);
    const report = (): void => opts.onProgress?.(meter.snapshot());
    const slicer = new TimeSlicer(this.opts.sliceMs ?? SLICE_MS, this.clock, report);
    report();
    for (let b = 0; b < qids.length; b += BLOCK) {
      const block = qids.slice(b, b + BLOCK);
      const qvecs = new Map<string, Float32Array>(); // `${model}|${qid}`
      for (const id of towers) {
        const todo = block.filter((q) => !this.held.pools(id, poolSize).has(q));
        if (!todo.length) continue;
        check();
        const { vectors, dim } = await this.engine.tower(id).encode(todo.map((q) => this.data.text.get(q)!), 'query');
        todo.forEach((q, j) => qvecs.set(`${id}|${q}`, vectors.slice(j * dim, (j + 1) * dim)));
        await slicer.tick();
      }
      for (const q of block) {
        check();
        const t0 = this.clock.now();
        let worked = false;
        for (const id of towers) {
          const mem = this.held.pools(id, poolSize);
          if (mem.has(q)) continue;
          mem.set(q, await this.coarsePool(id, q, qvecs.get(`${id}|${q}`)!, poolSize));
          computed.add(id);
          worked = true;
          await slicer.tick();
        }
        const have = this.held.logits(q);
        const todo = fine ? [...this.held.union(towers, q, poolSize)].filter((d) => !have.has(d)) : [];
        for (let i = 0; i < todo.length; i += FINE_BATCH) {
          const part = todo.slice(i, i + FINE_BATCH);
          const logits = await fine!.logits(this.data.text.get(q)!, part.map((d) => docs.texts[d]), FINE_BATCH);
          part.forEach((d, j) => have.set(d, logits[j]));
          this.held.fineScored();
          computed.add('fine');
          worked = true;
          await slicer.tick();
        }
        meter.item(worked, this.clock.now() - t0);
      }
    }
    const answer = this.held.answer(towers, fineId, qids, poolSize);
    const writeError = await this.held.write(keys, qids, poolSize);
    report();
    return { ...answer, cache: { read, computed: [...computed], ...(writeError ? { writeError } : {}) }, slices: { ...slicer.stats } };
  }
}
