// The embedding worker's job, run in this thread (Node has no Worker: the
// fallback path of loadEmbeddingsOffThread): fetch a .emb file, hand back
// float32 for fp16 files, int8 as stored, and say why a bad file is refused.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeEmbeddingFile } from '../../core/embeddingFile';
import { decodeF16, encodeF16 } from '../../core/score';
import { loadEmbeddingsOffThread, transferList } from './embeddingWorker';

afterEach(() => vi.unstubAllGlobals());

const meta = { modelId: 'm', modelSha256: 'a'.repeat(64), docsetSha256: 'b'.repeat(64), dim: 16 };
const vectors = Float32Array.from({ length: 3 * 16 }, (_, i) => Math.sin(i) * 0.7);

function serve(files: Record<string, Uint8Array>): void {
  vi.stubGlobal('fetch', async (url: string) => (files[url] ? new Response(files[url] as Uint8Array<ArrayBuffer>) : new Response('no', { status: 404 })));
}

describe('loadEmbeddingsOffThread (in-thread fallback)', () => {
  it('decodes fp16 to float32, exactly as the scoring loop would', async () => {
    serve({ '/e/m.emb': encodeEmbeddingFile(vectors, { ...meta, dtype: 'f16' }) });
    const { header, store } = await loadEmbeddingsOffThread('/e/m.emb');
    expect(header).toMatchObject({ count: 3, dim: 16, dtype: 'f16', modelSha256: meta.modelSha256 });
    expect(store.kind).toBe('f32');
    expect([...(store.data as Float32Array)]).toEqual([...decodeF16(encodeF16(vectors))]);
    expect(transferList({ header, store })).toEqual([store.data.buffer]);
  });

  it('keeps int8 files as codes and scales', async () => {
    serve({ '/e/m.emb': encodeEmbeddingFile(vectors, { ...meta, dtype: 'int8' }) });
    const { store } = await loadEmbeddingsOffThread('/e/m.emb');
    expect(store.kind).toBe('int8');
    if (store.kind !== 'int8') return;
    expect(store.data.length).toBe(48);
    expect((store.scale as Float32Array).length).toBe(3);
  });

  it('says what is wrong with a missing or truncated file', async () => {
    const file = encodeEmbeddingFile(vectors, { ...meta, dtype: 'f16' });
    serve({ '/e/cut.emb': file.subarray(0, file.length - 10) });
    await expect(loadEmbeddingsOffThread('/e/none.emb')).rejects.toThrow(/\/e\/none\.emb is missing \(HTTP 404\)/);
    await expect(loadEmbeddingsOffThread('/e/cut.emb')).rejects.toThrow(/truncated or corrupt/);
  });
});
