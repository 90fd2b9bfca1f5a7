// The embedding worker, started by the lab's worker for one precomputed
// `.emb` file: fetches and decodes it off the lab worker's thread
// (src/runtime/embeddingWorker.ts says why).
import { marksSoFar } from '../runtime/timeline';
import { fetchDecodedEmbeddings, transferList, type EmbeddingReply } from '../runtime/embeddingWorker';

const post = (m: EmbeddingReply, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = (ev: MessageEvent<string>) => {
  fetchDecodedEmbeddings(ev.data).then(
    (file) => post({ ok: true, file, marks: marksSoFar() }, transferList(file)),
    (e: unknown) => post({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
};
