// The lab's start-up URL flags, parsed once here (src/app/mount.tsx calls it
// and hands the result on): `?backend=`, `?threads=`, `?q=`, and the runtime's
// `?models=`, `?embeddings=none`, `?docLimit=`, `?kernel=off`. The share
// link in the hash is URL sync's (src/services/share/urlSync.ts).
// NOTE: runtime/client.ts prestartForcedWasm reads the same flags with the same
// parsers on its own: it runs in the entry chunk, before this module is loaded,
// and the app's start with the same flags keeps the worker it started.
import { parseBackendRequest } from '../core/backend';
import { initOptionsFromUrl, threadsFromUrl } from '../runtime/lab/client';
import type { ServiceFlags } from '../services/start';

export interface UrlFlags extends ServiceFlags {
  /** `?threads=N`: ORT threads of the runtime worker on WASM */
  threads: number | undefined;
}

export function parseUrlFlags(loc: { search: string; hash: string }): UrlFlags {
  const p = new URLSearchParams(loc.search);
  return {
    backend: parseBackendRequest(p.get('backend')),
    linkNamesBackend: /[#&]b=/.test(loc.hash),
    query: p.get('q'),
    threads: threadsFromUrl(loc.search),
    init: initOptionsFromUrl(loc.search),
  };
}
