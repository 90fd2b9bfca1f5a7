// A doc-encoding worker, started by the lab's worker (src/runtime/encode/encodePool.ts):
// a one-thread WASM ORT that runs the batches it is sent (src/runtime/encode/encodeHost.ts).
import { EncodeHost } from '../runtime/encode/encodeHost';
import { loadWebOrt } from '../runtime/ort/ortWeb';
import { serve } from '../runtime/rpc';

serve(() => new EncodeHost(() => loadWebOrt('wasm', 1)));
