// The doc-encoding workers of the lab's worker (WASM only): a few workers,
// each with a one-thread ORT, that run the batches of a doc encoding side by
// side. Why: the towers' matmuls are tiny (hidden 64), so ORT's intra-op
// threads spend more time syncing than computing; one-thread workers on
// separate batches (data parallelism) scale with the cores, and do not spin
// against each other when other work shares the CPU (measured in
// docs/PERFORMANCE.md). Token ids go out, embeddings come back: tokenizing,
// ordering, progress, cancel and caching stay in the lab's worker
// (Engine.encodeDocs, engine/indexBuilder.ts). Workers start on the first batch and
// stop after a while without work.
import { Connection, transfer, type ClientPort } from '../rpc';
import type { EncodeApi, EncodeEngine } from './encodeHost';
import type { TokenBatch } from './tokenizer';

/** Runs one padded batch; resolves to its embeddings, [batch, dim]. */
export type BatchRunner = (b: TokenBatch) => Promise<Float32Array>;

class Slot {
  busy = false;
  readonly loaded = new Map<string, Promise<void>>();
  constructor(readonly worker: Connection<EncodeApi>) {}
}

export class EncodePool {
  private slots: Slot[] = [];
  private waiters: (() => void)[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  /** per model key: the engine of its latest batch (the lab's kernel, or ORT and why) */
  private readonly engines = new Map<string, EncodeEngine>();

  constructor(readonly size: number, private readonly spawn: () => ClientPort, private readonly idleMs = 30_000) {}

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
          ready = bytes.then((g) => slot.worker.call('load', key, name, g));
          ready.catch(() => slot.loaded.delete(key));
          slot.loaded.set(key, ready);
        }
        await ready;
        // NOTE: the id and mask buffers are transferred: the batch is the caller's to give away.
        const ids = { batch: b.batch, seq: b.seq, ids: b.ids, mask: b.mask };
        const r = await slot.worker.call('run', key, transfer(ids, [b.ids.buffer as ArrayBuffer, b.mask.buffer as ArrayBuffer]), opts.kernel);
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
    // A worker that fails (its script, or the browser killed it) takes its batches with it; the next
    // batch starts a fresh one.
    const slot: Slot = new Slot(new Connection<EncodeApi>(this.spawn(), 'encoding worker', {
      onError: (message) => this.kill(slot, new Error(`an encoding worker failed: ${message || 'unknown error'}`)),
    }));
    return slot;
  }

  private kill(slot: Slot, err: Error): void {
    slot.worker.close(err);
    this.slots = this.slots.filter((s) => s !== slot);
    this.waiters.shift()?.();
  }
}
