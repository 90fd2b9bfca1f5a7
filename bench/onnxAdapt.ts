// Makes a transformers.js-compatible copy of one of our tower graphs, for the
// bench only: transformers.js feeds int64 `input_ids`/`attention_mask` and
// reads `last_hidden_state`, our graphs take int32 and output `embedding`.
// The adapter changes the graph inputs to int64, casts them to int32 in two
// prepended Cast nodes, and adds `last_hidden_state` = Identity(embedding)
// ([batch, hidden]; the pipeline then runs with pooling 'none'). Weights and
// every other node are byte-for-byte the original's.
// Works on the protobuf wire format directly (no ONNX library in Node here).

type Field = { no: number; wire: number; data: Uint8Array | bigint };

function readVarint(b: Uint8Array, pos: number): [bigint, number] {
  let x = 0n, shift = 0n;
  for (;;) {
    const byte = b[pos++];
    x |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [x, pos];
    shift += 7n;
  }
}

function parse(b: Uint8Array): Field[] {
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
      out.push({ no, wire, data: b.subarray(p2, p2 + Number(len)) });
      pos = p2 + Number(len);
    } else if (wire === 5 || wire === 1) {
      const n = wire === 5 ? 4 : 8;
      out.push({ no, wire, data: b.subarray(pos, pos + n) });
      pos += n;
    } else throw new Error(`onnxAdapt: unsupported wire type ${wire}`);
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

function serialize(fields: Field[]): Uint8Array {
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

const str = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (u: Uint8Array): string => new TextDecoder().decode(u);
const msg = (no: number, fields: Field[]): Field => ({ no, wire: 2, data: serialize(fields) });
const s = (no: number, v: string): Field => ({ no, wire: 2, data: str(v) });

/** Sets elem_type of a ValueInfoProto (type.tensor_type.elem_type). */
function withElemType(vi: Uint8Array, elem: number): Uint8Array {
  return serialize(parse(vi).map((f) => {
    if (f.no !== 2) return f; // type
    return msg(2, parse(f.data as Uint8Array).map((t) => (t.no !== 1 ? t : msg(1, parse(t.data as Uint8Array).map((e) => (e.no === 1 ? { ...e, data: BigInt(elem) } : e))))));
  }));
}

function renamed(vi: Uint8Array, name: string): Uint8Array {
  return serialize(parse(vi).map((f) => (f.no === 1 ? s(1, name) : f)));
}

export function adaptForTransformersJs(model: Uint8Array): Uint8Array {
  const top = parse(model);
  const gi = top.findIndex((f) => f.no === 7);
  const graph = parse(top[gi].data as Uint8Array);
  const intInputs = new Set<string>();
  const casts: Field[] = [];
  let embeddingOut: Uint8Array | null = null;
  const newGraph: Field[] = [];
  for (const f of graph) {
    if (f.no === 11) { // input
      const name = text(parse(f.data as Uint8Array).find((x) => x.no === 1)!.data as Uint8Array);
      if (['input_ids', 'attention_mask', 'token_type_ids'].includes(name)) {
        intInputs.add(name);
        casts.push(msg(1, [s(1, name), s(2, `${name}__i32`), s(3, `cast_${name}`), s(4, 'Cast'),
          msg(5, [s(1, 'to'), { no: 3, wire: 0, data: 6n }, { no: 20, wire: 0, data: 2n }])]));
        newGraph.push({ ...f, data: withElemType(f.data as Uint8Array, 7) });
        continue;
      }
    }
    if (f.no === 12) {
      const name = text(parse(f.data as Uint8Array).find((x) => x.no === 1)!.data as Uint8Array);
      if (name === 'embedding') embeddingOut = f.data as Uint8Array;
    }
    newGraph.push(f);
  }
  const rewritten = newGraph.map((f) => {
    if (f.no !== 1) return f; // node: rename uses of the int inputs
    return msg(1, parse(f.data as Uint8Array).map((x) => (x.no === 1 && intInputs.has(text(x.data as Uint8Array)) ? s(1, `${text(x.data as Uint8Array)}__i32`) : x)));
  });
  const extra: Field[] = [];
  if (embeddingOut) {
    extra.push(msg(1, [s(1, 'embedding'), s(2, 'last_hidden_state'), s(3, 'tjs_output'), s(4, 'Identity')]));
    rewritten.push({ no: 12, wire: 2, data: renamed(embeddingOut, 'last_hidden_state') });
  }
  const g = [...casts, ...extra, ...rewritten];
  return serialize(top.map((f, i) => (i === gi ? msg(7, g) : f)));
}
