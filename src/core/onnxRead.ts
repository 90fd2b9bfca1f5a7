/**
 * Reads an ONNX model's graph — nodes, initializers, constants — without a
 * protobuf library (onnxWire.ts), enough to pull a tower's weights out of the
 * graph the recipe exported (towerPlan.ts). Constants are resolved through
 * the chains the shipped variants use: Constant nodes, Cast (fp16 weights),
 * DequantizeLinear (int8 weights) and Identity, all widened to float32.
 *
 * Refuses (throws): external data, element types other than
 * float32/float16/int8/uint8/int32/int64.
 */
import { parseFields, stringOf, text, varints, type Field } from './onnxWire';
import { decodeF16 } from './score';

export interface OnnxTensor {
  name: string;
  dims: number[];
  /** ONNX TensorProto.DataType: 1 float, 2 uint8, 3 int8, 6 int32, 7 int64, 10 float16 */
  type: number;
  fields: Field[];
}

export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  /** attributes: ints and floats as numbers / number arrays, tensors as OnnxTensor */
  attrs: Map<string, number | number[] | OnnxTensor>;
}

/** A constant widened to float32, row-major. */
export interface FloatConst {
  dims: number[];
  data: Float32Array;
}

const sub = (f: Field): Uint8Array => f.data as Uint8Array;
const fixed32 = (f: Field): number => new DataView(sub(f).buffer, sub(f).byteOffset, 4).getFloat32(0, true);

function tensorOf(b: Uint8Array): OnnxTensor {
  const f = parseFields(b);
  return { name: stringOf(f, 8), dims: varints(f, 1).map(Number), type: Number(varints(f, 2)[0] ?? 0n), fields: f };
}

function attrOf(b: Uint8Array): [string, number | number[] | OnnxTensor] {
  const f = parseFields(b);
  const name = stringOf(f, 1);
  const t = f.find((x) => x.no === 5 && x.wire === 2);
  if (t) return [name, tensorOf(sub(t))];
  const fl = f.find((x) => x.no === 2 && x.wire === 5);
  if (fl) return [name, new DataView(sub(fl).buffer, sub(fl).byteOffset, 4).getFloat32(0, true)];
  const i = f.find((x) => x.no === 3 && x.wire === 0);
  if (i) return [name, Number(BigInt.asIntN(64, i.data as bigint))];
  const floats = f.filter((x) => x.no === 7);
  if (floats.length) return [name, floatsOf(floats)];
  return [name, varints(f, 8).map((v) => Number(BigInt.asIntN(64, v)))];
}

function floatsOf(fs: Field[]): number[] {
  const out: number[] = [];
  for (const f of fs) {
    if (f.wire === 5) out.push(fixed32(f));
    else {
      const b = sub(f);
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      for (let p = 0; p + 4 <= b.length; p += 4) out.push(v.getFloat32(p, true));
    }
  }
  return out;
}

/** A tensor's elements as float32 (numbers of any supported type, widened). */
export function tensorFloats(t: OnnxTensor): Float32Array {
  const f = t.fields;
  if (f.some((x) => x.no === 14 && x.data === 1n)) throw new Error(`tensor ${t.name}: external data`);
  const raw = f.find((x) => x.no === 9);
  const n = t.dims.reduce((a, b) => a * b, 1);
  const rb = raw ? sub(raw) : null;
  const view = rb ? new DataView(rb.buffer, rb.byteOffset, rb.byteLength) : null;
  const out = new Float32Array(n);
  switch (t.type) {
    case 1:
      if (view) for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
      else out.set(floatsOf(f.filter((x) => x.no === 4)));
      return out;
    case 10: {
      const halves = new Uint16Array(n);
      if (view) for (let i = 0; i < n; i++) halves[i] = view.getUint16(2 * i, true);
      else halves.set(varints(f, 5).map(Number));
      return decodeF16(halves);
    }
    case 2:
    case 3:
    case 6:
      if (view) for (let i = 0; i < n; i++) out[i] = t.type === 2 ? view.getUint8(i) : t.type === 3 ? view.getInt8(i) : view.getInt32(4 * i, true);
      else varints(f, 5).forEach((v, i) => (out[i] = Number(BigInt.asIntN(32, v))));
      return out;
    case 7:
      if (view) for (let i = 0; i < n; i++) out[i] = Number(view.getBigInt64(8 * i, true));
      else varints(f, 7).forEach((v, i) => (out[i] = Number(BigInt.asIntN(64, v))));
      return out;
    default:
      throw new Error(`tensor ${t.name}: element type ${t.type} is not read`);
  }
}

export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers = new Map<string, OnnxTensor>();
  private readonly producers = new Map<string, OnnxNode>();
  private readonly named = new Map<string, OnnxNode>();

  constructor(model: Uint8Array) {
    const g = parseFields(model).find((f) => f.no === 7);
    if (!g) throw new Error('not an ONNX model: no graph');
    for (const f of parseFields(sub(g))) {
      if (f.no === 5) {
        const t = tensorOf(sub(f));
        this.initializers.set(t.name, t);
      } else if (f.no === 1) {
        const nf = parseFields(sub(f));
        const node: OnnxNode = {
          op: stringOf(nf, 4),
          name: stringOf(nf, 3),
          inputs: nf.filter((x) => x.no === 1).map((x) => text(sub(x))),
          outputs: nf.filter((x) => x.no === 2).map((x) => text(sub(x))),
          attrs: new Map(nf.filter((x) => x.no === 5).map((x) => attrOf(sub(x)))),
        };
        this.nodes.push(node);
        this.named.set(node.name, node);
        for (const o of node.outputs) this.producers.set(o, node);
      }
    }
  }

  node(name: string): OnnxNode | undefined {
    return this.named.get(name);
  }

  /** The value of a tensor computed from constants only, in float32; null when it depends on an input. */
  constant(name: string): FloatConst | null {
    const init = this.initializers.get(name);
    if (init) return { dims: init.dims, data: tensorFloats(init) };
    const p = this.producers.get(name);
    if (!p) return null;
    if (p.op === 'Constant') {
      const v = p.attrs.get('value');
      if (v && typeof v === 'object' && !Array.isArray(v)) return { dims: v.dims, data: tensorFloats(v) };
      const f = p.attrs.get('value_float') ?? p.attrs.get('value_int');
      if (typeof f === 'number') return { dims: [], data: Float32Array.of(f) };
      const fs = p.attrs.get('value_floats') ?? p.attrs.get('value_ints');
      return Array.isArray(fs) ? { dims: [fs.length], data: Float32Array.from(fs) } : null;
    }
    if (p.op === 'Cast' || p.op === 'Identity') return this.constant(p.inputs[0]);
    if (p.op === 'DequantizeLinear') return this.dequantize(p);
    return null;
  }

  private dequantize(p: OnnxNode): FloatConst | null {
    const x = this.constant(p.inputs[0]), scale = this.constant(p.inputs[1]);
    const zp = p.inputs[2] ? this.constant(p.inputs[2]) : null;
    if (!x || !scale) return null;
    const out = new Float32Array(x.data.length);
    if (scale.data.length === 1) {
      const s = scale.data[0], z = zp?.data[0] ?? 0;
      for (let i = 0; i < out.length; i++) out[i] = (x.data[i] - z) * s;
      return { dims: x.dims, data: out };
    }
    // per-axis: scale (and zero point) along `axis`
    const rank = x.dims.length;
    const axis = (((p.attrs.get('axis') as number | undefined) ?? 1) + rank) % rank;
    const inner = x.dims.slice(axis + 1).reduce((a, b) => a * b, 1), len = x.dims[axis];
    for (let i = 0; i < out.length; i++) {
      const c = Math.floor(i / inner) % len;
      out[i] = (x.data[i] - (zp?.data[c] ?? 0)) * scale.data[c];
    }
    return { dims: x.dims, data: out };
  }
}
