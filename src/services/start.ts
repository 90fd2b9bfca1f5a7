// The page's services, started once by src/app/mount.tsx before the first
// render: the backend request from the URL, URL sync (a link's hash into the
// store, the store back into the hash), the runtime's device-loss fallback and
// `window.__lab`, and the doc-set / own-model sync that re-sends imported
// docs and models to a restarted worker. The worker itself is started by the
// runtime hook (lab/useRuntime.ts), which follows the store's backend.
// Refuses: importing a panel (what URL sync needs of them comes as hooks).
import { fallBackAfterDeviceLoss } from '../core/backend';
import type { BackendRequest } from '../core/domain';
import { labClient } from '../runtime/lab/client';
import type { InitOptions } from '../runtime/lab/protocol';
import { labStore } from '../state/store';
import { startByoSync } from './lab/byoSync';
import { startDocsetSync } from './lab/docsetSync';
import { startUrlSync, type UrlSyncHooks } from './share/urlSync';

declare global {
  interface Window {
    /** The runtime client, for e2e specs and the browser bench. */
    __lab?: typeof labClient;
  }
}

/** The start-up URL flags the services read (parsed once, src/app/urlFlags.ts). */
export interface ServiceFlags {
  /** `?backend=wasm|webgpu`; 'auto' without it */
  backend: BackendRequest;
  /** the link's hash names a backend (`b=`) */
  linkNamesBackend: boolean;
  /** `?q=`: open the lab on a query */
  query: string | null;
  /** what the runtime worker loads (`?models=`, `?embeddings=none`, `?docLimit=`, `?kernel=off`) */
  init: Partial<InitOptions>;
}

let started = false;

export function startServices(flags: ServiceFlags, panels: UrlSyncHooks): void {
  if (started) return;
  started = true;
  const store = labStore.getState();
  store.setBackendRequest(flags.backend);
  startUrlSync(panels);
  // NOTE: after the link, so a link's own backend (`b=`) wins over `?backend=`; a link without
  // one (its author was on "auto") must not undo the flag.
  if (!flags.linkNamesBackend) store.setBackendRequest(flags.backend);
  // `?q=` opens the lab on a query (the cold-start bench, links); `?models=a,b`: the worker loads
  // only these, so rank with just those towers. Both win over the link's.
  if (flags.query) store.setQuery(flags.query.slice(0, 200));
  if (flags.init.only) store.setSelectedModels(flags.init.only);
  window.__lab = labClient;
  labClient.onDeviceLost = (message) => {
    const prev = labStore.getState().backend;
    if (prev?.backend === 'webgpu') labStore.getState().setBackend(fallBackAfterDeviceLoss(prev, message));
  };
  startDocsetSync();
  startByoSync();
}
