// A doc-encoding worker, started by the lab's worker (src/runtime/encodePool.ts):
// a one-thread WASM ORT that runs the batches it is sent. The logic is
// src/runtime/encodeHost.ts; this file only wires messages.
import { EncodeHost, type EncodeToWorker } from '../runtime/encodeHost';
import { loadWebOrt } from '../runtime/ortWeb';

const host = new EncodeHost(() => loadWebOrt('wasm', 1));

self.onmessage = (ev: MessageEvent<EncodeToWorker>) => {
  void host.handle(ev.data).then(({ reply, transfer }) => (self as unknown as Worker).postMessage(reply, transfer));
};
