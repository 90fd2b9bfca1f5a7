/**
 * Rewrites an ONNX model that holds float16 (weights, constants, casts, value
 * types) into the same graph in float32, for runtimes without fp16 kernels:
 * ORT's WASM EP runs an fp16 graph by wrapping every fp16 node in Casts (the
 * fp16 tower ran 2.5× slower than native there, issue #6). Widening is exact
 * (every half is a float), so only the compute precision changes: the graph
 * computes in float32 what it computed in float16.
 *
 * Returns null when the model holds no float16 (nothing to do). Refuses
 * (throws) external data and model-local functions; callers then keep the
 * original bytes.
 */
import { parseFields, serializeFields, stringOf, varints, type Field } from './onnxWire';
import { decodeF16 } from './score';

const FLOAT = 1n, FLOAT16 = 10n;

/** Applies `fn` to each field; the new message, or null when no field changed. */
function rewrite(msg: Uint8Array, fn: (f: Field, all: Field[]) => Uint8Array | bigint | null): Uint8Array | null {
  const fields = parseFields(msg);
  let changed = false;
  const out = fields.map((f) => {
    const v = fn(f, fields);
    if (v === null) return f;
    changed = true;
    return { ...f, data: v };
  });
  return changed ? serializeFields(out) : null;
}

const sub = (f: Field): Uint8Array => f.data as Uint8Array;

/** TensorProto: data_type 10 → 1, its halves widened into raw_data. */
function tensor(t: Uint8Array): Uint8Array | null {
  const f = parseFields(t);
  if (!f.some((x) => x.no === 2 && x.wire === 0 && x.data === FLOAT16)) return null;
  if (f.some((x) => x.no === 13 || (x.no === 14 && x.data === 1n))) throw new Error('fp16 tensor with external data');
  const raw = f.find((x) => x.no === 9);
  let halves: Uint16Array;
  if (raw) {
    const b = sub(raw);
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    halves = new Uint16Array(b.length >> 1);
    for (let i = 0; i < halves.length; i++) halves[i] = view.getUint16(2 * i, true);
  } else {
    halves = Uint16Array.from(varints(f, 5), Number); // int32_data: one half per element
  }
  const floats = decodeF16(halves);
  const le = new Uint8Array(floats.length * 4);
  const out = new DataView(le.buffer);
  for (let i = 0; i < floats.length; i++) out.setFloat32(4 * i, floats[i], true); // ONNX raw_data is little-endian
  const kept = f.filter((x) => x.no !== 5 && x.no !== 9).map((x) => (x.no === 2 && x.wire === 0 ? { ...x, data: FLOAT } : x));
  return serializeFields([...kept, { no: 9, wire: 2, data: le }]);
}

/** SparseTensorProto: its values tensor. */
const sparse = (s: Uint8Array) => rewrite(s, (f) => (f.no === 1 ? tensor(sub(f)) : null));

/** TypeProto (tensor, sparse tensor, sequence, map, optional). */
function type(t: Uint8Array): Uint8Array | null {
  return rewrite(t, (f) => {
    if (f.no === 1 || f.no === 8) return rewrite(sub(f), (e) => (e.no === 1 && e.data === FLOAT16 ? FLOAT : null)); // elem_type
    if (f.no === 4 || f.no === 9) return rewrite(sub(f), (e) => (e.no === 1 ? type(sub(e)) : null)); // sequence / optional
    if (f.no === 5) return rewrite(sub(f), (e) => (e.no === 2 ? type(sub(e)) : null)); // map value
    return null;
  });
}

const valueInfo = (v: Uint8Array) => rewrite(v, (f) => (f.no === 2 ? type(sub(f)) : null));

function attribute(a: Uint8Array, op: string): Uint8Array | null {
  return rewrite(a, (f, all) => {
    if (f.no === 3 && f.wire === 0 && f.data === FLOAT16) {
      const name = stringOf(all, 1);
      return (name === 'to' && op === 'Cast') || name === 'dtype' ? FLOAT : null; // an element type, not a number
    }
    if (f.no === 5 || f.no === 10) return tensor(sub(f));
    if (f.no === 6 || f.no === 11) return graph(sub(f));
    if (f.no === 22 || f.no === 23) return sparse(sub(f));
    if (f.no === 14 || f.no === 15) return type(sub(f));
    return null;
  });
}

function node(n: Uint8Array): Uint8Array | null {
  return rewrite(n, (f, all) => (f.no === 5 ? attribute(sub(f), stringOf(all, 4)) : null));
}

function graph(g: Uint8Array): Uint8Array | null {
  return rewrite(g, (f) => {
    if (f.no === 1) return node(sub(f));
    if (f.no === 5) return tensor(sub(f));
    if (f.no === 15) return sparse(sub(f));
    if (f.no === 11 || f.no === 12 || f.no === 13) return valueInfo(sub(f));
    return null;
  });
}

/** The model in float32, or null when it holds no float16. */
export function upcastFp16(model: Uint8Array): Uint8Array | null {
  const fields = parseFields(model);
  const g = fields.find((f) => f.no === 7);
  const widened = g ? graph(sub(g)) : null;
  if (!widened) return null;
  if (fields.some((f) => f.no === 25)) throw new Error('model-local functions are not rewritten');
  return serializeFields(fields.map((f) => (f === g ? { ...f, data: widened } : f)));
}
