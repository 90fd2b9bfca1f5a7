import { describe, expect, it } from 'vitest';
import { saturation } from './scoreNorm';

describe('score saturation', () => {
  it('counts raw scores within 1e-3 of 1 or 0 over every query', () => {
    expect(saturation([{ coarse: [0.9999, 0.9995, 0.5] }, { coarse: Float64Array.of(0.0001, 0.2) }])).toEqual({ share: 3 / 5, n: 5 });
    expect(saturation([])).toEqual({ share: 0, n: 0 });
  });
});
