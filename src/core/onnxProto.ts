/**
 * A minimal ONNX (protobuf) writer: enough to build small graphs in code —
 * the brute-force scoring graph q·Dᵀ that runs on the GPU, and toy towers
 * for tests. Pure bytes; no protobuf library.
 *
 * Refuses: anything but float32/float16/int32/int64 tensors and int/float/ints/tensor attributes.
 */

/**
 * A protobuf writer that keeps big payloads (initializer data) as chunks
 * instead of copying them into a number[]: a 1M×128 doc matrix stays one
 * Uint8Array view until the final concat.
 */
class Bytes {
  parts: (number[] | Uint8Array)[] = [];
  len = 0;
  private small: number[] = [];
  push(b: number): void {
    this.small.push(b);
    this.len++;
  }
  chunk(u8: Uint8Array): void {
    this.flush();
    this.parts.push(u8);
    this.len += u8.length;
  }
  append(child: Bytes): void {
    child.flush();
    this.flush();
    this.parts.push(...child.parts);
    this.len += child.len;
  }
  flush(): void {
    if (this.small.length) {
      this.parts.push(this.small);
      this.small = [];
    }
  }
  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.len);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

function varint(out: Bytes, v: number | bigint): void {
  let x = BigInt.asUintN(64, BigInt(v));
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}
function key(out: Bytes, field: number, wire: number): void {
  varint(out, (field << 3) | wire);
}
function fieldVarint(out: Bytes, field: number, v: number | bigint): void {
  key(out, field, 0);
  varint(out, v);
}
function fieldMessage(out: Bytes, field: number, msg: Bytes): void {
  key(out, field, 2);
  varint(out, msg.len);
  out.append(msg);
}
function fieldBytes(out: Bytes, field: number, bytes: Uint8Array): void {
  key(out, field, 2);
  varint(out, bytes.length);
  out.chunk(bytes);
}
function fieldString(out: Bytes, field: number, s: string): void {
  fieldBytes(out, field, new TextEncoder().encode(s));
}
function fieldFloat(out: Bytes, field: number, f: number): void {
  key(out, field, 5);
  for (const x of new Uint8Array(new Float32Array([f]).buffer)) out.push(x);
}

export const ElemType = { float: 1, int32: 6, int64: 7, float16: 10 } as const;
export type ElemTypeName = keyof typeof ElemType;

export interface ValueInfo {
  name: string;
  type: ElemTypeName;
  /** number = fixed size, string = symbolic dim. */
  shape: (number | string)[];
}
export interface Initializer {
  name: string;
  dims: number[];
  /** Uint16Array: float16 bits */
  data: Float32Array | Int32Array | BigInt64Array | Uint16Array;
}
export type AttrValue = number | number[] | { float: number } | { tensor: Initializer };
export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
}
export interface Graph {
  name: string;
  nodes: Node[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers?: Initializer[];
  opset?: number;
}

function valueInfo(v: ValueInfo): Bytes {
  const dims = new Bytes();
  for (const d of v.shape) {
    const dim = new Bytes();
    if (typeof d === 'number') fieldVarint(dim, 1, d);
    else fieldString(dim, 2, d);
    fieldMessage(dims, 1, dim);
  }
  const tensor = new Bytes();
  fieldVarint(tensor, 1, ElemType[v.type]);
  fieldMessage(tensor, 2, dims);
  const type = new Bytes();
  fieldMessage(type, 1, tensor);
  const out = new Bytes();
  fieldString(out, 1, v.name);
  fieldMessage(out, 2, type);
  return out;
}

function tensor(t: Initializer): Bytes {
  const out = new Bytes();
  for (const d of t.dims) fieldVarint(out, 1, d);
  const d = t.data;
  const type = d instanceof Float32Array ? ElemType.float : d instanceof Int32Array ? ElemType.int32 : d instanceof Uint16Array ? ElemType.float16 : ElemType.int64;
  fieldVarint(out, 2, type);
  fieldString(out, 8, t.name);
  fieldBytes(out, 9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return out;
}

function attribute(name: string, v: AttrValue): Bytes {
  const out = new Bytes();
  fieldString(out, 1, name);
  if (typeof v === 'number') {
    fieldVarint(out, 3, v);
    fieldVarint(out, 20, 2);
  } else if (Array.isArray(v)) {
    for (const x of v) fieldVarint(out, 8, x);
    fieldVarint(out, 20, 7);
  } else if ('tensor' in v) {
    fieldMessage(out, 5, tensor(v.tensor));
    fieldVarint(out, 20, 4);
  } else {
    fieldFloat(out, 2, v.float);
    fieldVarint(out, 20, 1);
  }
  return out;
}

/** Serialises a graph as an ONNX ModelProto (IR 8, default-domain opset `opset` ?? 17). */
export function buildOnnxModel(g: Graph): Uint8Array {
  const graph = new Bytes();
  g.nodes.forEach((n, i) => {
    const node = new Bytes();
    for (const x of n.inputs) fieldString(node, 1, x);
    for (const x of n.outputs) fieldString(node, 2, x);
    fieldString(node, 3, `${n.op}_${i}`);
    fieldString(node, 4, n.op);
    for (const [k, v] of Object.entries(n.attrs ?? {})) fieldMessage(node, 5, attribute(k, v));
    fieldMessage(graph, 1, node);
  });
  fieldString(graph, 2, g.name);
  for (const t of g.initializers ?? []) fieldMessage(graph, 5, tensor(t));
  for (const v of g.inputs) fieldMessage(graph, 11, valueInfo(v));
  for (const v of g.outputs) fieldMessage(graph, 12, valueInfo(v));
  const model = new Bytes();
  fieldVarint(model, 1, 8);
  fieldString(model, 2, 'prerank-lab');
  fieldMessage(model, 7, graph);
  const opset = new Bytes();
  fieldString(opset, 1, '');
  fieldVarint(opset, 2, g.opset ?? 17);
  fieldMessage(model, 8, opset);
  return model.finish();
}

/**
 * The brute-force scoring graph: dots[N, 1] = docs[N, D] · q[D, 1]. The doc
 * matrix is an input, not an initializer, so the caller uploads it once and
 * feeds the same tensor every run (on WebGPU: a GPU buffer that stays
 * resident); q is the query vector viewed as a column. Sigmoid is applied to
 * the top-K only (ordering by the raw dot keeps saturated scores apart).
 */
export function scoringGraph(dim: number): Uint8Array {
  return buildOnnxModel({
    name: 'brute_force_scores',
    nodes: [{ op: 'MatMul', inputs: ['docs', 'q'], outputs: ['dots'] }],
    inputs: [
      { name: 'docs', type: 'float', shape: ['n', dim] },
      { name: 'q', type: 'float', shape: [dim, 1] },
    ],
    outputs: [{ name: 'dots', type: 'float', shape: ['n', 1] }],
  });
}
