/**
 * Everything the tiers panel computes from: the query set's qids and qrels
 * (demo world + the label source chosen in the labels slice), the runtime's
 * scores (or an imported pools file), turned into one prepared funnel per
 * coarse model. Preparation (sorts, percentiles, N/M) runs once per scores
 * change; slider moves only re-run runFunnel on these.
 *
 * Refuses: storing any of this in zustand, and inventing scores when no
 * model is loaded — it says what it is waiting for instead.
 */
import { useMemo, useSyncExternalStore } from 'react';
import { prepareFunnel, type PreparedFunnel } from '../../core/funnel';
import type { Qrels } from '../../core/metricsTypes';
import type { QuerySetProgress, QuerySetScores } from '../../runtime/api';
import { labStore, useLab } from '../../state/store';
import type { TierQuerySet } from '../../state/slices/tiers';
import { labelService } from '../../services/labels/labelService';
import { qrelsForSource } from '../../services/labels/labelSources';
import { useWorld, type World } from '../../services/labels/world';
import { buildFunnelQueries } from '../../core/funnelInput';
import type { ImportedPools } from '../../data/formats/pools';
import { useClientSnapshot } from '../../services/lab/useRuntime';
import { towerModels, useTierScores } from './useTierScores';

export interface TierData {
  /** coarse models with a prepared funnel, in display order */
  models: string[];
  fineModel: string | null;
  prepared: Record<string, PreparedFunnel>;
  qrels: Qrels;
  source: string;
  /** no model has a pool for any query of the set */
  empty?: boolean;
}

/** An object whose values are made on first read, then kept (enumerable, so Object.values and spreads still work). */
function lazyRecord<T>(keys: readonly string[], make: (key: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of keys) {
    let v: T | undefined;
    Object.defineProperty(out, k, { enumerable: true, get: () => (v ??= make(k)) });
  }
  return out;
}

/** `progress`: how far the runtime's scoring has got (while scoring; or, when ready, a newer request adding a model). */
export type TierDataState =
  | { status: 'waiting' | 'scoring' | 'error'; note: string; progress?: QuerySetProgress }
  | { status: 'ready'; data: TierData; progress?: QuerySetProgress };

/** Where the figures' scores came from, in words: the runtime's run, or the browser's cache. */
function sourceNote(s: QuerySetScores, ms: number): string {
  const reused = s.cache && s.cache.computed.length === 0;
  const from = !reused ? 'scored' : s.cache!.read.length > 0 ? 'read from this browser\'s cache' : 'kept from this session\'s scoring';
  // the slices the work ran in: what a query typed meanwhile waited for, at most
  const sl = s.slices && s.slices.count > 0 ? ` (${s.slices.count} slices, longest ${(s.slices.maxMs / 1000).toFixed(2)} s)` : '';
  return `runtime, pool ${s.poolSize}, ${from} in ${(ms / 1000).toFixed(1)} s${sl}${s.cache?.writeError ? `; not cached: ${s.cache.writeError}` : ''}`;
}

/** The set's judged qids: a split, or every query with human labels (shipped or made in the lab). */
export function qidsOf(world: World, set: TierQuerySet, qrels: Qrels, labelled: ReadonlySet<string>): string[] {
  const qs = set === 'labelled'
    ? world.queries.filter((q) => q.human || labelled.has(q.qid))
    : world.queries.filter((q) => q.split === set);
  return qs.map((q) => q.qid).filter((qid) => qrels[qid]).sort();
}

export function useTierData(set: TierQuerySet, poolSize: number, limit: number, imported: ImportedPools | null): TierDataState {
  const ws = useWorld();
  const labelSource = useLab((s) => s.labelSource);
  const svc = labelService(() => labStore.getState().bumpLabels());
  const labels = useSyncExternalStore(svc.subscribe, svc.getSnapshot).labels;
  const world = ws.status === 'ready' ? ws.world : null;
  const qrels = useMemo(
    () => (world ? qrelsForSource(labelSource, world.truth, world.human, labels) : {}),
    [world, labelSource, labels],
  );
  const qids = useMemo(
    () => {
      const all = world ? qidsOf(world, set, qrels, new Set(labels.map((l) => l.qid))) : [];
      return limit > 0 ? all.slice(0, limit) : all;
    },
    [world, set, qrels, labels, limit],
  );
  const snap = useClientSnapshot();
  // NOTE: the snapshot changes on every runtime event; keep the model list stable by value.
  const towerKey = towerModels(snap).map((m) => m.id).join(',');
  const towers = useMemo(() => (towerKey ? towerKey.split(',') : []), [towerKey]);
  const scores = useTierScores(imported ? [] : towers, imported ? [] : qids, poolSize);

  // NOTE: a pools file carries its own zones, CTR, grades and intents — no world needed.
  const fromFile = useMemo((): TierData | null => imported && {
    models: [imported.model], fineModel: imported.fineModel, qrels: {}, source: 'imported pools file',
    prepared: { [imported.model]: prepareFunnel(imported.queries) },
  }, [imported]);

  // NOTE: keyed by the scores themselves, not the state object around them (a new one per render,
  // with progress): preparing every funnel again on each runtime event kept a reload's figures off for ~20 s.
  const ready = scores.status === 'ready' ? scores : null;
  const s = ready?.scores, ms = ready?.ms ?? 0;
  const data = useMemo((): TierData | null => {
    if (imported || !world || !s) return null;
    const intentOf = (qid: string): string | undefined => world.queryById.get(qid)?.intent;
    // NOTE: the rows as they are: a doc is decoded when first read (jsonlRows.ts), so only pooled docs are.
    const docs = snap.rows;
    const fine = s.fineModelId ? s.byModel[s.fineModelId] : undefined;
    const models = towers.filter((id) => s.byModel[id]);
    // NOTE: a model's funnel is prepared when first read (~0.1 s each for 360 queries): the panel shows
    // A's and B's; preparing all eight up front was most of the wait for a cached set's figures.
    const prepared = lazyRecord(models, (id) => prepareFunnel(buildFunnelQueries({ qids: s.qids, coarse: s.byModel[id], fine, docs, qrels, intentOf })));
    const empty = models.every((id) => s.qids.every((q) => !s.byModel[id][q]));
    return { models, fineModel: s.fineModelId ?? null, prepared, qrels, source: sourceNote(s, ms), empty };
  }, [world, imported, s, ms, snap.rows, towers, qrels]);

  if (fromFile) return { status: 'ready', data: fromFile };
  if (ws.status === 'error') return { status: 'error', note: `The demo world did not load: ${ws.error}` };
  if (!world) return { status: 'waiting', note: 'Loading the demo world…' };
  if (data) {
    if (data.models.length === 0 || data.empty) {
      return { status: 'error', note: `No scored query of the ${set} set has judgments under the "${labelSource}" labels.` };
    }
    return { status: 'ready', data, progress: scores.status === 'ready' ? scores.progress : undefined };
  }
  if (qids.length === 0) return { status: 'error', note: `The ${set} set has no judged query under the "${labelSource}" labels.` };
  if (scores.status === 'error') return { status: 'error', note: `Scoring failed: ${scores.error}` };
  if (scores.status === 'ready') return { status: 'scoring', note: 'Preparing…' };
  return { status: scores.status, note: scores.note, progress: scores.status === 'scoring' ? scores.progress : undefined };
}
