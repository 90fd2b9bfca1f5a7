// Brute-force q·d over a doc matrix with WASM SIMD (f32x4), the WASM path's
// scoring kernel: ~4–8× the scalar JS loop, and memory-bound beyond that. The
// module is ~150 bytes, assembled below from its opcodes (annotated), so
// there is no toolchain and no fetch. Docs are copied once into the module's
// own memory; each query writes q and reads the scores back.
// Refuses: dims that are not a multiple of 16 (the caller keeps the JS loop).

const SIMD = 0xfd;
const uleb = (n: number): number[] => {
  const o: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    o.push(b);
  } while (n);
  return o;
};
const sleb = (n: number): number[] => {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) { o.push(b); return o; }
    o.push(b | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [s.length, ...[...s].map((c) => c.charCodeAt(0))];

// Locals: params 0=q 1=docs 2=n 3=dim 4=out (byte offsets / counts); 5=i 6=j 7=rowBytes; 8–11=acc0–3 (v128).
const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i], tee = (i: number) => [0x22, i];
const i32 = (v: number) => [0x41, ...sleb(v)];
const load = (base: number, off: number) => [...get(base), ...get(6), 0x6a, SIMD, 0x00, 0x00, ...uleb(off)]; // v128.load align=1 offset
const fma = (acc: number, off: number) => [...get(acc), ...load(0, off), ...load(1, off), SIMD, 0xe6, 0x01, SIMD, 0xe4, 0x01, ...set(acc)]; // acc += q*d
const lane = (acc: number, l: number) => [...get(acc), SIMD, 0x1f, l]; // f32x4.extract_lane

const body = [
  0x02, 0x03, 0x7f, 0x04, 0x7b, // locals: 3 × i32, 4 × v128
  ...get(3), ...i32(2), 0x74, ...set(7), // rowBytes = dim << 2
  0x02, 0x40, 0x03, 0x40, // block $exit, loop $rows
  ...get(5), ...get(2), 0x4f, 0x0d, 0x01, // if i >= n: br $exit
  ...[8, 9, 10, 11].flatMap((a) => [SIMD, 0x0c, ...new Array(16).fill(0), ...set(a)]), // acc0..3 = 0
  ...i32(0), ...set(6), // j = 0
  0x03, 0x40, // loop $cols: four independent f32x4 accumulators per step (16 floats, 64 bytes)
  ...fma(8, 0), ...fma(9, 16), ...fma(10, 32), ...fma(11, 48),
  ...get(6), ...i32(64), 0x6a, ...tee(6), ...get(7), 0x49, 0x0d, 0x00, // j += 64; if j < rowBytes: br $cols
  0x0b,
  ...get(4), ...get(5), ...i32(2), 0x74, 0x6a, // &out[i]
  ...get(8), ...get(9), SIMD, 0xe4, 0x01, ...get(10), ...get(11), SIMD, 0xe4, 0x01, SIMD, 0xe4, 0x01, ...set(8), // acc0 = (acc0+acc1)+(acc2+acc3)
  ...lane(8, 0), ...lane(8, 1), 0x92, ...lane(8, 2), 0x92, ...lane(8, 3), 0x92, // horizontal sum
  0x38, 0x02, 0x00, // f32.store
  ...get(1), ...get(7), 0x6a, ...set(1), // docs += rowBytes
  ...get(5), ...i32(1), 0x6a, ...set(5), // i++
  0x0c, 0x00, // br $rows
  0x0b, 0x0b, 0x0b, // end loop, end block, end func
];

const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // type: (i32 ×5) → ()
  ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 0x01]), // import memory, min 1 page
  ...section(3, [1, 0]),
  ...section(7, [1, ...name('dots'), 0x00, 0]),
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

export function simdSupported(): boolean {
  try {
    return typeof WebAssembly !== 'undefined' && WebAssembly.validate(MODULE);
  } catch {
    return false;
  }
}

/** A doc matrix held in WASM memory, scored with the SIMD kernel. */
export class SimdDocs {
  private readonly dotsFn: (q: number, docs: number, n: number, dim: number, out: number) => void;
  private readonly mem: WebAssembly.Memory;
  private readonly qOff: number;
  private readonly outOff: number;

  private constructor(readonly n: number, readonly dim: number, docs: Float32Array) {
    const bytes = (n * dim + dim + n) * 4;
    this.mem = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { env: { mem: this.mem } });
    this.dotsFn = inst.exports.dots as typeof this.dotsFn;
    new Float32Array(this.mem.buffer, 0, n * dim).set(docs);
    this.qOff = n * dim * 4;
    this.outOff = this.qOff + dim * 4;
  }

  /** null when SIMD is unavailable, the dim is not a multiple of 16, or memory would exceed 4 GiB. */
  static create(docs: Float32Array, dim: number): SimdDocs | null {
    const n = docs.length / dim;
    if (dim % 16 !== 0 || !simdSupported() || (n * dim + dim + n) * 4 > 2 ** 32 - 2 ** 17) return null;
    try {
      return new SimdDocs(n, dim, docs);
    } catch {
      return null; // out of memory: the caller keeps the JS loop
    }
  }

  /** The doc matrix as it sits in WASM memory (no copy; valid while this object lives). */
  get docs(): Float32Array {
    return new Float32Array(this.mem.buffer, 0, this.n * this.dim);
  }

  /** q·d_i for every doc; returns a fresh array. */
  dots(q: Float32Array, out = new Float32Array(this.n)): Float32Array {
    new Float32Array(this.mem.buffer, this.qOff, this.dim).set(q);
    this.dotsFn(this.qOff, 0, this.n, this.dim, this.outOff);
    out.set(new Float32Array(this.mem.buffer, this.outOff, this.n));
    return out;
  }
}
