// The fp16 → fp32 rewrite on graphs built in code: every float16 place
// (initializer, Constant tensor, Cast target, value type) becomes float32,
// the weights are widened exactly, and a graph without float16 is left alone.
import { describe, expect, it } from 'vitest';
import { buildOnnxModel, scoringGraph, type Graph } from './onnxProto';
import { upcastFp16 } from './onnxFp16';
import { messageField, parseFields, serializeFields, stringOf, varintField, stringField, type Field } from './onnxWire';
import { decodeF16, encodeF16 } from './score';

const W = encodeF16([0.1, -2.5, 3.14159, 65504, 1e-5, -0]); // [2, 3] fp16 bits

/** y = Cast(Cast(x → fp16) · W + c → float); W an fp16 initializer, c an fp16 Constant. */
function fp16Graph(): Graph {
  return {
    name: 'fp16_toy',
    nodes: [
      { op: 'Cast', inputs: ['x'], outputs: ['xh'], attrs: { to: 10 } },
      { op: 'MatMul', inputs: ['xh', 'W'], outputs: ['mh'] },
      { op: 'Constant', inputs: [], outputs: ['c'], attrs: { value: { tensor: { name: 'c', dims: [], data: encodeF16([0.5]) } } } },
      { op: 'Add', inputs: ['mh', 'c'], outputs: ['yh'] },
      { op: 'Cast', inputs: ['yh'], outputs: ['y'], attrs: { to: 1 } },
    ],
    inputs: [{ name: 'x', type: 'float', shape: ['b', 2] }],
    outputs: [{ name: 'y', type: 'float', shape: ['b', 3] }],
    initializers: [{ name: 'W', dims: [2, 3], data: W }],
  };
}

const sub = (f: Field) => parseFields(f.data as Uint8Array);
const graphOf = (model: Uint8Array) => sub(parseFields(model).find((f) => f.no === 7)!);
const dataType = (tensor: Field[]) => Number(tensor.find((f) => f.no === 2)!.data);
const rawFloats = (tensor: Field[]) => {
  const b = tensor.find((f) => f.no === 9)!.data as Uint8Array;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.length / 4 }, (_, i) => v.getFloat32(4 * i, true));
};

describe('upcastFp16', () => {
  it('widens initializers and Constant tensors exactly and retargets fp16 Casts', () => {
    const out = upcastFp16(buildOnnxModel(fp16Graph()))!;
    expect(out).not.toBeNull();
    const g = graphOf(out);
    const init = sub(g.find((f) => f.no === 5)!);
    expect(dataType(init)).toBe(1);
    expect(rawFloats(init)).toEqual(Array.from(decodeF16(W)));
    const nodes = g.filter((f) => f.no === 1).map(sub);
    const attrOf = (n: Field[]) => sub(n.find((f) => f.no === 5)!);
    const casts = nodes.filter((n) => stringOf(n, 4) === 'Cast').map((n) => Number(attrOf(n).find((f) => f.no === 3)!.data));
    expect(casts).toEqual([1, 1]);
    const constant = sub(attrOf(nodes.find((n) => stringOf(n, 4) === 'Constant')!).find((f) => f.no === 5)!);
    expect(dataType(constant)).toBe(1);
    expect(rawFloats(constant)).toEqual([0.5]);
  });

  it('turns fp16 inputs and outputs into float ones', () => {
    const g = fp16Graph();
    g.nodes = [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }];
    g.inputs[0].type = 'float16';
    g.outputs[0].type = 'float16';
    g.initializers = [];
    const out = graphOf(upcastFp16(buildOnnxModel(g))!);
    const elem = (vi: Field) => {
      const tensorType = sub(sub(sub(vi).find((f) => f.no === 2)!).find((f) => f.no === 1)!);
      return Number(tensorType.find((f) => f.no === 1)!.data);
    };
    expect(out.filter((f) => f.no === 11 || f.no === 12).map(elem)).toEqual([1, 1]);
  });

  it('reads fp16 stored as int32_data', () => {
    const tensor = [varintField(1, 2), varintField(2, 10), stringField(8, 'W'), varintField(5, W[0]), varintField(5, W[1])];
    const model = serializeFields([varintField(1, 8), messageField(7, [messageField(5, tensor)])]);
    const init = sub(graphOf(upcastFp16(model)!).find((f) => f.no === 5)!);
    expect(dataType(init)).toBe(1);
    expect(rawFloats(init)).toEqual(Array.from(decodeF16(W.subarray(0, 2))));
    expect(init.some((f) => f.no === 5)).toBe(false);
  });

  it('leaves a float32 model alone and refuses external fp16 data', () => {
    expect(upcastFp16(scoringGraph(8))).toBeNull();
    const ext = [varintField(1, 2), varintField(2, 10), stringField(8, 'W'), messageField(13, [stringField(1, 'location'), stringField(2, 'w.bin')]), varintField(14, 1)];
    const model = serializeFields([messageField(7, [messageField(5, ext)])]);
    expect(() => upcastFp16(model)).toThrow(/external data/);
  });
});
