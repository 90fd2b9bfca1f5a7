import { describe, expect, it } from 'vitest';
import { attentionFromOutput, crop, headMap, matMul, matrix, meanOverHeads, rollout, visibleTokens, type AttentionStack } from './attention';
import { cosine, jsDivergence, layerMapping, layerSimilarities, mapSimilarity } from './attentionCompare';

/** A [layers, heads, seq, seq] stack from nested arrays. */
function stack(maps: number[][][][]): AttentionStack {
  const layers = maps.length, heads = maps[0].length, seq = maps[0][0].length;
  return { layers, heads, seq, data: Float32Array.from(maps.flat(3)) };
}

const A = [[0.5, 0.5], [0.2, 0.8]];
const B = [[1, 0], [0.4, 0.6]];

describe('attention maps', () => {
  it('reads one row of a [batch, layers, heads, seq, seq] output and picks maps', () => {
    const two = [...stack([[A, B]]).data, ...stack([[B, A]]).data];
    const a = attentionFromOutput([2, 1, 2, 2, 2], Float32Array.from(two), 1);
    expect(Array.from(headMap(a, 0, 0).data)).toEqual(Array.from(Float32Array.from(B.flat())));
    expect(() => attentionFromOutput([1, 1, 2, 2], new Float32Array(8))).toThrow(/expected/);
    expect(() => attentionFromOutput([1, 1, 2, 2, 2], new Float32Array(7))).toThrow(/values/);
    expect(() => headMap(a, 1, 0)).toThrow(/layer/);
  });

  it('averages over heads', () => {
    const m = meanOverHeads(stack([[A, B]]), 0);
    expect(Array.from(m.data).map((v) => +v.toFixed(6))).toEqual([0.75, 0.25, 0.3, 0.7]);
  });

  it('rolls out across layers by hand: Â = ½A + ½I, R₂ = Â₂·Â₁', () => {
    const r = rollout(stack([[A], [B]]));
    // Â₁ = [[.75, .25], [.1, .9]]; Â₂ = [[1, 0], [.2, .8]]; R₂ = Â₂·Â₁ = [[.75, .25], [.23, .77]]
    expect(Array.from(r[0].data).map((v) => +v.toFixed(6))).toEqual([0.75, 0.25, 0.1, 0.9]);
    expect(Array.from(r[1].data).map((v) => +v.toFixed(6))).toEqual([0.75, 0.25, 0.23, 0.77]);
    for (const m of r) for (let i = 0; i < 2; i++) expect(m.data[i * 2] + m.data[i * 2 + 1]).toBeCloseTo(1, 6);
  });

  it('rollout of one layer with several heads uses their mean; rows stay stochastic over many layers', () => {
    const r1 = rollout(stack([[A, B]]));
    // mean over heads = [[.75, .25], [.3, .7]] → Â = [[.875, .125], [.15, .85]]
    expect(Array.from(r1[0].data).map((v) => +v.toFixed(6))).toEqual([0.875, 0.125, 0.15, 0.85]);
    const deep = rollout(stack(Array.from({ length: 12 }, () => [A, B])));
    expect(deep).toHaveLength(12);
    for (let i = 0; i < 2; i++) expect(deep[11].data[i * 2] + deep[11].data[i * 2 + 1]).toBeCloseTo(1, 5);
  });

  it('hides [CLS]/[SEP]/[PAD] by cropping, values unchanged', () => {
    const toks = ['[CLS]', '琅', '琊', '[SEP]'];
    const keep = visibleTokens(toks, true);
    expect(keep).toEqual([1, 2]);
    expect(visibleTokens(toks, false)).toEqual([0, 1, 2, 3]);
    const m = matrix(4, 4, Float32Array.from({ length: 16 }, (_, k) => k));
    expect(Array.from(crop(m, keep, keep).data)).toEqual([5, 6, 9, 10]);
  });

  it('multiplies matrices', () => {
    const c = matMul(matrix(1, 2, Float32Array.from([1, 2])), matrix(2, 1, Float32Array.from([3, 4])));
    expect(Array.from(c.data)).toEqual([11]);
  });
});

describe('teacher vs student layers', () => {
  it('maps student layer m to teacher layer 3m for 12 → 4', () => {
    expect(layerMapping(4, 12)).toEqual([{ student: 1, teacher: 3 }, { student: 2, teacher: 6 }, { student: 3, teacher: 9 }, { student: 4, teacher: 12 }]);
    expect(layerMapping(4, 4).map((p) => p.teacher)).toEqual([1, 2, 3, 4]);
  });

  it('identical maps are similar 1 with zero divergence; different ones less', () => {
    const s = mapSimilarity(matrix(2, 2, Float32Array.from(A.flat())), matrix(2, 2, Float32Array.from(A.flat())));
    expect(s.cosine).toBeCloseTo(1, 6);
    expect(s.jsd).toBeCloseTo(0, 6);
    expect(s.meanAbsDiff).toBe(0);
    expect(jsDivergence([1, 0], [0, 1])).toBeCloseTo(1, 6);
    expect(cosine([1, 0], [0, 1])).toBe(0);
  });

  it('compares the mapped layers of two stacks (head means, optional crop)', () => {
    const teacher = stack(Array.from({ length: 12 }, (_, l) => [l % 3 === 2 ? A : B, l % 3 === 2 ? A : B]));
    const student = stack(Array.from({ length: 4 }, () => [A]));
    const sims = layerSimilarities(teacher, student);
    expect(sims.map((x) => x.teacher)).toEqual([3, 6, 9, 12]);
    for (const x of sims) expect(x.cosine).toBeCloseTo(1, 6);
    const cropped = layerSimilarities(teacher, student, [1]);
    expect(cropped[0].teacherMap.rows).toBe(1);
    expect(() => layerSimilarities(teacher, stack([[[[1]]]]))).toThrow(/different inputs/);
  });

  it('maps to the teacher\'s last layers, or to the most similar layer per student layer', () => {
    expect(layerMapping(4, 12, 'last').map((p) => p.teacher)).toEqual([9, 10, 11, 12]);
    expect(layerMapping(2, 1, 'last').map((p) => p.teacher)).toEqual([1, 1]);
    // teacher layer 5 alone holds A; every student layer is A: 'best' finds 5 for each, 'uniform' does not
    const teacher = stack(Array.from({ length: 12 }, (_, l) => [l === 4 ? A : B]));
    const student = stack(Array.from({ length: 4 }, () => [A]));
    const best = layerSimilarities(teacher, student, undefined, 'best');
    expect(best.map((x) => x.teacher)).toEqual([5, 5, 5, 5]);
    for (const x of best) expect(x.cosine).toBeCloseTo(1, 6);
    const uniform = layerSimilarities(teacher, student, undefined, 'uniform');
    expect(Math.max(...uniform.map((x) => x.cosine))).toBeLessThan(best[0].cosine);
    expect(layerSimilarities(teacher, student, undefined, 'last').map((x) => x.teacher)).toEqual([9, 10, 11, 12]);
  });
});
