/**
 * Two-tower scoring kernels: one query vector against N doc embeddings stored
 * flat ([N, D] row-major) as float32, fp16 (Uint16 bits) or int8 + scale.
 * Score = sigmoid(q · d), as in the serving contract (docs/CONTRACTS.md).
 *
 * Refuses: allocation per doc, shape guessing (D must divide the buffer), and
 * any dependency beyond plain typed arrays — it runs in a worker or in Node.
 * Top-K selection lives in topk.ts.
 */

export function sigmoid(x: number): number {
  // Split branches so exp() never overflows to Infinity/Infinity = NaN.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** In-place sigmoid over a score buffer; returns the same buffer. */
/** A model's calibration: logit = scale · raw + bias, so sigmoid(logit) ≈ P(grade ≥ 2). */
export interface LogitAffine {
  scale: number;
  bias: number;
}

/**
 * A model's calibration from its manifest entry (training/calibrate.py): `logit_scale` (default 1; a
 * retrain folds it into the graph, the shipped models carry it here) and `logit_bias` (default 0; a
 * tower's bias cannot live in its symmetric dot product). Every place that turns q·d or the fine
 * ranker's output into a logit applies it. A scale that is not a finite number > 0 counts as 1 (a
 * negative one would reverse the ranking). Missing (older or own models): the identity.
 */
export function logitAffine(entry: { logit_scale?: unknown; logit_bias?: unknown } | undefined): LogitAffine {
  const a = entry?.logit_scale, b = entry?.logit_bias;
  return {
    scale: typeof a === 'number' && Number.isFinite(a) && a > 0 ? a : 1,
    bias: typeof b === 'number' && Number.isFinite(b) ? b : 0,
  };
}

export function sigmoidInPlace(scores: Float32Array): Float32Array {
  for (let i = 0; i < scores.length; i++) scores[i] = sigmoid(scores[i]);
  return scores;
}

function checkShape(len: number, dim: number, qLen: number): number {
  if (!Number.isInteger(dim) || dim <= 0) throw new Error(`score: dim must be a positive integer, got ${dim}`);
  if (qLen !== dim) throw new Error(`score: query has ${qLen} dims, expected ${dim}`);
  if (len % dim !== 0) throw new Error(`score: doc buffer length ${len} is not a multiple of dim ${dim}`);
  return len / dim;
}

/**
 * Raw dot products q · d_i for i < N. docs is [N, dim] row-major.
 * NOTE: four docs per pass share each q[j] load (4 independent accumulators);
 * measured ~1.3–1.7× faster than a per-doc 4-way unroll in V8 for D = 128.
 * The loop is memory-bound (1M×128 fp32 = 512 MB read), so fp16/int8 storage
 * mostly pays off in memory, not speed.
 */
export function dotScores(q: Float32Array, docs: Float32Array, dim: number, out?: Float32Array): Float32Array {
  const n = checkShape(docs.length, dim, q.length);
  const res = out ?? new Float32Array(n);
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    const b0 = i * dim, b1 = b0 + dim, b2 = b1 + dim, b3 = b2 + dim;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let j = 0; j < dim; j++) {
      const qj = q[j];
      a0 += qj * docs[b0 + j];
      a1 += qj * docs[b1 + j];
      a2 += qj * docs[b2 + j];
      a3 += qj * docs[b3 + j];
    }
    res[i] = a0; res[i + 1] = a1; res[i + 2] = a2; res[i + 3] = a3;
  }
  for (; i < n; i++) {
    let a = 0;
    const b = i * dim;
    for (let j = 0; j < dim; j++) a += q[j] * docs[b + j];
    res[i] = a;
  }
  return res;
}

// ---- fp16 ---------------------------------------------------------------

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);

/** float → IEEE 754 half bits, round-to-nearest-even; overflow → ±Inf, NaN kept. */
export function f32ToF16(value: number): number {
  f32buf[0] = value;
  const x = u32buf[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    if (e < -10) return sign; // underflow to ±0
    mant |= 0x800000; // implicit leading bit
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rem = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rem > half || (rem === half && (m & 1))) m++;
    return sign | m; // may carry into the smallest normal, which is correct
  }
  const rem = mant & 0x1fff;
  let m = mant >>> 13;
  if (rem > 0x1000 || (rem === 0x1000 && (m & 1))) {
    m++;
    if (m === 0x400) { m = 0; e++; if (e >= 0x1f) return sign | 0x7c00; }
  }
  return sign | (e << 10) | m;
}

/** IEEE 754 half bits → number (exact). */
export function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

let f16Table: Float32Array | null = null;
/** 64K-entry decode table, built once (256 KiB); decode becomes one load. */
function f16Lut(): Float32Array {
  if (!f16Table) {
    f16Table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = f16ToF32(h);
  }
  return f16Table;
}

export function encodeF16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f32ToF16(values[i]);
  return out;
}

export function decodeF16(bits: Uint16Array): Float32Array {
  const lut = f16Lut();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = lut[bits[i]];
  return out;
}

/** q · d_i with docs stored as fp16 bits, decoded on the fly through the LUT. */
export function dotScoresF16(q: Float32Array, docs: Uint16Array, dim: number, out?: Float32Array): Float32Array {
  const n = checkShape(docs.length, dim, q.length);
  const lut = f16Lut();
  const res = out ?? new Float32Array(n);
  const d4 = dim - (dim % 4);
  for (let i = 0, base = 0; i < n; i++, base += dim) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    let j = 0;
    for (; j < d4; j += 4) {
      a0 += q[j] * lut[docs[base + j]];
      a1 += q[j + 1] * lut[docs[base + j + 1]];
      a2 += q[j + 2] * lut[docs[base + j + 2]];
      a3 += q[j + 3] * lut[docs[base + j + 3]];
    }
    for (; j < dim; j++) a0 += q[j] * lut[docs[base + j]];
    res[i] = a0 + a1 + a2 + a3;
  }
  return res;
}

/**
 * q · d_i with docs stored as int8 codes; real value = code × scale, where
 * scale is one number for the whole matrix or one per doc (symmetric
 * per-row quantisation). The scale is applied once per doc, not per element.
 */
export function dotScoresInt8(
  q: Float32Array, docs: Int8Array, dim: number, scale: number | Float32Array, out?: Float32Array,
): Float32Array {
  const n = checkShape(docs.length, dim, q.length);
  if (typeof scale !== 'number' && scale.length !== n) {
    throw new Error(`score: ${scale.length} per-doc scales for ${n} docs`);
  }
  const res = out ?? new Float32Array(n);
  const d4 = dim - (dim % 4);
  for (let i = 0, base = 0; i < n; i++, base += dim) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    let j = 0;
    for (; j < d4; j += 4) {
      a0 += q[j] * docs[base + j];
      a1 += q[j + 1] * docs[base + j + 1];
      a2 += q[j + 2] * docs[base + j + 2];
      a3 += q[j + 3] * docs[base + j + 3];
    }
    for (; j < dim; j++) a0 += q[j] * docs[base + j];
    res[i] = (a0 + a1 + a2 + a3) * (typeof scale === 'number' ? scale : scale[i]);
  }
  return res;
}

/** Symmetric per-doc int8 quantisation: scale_i = max|d_i| / 127. */
export function quantizeInt8(docs: Float32Array, dim: number): { codes: Int8Array; scales: Float32Array } {
  const n = checkShape(docs.length, dim, dim);
  const codes = new Int8Array(docs.length);
  const scales = new Float32Array(n);
  for (let i = 0, base = 0; i < n; i++, base += dim) {
    let mx = 0;
    for (let j = 0; j < dim; j++) mx = Math.max(mx, Math.abs(docs[base + j]));
    const s = mx > 0 ? mx / 127 : 1;
    scales[i] = s;
    for (let j = 0; j < dim; j++) codes[base + j] = Math.max(-127, Math.min(127, Math.round(docs[base + j] / s)));
  }
  return { codes, scales };
}

export type DocStore =
  | { kind: 'f32'; data: Float32Array; dim: number }
  | { kind: 'f16'; data: Uint16Array; dim: number }
  | { kind: 'int8'; data: Int8Array; dim: number; scale: number | Float32Array };

/** sigmoid(q · d_i) for every doc in the store, whatever its storage. */
export function scoreDocs(q: Float32Array, store: DocStore, out?: Float32Array): Float32Array {
  const raw =
    store.kind === 'f32' ? dotScores(q, store.data, store.dim, out)
    : store.kind === 'f16' ? dotScoresF16(q, store.data, store.dim, out)
    : dotScoresInt8(q, store.data, store.dim, store.scale, out);
  return sigmoidInPlace(raw);
}
