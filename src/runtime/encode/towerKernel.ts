// The lab's own doc-tower encoder: the WASM SIMD kernels of kernels/tower.c
// driven over a TowerPlan (src/core/towerPlan.ts). It computes what the
// tower's ONNX graph computes, ~2× faster than ORT's WASM EP on these
// hidden-64 towers (docs/PERFORMANCE.md): one call per fused step instead of
// ~170 small ops a batch, and an erf four lanes at a time. Used by the
// doc-encoding workers (encodeHost.ts) once a model's first batch has matched
// ORT; queries, the fine ranker and WebGPU stay on ORT.
import type { TowerPlan } from '../../core/towerPlan';
import { TOWER_WASM_BASE64 } from './kernels/towerWasm';
import type { TokenBatch } from './tokenizer';

interface Exports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  gemm(x: number, w: number, bias: number, out: number, M: number, K: number, N: number): void;
  add_layernorm(x: number, res: number, g: number, b: number, M: number, H: number, eps: number): void;
  gelu(x: number, n: number, root2: number): void;
  attention(qkv: number, keybias: number, out: number, scratch: number, B: number, T: number, heads: number, d: number, scale: number): void;
  attn_pool(x: number, keybias: number, ws: number, bs: number, out: number, scratch: number, B: number, T: number, H: number, K: number): void;
  embed(ids: number, word: number, pos: number, type0: number, x: number, B: number, T: number, H: number): void;
}

let module: WebAssembly.Module | null = null;
function kernelModule(): WebAssembly.Module {
  if (!module) {
    const bin = atob(TOWER_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    module = new WebAssembly.Module(bytes);
  }
  return module;
}

/** Whether this engine runs the kernels (WASM SIMD128). */
export function towerKernelSupported(): boolean {
  try {
    kernelModule();
    return true;
  } catch {
    return false;
  }
}

type Layer = Record<'wqkv' | 'bqkv' | 'wo' | 'bo' | 'ln1g' | 'ln1b' | 'w1' | 'b1' | 'w2' | 'b2' | 'ln2g' | 'ln2b', number>;

export class TowerKernel {
  private readonly x: Exports;
  /** next free byte (16-aligned); weights first, then the activations of the largest batch so far */
  private top: number;
  private readonly weightsEnd: number;
  private readonly w: { word: number; pos: number; type0: number; embG: number; embB: number; poolW: number; poolB: number; denseW: number; denseB: number };
  private readonly layers: Layer[];
  private act: { M: number; B: number; T: number; ptr: Record<string, number> } | null = null;

  constructor(private readonly plan: TowerPlan) {
    this.x = new WebAssembly.Instance(kernelModule(), {}).exports as unknown as Exports;
    this.top = align(this.x.__heap_base.value as number);
    const put = (a: Float32Array) => {
      const p = this.alloc(a.length * 4);
      new Float32Array(this.x.memory.buffer, p, a.length).set(a);
      return p;
    };
    this.w = {
      word: put(plan.word), pos: put(plan.pos), type0: put(plan.type0), embG: put(plan.embLn.g), embB: put(plan.embLn.b),
      poolW: put(plan.poolW), poolB: put(plan.poolB), denseW: put(plan.denseW), denseB: put(plan.denseB),
    };
    this.layers = plan.layers.map((l) => ({
      wqkv: put(l.wqkv), bqkv: put(l.bqkv), wo: put(l.wo), bo: put(l.bo), ln1g: put(l.ln1g), ln1b: put(l.ln1b),
      w1: put(l.w1), b1: put(l.b1), w2: put(l.w2), b2: put(l.b2), ln2g: put(l.ln2g), ln2b: put(l.ln2b),
    }));
    this.weightsEnd = this.top;
  }

  get dim(): number {
    return this.plan.dim;
  }

  /** Embeddings [batch, dim] of a padded batch (int32 ids and mask, as the tower's session takes them). */
  encode(b: TokenBatch): Float32Array {
    const { hidden: H, heads, headDim, ffn: F, poolHeads: K, dim, vocab, maxPos } = this.plan;
    const B = b.batch, T = b.seq, M = B * T;
    if (T > maxPos) throw new Error(`sequence of ${T} tokens is longer than the model's ${maxPos} positions`);
    for (let i = 0; i < b.ids.length; i++) {
      const id = b.ids[i];
      if (!(id >= 0 && id < vocab)) throw new Error(`token id ${id} is outside the model's vocabulary (${vocab})`);
    }
    const p = this.activations(B, T);
    const mem = () => this.x.memory.buffer;
    new Int32Array(mem(), p.ids, M).set(b.ids);
    const kb = new Float32Array(mem(), p.keybias, M);
    for (let i = 0; i < M; i++) kb[i] = b.mask[i] ? 0 : -10000;
    const x = this.x, w = this.w;
    x.embed(p.ids, w.word, w.pos, w.type0, p.h, B, T, H);
    x.add_layernorm(p.h, 0, w.embG, w.embB, M, H, this.plan.embLn.eps);
    this.plan.layers.forEach((l, i) => {
      const L = this.layers[i];
      x.gemm(p.h, L.wqkv, L.bqkv, p.qkv, M, H, 3 * H);
      x.attention(p.qkv, p.keybias, p.ctx, p.scratch, B, T, heads, headDim, 1 / Math.sqrt(headDim));
      x.gemm(p.ctx, L.wo, L.bo, p.h1, M, H, H);
      x.add_layernorm(p.h1, p.h, L.ln1g, L.ln1b, M, H, l.ln1eps); // h1 = LN(h + attn)
      x.gemm(p.h1, L.w1, L.b1, p.ff, M, H, F);
      x.gelu(p.ff, M * F, l.geluRoot2);
      x.gemm(p.ff, L.w2, L.b2, p.h, M, F, H);
      x.add_layernorm(p.h, p.h1, L.ln2g, L.ln2b, M, H, l.ln2eps); // h = LN(h1 + ffn)
    });
    x.attn_pool(p.h, p.keybias, w.poolW, w.poolB, p.pooled, p.scratch, B, T, H, K);
    x.gemm(p.pooled, w.denseW, w.denseB, p.out, B, dim, dim);
    return new Float32Array(mem(), p.out, B * dim).slice();
  }

  /** Buffers for a batch of B × T, reused while batches are no larger. */
  private activations(B: number, T: number): Record<string, number> {
    const a = this.act;
    if (a && B * T <= a.M && B <= a.B && T <= a.T) return a.ptr;
    const { hidden: H, ffn: F, headDim: d, poolHeads: K, dim } = this.plan;
    const M = B * T, Tp = (T + 7) & ~7;
    this.top = this.weightsEnd;
    const ptr = {
      ids: this.alloc(M * 4), keybias: this.alloc(M * 4), h: this.alloc(M * H * 4), qkv: this.alloc(M * 3 * H * 4),
      ctx: this.alloc(M * H * 4), h1: this.alloc(M * H * 4), ff: this.alloc(M * F * 4),
      pooled: this.alloc(B * dim * 4), out: this.alloc(B * dim * 4),
      scratch: this.alloc(Math.max(2 * d * Tp + Tp + T * Tp + d, T * K) * 4),
    };
    this.act = { M, B, T, ptr };
    return ptr;
  }

  private alloc(bytes: number): number {
    const p = this.top;
    this.top = align(p + bytes);
    const need = this.top - this.x.memory.buffer.byteLength;
    if (need > 0) this.x.memory.grow(Math.ceil(need / 65536));
    return p;
  }
}

const align = (n: number): number => (n + 15) & ~15;

/** Largest |a − b|, and the largest |b| (at least 1) to judge it against; Infinity when the lengths differ. */
export function maxDiff(a: Float32Array, b: Float32Array): { diff: number; scale: number } {
  let diff = a.length === b.length ? 0 : Infinity, scale = 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return { diff, scale };
}
