import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeF16, dotScores, dotScoresF16, dotScoresInt8, encodeF16, f16ToF32, f32ToF16, quantizeInt8, scoreDocs, sigmoid,
} from './score';
import { rankOrder, topK } from './topk';

function naiveDots(q: Float32Array, docs: Float32Array, dim: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < docs.length / dim; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += q[j] * docs[i * dim + j];
    out.push(s);
  }
  return out;
}

describe('sigmoid', () => {
  it('is stable at the extremes', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
  });
});

describe('dot products', () => {
  it('matches a hand-computed 2×3 case', () => {
    const q = new Float32Array([1, 2, 3]);
    const docs = new Float32Array([1, 0, 0, 0.5, 0.5, -1]);
    expect(Array.from(dotScores(q, docs, 3))).toEqual([1, -1.5]);
  });
  it('matches the naive loop for dims not divisible by 4', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 0, max: 6 }), fc.integer(), (dim, n, seed) => {
      let s = seed;
      const r = (): number => ((s = (s * 1103515245 + 12345) | 0) % 1000) / 1000;
      const q = Float32Array.from({ length: dim }, r);
      const docs = Float32Array.from({ length: n * dim }, r);
      const got = dotScores(q, docs, dim);
      naiveDots(q, docs, dim).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
    }));
  });
  it('rejects shape mismatches with a clear message', () => {
    expect(() => dotScores(new Float32Array(3), new Float32Array(7), 3)).toThrow(/multiple of dim/);
    expect(() => dotScores(new Float32Array(2), new Float32Array(6), 3)).toThrow(/2 dims/);
  });
  it('empty doc set gives empty scores', () => {
    expect(dotScores(new Float32Array(4), new Float32Array(0), 4).length).toBe(0);
  });
  it('fp16 and int8 storage agree with fp32 within quantisation error', () => {
    const dim = 8;
    const q = Float32Array.from({ length: dim }, (_, i) => Math.sin(i + 1));
    const docs = Float32Array.from({ length: 5 * dim }, (_, i) => Math.cos(i * 0.7) * 0.5);
    const ref = dotScores(q, docs, dim);
    const f16 = dotScoresF16(q, encodeF16(docs), dim);
    const { codes, scales } = quantizeInt8(docs, dim);
    const i8 = dotScoresInt8(q, codes, dim, scales);
    for (let i = 0; i < 5; i++) {
      expect(f16[i]).toBeCloseTo(ref[i], 2);
      expect(Math.abs(i8[i] - ref[i])).toBeLessThan(0.03);
    }
    const s = scoreDocs(q, { kind: 'f32', data: docs, dim });
    expect(s[0]).toBeCloseTo(sigmoid(ref[0]), 6);
  });
  it('int8 with a single global scale', () => {
    const got = dotScoresInt8(new Float32Array([1, 2]), new Int8Array([10, -5, 1, 1]), 2, 0.5);
    expect(Array.from(got)).toEqual([0, 1.5]);
  });
});

describe('fp16 codec', () => {
  it('encodes known values', () => {
    expect(f32ToF16(1)).toBe(0x3c00);
    expect(f32ToF16(-2)).toBe(0xc000);
    expect(f32ToF16(65504)).toBe(0x7bff);
    expect(f32ToF16(65520)).toBe(0x7c00); // rounds up to Inf
    expect(f32ToF16(2 ** -24)).toBe(1); // smallest subnormal
    expect(f32ToF16(2 ** -26)).toBe(0); // underflow
    expect(f32ToF16(0.1)).toBe(0x2e66);
    expect(f32ToF16(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(f32ToF16(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(Number.isNaN(f16ToF32(f32ToF16(NaN)))).toBe(true);
  });
  it('round-trips every finite half exactly', () => {
    for (let h = 0; h < 65536; h++) {
      const v = f16ToF32(h);
      if (Number.isNaN(v)) continue;
      expect(f32ToF16(v)).toBe(h);
    }
    const bits = Uint16Array.from([0x3c00, 0x8001, 0x7bff]);
    expect(Array.from(encodeF16(decodeF16(bits)))).toEqual(Array.from(bits));
  });
});

describe('topK', () => {
  it('breaks ties by lower index', () => {
    expect(Array.from(topK([1, 3, 3, 2, 3], 3))).toEqual([1, 2, 4]);
    expect(Array.from(topK([5, 5, 5], 2))).toEqual([0, 1]);
  });
  it('handles k ≤ 0, k > n, empty input and NaN', () => {
    expect(topK([1, 2], 0).length).toBe(0);
    expect(topK([], 3).length).toBe(0);
    expect(Array.from(topK([1, 2], 10))).toEqual([1, 0]);
    expect(Array.from(topK([NaN, -Infinity, 0], 3))).toEqual([2, 1, 0]);
  });
  it('equals the first k of a stable full sort', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 }), fc.integer({ min: 0, max: 70 }), (xs, k) => {
      const want = xs.map((s, i) => [s, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map((p) => p[1]);
      expect(Array.from(topK(xs, k))).toEqual(want);
      expect(Array.from(rankOrder(xs)).slice(0, k)).toEqual(want);
    }));
  });
});
