// The docs worker, started by the lab's worker for its doc set: downloads and
// parses docs.jsonl off the lab worker's thread (src/runtime/docsLoad.ts says why).
import { marksSoFar } from '../runtime/timeline';
import { parseForRuntime, type DocsReply, type DocsRequest } from '../runtime/docsLoad';

const post = (m: DocsReply, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = (ev: MessageEvent<DocsRequest>) => {
  parseForRuntime(ev.data).then(
    ({ docs, transfer, note }) => {
      if (note) console.warn(`docs worker: ${note}; docs.jsonl parsed instead (same rows, slower start)`);
      post({ ok: true, docs, marks: marksSoFar() }, transfer);
    },
    (e: unknown) => post({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
};
