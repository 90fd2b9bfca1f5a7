// Keeps the runtime's worker in step with the chosen backend (the store's
// session slice): started, restarted on another backend, stopped when the app
// goes. Called once, by the app shell. The one-time wiring around it (the
// device-loss fallback, `window.__lab`) is startServices' (../start.ts).
import { useEffect, useSyncExternalStore } from 'react';
import { labClient, type ClientSnapshot } from '../../runtime/lab/client';
import type { InitOptions } from '../../runtime/lab/protocol';
import { labStore, useLab } from '../../state/store';

/** `init`: the start-up URL flags' options for the worker (src/app/urlFlags.ts). */
export function useRuntime(init: Partial<InitOptions>): void {
  const backend = useLab((s) => s.backend);
  const kind = backend?.backend;
  const threads = backend?.wasmThreads;
  useEffect(() => {
    const choice = labStore.getState().backend;
    if (!choice) return;
    // NOTE: start() keeps the running worker for the same backend and threads, and restarts it for
    // others. No stop() on a change here: the first render reads no backend yet, the second reads
    // the one the first effect already started, and stopping in between killed the cold start's
    // worker (started before the app loaded) 2 s in, to start the same one again.
    void labClient.start(choice, init);
  }, [kind, threads, init]);
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
