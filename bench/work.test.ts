import { describe, expect, it } from 'vitest';
import { encodeWork, encoderMacs, gmacs, paddedMean } from './work';

describe('bench arithmetic', () => {
  it('pads each batch to its longest', () => {
    expect(paddedMean([1, 5, 2, 2], 2)).toBe((5 * 2 + 2 * 2) / 4);
    expect(paddedMean([3], 64)).toBe(3);
  });
  it('counts projections, feed-forward and attention per layer and token', () => {
    // 1 layer, H 2, F 4, 3 tokens: 3 × (16 + 16 + 12)
    expect(encoderMacs({ layers: 1, hidden: 2, ffn: 4 }, 3)).toBe(132);
  });
  it('gives the lab its sorted padding and transformers.js its file-order padding', () => {
    const lengths = [2, 10, 2, 10];
    const w = encodeWork({ layers: 1, hidden: 2, ffn: 4 }, lengths, lengths, 2);
    expect(w.tokens).toBe(6);
    expect(w.labPadded).toBe(6); // [2,2] [10,10]
    expect(w.tjsPadded).toBe(10); // [2,10] [2,10]
    expect(w.labMacs).toBeLessThan(w.tjsMacs);
    expect(gmacs(1000, 2e6)).toBe(2);
  });
});
