// Keeps the chosen backend in step with the request and the probed capabilities.
import { useEffect } from 'react';
import { resolveBackend } from '../core/backend';
import { probeCapabilities, quickCapabilities } from '../runtime/ort/capabilities';
import { useLab } from '../state/store';

/** `threads`: the `?threads=` flag (src/app/urlFlags.ts). */
export function useBackend(threads: number | undefined): void {
  const request = useLab((s) => s.backendRequest);
  const caps = useLab((s) => s.capabilities);
  const setCaps = useLab((s) => s.setCapabilities);
  const setBackend = useLab((s) => s.setBackend);
  useEffect(() => {
    let live = true;
    void probeCapabilities().then((c) => live && setCaps(c));
    return () => { live = false; };
  }, [setCaps]);
  useEffect(() => {
    // NOTE: forced WASM needs no adapter answer (~200 ms): start now; the probe's answer only
    // refreshes the wording (same backend and threads, so the runtime is not restarted).
    if (caps) setBackend(resolveBackend(request, caps, threads));
    else if (request === 'wasm') setBackend(resolveBackend(request, quickCapabilities(), threads));
  }, [caps, request, setBackend, threads]);
}
