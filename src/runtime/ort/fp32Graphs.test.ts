// withFp32Graphs (the WASM build's ORT): an fp16 model is created as its
// float32 rewrite, so it computes in float32; anything else reaches ORT as given.
import { describe, expect, it } from 'vitest';
import { buildOnnxModel, scoringGraph } from '../../core/onnxProto';
import { decodeF16, encodeF16 } from '../../core/score';
import { nodeOrt } from './node';
import { withFp32Graphs, type OrtApi } from './ort';

const W = [0.1, -2.5, 3.14159, 1.7, 0.001, -0.3]; // [2, 3]

/** y = x · W, all float16 (inputs, weights, output). */
const fp16Model = () => buildOnnxModel({
  name: 'fp16_toy',
  nodes: [{ op: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }],
  inputs: [{ name: 'x', type: 'float16', shape: [1, 2] }],
  outputs: [{ name: 'y', type: 'float16', shape: [1, 3] }],
  initializers: [{ name: 'W', dims: [2, 3], data: encodeF16(W) }],
});

async function run(ort: OrtApi, model: Uint8Array, x: number[]): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(model);
  try {
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.from(x), [1, 2]) });
    return out.y.data as Float32Array;
  } finally {
    await s.release();
  }
}

describe('withFp32Graphs', () => {
  it('runs an fp16 model as float32 with the file\'s weights (the plain build wants fp16 tensors)', async () => {
    const x = [0.33331, 0.77771];
    const w = decodeF16(encodeF16(W)); // the weights as the file holds them
    const exact = [0, 1, 2].map((j) => Math.fround(x[0]) * w[j] + Math.fround(x[1]) * w[3 + j]);
    const wide = await run(withFp32Graphs(nodeOrt), fp16Model(), x);
    expect(wide).toBeInstanceOf(Float32Array);
    exact.forEach((e, j) => expect(Math.abs(wide[j] - e)).toBeLessThan(1e-6));
    await expect(run(nodeOrt, fp16Model(), x)).rejects.toThrow(/type/i);
  });

  it('hands ORT the float32 rewrite, and other models (or a refused one) as given', async () => {
    const seen: unknown[] = [];
    const fake = { Tensor: nodeOrt.Tensor, InferenceSession: { create: async (m: unknown) => { seen.push(m); return {}; } } } as unknown as OrtApi;
    const ort = withFp32Graphs(fake);
    const fp32 = scoringGraph(4);
    const broken = new Uint8Array([0x3a, 0x05, 0x2a, 0x03, 0x08, 0x02, 0x10]); // a graph field cut short: the rewrite refuses it
    await ort.InferenceSession.create(fp16Model());
    await ort.InferenceSession.create(fp32);
    await ort.InferenceSession.create(broken);
    expect(seen[0]).not.toEqual(fp16Model());
    expect((seen[0] as Uint8Array).length).toBeGreaterThan(fp16Model().length);
    expect(seen[1]).toBe(fp32);
    expect(seen[2]).toBe(broken);
  });
});
