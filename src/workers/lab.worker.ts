// The lab's worker: every model run happens here, off the page's thread.
// The logic is src/runtime/lab/workerHost.ts; the protocol LabApi (protocol.ts).
import { mark } from '../runtime/timeline';
import { WorkerHost } from '../runtime/lab/workerHost';
import { lazyOrtWasm, ORT_WASM_URL } from '../runtime/ort/ortAssets';
import type { WorkerEvent } from '../runtime/lab/protocol';
import { serve } from '../runtime/rpc';

mark('worker: script evaluated');
// ORT's 14 MB WASM module for a WASM runtime (the client names the worker by its backend),
// compiled while it downloads once the host starts it: at init, or — when the lab's own tower
// kernel gives the first results — after them (src/runtime/lab/coldStart.ts).
const ortWasm = self.name === 'lab-wasm' && ORT_WASM_URL
  ? lazyOrtWasm(ORT_WASM_URL, () => mark('worker: ORT WASM module compiled'))
  : null;
serve<WorkerEvent>((emit) => new WorkerHost(emit, ortWasm));
