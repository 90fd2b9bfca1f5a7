/**
 * ESIM-style alignment between query and doc tokens (Chen et al. 2017), the
 * math the ESIM head runs first, written out plainly so the lab can check
 * the head's exported alignment matrices against it:
 *   e_ij = a_i · b_j                     raw alignment   [m, n]
 *   α_ij = exp(e_ij) / Σ_k exp(e_ik)     query → doc (each row sums to 1)
 *   β_ij = exp(e_ij) / Σ_k exp(e_kj)     doc → query (each column sums to 1)
 * and which tokens the alignment weighs most ("core terms").
 *
 * Refuses: masks that leave a row or column empty (a softmax over nothing).
 */
import { matrix, type Matrix } from './attention';

/** e = A · Bᵀ for token embeddings a [m, d] and b [n, d]. */
export function alignment(a: Float32Array, m: number, b: Float32Array, n: number, d: number): Matrix {
  if (a.length !== m * d || b.length !== n * d) throw new Error(`alignment: expected a [${m}, ${d}] and b [${n}, ${d}], got ${a.length} and ${b.length} values`);
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k];
      out[i * n + j] = s;
    }
  }
  return matrix(m, n, out);
}

/**
 * Softmax along rows ('row': over doc tokens j for each query token i) or
 * columns ('col': over query tokens i for each doc token j). Masked-out
 * entries (mask value 0 on the axis being normalised) get 0.
 */
export function softmax(e: Matrix, axis: 'row' | 'col', mask?: ArrayLike<number>): Matrix {
  const { rows, cols, data } = e;
  const along = axis === 'row' ? cols : rows;
  const lines = axis === 'row' ? rows : cols;
  if (mask && mask.length !== along) throw new Error(`softmax: mask has ${mask.length} entries, the ${axis} axis has ${along}`);
  const idx = (line: number, k: number) => (axis === 'row' ? line * cols + k : k * cols + line);
  const out = new Float32Array(rows * cols);
  for (let line = 0; line < lines; line++) {
    let max = -Infinity;
    for (let k = 0; k < along; k++) if (!mask || mask[k]) max = Math.max(max, data[idx(line, k)]);
    if (max === -Infinity) throw new Error('softmax: the mask leaves nothing to normalise over');
    let sum = 0;
    for (let k = 0; k < along; k++) if (!mask || mask[k]) sum += Math.exp(data[idx(line, k)] - max);
    for (let k = 0; k < along; k++) out[idx(line, k)] = !mask || mask[k] ? Math.exp(data[idx(line, k)] - max) / sum : 0;
  }
  return matrix(rows, cols, out);
}

export interface EsimAlignment {
  raw: Matrix;
  /** α: query → doc, rows sum to 1. */
  queryToDoc: Matrix;
  /** β: doc → query, columns sum to 1. */
  docToQuery: Matrix;
}

export function esimAlignment(a: Float32Array, m: number, b: Float32Array, n: number, d: number): EsimAlignment {
  const raw = alignment(a, m, b, n, d);
  return { raw, queryToDoc: softmax(raw, 'row'), docToQuery: softmax(raw, 'col') };
}

/**
 * How much attention each token receives from the other side, normalised to
 * sum 1: query token i gets mean_j β_ij (the doc tokens' attention over the
 * query), doc token j gets mean_i α_ij. The highest are the "core terms".
 */
export function tokenWeights(al: Pick<EsimAlignment, 'queryToDoc' | 'docToQuery'>): { query: Float32Array; doc: Float32Array } {
  const { rows: m, cols: n } = al.queryToDoc;
  const query = new Float32Array(m), doc = new Float32Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      query[i] += al.docToQuery.data[i * n + j] / n;
      doc[j] += al.queryToDoc.data[i * n + j] / m;
    }
  }
  return { query, doc };
}

/** Indices of the k largest weights, largest first, skipping `skip` (e.g. special tokens). */
export function topTokens(weights: ArrayLike<number>, k: number, skip: ReadonlySet<number> = new Set()): number[] {
  return Array.from({ length: weights.length }, (_, i) => i)
    .filter((i) => !skip.has(i))
    .sort((x, y) => weights[y] - weights[x] || x - y)
    .slice(0, Math.max(0, k));
}

/** Largest absolute difference between two same-shaped matrices. */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`maxAbsDiff: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
  let d = 0;
  for (let k = 0; k < a.data.length; k++) d = Math.max(d, Math.abs(a.data[k] - b.data[k]));
  return d;
}
