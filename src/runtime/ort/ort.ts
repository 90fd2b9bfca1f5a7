// The slice of ONNX Runtime the lab uses, as a type both onnxruntime-web and
// onnxruntime-node satisfy. Shared runtime code takes an `OrtApi` value; only
// ortWeb.ts (the worker) and node.ts (CLI, bench, tests) import a real build.
import type { InferenceSession, InferenceSessionFactory, Tensor, TensorConstructor } from 'onnxruntime-common';
import { upcastFp16 } from '../../core/onnxFp16';

export interface OrtApi {
  InferenceSession: InferenceSessionFactory;
  Tensor: TensorConstructor;
}
export type OrtSession = InferenceSession;
export type OrtTensor = Tensor;
export type SessionOptions = InferenceSession.SessionOptions;
export type Feeds = Record<string, Tensor>;
export type Outputs = InferenceSession.OnnxValueMapType;

/**
 * The one run queue of this thread (worker): every session's runs go through it.
 * NOTE: concurrent `run` calls on one ORT-web session fail, and so, at times, do
 * overlapping runs of two sessions in one worker (they share the WASM heap and
 * thread pool, or the WebGPU device) — seen as hung or failed runs when the
 * query-set scorer and typing overlapped. ORT parallelises inside a run, so one
 * queue costs no throughput.
 */
/** What the queue is doing now: the task at its head (and since when) and how many wait behind it. */
export interface QueueState {
  running: { label: string; since: number } | null;
  waiting: number;
}
const state: QueueState = { running: null, waiting: 0 };

/** A copy of the queue's state (the worker's stall watchdog reads it). */
export function queueState(): QueueState {
  return { running: state.running && { ...state.running }, waiting: state.waiting };
}

/**
 * `urgent`: a run someone is waiting for now (typing: the query encodes and the fine
 * re-rank of `rank`). It goes before every queued background task (model loading and
 * warm-up, doc encoding, query-set scoring) — still one run at a time, so a query
 * typed while a model loads waits for at most the one run in flight, not the whole load.
 */
export type Priority = 'urgent' | 'background';
type Task = { label: string; fn: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const queues: Record<Priority, Task[]> = { urgent: [], background: [] };

function pump(): void {
  if (state.running) return;
  const task = queues.urgent.shift() ?? queues.background.shift();
  if (!task) return;
  state.waiting--;
  state.running = { label: task.label, since: performance.now() };
  // NOTE: the queue is free again before the caller resumes, so its state never shows a finished task.
  const done = (settle: () => void) => { state.running = null; settle(); pump(); };
  Promise.resolve().then(task.fn).then((v) => done(() => task.resolve(v)), (e: unknown) => done(() => task.reject(e)));
}

/** Queue `fn` behind the runs already queued in this thread (urgent ones first); `label` names it if it stalls. */
export function serialised<T>(fn: () => Promise<T>, label = 'a run', priority: Priority = 'background'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    state.waiting++;
    queues[priority].push({ label, fn, resolve: resolve as (v: unknown) => void, reject });
    queueMicrotask(pump);
  });
}

/** One ONNX session whose runs go through the thread's run queue. */
export class SerialSession {
  private last: Promise<unknown> = Promise.resolve();
  constructor(readonly session: InferenceSession, readonly ort: OrtApi, readonly name = 'a session') {}

  /** Created on the queue too: ORT-web's WebGPU EP refuses to create a session while another is
   * being created ("another WebGPU EP inference session is being created") — seen when a model
   * folder was opened while a doc index built its scoring graph. */
  static async create(ort: OrtApi, bytes: Uint8Array, options: SessionOptions, name = 'a session'): Promise<SerialSession> {
    const s = await serialised(() => ort.InferenceSession.create(bytes, options), `creating the session of ${name}`);
    return new SerialSession(s, ort, name);
  }

  run(feeds: Feeds, priority: Priority = 'background'): Promise<Outputs> {
    const p = serialised(() => this.session.run(feeds), `a run of ${this.name}`, priority);
    this.last = p.catch(() => undefined);
    return p;
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  async release(): Promise<void> {
    await this.last;
    await this.session.release();
  }
}

/**
 * The same ORT build, but every model it is given with float16 in it is
 * created as its float32 rewrite (src/core/onnxFp16.ts). For the WASM EP,
 * which has no fp16 kernels and wraps each fp16 node in Casts instead; the
 * shipped file stays fp16 (half the download) and its sha256 is checked as is.
 * A model the rewrite refuses is created as given.
 */
export function withFp32Graphs(ort: OrtApi): OrtApi {
  const widened = (model: unknown): unknown => {
    if (!(model instanceof Uint8Array)) return model;
    try {
      return upcastFp16(model) ?? model;
    } catch {
      return model;
    }
  };
  const create = (model: unknown, ...rest: unknown[]) =>
    (ort.InferenceSession.create as (...a: unknown[]) => Promise<InferenceSession>)(widened(model), ...rest);
  return { Tensor: ort.Tensor, InferenceSession: { create } as unknown as InferenceSessionFactory };
}

/** Float32 view of an output tensor (copies nothing for CPU outputs). */
export function f32(t: unknown, name: string): Float32Array {
  const d = (t as Tensor | undefined)?.data;
  if (!(d instanceof Float32Array)) throw new Error(`model output "${name}" is missing or not float32`);
  return d;
}
