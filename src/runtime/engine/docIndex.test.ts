// DocIndex.dots returns logits: q·d plus the tower's calibration bias (core/score.ts logitBias).
import { describe, expect, it } from 'vitest';
import { logitBias } from '../../core/score';
import { DocIndex } from './docIndex';

describe('DocIndex logits', () => {
  const docs = Float32Array.from([1, 0, 0, 1, 0.5, 0.5]); // 3 docs, dim 2
  const q = Float32Array.from([2, -1]);

  it('adds logitBias to every q·d, in every storage', async () => {
    for (const store of [{ kind: 'f32' as const, data: docs.slice(), dim: 2 }, { kind: 'int8' as const, data: Int8Array.from([127, 0, 0, 127, 64, 64]), dim: 2, scale: 1 / 127 }]) {
      const idx = new DocIndex(store);
      const raw = Array.from(await idx.dots(q));
      idx.logitBias = -3;
      const biased = Array.from(await idx.dots(q));
      biased.forEach((x, i) => expect(x).toBeCloseTo(raw[i] - 3, 5));
    }
  });

  it('reads the bias from a manifest entry, 0 when absent or not a finite number', () => {
    expect(logitBias({ logit_bias: -2.25 })).toBe(-2.25);
    expect(logitBias({})).toBe(0);
    expect(logitBias(undefined)).toBe(0);
    expect(logitBias({ logit_bias: 'x' })).toBe(0);
    expect(logitBias({ logit_bias: Number.NaN })).toBe(0);
  });
});
