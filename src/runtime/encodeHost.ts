// What runs inside one doc-encoding worker (src/workers/encode.worker.ts):
// sessions of tower graphs on a one-thread ORT (WASM), and runs of padded
// batches the lab's worker sends (encodePool.ts). No tokenizer, no doc set:
// token ids in, embeddings out.
//
// A tower the lab's own encoder kernel can run (towerKernel.ts: the recipe's
// architecture) runs there once its first batch here has given ORT's
// embeddings within KERNEL_TOLERANCE; a tower it cannot run, or one whose
// first batch differs, stays on ORT, and the reply says why.
import { planTower } from '../core/towerPlan';
import { f32, SerialSession, type OrtApi, type SessionOptions } from './ort';
import { maxDiff, TowerKernel } from './towerKernel';

export type EncodeToWorker =
  | { id: number; op: 'load'; key: string; name: string; graph: Uint8Array }
  /** ids and mask: int32 [batch, seq]; kernel: false keeps ORT (comparisons) */
  | { id: number; op: 'run'; key: string; batch: number; seq: number; ids: Int32Array; mask: Int32Array; kernel?: boolean }
  | { id: number; op: 'drop'; key: string };

/** Which code encoded a batch: the lab's kernel, or ORT (with why not the kernel). */
export interface EncodeEngine {
  engine: 'kernel' | 'ort';
  why?: string;
}

export type EncodeFromWorker =
  | ({ id: number; ok: true; embedding?: Float32Array } & Partial<EncodeEngine>)
  | { id: number; ok: false; error: string };

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
  encode(b: { batch: number; seq: number; ids: Int32Array; mask: Int32Array }): Float32Array;
}
export type KernelFactory = (graph: Uint8Array) => BatchKernel;

function kernelFor(graph: Uint8Array, make: KernelFactory): { kernel: BatchKernel | null; why?: string } {
  try {
    return { kernel: make(graph) };
  } catch (e) {
    return { kernel: null, why: `the lab's kernel does not run this graph: ${(e as Error).message}` };
  }
}

export class EncodeHost {
  private models = new Map<string, Promise<Loaded>>();
  private runtime: Promise<EncodeRuntime> | null = null;

  constructor(
    private readonly start: () => Promise<EncodeRuntime>,
    private readonly makeKernel: KernelFactory = (g) => new TowerKernel(planTower(g)),
  ) {}

  /** The reply, and what to transfer with it. */
  async handle(msg: EncodeToWorker): Promise<{ reply: EncodeFromWorker; transfer: Transferable[] }> {
    try {
      if (msg.op === 'load') {
        this.runtime ??= this.start();
        const rt = await this.runtime;
        if (!this.models.has(msg.key)) {
          const m = SerialSession.create(rt.ort, msg.graph, rt.sessionOptions, `${msg.name} (encoding worker)`)
            .then((session): Loaded => ({ session, checked: false, ...kernelFor(msg.graph, this.makeKernel) }));
          m.catch(() => this.models.delete(msg.key));
          this.models.set(msg.key, m);
        }
        await this.models.get(msg.key);
        return { reply: { id: msg.id, ok: true }, transfer: [] };
      }
      if (msg.op === 'drop') {
        const m = this.models.get(msg.key);
        this.models.delete(msg.key);
        await (await m?.catch(() => null))?.session.release();
        return { reply: { id: msg.id, ok: true }, transfer: [] };
      }
      const m = await this.models.get(msg.key);
      if (!m) throw new Error(`model ${msg.key} is not loaded in this encoding worker`);
      const batch = { batch: msg.batch, seq: msg.seq, ids: msg.ids, mask: msg.mask };
      let embedding: Float32Array, used: EncodeEngine;
      if (m.kernel && m.checked && msg.kernel !== false) {
        embedding = m.kernel.encode(batch);
        used = { engine: 'kernel' };
      } else {
        const T = m.session.ort.Tensor;
        const out = await m.session.run({
          input_ids: new T('int32', msg.ids, [msg.batch, msg.seq]),
          attention_mask: new T('int32', msg.mask, [msg.batch, msg.seq]),
        });
        // A copy of its own (the output may share a buffer): transferred, not cloned, to the lab's worker.
        embedding = f32(out.embedding, 'embedding').slice(); // [batch, dim]
        if (m.kernel && !m.checked && msg.kernel !== false) this.check(m, batch, embedding);
        used = { engine: 'ort', why: msg.kernel === false ? 'the kernel was turned off for this run' : m.why };
      }
      return { reply: { id: msg.id, ok: true, embedding, ...used }, transfer: [embedding.buffer as ArrayBuffer] };
    } catch (e) {
      return { reply: { id: msg.id, ok: false, error: (e as Error).message }, transfer: [] };
    }
  }

  /** The kernel on the batch ORT just ran: trusted from the next batch on if it agrees. */
  private check(m: Loaded, batch: { batch: number; seq: number; ids: Int32Array; mask: Int32Array }, want: Float32Array): void {
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
