// Reading a tower's weights out of its ONNX graph: the shapes of the shipped
// towers (fp32, int8 + DequantizeLinear, fp16), the same numbers across the
// three files of one model, and a clear refusal for graphs of another shape.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOnnxModel } from '../../core/onnxProto';
import { OnnxGraph } from '../../core/onnxRead';
import { planTower } from '../../core/towerPlan';

const read = (id: string) => new Uint8Array(readFileSync(`models/${id}/onnx/model.onnx`));
const have = existsSync('models/student_a/onnx/model.onnx');

describe.runIf(have)('planTower on the shipped towers', () => {
  it('student_a: 4 layers, hidden 64, 4 heads of 16, FFN 256, 4 pooling heads → 256-d', () => {
    const p = planTower(read('student_a'));
    expect([p.layers.length, p.hidden, p.heads, p.headDim, p.ffn, p.poolHeads, p.dim]).toEqual([4, 64, 4, 16, 256, 4, 256]);
    expect(p.word.length).toBe(p.vocab * 64);
    expect(p.layers[0].wqkv.length).toBe(64 * 192);
    expect(p.layers[0].ln1eps).toBeCloseTo(1e-12, 15);
    expect(p.layers[0].geluRoot2).toBeCloseTo(Math.SQRT2, 6);
  });

  it('teacher: 12 layers', () => {
    expect(planTower(read('teacher')).layers.length).toBe(12);
  });

  it('the int8 file dequantizes to within one step of the fp32 weights it came from', () => {
    const [a, q] = [planTower(read('student_a')), planTower(read('cmp_tower_int8'))];
    // cmp_tower_* are compressions of one student (models/manifest.json); find it by its biases (kept fp32)
    const base = ['student_a', 'student_b', 'student_c', 'student_d', 'student_e'].map((id) => planTower(read(id)))
      .find((p) => p.layers[0].bqkv.every((v, i) => v === q.layers[0].bqkv[i]));
    expect(base).toBeDefined();
    const w = base!.layers[1].w1, wq = q.layers[1].w1;
    let worst = 0, range = 0;
    for (let i = 0; i < w.length; i++) { worst = Math.max(worst, Math.abs(w[i] - wq[i])); range = Math.max(range, Math.abs(w[i])); }
    expect(worst).toBeGreaterThan(0); // really quantized
    expect(worst).toBeLessThanOrEqual(range / 127 + 1e-7); // ≤ half a step per-tensor, a whole step at most per-axis
    expect(a.dim).toBe(q.dim);
  });

  it('the fp16 file widens to its student\'s weights within half precision (2^-11 relative)', () => {
    const w16 = planTower(read('cmp_tower_fp16')).layers[2].w2;
    const rel = ['student_a', 'student_b', 'student_c', 'student_d', 'student_e'].map((id) => {
      const w = planTower(read(id)).layers[2].w2;
      let worst = 0;
      for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i] - w16[i]) / Math.max(Math.abs(w[i]), 6.1e-5));
      return worst;
    });
    expect(Math.min(...rel)).toBeGreaterThan(0);
    expect(Math.min(...rel)).toBeLessThanOrEqual(2 ** -11);
  });
});

describe('planTower refusals', () => {
  it('a graph of another shape: says which node is missing', () => {
    const g = buildOnnxModel({
      name: 'toy', nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
      inputs: [{ name: 'x', type: 'float', shape: [1] }], outputs: [{ name: 'y', type: 'float', shape: [1] }],
    });
    expect(() => planTower(g)).toThrow(/attention pooling only|no node/);
  });

  it('OnnxGraph resolves a Cast of a float16 initializer to float32', () => {
    const half = Uint16Array.of(0x3c00, 0xc000); // 1, -2
    const g = new OnnxGraph(buildOnnxModel({
      name: 't', nodes: [{ op: 'Cast', inputs: ['w16'], outputs: ['w'], attrs: { to: 1 } }],
      inputs: [], outputs: [{ name: 'w', type: 'float', shape: [2] }],
      initializers: [{ name: 'w16', dims: [2], data: half }],
    }));
    expect(Array.from(g.constant('w')!.data)).toEqual([1, -2]);
    expect(g.constant('nothing')).toBeNull();
  });
});
