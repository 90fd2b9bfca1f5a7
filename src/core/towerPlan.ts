/**
 * The weights of a doc tower as the lab's own encoder kernel runs them
 * (src/runtime/encode/towerKernel.ts), read out of the ONNX graph the recipe
 * exports (training/model.py TwoTower → training/export.py): node names are
 * torch's module scopes, e.g. /bert/layers.0/attn/qkv/MatMul. Weights come
 * out float32 whatever the file stores (fp16, int8 + DequantizeLinear).
 *
 * Refuses (throws, with the reason): a graph that is not that architecture —
 * factorised or n-gram embeddings, mean/CLS pooling, widths not multiples of
 * 8, a missing node. The caller then keeps ONNX Runtime. Whatever this reads,
 * the kernel's first batch is still checked against ORT before it is trusted.
 */
import { OnnxGraph, type FloatConst } from './onnxRead';

export interface TowerLayer {
  wqkv: Float32Array; bqkv: Float32Array; // [H, 3H], [3H]
  wo: Float32Array; bo: Float32Array; // [H, H], [H]
  ln1g: Float32Array; ln1b: Float32Array; ln1eps: number;
  w1: Float32Array; b1: Float32Array; // [H, F], [F]
  w2: Float32Array; b2: Float32Array; // [F, H], [H]
  ln2g: Float32Array; ln2b: Float32Array; ln2eps: number;
  /** GELU's divisor, √2 as the graph holds it */
  geluRoot2: number;
}

export interface TowerPlan {
  hidden: number;
  heads: number;
  headDim: number;
  ffn: number;
  vocab: number;
  maxPos: number;
  /** attention-pooling heads; the embedding is poolHeads · hidden wide */
  poolHeads: number;
  dim: number;
  word: Float32Array; // [vocab, H]
  pos: Float32Array; // [maxPos, H]
  type0: Float32Array; // [H]
  embLn: { g: Float32Array; b: Float32Array; eps: number };
  layers: TowerLayer[];
  poolW: Float32Array; poolB: Float32Array; // [H, K], [K]
  denseW: Float32Array; denseB: Float32Array; // [dim, dim] as x·W (in → out), [dim]
}

class Reader {
  constructor(private readonly g: OnnxGraph) {}

  /** The one constant input of node `name` (an initializer or a constant chain). */
  weight(name: string, dims?: number[]): FloatConst {
    const n = this.g.node(name);
    if (!n) throw new Error(`no node ${name}`);
    const found = n.inputs.map((i) => this.g.constant(i)).filter((c): c is FloatConst => c !== null);
    if (found.length !== 1) throw new Error(`node ${name}: expected one constant input, found ${found.length}`);
    const c = found[0];
    if (dims && (c.dims.length !== dims.length || c.dims.some((d, i) => dims[i] >= 0 && d !== dims[i]))) {
      throw new Error(`node ${name}: weight shape [${c.dims}] where [${dims.map((d) => (d < 0 ? '?' : d))}] was expected`);
    }
    return c;
  }

  scalar(name: string): number {
    const c = this.weight(name);
    if (c.data.length !== 1) throw new Error(`node ${name}: expected a scalar constant`);
    return c.data[0];
  }

  /** LayerNorm as torch exports it (ReduceMean … Sqrt, Div, Mul γ, Add β). */
  layerNorm(scope: string, H: number) {
    return { g: this.weight(`${scope}/Mul`, [H]).data, b: this.weight(`${scope}/Add_1`, [H]).data, eps: this.scalar(`${scope}/Add`) };
  }
}

function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
  return t;
}

export function planTower(model: Uint8Array): TowerPlan {
  const g = new OnnxGraph(model);
  const r = new Reader(g);
  if (g.node('/bert/emb/proj/MatMul') || g.node('/bert/emb/ngram/Conv')) throw new Error('factorised or n-gram embeddings are not in the kernel');
  if (!g.node('/attn_pool/Softmax')) throw new Error('the kernel runs attention pooling only');
  // the masks' ±10000, which the kernel applies as a key bias
  if (r.scalar('/bert/Mul') !== -10000 || r.scalar('/attn_pool/Mul') !== 10000) throw new Error('attention masks not (1 − mask)·−10000');
  const word = r.weight('/bert/emb/word/Gather', [-1, -1]);
  const [vocab, H] = word.dims;
  const pos = r.weight('/bert/emb/pos/Gather', [-1, H]);
  const type0 = r.weight('/bert/emb/Add_1', [H]);
  // heads and head width: the constants of the q/k/v Reshape's shape, [B, T, 3, heads, d]
  const shape = g.node('/bert/layers.0/attn/Concat');
  const hd = shape?.inputs.slice(2).map((i) => g.constant(i)?.data[0]);
  if (!hd || hd.length !== 3 || hd[0] !== 3 || !hd[1] || !hd[2]) throw new Error('cannot read the attention heads from /bert/layers.0/attn/Concat');
  const heads = hd[1]!, headDim = hd[2]!;
  if (heads * headDim !== H) throw new Error(`heads ${heads} × ${headDim} ≠ hidden ${H}`);
  const layers: TowerLayer[] = [];
  let F = 0;
  for (let i = 0; g.node(`/bert/layers.${i}/attn/qkv/MatMul`); i++) {
    const s = `/bert/layers.${i}`;
    const scale = r.scalar(`${s}/attn/Div`);
    if (Math.abs(scale - Math.sqrt(headDim)) > 1e-6) throw new Error(`${s}: attention scale ${scale}, not √${headDim}`);
    const w1 = r.weight(`${s}/ff/ff.0/MatMul`, [H, -1]);
    F = w1.dims[1];
    const n1 = r.layerNorm(`${s}/norm1`, H), n2 = r.layerNorm(`${s}/norm2`, H);
    layers.push({
      wqkv: r.weight(`${s}/attn/qkv/MatMul`, [H, 3 * H]).data, bqkv: r.weight(`${s}/attn/qkv/Add`, [3 * H]).data,
      wo: r.weight(`${s}/attn/out/MatMul`, [H, H]).data, bo: r.weight(`${s}/attn/out/Add`, [H]).data,
      ln1g: n1.g, ln1b: n1.b, ln1eps: n1.eps,
      w1: w1.data, b1: r.weight(`${s}/ff/ff.0/Add`, [F]).data,
      w2: r.weight(`${s}/ff/ff.2/MatMul`, [F, H]).data, b2: r.weight(`${s}/ff/ff.2/Add`, [H]).data,
      ln2g: n2.g, ln2b: n2.b, ln2eps: n2.eps,
      geluRoot2: r.scalar(`${s}/ff/ff.1/Div`),
    });
    if (!g.node(`${s}/ff/ff.1/Erf`) || Math.abs(layers[i].geluRoot2 - Math.SQRT2) > 1e-3) throw new Error(`${s}: the FFN activation is not the exact (erf) GELU`);
  }
  if (!layers.length) throw new Error('no encoder layers found');
  const poolW = r.weight('/attn_pool/score/MatMul', [H, -1]);
  const K = poolW.dims[1];
  const dim = K * H;
  const dense = g.node('/dense/Gemm');
  if (!dense) throw new Error('no /dense/Gemm');
  const [alpha, beta, transA, transB] = ['alpha', 'beta', 'transA', 'transB'].map((a) => dense.attrs.get(a));
  if ((alpha ?? 1) !== 1 || (beta ?? 1) !== 1 || (transA ?? 0) !== 0) throw new Error('/dense/Gemm: alpha, beta or transA not the defaults');
  const dw = g.constant(dense.inputs[1]), db = g.constant(dense.inputs[2] ?? '');
  if (!dw || !db || dw.dims[0] !== dim || dw.dims[1] !== dim || db.data.length !== dim) throw new Error(`/dense/Gemm: weights not [${dim}, ${dim}] and [${dim}]`);
  for (const [what, n] of [['hidden', H], ['3·hidden', 3 * H], ['ffn', F], ['embedding', dim]] as const) {
    if (n % 8) throw new Error(`${what} ${n} is not a multiple of 8`);
  }
  if (headDim % 8) throw new Error(`head width ${headDim} is not a multiple of 8`);
  return {
    hidden: H, heads, headDim, ffn: F, vocab, maxPos: pos.dims[0], poolHeads: K, dim,
    word: word.data, pos: pos.data, type0: type0.data,
    embLn: r.layerNorm('/bert/emb/norm', H),
    layers,
    poolW: poolW.data, poolB: r.weight('/attn_pool/score/Add', [K]).data,
    denseW: transB === 1 ? transpose(dw.data, dim, dim) : dw.data, denseB: db.data,
  };
}
