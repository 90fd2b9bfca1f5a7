// Runs one inspect request when its key changes and keeps the latest reply;
// replies to older keys are dropped. Starts the inspect worker on the
// header's backend the first time a panel needs it.
import { useEffect, useState } from 'react';
import { inspectClient } from '../../runtime/inspect/inspectClient';
import { useLab } from '../../state/store';

export interface Run<T> {
  data: T | null;
  error: string | null;
  pending: boolean;
  ms?: number;
}

declare global {
  interface Window {
    /** The inspect worker's client, for e2e specs. */
    __inspect?: typeof inspectClient;
  }
}

/** Starts the inspect worker for the current backend; null until it is up (or the error). */
export function useInspectRuntime(): { ready: boolean; error: string | null } {
  const backend = useLab((s) => s.backend);
  const [state, setState] = useState<{ key: string; ready: boolean; error: string | null }>({ key: '', ready: false, error: null });
  const key = backend?.backend ?? '';
  useEffect(() => {
    if (!backend) return;
    let live = true;
    window.__inspect = inspectClient;
    inspectClient.start(backend).then(
      () => live && setState({ key: backend.backend, ready: true, error: null }),
      (e: Error) => live && setState({ key: backend.backend, ready: false, error: e.message }),
    );
    return () => { live = false; };
  }, [backend]);
  return state.key === key ? { ready: state.ready, error: state.error } : { ready: false, error: null };
}

export function useInspectRun<T>(key: string | null, run: () => Promise<T>): Run<T> {
  const [res, setRes] = useState<Run<T> & { key: string | null }>({ key: null, data: null, error: null, pending: false });
  useEffect(() => {
    if (!key) return;
    let live = true;
    const t0 = performance.now();
    run().then(
      (data) => live && setRes({ key, data, error: null, pending: false, ms: performance.now() - t0 }),
      (e: Error) => live && setRes({ key, data: null, error: e.message, pending: false }),
    );
    return () => { live = false; };
    // NOTE: `run` is a fresh closure each render; the key names everything it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!key) return { data: null, error: null, pending: false };
  return res.key === key ? res : { data: null, error: null, pending: true };
}
