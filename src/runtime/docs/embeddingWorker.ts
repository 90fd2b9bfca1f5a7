// A tower's precomputed doc embeddings, fetched and decoded off the lab
// worker's thread. On the cold start that thread is the critical path (ORT's
// start, the first session, its warm-up); decoding a 20k × 256 fp16 file to
// float32 there held the first results back by ~0.3-0.5 s on a busy 2-core
// machine. An embedding worker (src/workers/embedding.worker.ts) fetches and
// decodes instead and hands over the float32 matrix (transferred, no copy);
// where a worker cannot start, it happens here.
import { decodeEmbeddingFile, type EmbeddingHeader } from '../../core/embeddingFile';
import { decodeF16, type DocStore } from '../../core/score';
import { fetchOk } from './docsLoad';
import { addMarks, mark, marksSoFar, type TimelineMark } from '../timeline';
import { callOnce, transfer } from '../rpc';

export interface DecodedFile {
  header: EmbeddingHeader;
  /** fp16 files come decoded to float32 (the scoring kernels' format); int8 as stored */
  store: DocStore;
}

/** What an embedding worker answers (rpc.ts): the thread's protocol. `marks`: its own timeline
 * (timeline.ts), for the cold start's record. */
export interface EmbeddingApi {
  load(url: string): Promise<{ file: DecodedFile; marks?: TimelineMark[] }>;
}

/** Fetches and decodes one `.emb` file (in the embedding worker, or in this thread as the fallback). */
export async function fetchDecodedEmbeddings(url: string): Promise<DecodedFile> {
  const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
  const name = url.split('/').pop();
  mark(`embedding worker: ${name} in`);
  const { header, store } = decodeEmbeddingFile(bytes);
  const out: DecodedFile = { header, store: store.kind === 'f16' ? { kind: 'f32', data: decodeF16(store.data), dim: store.dim } : store };
  mark(`embedding worker: ${name} decoded`);
  return out;
}

/** The buffers to transfer with a decoded file. */
export function transferList(f: DecodedFile): Transferable[] {
  const s = f.store;
  const list = [s.data.buffer as ArrayBuffer];
  if (s.kind === 'int8' && s.scale instanceof Float32Array && s.scale.buffer !== s.data.buffer) list.push(s.scale.buffer as ArrayBuffer);
  return list;
}

/** The embedding worker's host: the decoded matrix goes back transferred, not copied. */
export const embeddingHost: EmbeddingApi = {
  async load(url) {
    const file = await fetchDecodedEmbeddings(url);
    return transfer({ file, marks: marksSoFar() }, transferList(file));
  },
};

export function loadEmbeddingsOffThread(url: string): Promise<DecodedFile> {
  const spawn = () => new Worker(new URL('../../workers/embedding.worker.ts', import.meta.url), { type: 'module', name: 'embeddings' });
  return callOnce<EmbeddingApi, 'load', DecodedFile>(spawn, 'embedding worker', 'load', [url], (r) => {
    addMarks(r.marks);
    return r.file;
  }, () => fetchDecodedEmbeddings(url)); // (the worker itself failed: its script did not load)
}
