// The slice of ONNX Runtime the lab uses, as a type both onnxruntime-web and
// onnxruntime-node satisfy. Shared runtime code takes an `OrtApi` value; only
// ortWeb.ts (the worker) and node.ts (CLI, bench, tests) import a real build.
import type { InferenceSession, InferenceSessionFactory, Tensor, TensorConstructor } from 'onnxruntime-common';

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
 * One ONNX session whose runs are serialised through a promise chain.
 * NOTE: concurrent `run` calls on one ORT-web session fail; every caller
 * (typing, background doc encoding, the query-set scorer) goes through here.
 */
export class SerialSession {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(readonly session: InferenceSession, readonly ort: OrtApi) {}

  static async create(ort: OrtApi, bytes: Uint8Array, options: SessionOptions): Promise<SerialSession> {
    return new SerialSession(await ort.InferenceSession.create(bytes, options), ort);
  }

  run(feeds: Feeds): Promise<Outputs> {
    const p = this.chain.then(() => this.session.run(feeds));
    this.chain = p.catch(() => undefined);
    return p;
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  async release(): Promise<void> {
    await this.chain;
    await this.session.release();
  }
}

/** Float32 view of an output tensor (copies nothing for CPU outputs). */
export function f32(t: unknown, name: string): Float32Array {
  const d = (t as Tensor | undefined)?.data;
  if (!(d instanceof Float32Array)) throw new Error(`model output "${name}" is missing or not float32`);
  return d;
}
