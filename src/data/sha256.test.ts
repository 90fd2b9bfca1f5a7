import { describe, expect, it } from 'vitest';
import { Sha256 } from './sha256';

const subtle = async (b: Uint8Array): Promise<string> =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>)), (x) => x.toString(16).padStart(2, '0')).join('');

describe('Sha256 (incremental)', () => {
  it('hashes the empty input and "abc" (FIPS 180-4 examples)', () => {
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('agrees with WebCrypto at every padding edge and any chunking', async () => {
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 100_003]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      const want = await subtle(bytes);
      expect(new Sha256().update(bytes).hex()).toBe(want);
      const h = new Sha256();
      for (let i = 0, step = 1; i < n; i += step, step = (step * 7 + 3) % 97 || 1) h.update(bytes.subarray(i, i + step));
      expect(h.hex()).toBe(want);
    }
  });
});
