import { describe, expect, it } from 'vitest';
import { alignment, esimAlignment, maxAbsDiff, softmax, tokenWeights, topTokens } from './esim';
import { matrix } from './attention';

// Hand-worked: a = [[1,0],[0,1]] (2 query tokens), b = [[1,0],[0,1],[1,1]] (3 doc tokens).
//   e = [[1,0,1],[0,1,1]]
//   α rows:  row 0 = [e, 1, e] / (2e+1) = [0.422319, 0.155362, 0.422319]
//            row 1 = [1, e, e] / (2e+1) = [0.155362, 0.422319, 0.422319]
//   β cols:  col 0 = [e, 1] / (e+1) = [0.731059, 0.268941]
//            col 1 = [1, e] / (e+1) = [0.268941, 0.731059]
//            col 2 = [e, e] / 2e   = [0.5, 0.5]
const a = Float32Array.from([1, 0, 0, 1]);
const b = Float32Array.from([1, 0, 0, 1, 1, 1]);
const r6 = (m: { data: Float32Array }) => Array.from(m.data).map((v) => +v.toFixed(6));

describe('ESIM alignment, the hand-worked 2×3 example', () => {
  const al = esimAlignment(a, 2, b, 3, 2);
  it('e_ij = a_i · b_j', () => {
    expect(al.raw.rows).toBe(2);
    expect(al.raw.cols).toBe(3);
    expect(Array.from(al.raw.data)).toEqual([1, 0, 1, 0, 1, 1]);
  });
  it('softmax over doc tokens (query → doc)', () => {
    expect(r6(al.queryToDoc)).toEqual([0.422319, 0.155362, 0.422319, 0.155362, 0.422319, 0.422319]);
  });
  it('softmax over query tokens (doc → query)', () => {
    expect(r6(al.docToQuery)).toEqual([0.731059, 0.268941, 0.5, 0.268941, 0.731059, 0.5]);
  });
  it('weighs tokens by the attention they receive from the other side', () => {
    const w = tokenWeights(al);
    // query 0: (0.731059 + 0.268941 + 0.5) / 3 = 0.5; query 1 likewise.
    expect(Array.from(w.query).map((v) => +v.toFixed(6))).toEqual([0.5, 0.5]);
    // doc j: mean of α column j: [0.288841, 0.288841, 0.422319]
    expect(Array.from(w.doc).map((v) => +v.toFixed(6))).toEqual([0.288841, 0.288841, 0.422319]);
    expect(topTokens(w.doc, 1)).toEqual([2]);
    expect(topTokens(w.doc, 2, new Set([2]))).toEqual([0, 1]);
  });
});

describe('softmax with masks and checks', () => {
  it('gives masked entries 0 and refuses an all-masked line', () => {
    const e = matrix(1, 3, Float32Array.from([1, 0, 1]));
    expect(r6(softmax(e, 'row', [1, 0, 1]))).toEqual([0.5, 0, 0.5]);
    expect(() => softmax(e, 'row', [0, 0, 0])).toThrow(/nothing/);
    expect(() => softmax(e, 'row', [1])).toThrow(/mask/);
  });
  it('is stable for large logits', () => {
    expect(r6(softmax(matrix(1, 2, Float32Array.from([1000, 1000])), 'row'))).toEqual([0.5, 0.5]);
  });
  it('checks shapes', () => {
    expect(() => alignment(a, 2, b, 2, 2)).toThrow(/expected/);
    expect(maxAbsDiff(matrix(1, 2, Float32Array.from([1, 2])), matrix(1, 2, Float32Array.from([1, 2.5])))).toBeCloseTo(0.5);
  });
});
