// Makes a transformers.js-compatible copy of one of our tower graphs, for the
// bench only: transformers.js feeds int64 `input_ids`/`attention_mask` and
// reads `last_hidden_state`, our graphs take int32 and output `embedding`.
// The adapter changes the graph inputs to int64, casts them to int32 in two
// prepended Cast nodes, and adds `last_hidden_state` = Identity(embedding)
// ([batch, hidden]; the pipeline then runs with pooling 'none'). Weights and
// every other node are byte-for-byte the original's.
// Works on the protobuf wire format directly (src/core/onnxWire.ts; no ONNX library in Node here).

import { messageField as msg, parseFields as parse, serializeFields as serialize, stringField, text, type Field } from '../src/core/onnxWire';

const s = stringField;

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
