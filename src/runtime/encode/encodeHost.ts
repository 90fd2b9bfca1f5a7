// What runs inside one doc-encoding worker (src/workers/encode.worker.ts):
// sessions of tower graphs on a one-thread ORT (WASM), and runs of padded
// batches the lab's worker sends (encodePool.ts). No tokenizer, no doc set:
// token ids in, embeddings out.
//
// A tower the lab's own encoder kernel can run (towerKernel.ts: the recipe's
// architecture) runs there once its first batch here has given ORT's
// embeddings within KERNEL_TOLERANCE; a tower it cannot run, or one whose
// first batch differs, stays on ORT, and the reply says why.
import { planTower } from '../../core/towerPlan';
import { f32, SerialSession, type OrtApi, type SessionOptions } from '../ort/ort';
import { maxDiff, TowerKernel } from './towerKernel';
import { transfer } from '../rpc';

/** A padded batch of token ids: int32 [batch, seq] ids and mask. */
export interface IdsBatch {
  batch: number;
  seq: number;
  ids: Int32Array;
  mask: Int32Array;
}

/** Which code encoded a batch: the lab's kernel, or ORT (with why not the kernel). */
export interface EncodeEngine {
  engine: 'kernel' | 'ort';
  why?: string;
}

/** A batch's embeddings, [batch, dim], and the code that computed them. */
export type EncodedBatch = { embedding: Float32Array } & EncodeEngine;

/** What an encoding worker answers (rpc.ts): the thread's protocol. */
export interface EncodeApi {
  load(key: string, name: string, graph: Uint8Array): Promise<void>;
  /** `kernel: false` keeps ORT (comparisons) */
  run(key: string, b: IdsBatch, kernel?: boolean): Promise<EncodedBatch>;
  drop(key: string): Promise<void>;
}

export interface EncodeRuntime {
  ort: OrtApi;
  sessionOptions: SessionOptions;
}

/** Largest |kernel − ORT| allowed on a model's first batch, relative to its largest |value| (≥ 1); measured ~1e-6. */
export const KERNEL_TOLERANCE = 1e-4;

interface Loaded {
  session: SerialSession;
  kernel: BatchKernel | null;
  /** the kernel's first batch matched ORT */
  checked: boolean;
  why?: string;
}

/** The part of TowerKernel this host uses (tests pass their own). */
export interface BatchKernel {
  encode(b: IdsBatch): Float32Array;
}
export type KernelFactory = (graph: Uint8Array) => BatchKernel;

function kernelFor(graph: Uint8Array, make: KernelFactory): { kernel: BatchKernel | null; why?: string } {
  try {
    return { kernel: make(graph) };
  } catch (e) {
    return { kernel: null, why: `the lab's kernel does not run this graph: ${(e as Error).message}` };
  }
}

export class EncodeHost implements EncodeApi {
  private models = new Map<string, Promise<Loaded>>();
  private runtime: Promise<EncodeRuntime> | null = null;

  constructor(
    private readonly start: () => Promise<EncodeRuntime>,
    private readonly makeKernel: KernelFactory = (g) => new TowerKernel(planTower(g)),
  ) {}

  async load(key: string, name: string, graph: Uint8Array): Promise<void> {
    this.runtime ??= this.start();
    const rt = await this.runtime;
    if (!this.models.has(key)) {
      const m = SerialSession.create(rt.ort, graph, rt.sessionOptions, `${name} (encoding worker)`)
        .then((session): Loaded => ({ session, checked: false, ...kernelFor(graph, this.makeKernel) }));
      m.catch(() => this.models.delete(key));
      this.models.set(key, m);
    }
    await this.models.get(key);
  }

  async drop(key: string): Promise<void> {
    const m = this.models.get(key);
    this.models.delete(key);
    await (await m?.catch(() => null))?.session.release();
  }

  /** The embeddings go back transferred (rpc.ts), not cloned. */
  async run(key: string, b: IdsBatch, kernel?: boolean): Promise<EncodedBatch> {
    const m = await this.models.get(key);
    if (!m) throw new Error(`model ${key} is not loaded in this encoding worker`);
    const batch = { batch: b.batch, seq: b.seq, ids: b.ids, mask: b.mask };
    let embedding: Float32Array, used: EncodeEngine;
    if (m.kernel && m.checked && kernel !== false) {
      embedding = m.kernel.encode(batch);
      used = { engine: 'kernel' };
    } else {
      const T = m.session.ort.Tensor;
      const out = await m.session.run({
        input_ids: new T('int32', b.ids, [b.batch, b.seq]),
        attention_mask: new T('int32', b.mask, [b.batch, b.seq]),
      });
      // A copy of its own (the output may share a buffer): transferred, not cloned, to the lab's worker.
      embedding = f32(out.embedding, 'embedding').slice(); // [batch, dim]
      if (m.kernel && !m.checked && kernel !== false) this.check(m, batch, embedding);
      used = { engine: 'ort', why: kernel === false ? 'the kernel was turned off for this run' : m.why };
    }
    return transfer({ embedding, ...used }, [embedding.buffer as ArrayBuffer]);
  }

  /** The kernel on the batch ORT just ran: trusted from the next batch on if it agrees. */
  private check(m: Loaded, batch: IdsBatch, want: Float32Array): void {
    try {
      const { diff, scale } = maxDiff(m.kernel!.encode(batch), want);
      if (diff <= KERNEL_TOLERANCE * scale) {
        m.checked = true;
        return;
      }
      m.why = `the lab's kernel differed from ONNX Runtime by ${diff.toExponential(1)} on the first batch`;
    } catch (e) {
      m.why = `the lab's kernel failed on the first batch: ${(e as Error).message}`;
    }
    m.kernel = null;
  }
}
