/**
 * The runtime's scores over the panel's query set: once the coarse models'
 * doc indexes are ready, one scoreQuerySet call (coarse pools + the fine
 * ranker over their union). The worker runs it in slices behind typing,
 * reports queries done after each, and keeps the pools in memory and in
 * IndexedDB (runtime/querySetScorer.ts), so the long first scoring happens
 * once. Scores live in this hook, never in zustand.
 *
 * Refuses: asking before the doc indexes exist (the worker would reject),
 * showing an older request's scores as the current one's, and figures from a
 * partly scored set: they wait for the whole set, with its progress shown.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ManifestModel, QuerySetProgress, QuerySetScores } from '../../runtime/api';
import { labClient, type ClientSnapshot } from '../../runtime/lab/client';
import { mark } from '../../runtime/timeline';
import { towerWait } from '../../services/lab/readiness';
import { useClientSnapshot } from '../../services/lab/useRuntime';

export type TierScores =
  | { status: 'waiting'; note: string }
  | { status: 'scoring'; note: string; progress?: QuerySetProgress }
  /** `progress`: a newer request (a model that became ready later) is scoring; these are the older, complete ones */
  | { status: 'ready'; scores: QuerySetScores; ms: number; progress?: QuerySetProgress }
  | { status: 'error'; error: string };

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

/**
 * First, a look in what the worker holds and the browser's pools cache (client.cachedQuerySet): it
 * needs no model loaded, so a set scored before shows as soon as the doc set is in — after a reload
 * too. 'pending' until it answers; 'miss': something needs scoring (or there is nothing to look at yet).
 */
function useCachedScores(modelIds: readonly string[], qids: readonly string[], poolSize: number, base: string, can: boolean):
  'pending' | 'miss' | TierScores {
  const key = can && modelIds.length && qids.length ? `${base}|${modelIds.join(',')}` : '';
  const [got, setGot] = useState<{ key: string; state: TierScores | null } | null>(null);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const t0 = performance.now();
    const done = (scores: QuerySetScores | null): void => {
      mark(scores ? 'page: tiers scores from the cache' : 'page: tiers scores not cached');
      if (live) setGot({ key, state: scores && { status: 'ready', scores, ms: performance.now() - t0 } });
    };
    labClient.cachedQuerySet([...modelIds], [...qids], poolSize).then(done, () => done(null));
    return () => { live = false; };
  }, [key, modelIds, qids, poolSize]);
  if (!key) return 'miss';
  if (got?.key !== key) return 'pending';
  return got.state ?? 'miss';
}

export function useTierScores(modelIds: readonly string[], qids: readonly string[], poolSize: number): TierScores {
  const snap = useClientSnapshot();
  const r = readiness(snap, modelIds);
  const waiting = 'wait' in r ? r.wait : null;
  const readyKey = 'ready' in r ? r.ready.join(',') : '';
  // NOTE: the key names the request; a result is shown only for its own key.
  const base = `${snap.docs?.sha256}|${poolSize}|${qids.join(',')}`;
  const cached = useCachedScores(modelIds, qids, poolSize, base, !!snap.manifest && !!snap.docs);
  // Models are asked to score only once the cache has answered that it cannot.
  const key = waiting || cached !== 'miss' ? '' : `${base}|${readyKey}`;
  const [result, setResult] = useState<{ key: string; base: string; state: TierScores } | null>(null);
  const [progress, setProgress] = useState<{ key: string; p: QuerySetProgress } | null>(null);
  const ids = useMemo(() => (readyKey ? readyKey.split(',') : []), [readyKey]);
  const qs = useMemo(() => [...qids], [qids]);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const t0 = performance.now();
    const onProgress = (p: QuerySetProgress): void => { if (live) setProgress({ key, p }); };
    labClient.scoreQuerySet(ids, qs, poolSize, 'tiers', onProgress).then(
      (scores) => { if (live) setResult({ key, base, state: { status: 'ready', scores, ms: performance.now() - t0 } }); },
      (e: unknown) => { if (live) setResult({ key, base, state: { status: 'error', error: e instanceof Error ? e.message : String(e) } }); },
    );
    return () => { live = false; };
  }, [key, base, ids, qs, poolSize]);
  const p = progress?.key === key ? progress.p : undefined;
  if (typeof cached === 'object') return cached;
  if (cached === 'pending') return { status: 'scoring', note: 'Looking for these scores in this browser\'s cache…' };
  if (waiting) return { status: 'waiting', note: waiting };
  if (result?.key === key) return result.state;
  // A model that became ready later (the teacher loads last): keep showing
  // the same query set's scores of the models that were ready, until the new ones arrive.
  if (result?.base === base && result.state.status === 'ready') return { ...result.state, progress: p };
  return { status: 'scoring', progress: p, note: `Scoring ${qids.length} queries with ${ids.join(', ')} and the fine ranker (pool ${poolSize}); the fine ranker takes the longest…` };
}
