// The lab's worker: every model run happens here, off the page's thread.
// The logic is src/runtime/workerHost.ts; this file only wires messages.
import { mark } from '../runtime/timeline';
import { WorkerHost } from '../runtime/workerHost';
import { lazyOrtWasm, ORT_WASM_URL } from '../runtime/ortAssets';
import type { FromWorker, ToWorker } from '../runtime/protocol';

mark('worker: script evaluated');
const post = (m: FromWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);
// ORT's 14 MB WASM module for a WASM runtime (the client names the worker by its backend),
// compiled while it downloads once the host starts it: at init, or — when the lab's own tower
// kernel gives the first results — after them (workerHost.ts).
const ortWasm = self.name === 'lab-wasm' && ORT_WASM_URL
  ? lazyOrtWasm(ORT_WASM_URL, () => mark('worker: ORT WASM module compiled'))
  : null;
const host = new WorkerHost(post, ortWasm);

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const { id, msg } = ev.data;
  host.handle(msg).then(
    (result) => post({ kind: 'reply', id, ok: true, result }),
    (err: unknown) => post({ kind: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
};
