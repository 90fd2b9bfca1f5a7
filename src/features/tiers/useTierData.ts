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
import { labStore, useLab } from '../../state/store';
import type { TierQuerySet } from '../../state/slices/tiers';
import { labelService } from '../labels/labelService';
import { qrelsForSource } from '../labels/labelSources';
import { useWorld, type World } from '../labels/world';
import { buildFunnelQueries } from './funnelInput';
import type { ImportedPools } from './poolsImport';
import { towerModels, useClientSnapshot, useTierScores } from './useTierScores';

export interface TierData {
  /** coarse models with a prepared funnel, in display order */
  models: string[];
  fineModel: string | null;
  prepared: Record<string, PreparedFunnel>;
  qrels: Qrels;
  source: string;
}

export type TierDataState =
  | { status: 'waiting' | 'scoring' | 'error'; note: string }
  | { status: 'ready'; data: TierData };

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

  const data = useMemo((): TierData | null => {
    if (imported || !world || scores.status !== 'ready') return null;
    const intentOf = (qid: string): string | undefined => world.queryById.get(qid)?.intent;
    const s = scores.scores;
    const docs = snap.rows.map((r) => ({ id: r.id, zone: r.zone, ctr: r.ctr ?? 0 }));
    const fine = s.fineModelId ? s.byModel[s.fineModelId] : undefined;
    const prepared: Record<string, PreparedFunnel> = {};
    const models = towers.filter((id) => s.byModel[id]);
    for (const id of models) {
      prepared[id] = prepareFunnel(buildFunnelQueries({ qids: s.qids, coarse: s.byModel[id], fine, docs, qrels, intentOf }));
    }
    return { models, fineModel: s.fineModelId ?? null, prepared, qrels, source: `runtime, pool ${s.poolSize}, scored in ${(scores.ms / 1000).toFixed(1)} s` };
  }, [world, imported, scores, snap.rows, towers, qrels]);

  if (fromFile) return { status: 'ready', data: fromFile };
  if (ws.status === 'error') return { status: 'error', note: `The demo world did not load: ${ws.error}` };
  if (!world) return { status: 'waiting', note: 'Loading the demo world…' };
  if (data) {
    if (data.models.length === 0 || Object.values(data.prepared).every((p) => p.queries.length === 0)) {
      return { status: 'error', note: `No scored query of the ${set} set has judgments under the "${labelSource}" labels.` };
    }
    return { status: 'ready', data };
  }
  if (qids.length === 0) return { status: 'error', note: `The ${set} set has no judged query under the "${labelSource}" labels.` };
  if (scores.status === 'error') return { status: 'error', note: `Scoring failed: ${scores.error}` };
  return { status: scores.status === 'ready' ? 'scoring' : scores.status, note: scores.status === 'ready' ? 'Preparing…' : scores.note };
}
