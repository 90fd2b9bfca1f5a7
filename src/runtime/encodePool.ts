// The doc-encoding workers of the lab's worker (WASM only): a few workers,
// each with a one-thread ORT, that run the batches of a doc encoding side by
// side. Why: the towers' matmuls are tiny (hidden 64), so ORT's intra-op
// threads spend more time syncing than computing; one-thread workers on
// separate batches (data parallelism) scale with the cores, and do not spin
// against each other when other work shares the CPU (measured in
// docs/PERFORMANCE.md). Token ids go out, embeddings come back: tokenizing,
// ordering, progress, cancel and caching stay in the lab's worker
// (Engine.encodeDocs, workerHost.ts). Workers start on the first batch and
// stop after a while without work.
import type { EncodeEngine, EncodeFromWorker, EncodeToWorker } from './encodeHost';
import type { TokenBatch } from './tokenizer';

/** The part of a Worker the pool uses (tests pass an in-process one). */
export interface WorkerLike {
  postMessage(msg: EncodeToWorker, transfer?: Transferable[]): void;
  onmessage: ((ev: { data: EncodeFromWorker }) => void) | null;
  onerror: ((ev: { message?: string }) => void) | null;
  terminate(): void;
}

/** Runs one padded batch; resolves to its embeddings, [batch, dim]. */
export type BatchRunner = (b: TokenBatch) => Promise<Float32Array>;

type Pending = { resolve: (r: EncodeFromWorker & { ok: true }) => void; reject: (e: Error) => void };
type Msg = EncodeToWorker extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

class Slot {
  busy = false;
  dead: Error | null = null;
  readonly loaded = new Map<string, Promise<void>>();
  readonly pending = new Map<number, Pending>();
  constructor(readonly worker: WorkerLike) {}
}

export class EncodePool {
  private slots: Slot[] = [];
  private waiters: (() => void)[] = [];
  private seq = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  /** per model key: the engine of its latest batch (the lab's kernel, or ORT and why) */
  private readonly engines = new Map<string, EncodeEngine>();

  constructor(readonly size: number, private readonly spawn: () => WorkerLike, private readonly idleMs = 30_000) {}

  /** Which code ran the latest batch of model `key` (undefined before its first). */
  engineOf(key: string): EncodeEngine | undefined {
    return this.engines.get(key);
  }

  /** Workers alive now (tests; they start on the first batch). */
  get started(): number {
    return this.slots.length;
  }

  /**
   * A runner for one model (`key`: its graph's sha256). `graph` is read once,
   * on the first batch, and loaded into each worker the first time it runs one.
   * `kernel: false` keeps every batch on ORT (the bench's comparison; the default is the
   * lab's kernel wherever it runs the graph and agreed with ORT: encodeHost.ts).
   */
  runner(key: string, name: string, graph: () => Promise<Uint8Array>, opts: { kernel?: boolean } = {}): BatchRunner {
    let bytes: Promise<Uint8Array> | null = null;
    return async (b) => {
      const slot = await this.acquire();
      try {
        let ready = slot.loaded.get(key);
        if (!ready) {
          bytes ??= graph();
          ready = bytes.then((g) => this.call(slot, { op: 'load', key, name, graph: g })).then(() => undefined);
          ready.catch(() => slot.loaded.delete(key));
          slot.loaded.set(key, ready);
        }
        await ready;
        // NOTE: the id and mask buffers are transferred: the batch is the caller's to give away.
        const r = await this.call(slot, { op: 'run', key, batch: b.batch, seq: b.seq, ids: b.ids, mask: b.mask, kernel: opts.kernel }, [b.ids.buffer as ArrayBuffer, b.mask.buffer as ArrayBuffer]);
        if (!r.embedding) throw new Error('an encoding worker returned no embeddings');
        if (r.engine) this.engines.set(key, { engine: r.engine, why: r.why });
        return r.embedding;
      } finally {
        this.release(slot);
      }
    };
  }

  /** Stops every worker now (their sessions go with them). */
  stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const s of this.slots) this.kill(s, new Error('the encoding workers stopped'));
  }

  private async acquire(): Promise<Slot> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (;;) {
      while (this.slots.length < this.size) this.slots.push(this.open());
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiters.shift()?.();
    if (!this.slots.some((s) => s.busy) && !this.idleTimer) {
      this.idleTimer = setTimeout(() => this.stop(), this.idleMs);
    }
  }

  private open(): Slot {
    const slot = new Slot(this.spawn());
    slot.worker.onmessage = ({ data }) => {
      const p = slot.pending.get(data.id);
      slot.pending.delete(data.id);
      if (data.ok) p?.resolve(data);
      else p?.reject(new Error(data.error));
    };
    // A worker that fails (its script, or the browser killed it) takes its batches with it; the next
    // batch starts a fresh one.
    slot.worker.onerror = (ev) => this.kill(slot, new Error(`an encoding worker failed: ${ev.message || 'unknown error'}`));
    return slot;
  }

  private kill(slot: Slot, err: Error): void {
    slot.dead = err;
    slot.worker.terminate();
    for (const p of slot.pending.values()) p.reject(err);
    slot.pending.clear();
    this.slots = this.slots.filter((s) => s !== slot);
    this.waiters.shift()?.();
  }

  private call(slot: Slot, msg: Msg, transfer: Transferable[] = []): Promise<EncodeFromWorker & { ok: true }> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      // NOTE: a message to a stopped worker is dropped without a word: it would never be answered.
      if (slot.dead) return reject(slot.dead);
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...msg, id } as EncodeToWorker, transfer);
    });
  }
}
