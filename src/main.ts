// Entry. On a cold start the lab's worker (and the download of ORT's WASM
// binary) must start as early as possible: this small chunk starts it as it
// loads (client.ts prestartForcedWasm), and only then loads the app — React
// and every panel, ~0.9 MB that took ~0.4 s to parse and run on a busy 2-core
// machine before the worker even existed when it was all one chunk.
import './runtime/lab/client';

void import('./app/mount');
