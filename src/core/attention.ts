/**
 * Attention maps of one input, as the inspect graphs export them
 * (`attentions` [batch, layers, heads, seq, seq], rows = attending token,
 * columns = attended token, each row sums to 1), and what the inspect panel
 * derives from them: one map, the mean over heads, attention rollout across
 * layers, hiding special tokens, and the layer-mapped teacher/student
 * comparison.
 *
 * Refuses: guessing shapes (every function checks its dims) and
 * renormalising rows after hiding tokens — a cropped map shows the model's
 * own probabilities, so they match the runtime's numbers exactly.
 */

/** A dense row-major matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array; // [rows, cols]
}

/** One input's attention: [layers, heads, seq, seq] row-major. */
export interface AttentionStack {
  layers: number;
  heads: number;
  seq: number;
  data: Float32Array;
}

export const SPECIAL_TOKENS: ReadonlySet<string> = new Set(['[CLS]', '[SEP]', '[PAD]']);

export function matrix(rows: number, cols: number, data?: Float32Array): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) throw new Error(`matrix: bad shape ${rows}×${cols}`);
  const d = data ?? new Float32Array(rows * cols);
  if (d.length !== rows * cols) throw new Error(`matrix: ${d.length} values for a ${rows}×${cols} matrix`);
  return { rows, cols, data: d };
}

export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** Row `row` of a graph output with dims [batch, layers, heads, seq, seq]. */
export function attentionFromOutput(dims: readonly number[], data: Float32Array, row = 0): AttentionStack {
  if (dims.length !== 5 || dims[3] !== dims[4]) throw new Error(`attentions: expected [batch, layers, heads, seq, seq], got [${dims.join(', ')}]`);
  const [batch, layers, heads, seq] = dims;
  if (row < 0 || row >= batch) throw new Error(`attentions: row ${row} outside batch ${batch}`);
  const size = layers * heads * seq * seq;
  if (data.length !== batch * size) throw new Error(`attentions: ${data.length} values for dims [${dims.join(', ')}]`);
  return { layers, heads, seq, data: data.subarray(row * size, (row + 1) * size) };
}

function checkLayer(a: AttentionStack, layer: number): void {
  if (!Number.isInteger(layer) || layer < 0 || layer >= a.layers) throw new Error(`layer ${layer} outside 0..${a.layers - 1}`);
}

/** The map of one head in one layer (0-based), copied. */
export function headMap(a: AttentionStack, layer: number, head: number): Matrix {
  checkLayer(a, layer);
  if (!Number.isInteger(head) || head < 0 || head >= a.heads) throw new Error(`head ${head} outside 0..${a.heads - 1}`);
  const n = a.seq * a.seq;
  const off = (layer * a.heads + head) * n;
  return matrix(a.seq, a.seq, a.data.slice(off, off + n));
}

/** Mean over the heads of one layer. */
export function meanOverHeads(a: AttentionStack, layer: number): Matrix {
  checkLayer(a, layer);
  const n = a.seq * a.seq;
  const out = new Float32Array(n);
  for (let h = 0; h < a.heads; h++) {
    const off = (layer * a.heads + h) * n;
    for (let k = 0; k < n; k++) out[k] += a.data[off + k];
  }
  for (let k = 0; k < n; k++) out[k] /= a.heads;
  return matrix(a.seq, a.seq, out);
}

/** C = A · B. */
export function matMul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error(`matMul: ${a.rows}×${a.cols} · ${b.rows}×${b.cols}`);
  const out = new Float32Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bo = k * b.cols, oo = i * b.cols;
      for (let j = 0; j < b.cols; j++) out[oo + j] += aik * b.data[bo + j];
    }
  }
  return matrix(a.rows, b.cols, out);
}

/**
 * Attention rollout (Abnar & Zuidema 2020), one matrix per layer:
 * Â_l = ½·mean_h(A_l) + ½·I (the residual path), rows renormalised;
 * R_1 = Â_1, R_l = Â_l · R_{l-1}. R_l[i, j] says how much of input token j
 * reaches position i after layer l. Computed in float64, returned as float32.
 */
export function rollout(a: AttentionStack): Matrix[] {
  const s = a.seq;
  const out: Matrix[] = [];
  let prev: Float64Array | null = null;
  for (let l = 0; l < a.layers; l++) {
    const m = meanOverHeads(a, l).data;
    const hat = new Float64Array(s * s);
    for (let i = 0; i < s; i++) {
      let sum = 0;
      for (let j = 0; j < s; j++) {
        const v = 0.5 * m[i * s + j] + (i === j ? 0.5 : 0);
        hat[i * s + j] = v;
        sum += v;
      }
      if (sum > 0) for (let j = 0; j < s; j++) hat[i * s + j] /= sum;
    }
    let cur = hat;
    if (prev) {
      cur = new Float64Array(s * s);
      for (let i = 0; i < s; i++) {
        for (let k = 0; k < s; k++) {
          const v = hat[i * s + k];
          if (v === 0) continue;
          for (let j = 0; j < s; j++) cur[i * s + j] += v * prev[k * s + j];
        }
      }
    }
    out.push(matrix(s, s, Float32Array.from(cur)));
    prev = cur;
  }
  return out;
}

/** Indices of the tokens to show (all, or all but [CLS]/[SEP]/[PAD]). */
export function visibleTokens(tokens: readonly string[], hideSpecial: boolean): number[] {
  const idx: number[] = [];
  tokens.forEach((t, i) => { if (!hideSpecial || !SPECIAL_TOKENS.has(t)) idx.push(i); });
  return idx;
}

/** The sub-matrix of the given rows and columns (values unchanged). */
export function crop(m: Matrix, rows: readonly number[], cols: readonly number[]): Matrix {
  const out = new Float32Array(rows.length * cols.length);
  rows.forEach((r, i) => {
    if (r < 0 || r >= m.rows) throw new Error(`crop: row ${r} outside ${m.rows}`);
    cols.forEach((c, j) => {
      if (c < 0 || c >= m.cols) throw new Error(`crop: column ${c} outside ${m.cols}`);
      out[i * cols.length + j] = m.data[r * m.cols + c];
    });
  });
  return matrix(rows.length, cols.length, out);
}

export function minMax(data: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 0 };
}
