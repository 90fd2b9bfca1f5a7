import { describe, expect, it } from 'vitest';
import { decodeEmbeddingFile, encodeEmbeddingFile, readEmbeddingHeader, EmbeddingFileError } from './embeddingFile';
import { decodeF16 } from './score';

const meta = { modelId: 'student', modelSha256: 'a'.repeat(64), docsetSha256: 'b'.repeat(64), dim: 4 };
const vecs = Float32Array.from([0.5, -1, 2, 0.125, 3.25, 0, -0.75, 1e-3, 0, 0, 0, 0]); // 3 docs × 4

describe('embedding file codec', () => {
  it('round-trips fp16 within fp16 precision, with the header intact', () => {
    const bytes = encodeEmbeddingFile(vecs, { ...meta, dtype: 'f16' });
    const { header, store } = decodeEmbeddingFile(bytes, { modelSha256: meta.modelSha256, docsetSha256: meta.docsetSha256, count: 3 });
    expect(header).toMatchObject({ format: 1, modelId: 'student', count: 3, dim: 4, dtype: 'f16' });
    expect(store.kind).toBe('f16');
    const back = decodeF16(store.data as Uint16Array);
    back.forEach((x, i) => expect(x).toBeCloseTo(vecs[i], 3));
  });

  it('round-trips int8 with per-doc scales', () => {
    const bytes = encodeEmbeddingFile(vecs, { ...meta, dtype: 'int8' });
    const { store } = decodeEmbeddingFile(bytes);
    if (store.kind !== 'int8') throw new Error('expected int8');
    const scale = store.scale as Float32Array;
    for (let i = 0; i < vecs.length; i++) {
      expect(store.data[i] * scale[Math.floor(i / 4)]).toBeCloseTo(vecs[i], 1);
    }
    expect(bytes.length).toBeLessThan(encodeEmbeddingFile(vecs, { ...meta, dtype: 'f16' }).length + 8);
  });

  it('refuses a file made for another model or doc set, and says which', () => {
    const bytes = encodeEmbeddingFile(vecs, { ...meta, dtype: 'f16' });
    expect(() => decodeEmbeddingFile(bytes, { modelSha256: 'c'.repeat(64) })).toThrow(/made for model aaaaaaaaaaaa/);
    expect(() => decodeEmbeddingFile(bytes, { docsetSha256: 'c'.repeat(64) })).toThrow(/doc set/);
    expect(() => decodeEmbeddingFile(bytes, { count: 4 })).toThrow(/holds 3 docs/);
  });

  it('refuses truncated, foreign and corrupt files', () => {
    const bytes = encodeEmbeddingFile(vecs, { ...meta, dtype: 'f16' });
    expect(() => decodeEmbeddingFile(bytes.slice(0, bytes.length - 2))).toThrow(EmbeddingFileError);
    expect(() => decodeEmbeddingFile(new TextEncoder().encode('hello world, not embeddings'))).toThrow(/bad magic/);
    const bad = bytes.slice();
    bad[12] = 0x7b + 1; // break the JSON header
    expect(() => readEmbeddingHeader(bad)).toThrow(/not valid JSON/);
  });

  it('decodes from an unaligned view (a file read into a larger buffer)', () => {
    const bytes = encodeEmbeddingFile(vecs, { ...meta, dtype: 'f16' });
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(decodeEmbeddingFile(big.subarray(3)).header.count).toBe(3);
  });
});
