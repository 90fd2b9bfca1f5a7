// The browser's doc-encoding pool for the lab's worker (WASM only): one
// one-thread worker per core, up to 4 (encodePool.ts says why). Kept apart so
// Node code and tests never meet the Worker URL.
import type { ClientPort } from '../rpc';
import { EncodePool } from './encodePool';

/** null where a worker cannot start workers, or on one core (nothing to share). */
export function browserEncodePool(): EncodePool | null {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  if (typeof Worker === 'undefined' || cores < 2) return null;
  const spawn = () => new Worker(new URL('../../workers/encode.worker.ts', import.meta.url), { type: 'module', name: 'encode' }) as unknown as ClientPort;
  return new EncodePool(Math.min(4, cores), spawn);
}
