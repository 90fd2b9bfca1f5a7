// Keeps the chosen backend in step with the request and the probed capabilities.
import { useEffect } from 'react';
import { resolveBackend } from '../core/backend';
import { probeCapabilities } from '../runtime/capabilities';
import { useLab } from '../state/store';

export function useBackend(): void {
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
    if (caps) setBackend(resolveBackend(request, caps));
  }, [caps, request, setBackend]);
}
