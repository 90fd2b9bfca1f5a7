/**
 * The runtime's scores over the panel's query set: once the coarse models'
 * doc indexes are ready, one scoreQuerySet call (coarse pools + the fine
 * ranker over their union; cached per query in the worker). Scores live in
 * this hook, never in zustand.
 *
 * Refuses: asking before the doc indexes exist (the worker would reject),
 * and showing an older request's scores as the current one's.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ManifestModel, QuerySetScores } from '../../runtime/api';
import { labClient, type ClientSnapshot } from '../../runtime/client';
import { towerWait } from '../models/readiness';

export type TierScores =
  | { status: 'waiting'; note: string }
  | { status: 'scoring'; note: string }
  | { status: 'ready'; scores: QuerySetScores; ms: number }
  | { status: 'error'; error: string };

export function useClientSnapshot(): ClientSnapshot {
  return useSyncExternalStore(labClient.subscribe, labClient.getSnapshot);
}

/** Tower models of the manifest (students first), the coarse candidates of the funnel. */
export function towerModels(snap: ClientSnapshot): ManifestModel[] {
  const order: Record<string, number> = { student: 0, teacher: 1 };
  return (snap.manifest?.models ?? []).filter((m) => m.kind === 'tower').sort((a, b) => (order[a.role] ?? 2) - (order[b.role] ?? 2));
}


/**
 * The towers that can be scored now, or why none can. NOTE: waits for the
 * fine ranker to settle (ready or failed) first — the worker scores it with
 * the pools only if it is loaded, and a later load would not re-score.
 */
function readiness(snap: ClientSnapshot, ids: readonly string[]): { ready: string[] } | { wait: string } {
  if (snap.manifestError) return { wait: `No models: ${snap.manifestError}` };
  if (!snap.manifest) return { wait: snap.runtimeError ? `The runtime failed: ${snap.runtimeError}` : 'Waiting for the runtime to load the model manifest…' };
  if (ids.length === 0) return { wait: 'The manifest lists no two-tower model to serve from.' };
  if (!snap.docs) return { wait: snap.docsError ? `No doc set: ${snap.docsError}` : 'Waiting for the doc set…' };
  const fine = snap.manifest.models.find((m) => m.kind === 'cross');
  const fst = fine ? snap.models[fine.id]?.state : undefined;
  if (fine && fst !== 'ready' && fst !== 'error') return { wait: `Waiting for the fine ranker ${fine.id} to load…` };
  const ready = ids.filter((id) => towerWait(snap, id) === null);
  return ready.length ? { ready } : { wait: towerWait(snap, ids[0])! };
}

export function useTierScores(modelIds: readonly string[], qids: readonly string[], poolSize: number): TierScores {
  const snap = useClientSnapshot();
  const r = readiness(snap, modelIds);
  const waiting = 'wait' in r ? r.wait : null;
  const readyKey = 'ready' in r ? r.ready.join(',') : '';
  // NOTE: the key names the request; a result is shown only for its own key.
  const base = `${snap.docs?.sha256}|${poolSize}|${qids.join(',')}`;
  const key = waiting ? '' : `${base}|${readyKey}`;
  const [result, setResult] = useState<{ key: string; base: string; state: TierScores } | null>(null);
  const ids = useMemo(() => (readyKey ? readyKey.split(',') : []), [readyKey]);
  const qs = useMemo(() => [...qids], [qids]);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const t0 = performance.now();
    labClient.scoreQuerySet(ids, qs, poolSize, 'tiers').then(
      (scores) => { if (live) setResult({ key, base, state: { status: 'ready', scores, ms: performance.now() - t0 } }); },
      (e: unknown) => { if (live) setResult({ key, base, state: { status: 'error', error: e instanceof Error ? e.message : String(e) } }); },
    );
    return () => { live = false; };
  }, [key, base, ids, qs, poolSize]);
  if (waiting) return { status: 'waiting', note: waiting };
  if (result?.key === key) return result.state;
  // A model that became ready later (the teacher loads last): keep showing
  // the same query set's scores of the models that were ready, until the new ones arrive.
  if (result?.base === base && result.state.status === 'ready') return result.state;
  return { status: 'scoring', note: `Scoring ${qids.length} queries with ${ids.join(', ')} and the fine ranker (pool ${poolSize}); the fine ranker takes the longest…` };
}
