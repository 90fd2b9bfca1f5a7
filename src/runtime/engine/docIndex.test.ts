// DocIndex.dots returns logits: the tower's calibration (core/score.ts logitAffine) applied to q·d.
import { describe, expect, it } from 'vitest';
import { logitAffine } from '../../core/score';
import { DocIndex } from './docIndex';

describe('DocIndex logits', () => {
  const docs = Float32Array.from([1, 0, 0, 1, 0.5, 0.5]); // 3 docs, dim 2
  const q = Float32Array.from([2, -1]);

  it('applies scale and bias to every q·d, in every storage', async () => {
    for (const store of [{ kind: 'f32' as const, data: docs.slice(), dim: 2 }, { kind: 'int8' as const, data: Int8Array.from([127, 0, 0, 127, 64, 64]), dim: 2, scale: 1 / 127 }]) {
      const idx = new DocIndex(store);
      const raw = Array.from(await idx.dots(q));
      idx.logit = { scale: 0.5, bias: -3 };
      const cal = Array.from(await idx.dots(q));
      cal.forEach((x, i) => expect(x).toBeCloseTo(0.5 * raw[i] - 3, 5));
    }
  });

  it('reads the calibration from a manifest entry; the identity when absent or invalid', () => {
    expect(logitAffine({ logit_scale: 0.25, logit_bias: -2.25 })).toEqual({ scale: 0.25, bias: -2.25 });
    expect(logitAffine({ logit_bias: -1 })).toEqual({ scale: 1, bias: -1 });
    expect(logitAffine({})).toEqual({ scale: 1, bias: 0 });
    expect(logitAffine(undefined)).toEqual({ scale: 1, bias: 0 });
    expect(logitAffine({ logit_scale: -2, logit_bias: 'x' })).toEqual({ scale: 1, bias: 0 }); // a negative scale would reverse the ranking
    expect(logitAffine({ logit_scale: Number.NaN, logit_bias: Number.NaN })).toEqual({ scale: 1, bias: 0 });
  });
});
