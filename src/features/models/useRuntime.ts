// Keeps the runtime's worker in step with the chosen backend, and falls back
// to WASM when the WebGPU device is lost. Called once, by the app shell.
import { useEffect, useSyncExternalStore } from 'react';
import { fallBackAfterDeviceLoss } from '../../core/backend';
import { initOptionsFromUrl, labClient, type ClientSnapshot } from '../../runtime/client';
import { labStore, useLab } from '../../state/store';

declare global {
  interface Window {
    /** The runtime client, for e2e specs and the browser bench. */
    __lab?: typeof labClient;
  }
}

export function useRuntime(): void {
  const backend = useLab((s) => s.backend);
  const kind = backend?.backend;
  const threads = backend?.wasmThreads;
  useEffect(() => {
    window.__lab = labClient;
    // `?q=` opens the lab on a query (the cold-start bench, links).
    const q = new URLSearchParams(location.search).get('q');
    if (q) labStore.getState().setQuery(q.slice(0, 200));
    // `?models=a,b`: the worker loads only these; rank with just those towers.
    const only = initOptionsFromUrl(location.search).only;
    if (only) labStore.getState().setSelectedModels(only);
    labClient.onDeviceLost = (message) => {
      const prev = labStore.getState().backend;
      if (prev?.backend === 'webgpu') labStore.getState().setBackend(fallBackAfterDeviceLoss(prev, message));
    };
  }, []);
  useEffect(() => {
    const choice = labStore.getState().backend;
    if (!choice) return;
    // NOTE: start() keeps the running worker for the same backend and threads, and restarts it for
    // others. No stop() on a change here: the first render reads no backend yet, the second reads
    // the one the first effect already started, and stopping in between killed the cold start's
    // worker (started before the app loaded) 2 s in, to start the same one again.
    void labClient.start(choice, initOptionsFromUrl(location.search));
  }, [kind, threads]);
  useEffect(() => () => labClient.stop(), []);
}

export function useClientSnapshot(): ClientSnapshot {
  return useSyncExternalStore(labClient.subscribe, labClient.getSnapshot);
}

/**
 * One value of the runtime's snapshot: the component re-renders only when it
 * changes (Object.is). NOTE: `select` must return a primitive or a reference
 * the snapshot keeps (rows, manifest, docs) — a fresh object each call would
 * re-render on every event. The snapshot changes on every encoding progress
 * event, so views that do not show progress use this, not useClientSnapshot.
 */
export function useClientSelect<T>(select: (s: ClientSnapshot) => T): T {
  return useSyncExternalStore(labClient.subscribe, () => select(labClient.getSnapshot()));
}
