// The store ⇄ share-state mapping: which inputs of which slice make up "the
// view" a link restores. Pure functions over the store's state, so they are
// tested in Node with a fresh store.
import type { StoreApi } from 'zustand/vanilla';
import type { FunnelConfig } from '../../core/funnel';
import { normalizeShareState, type ShareState, type ShareTiers } from '../../data/shareState';
import type { LabState } from '../../state/store';

/** Hash prefixes written into links (`ds`, `mh`): long enough to tell sets apart, short enough for a URL. */
export const HASH_PREFIX = 12;

export interface ViewHashes {
  docset: string;
  modelset: string;
}

const tiersOf = (c: FunnelConfig): ShareTiers => ({
  norm: c.norm, cutoff: c.premium.cutoff, boundaries: [...c.short.boundaries], order: c.short.order, alpha: c.short.alpha, quotas: [...c.short.quotas],
});

const withTiers = (c: FunnelConfig, t: ShareTiers): FunnelConfig => ({
  ...c, norm: t.norm, premium: { ...c.premium, cutoff: t.cutoff },
  short: { ...c.short, boundaries: [...t.boundaries], quotas: [...t.quotas], order: t.order, alpha: t.alpha },
});

/** The shareable view of the current state (normalised, so it encodes compactly). */
export function viewFromState(s: LabState, h: ViewHashes): ShareState {
  return normalizeShareState({
    query: s.query, models: s.selectedModels, backend: s.backendRequest, zone: s.zone, panel: s.panel,
    inspect: s.pair && s.pair.docId ? { q: s.pair.query, doc: s.pair.docId } : null,
    labelSource: s.labelSource, tiers: tiersOf(s.tierConfigA), tiersB: tiersOf(s.tierConfigB), topK: s.topK,
    docsetHash: h.docset.slice(0, HASH_PREFIX), modelsetHash: h.modelset.slice(0, HASH_PREFIX),
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
  s.setPair(v.inspect ? { query: v.inspect.q, docId: v.inspect.doc } : null);
  s.setPanel(panel(v.panel));
}
