// What runs inside one doc-encoding worker (src/workers/encode.worker.ts):
// sessions of tower graphs on a one-thread ORT (WASM), and runs of padded
// batches the lab's worker sends (encodePool.ts). No tokenizer, no doc set:
// token ids in, embeddings out.
import { f32, SerialSession, type OrtApi, type SessionOptions } from './ort';

export type EncodeToWorker =
  | { id: number; op: 'load'; key: string; name: string; graph: Uint8Array }
  /** ids and mask: int32 [batch, seq] */
  | { id: number; op: 'run'; key: string; batch: number; seq: number; ids: Int32Array; mask: Int32Array }
  | { id: number; op: 'drop'; key: string };

export type EncodeFromWorker =
  | { id: number; ok: true; embedding?: Float32Array }
  | { id: number; ok: false; error: string };

export interface EncodeRuntime {
  ort: OrtApi;
  sessionOptions: SessionOptions;
}

export class EncodeHost {
  private sessions = new Map<string, Promise<SerialSession>>();
  private runtime: Promise<EncodeRuntime> | null = null;

  constructor(private readonly start: () => Promise<EncodeRuntime>) {}

  /** The reply, and what to transfer with it. */
  async handle(msg: EncodeToWorker): Promise<{ reply: EncodeFromWorker; transfer: Transferable[] }> {
    try {
      if (msg.op === 'load') {
        this.runtime ??= this.start();
        const rt = await this.runtime;
        if (!this.sessions.has(msg.key)) {
          const s = SerialSession.create(rt.ort, msg.graph, rt.sessionOptions, `${msg.name} (encoding worker)`);
          s.catch(() => this.sessions.delete(msg.key));
          this.sessions.set(msg.key, s);
        }
        await this.sessions.get(msg.key);
        return { reply: { id: msg.id, ok: true }, transfer: [] };
      }
      if (msg.op === 'drop') {
        const s = this.sessions.get(msg.key);
        this.sessions.delete(msg.key);
        await (await s?.catch(() => null))?.release();
        return { reply: { id: msg.id, ok: true }, transfer: [] };
      }
      const s = await this.sessions.get(msg.key);
      if (!s) throw new Error(`model ${msg.key} is not loaded in this encoding worker`);
      const T = s.ort.Tensor;
      const out = await s.run({
        input_ids: new T('int32', msg.ids, [msg.batch, msg.seq]),
        attention_mask: new T('int32', msg.mask, [msg.batch, msg.seq]),
      });
      // A copy of its own (the output may share a buffer): transferred, not cloned, to the lab's worker.
      const embedding = f32(out.embedding, 'embedding').slice(); // [batch, dim]
      return { reply: { id: msg.id, ok: true, embedding }, transfer: [embedding.buffer as ArrayBuffer] };
    } catch (e) {
      return { reply: { id: msg.id, ok: false, error: (e as Error).message }, transfer: [] };
    }
  }
}
