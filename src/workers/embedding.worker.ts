// The embedding worker, started by the lab's worker for one precomputed
// `.emb` file: fetches and decodes it off the lab worker's thread
// (src/runtime/docs/embeddingWorker.ts says why).
import { embeddingHost } from '../runtime/docs/embeddingWorker';
import { serve } from '../runtime/rpc';

serve(() => embeddingHost);
