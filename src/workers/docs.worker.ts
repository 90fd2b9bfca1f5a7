// The docs worker, started by the lab's worker for its doc set: downloads and
// parses docs.jsonl off the lab worker's thread (src/runtime/docs/docsLoad.ts says why).
import { docsHost } from '../runtime/docs/docsLoad';
import { serve } from '../runtime/rpc';

serve(() => docsHost);
