// The store ⇄ share-state mapping: which inputs of which slice make up "the
// view" a link restores. Pure functions over the store's state, so they are
// tested in Node with a fresh store.
import type { StoreApi } from 'zustand/vanilla';
import type { FunnelConfig } from '../../core/funnel';
import {
  DEFAULT_SHARE_STATE, normalizeShareState, type ShareInspectView, type ShareState, type ShareTierSetup, type ShareTiers,
} from '../../data/shareState';
import type { InspectOptions } from '../../state/slices/inspect';
import type { LabState } from '../../state/store';

/** Hash prefixes written into links (`ds`, `mh`): long enough to tell sets apart, short enough for a URL. */
export const HASH_PREFIX = 12;

export interface ViewHashes {
  docset: string;
  modelset: string;
}

// NOTE: every field of a config the tiers panel can show or set goes both ways
// (caps and threshold included); only `gain`, which nothing in the lab sets,
// stays the receiver's.
const D = DEFAULT_SHARE_STATE.tiers;
const tiersOf = (c: FunnelConfig): ShareTiers => ({
  norm: c.norm, cutoff: c.premium.cutoff, boundaries: [...c.short.boundaries], order: c.short.order, alpha: c.short.alpha, quotas: [...c.short.quotas],
  threshold: c.threshold ?? D.threshold, ndcgK: c.ndcgK ?? D.ndcgK, kmK: c.kmK ?? D.kmK,
  ...(c.premium.maxForward === undefined ? {} : { maxForward: c.premium.maxForward }),
  ...(c.short.total === undefined ? {} : { total: c.short.total }),
});

const withTiers = (c: FunnelConfig, t: ShareTiers): FunnelConfig => ({
  ...c, norm: t.norm,
  premium: t.maxForward === undefined ? { cutoff: t.cutoff } : { cutoff: t.cutoff, maxForward: t.maxForward },
  short: { boundaries: [...t.boundaries], quotas: [...t.quotas], order: t.order, alpha: t.alpha, ...(t.total === undefined ? {} : { total: t.total }) },
  threshold: t.threshold, ndcgK: t.ndcgK, kmK: t.kmK,
});

const setupOf = (s: LabState): ShareTierSetup => ({
  querySet: s.tierQuerySet, pool: s.tierPool, limit: s.tierLimit, target: s.tierTarget,
  modelA: s.tierModelA ?? '', modelB: s.tierModelB ?? '', editing: s.tierEditing, curve: s.tierCurve, detail: s.tierDetail,
});

// NOTE: null (the panel's default model) is '' in a link.
const inspectOf = (o: InspectOptions): ShareInspectView => ({
  tower: o.towerId ?? '', teacher: o.teacherId ?? '', student: o.studentId ?? '',
  hideSpecial: o.hideSpecial, meanHeads: o.meanHeads, rollout: o.rollout,
  source: o.selected.source, layer: o.selected.layer, head: o.selected.head, esim: o.esimView,
});

const inspectFrom = (v: ShareInspectView): InspectOptions => ({
  towerId: v.tower || null, teacherId: v.teacher || null, studentId: v.student || null,
  hideSpecial: v.hideSpecial, meanHeads: v.meanHeads, rollout: v.rollout,
  selected: { source: v.source, layer: v.layer, head: v.head }, esimView: v.esim,
});

/** The shareable view of the current state (normalised, so it encodes compactly). */
export function viewFromState(s: LabState, h: ViewHashes): ShareState {
  return normalizeShareState({
    query: s.query, models: s.selectedModels, backend: s.backendRequest, zone: s.zone, panel: s.panel,
    inspect: s.pair && s.pair.docId ? { q: s.pair.query, doc: s.pair.docId } : null,
    labelSource: s.labelSource, tiers: tiersOf(s.tierConfigA), tiersB: tiersOf(s.tierConfigB), tierSetup: setupOf(s), topK: s.topK,
    docsetHash: h.docset.slice(0, HASH_PREFIX), modelsetHash: h.modelset.slice(0, HASH_PREFIX),
    metrics: s.metricsKnobs, labelQueue: { ...s.queue, blind: s.blind }, labelPos: s.queuePos,
    inspectView: inspectOf(s.inspectOptions), compare: s.compare, rankLayout: s.rankLayout,
  });
}

/**
 * Puts a restored view into the store through each slice's own setters (they
 * clamp again). `panel` maps a link's panel id to a known one (the registry's
 * findPanel in the app: an unknown id from a newer lab opens the first panel).
 */
export function applyView(v: ShareState, store: StoreApi<LabState>, panel: (id: string) => string): void {
  const s = store.getState();
  s.setQuery(v.query);
  s.setSelectedModels([...v.models]);
  s.setBackendRequest(v.backend);
  s.setZone(v.zone);
  s.setTopK(v.topK);
  s.setLabelSource(v.labelSource);
  s.setTierConfig('A', withTiers(s.tierConfigA, v.tiers));
  if (v.tiersB) s.setTierConfig('B', withTiers(s.tierConfigB, v.tiersB));
  const t = v.tierSetup;
  s.setTierQuerySet(t.querySet);
  s.setTierPool(t.pool);
  s.setTierLimit(t.limit);
  s.setTierTarget(t.target);
  s.setTierModel('A', t.modelA || null);
  s.setTierModel('B', t.modelB || null);
  s.setTierEditing(t.editing);
  s.setTierCurve(t.curve);
  s.setTierDetail(t.detail);
  s.setPair(v.inspect ? { query: v.inspect.q, docId: v.inspect.doc } : null);
  s.setMetricsKnobs({ ...v.metrics });
  const { blind, ...queue } = v.labelQueue;
  s.setQueue(queue); // NOTE: before the position: a changed queue starts from the top
  s.setBlind(blind);
  s.setQueuePos(v.labelPos ? { ...v.labelPos } : null);
  s.setInspectOptions(inspectFrom(v.inspectView));
  s.setCompare({ ...v.compare });
  s.setRankLayout({ pinned: [...v.rankLayout.pinned], compact: v.rankLayout.compact });
  s.setPanel(panel(v.panel));
}
