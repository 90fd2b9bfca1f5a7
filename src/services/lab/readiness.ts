// Why a tower cannot be scored yet, in words the panels show while they wait
// (tiers, metrics, labels). Shared so every panel says the same thing, and
// says how far loading has got — a wait that never ends must show where it is.
import type { EncodeProgress, ModelStatus } from '../../runtime/api';
import type { ClientSnapshot } from '../../runtime/lab/client';

/** "3 of 9 models ready; loading student_d; 5 queued" — where the worker's load sequence is. */
export function loadProgress(snap: ClientSnapshot): string {
  const ids = (snap.manifest?.models ?? []).filter((m) => m.kind !== 'head').map((m) => m.id);
  const st = (id: string) => snap.models[id]?.state ?? 'idle';
  const ready = ids.filter((id) => st(id) === 'ready').length;
  const loading = ids.filter((id) => st(id) === 'loading');
  const queued = ids.filter((id) => st(id) === 'idle').length;
  return [`${ready} of ${ids.length} models ready`, ...(loading.length ? [`loading ${loading.join(', ')}`] : []), ...(queued ? [`${queued} queued`] : [])].join('; ');
}

/** Why tower `id` cannot be scored yet, or null when its model and doc index are ready. */
export function towerWait(snap: ClientSnapshot, id: string): string | null {
  const st = snap.models[id];
  if (st?.state === 'error') return `Model ${id} failed to load: ${st.error ?? 'unknown error'}`;
  if (st?.state === 'skipped') return `Model ${id} is ${skippedWhy(st)}.`;
  if (st?.state !== 'ready') return `Waiting for model ${id} to load (${loadProgress(snap)})…`;
  const enc = snap.encode[id];
  if (!enc) return `Waiting for the doc index of ${id}…`;
  if (enc.state === 'running') return `Encoding the doc set with ${id}: ${enc.done}/${enc.total}…`;
  if (enc.state !== 'done') return `The doc index of ${id} is not ready (${enc.state}${enc.error ? `: ${enc.error}` : ''}).`;
  return null;
}

/** Why a model was not loaded: left out by `?models=`, or the backend cannot run it (the worker says why). */
export function skippedWhy(st: Pick<ModelStatus, 'error'>): string {
  return st.error ?? 'not loaded (left out by ?models=)';
}

/**
 * "120 docs/s · ETA 17 s" while encoding; no rate or ETA before there is one to show — the first
 * event comes at 0 docs with a rate of 0, whose ETA is Infinity ("0/1997 · ETA Infinity s").
 */
export function encodeRate(p: Pick<EncodeProgress, 'docsPerSec' | 'etaS'>): string {
  if (!(p.docsPerSec > 0) || !Number.isFinite(p.etaS) || p.etaS < 0) return 'measuring speed…';
  const eta = p.etaS < 90 ? `${Math.ceil(p.etaS)} s` : `${Math.ceil(p.etaS / 60)} min`;
  return `${p.docsPerSec.toFixed(0)} docs/s · ETA ${eta}`;
}
