// A bring-your-own encoder run as a tower (engine/tower.ts), so doc encoding,
// the IndexedDB cache, scoring and top-K are the runtime's own. Differences it absorbs: int64 (or int32) inputs, token_type_ids /
// position_ids, its own special ids, and pooling token states (mean / CLS /
// max) into one L2-normalised vector per text.
import type { ManifestModel } from '../api';
import type { ByoPlan, IdsType } from './byoPlan';
import type { ByoTokenizer } from './byoTokenizer';
import { SerialSession, type Feeds, type OrtApi, type OrtTensor, type Priority } from '../ort/ort';
import { padRows, type EncodeResult, type SeqLens, type Tower } from '../engine/tower';
import { padBatch, type TokenBatch } from '../encode/tokenizer';

const now = (): number => globalThis.performance.now();

/** Pools token states [batch, seq, hidden] by the mask into [batch, hidden]. */
export function poolTokens(states: Float32Array, dims: readonly number[], mask: Int32Array, how: 'mean' | 'cls' | 'max'): Float32Array {
  const [batch, seq, hidden] = dims;
  const out = new Float32Array(batch * hidden);
  for (let b = 0; b < batch; b++) {
    const o = out.subarray(b * hidden, (b + 1) * hidden);
    if (how === 'cls') { o.set(states.subarray(b * seq * hidden, b * seq * hidden + hidden)); continue; }
    if (how === 'max') o.fill(-Infinity);
    let n = 0;
    for (let s = 0; s < seq; s++) {
      if (!mask[b * seq + s]) continue;
      n++;
      const row = states.subarray((b * seq + s) * hidden, (b * seq + s + 1) * hidden);
      for (let h = 0; h < hidden; h++) o[h] = how === 'max' ? Math.max(o[h], row[h]) : o[h] + row[h];
    }
    if (how === 'mean') for (let h = 0; h < hidden; h++) o[h] /= Math.max(1, n);
    if (how === 'max' && n === 0) o.fill(0);
  }
  return out;
}

/** L2-normalises each row in place (score = sigmoid(cosine) for BYO models). */
export function normalizeRows(v: Float32Array, dim: number): Float32Array {
  for (let i = 0; i < v.length; i += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += v[i + j] * v[i + j];
    const k = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) v[i + j] *= k;
  }
  return v;
}

export interface ByoTowerOptions {
  ort: OrtApi;
  /** see LoadOptions.fixedShapes (the WebGPU path) */
  fixedShapes?: boolean;
}

export class ByoTower implements Tower {
  dim = 0;
  constructor(
    readonly entry: ManifestModel,
    readonly tok: ByoTokenizer,
    readonly lens: SeqLens,
    readonly session: SerialSession,
    readonly bytes: number,
    readonly plan: ByoPlan,
    private readonly opts: ByoTowerOptions,
  ) {}

  /** Runs one probe text to learn the vector size (and prove the graph runs). */
  async probe(): Promise<number> {
    const v = await this.encodeBatch(this.pad([this.tok.single('探测 probe', this.lens.query)], this.lens.query));
    if (!v.length) throw new Error(`output "${this.plan.output.name}" is empty`);
    return this.dim;
  }

  pad(rows: number[][], L: number, bucket = 8): TokenBatch {
    return this.opts.fixedShapes ? padBatch(padRows(rows), undefined, L, L) : padBatch(rows, undefined, bucket, L);
  }

  private tensor(type: IdsType, data: Int32Array, b: TokenBatch): OrtTensor {
    const T = this.opts.ort.Tensor;
    if (type === 'int32') return new T('int32', data, [b.batch, b.seq]);
    const big = new BigInt64Array(data.length); // standard exports take int64 ids
    for (let i = 0; i < data.length; i++) big[i] = BigInt(data[i]);
    return new T('int64', big, [b.batch, b.seq]);
  }

  private feeds(b: TokenBatch): Feeds {
    const p = this.plan;
    const f: Feeds = { [p.ids.name]: this.tensor(p.ids.type, b.ids, b), [p.mask.name]: this.tensor(p.mask.type, b.mask, b) };
    if (p.tokenTypes) f[p.tokenTypes.name] = this.tensor(p.tokenTypes.type, new Int32Array(b.ids.length), b);
    if (p.positions) {
      const pos = new Int32Array(b.ids.length);
      for (let i = 0; i < pos.length; i++) pos[i] = i % b.seq;
      f[p.positions.name] = this.tensor(p.positions.type, pos, b);
    }
    return f;
  }

  /** [batch, dim] L2-normalised vectors of a padded batch. */
  async encodeBatch(b: TokenBatch, priority?: Priority): Promise<Float32Array> {
    const out = await this.session.run(this.feeds(b), priority);
    const t = out[this.plan.output.name] as OrtTensor | undefined;
    if (!t) throw new Error(`the model did not return "${this.plan.output.name}"`);
    const data = t.type === 'float16' ? Float32Array.from(t.data as unknown as ArrayLike<number>) : t.data;
    if (!(data instanceof Float32Array)) throw new Error(`output "${this.plan.output.name}" is ${t.type}, not float32`);
    let v: Float32Array;
    if (this.plan.output.kind === 'pooled' || t.dims.length === 2) {
      v = Float32Array.from(data);
      this.dim = t.dims[t.dims.length - 1];
    } else {
      if (t.dims.length !== 3) throw new Error(`output "${this.plan.output.name}" has dims [${t.dims.join(', ')}], expected [batch, seq, hidden]`);
      v = poolTokens(data, t.dims, b.mask, this.plan.pooling === 'output' ? 'mean' : this.plan.pooling);
      this.dim = t.dims[2];
    }
    return normalizeRows(v, this.dim);
  }

  async encode(texts: readonly string[], side: 'query' | 'doc', priority?: Priority): Promise<EncodeResult> {
    const t0 = now();
    const L = side === 'query' ? this.lens.query : this.lens.doc;
    const b = this.pad(texts.map((t) => this.tok.single(t, L)), L);
    const t1 = now();
    const vectors = (await this.encodeBatch(b, priority)).subarray(0, texts.length * this.dim);
    return { vectors, dim: this.dim, tokenizeMs: t1 - t0, encodeMs: now() - t1 };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
