/**
 * The protobuf wire format, just enough to read and rewrite an ONNX model
 * without a protobuf library: a message is a flat list of fields, and a
 * length-delimited field keeps its bytes as a view into the input (nothing is
 * copied until the message is serialised again).
 *
 * Refuses: groups (wire types 3/4, unused by ONNX).
 */

export interface Field {
  no: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 */
  wire: number;
  data: Uint8Array | bigint;
}

function readVarint(b: Uint8Array, pos: number): [bigint, number] {
  let x = 0n, shift = 0n;
  for (;;) {
    if (pos >= b.length) throw new Error('protobuf: truncated varint');
    const byte = b[pos++];
    x |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [x, pos];
    shift += 7n;
  }
}

export function parseFields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < b.length) {
    const [k, p1] = readVarint(b, pos);
    pos = p1;
    const no = Number(k >> 3n), wire = Number(k & 7n);
    if (wire === 0) {
      const [v, p2] = readVarint(b, pos);
      out.push({ no, wire, data: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(b, pos);
      const end = p2 + Number(len);
      if (end > b.length) throw new Error('protobuf: truncated field');
      out.push({ no, wire, data: b.subarray(p2, end) });
      pos = end;
    } else if (wire === 5 || wire === 1) {
      const n = wire === 5 ? 4 : 8;
      out.push({ no, wire, data: b.subarray(pos, pos + n) });
      pos += n;
    } else {
      throw new Error(`protobuf: unsupported wire type ${wire}`);
    }
  }
  return out;
}

function varintBytes(v: bigint): number[] {
  const o: number[] = [];
  let x = BigInt.asUintN(64, v);
  while (x >= 0x80n) { o.push(Number(x & 0x7fn) | 0x80); x >>= 7n; }
  o.push(Number(x));
  return o;
}

export function serializeFields(fields: readonly Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let len = 0;
  const push = (u: Uint8Array) => { parts.push(u); len += u.length; };
  for (const f of fields) {
    push(Uint8Array.from(varintBytes(BigInt((f.no << 3) | f.wire))));
    if (f.wire === 0) push(Uint8Array.from(varintBytes(f.data as bigint)));
    else if (f.wire === 2) { push(Uint8Array.from(varintBytes(BigInt((f.data as Uint8Array).length)))); push(f.data as Uint8Array); }
    else push(f.data as Uint8Array);
  }
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Every varint of a repeated scalar field, packed (wire 2) or not (wire 0). */
export function varints(fields: readonly Field[], no: number): bigint[] {
  const out: bigint[] = [];
  for (const f of fields) {
    if (f.no !== no) continue;
    if (f.wire === 0) out.push(f.data as bigint);
    else if (f.wire === 2) {
      const b = f.data as Uint8Array;
      for (let pos = 0; pos < b.length;) { const [v, p] = readVarint(b, pos); out.push(v); pos = p; }
    }
  }
  return out;
}

export const text = (u: Uint8Array): string => new TextDecoder().decode(u);
export const bytesField = (no: number, data: Uint8Array): Field => ({ no, wire: 2, data });
export const stringField = (no: number, s: string): Field => bytesField(no, new TextEncoder().encode(s));
export const messageField = (no: number, fields: readonly Field[]): Field => bytesField(no, serializeFields(fields));
export const varintField = (no: number, v: number | bigint): Field => ({ no, wire: 0, data: BigInt(v) });

/** The first field `no` as a string (names, op types), or ''. */
export function stringOf(fields: readonly Field[], no: number): string {
  const f = fields.find((x) => x.no === no && x.wire === 2);
  return f ? text(f.data as Uint8Array) : '';
}
