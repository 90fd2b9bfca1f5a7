// The lab's worker: every model run happens here, off the page's thread.
// The logic is src/runtime/workerHost.ts; this file only wires messages.
import { mark } from '../runtime/timeline';
import { WorkerHost } from '../runtime/workerHost';
import { compileOrtWasm, ORT_WASM_URL } from '../runtime/ortAssets';
import type { FromWorker, ToWorker } from '../runtime/protocol';

mark('worker: script evaluated');
const post = (m: FromWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);
// Cold start: ORT's 14 MB WASM module is on the path to the first results; a WASM runtime
// (the client names the worker by its backend) starts downloading and compiling it now, not once
// ORT's JS has loaded.
const ortWasm = self.name === 'lab-wasm' && ORT_WASM_URL
  ? compileOrtWasm(ORT_WASM_URL).then((m) => { mark('worker: ORT WASM module compiled'); return m; })
  : null;
const host = new WorkerHost(post, ortWasm);

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const { id, msg } = ev.data;
  host.handle(msg).then(
    (result) => post({ kind: 'reply', id, ok: true, result }),
    (err: unknown) => post({ kind: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
};
