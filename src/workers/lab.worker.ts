// The lab's worker: every model run happens here, off the page's thread.
// The logic is src/runtime/workerHost.ts; this file only wires messages.
import { WorkerHost } from '../runtime/workerHost';
import type { FromWorker, ToWorker } from '../runtime/protocol';

const post = (m: FromWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);
const host = new WorkerHost(post);

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const { id, msg } = ev.data;
  host.handle(msg).then(
    (result) => post({ kind: 'reply', id, ok: true, result }),
    (err: unknown) => post({ kind: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
};
