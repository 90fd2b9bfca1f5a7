// Tiers slice: the inputs of the serving-strategy experiment — configs A and
// B (the core's FunnelConfig), the coarse model each runs on, the query set,
// and the recall target of the suggestion — and what the panel shows (side
// being edited, trade-off zone, detail view), so a share link reproduces it.
// Funnel figures are derived from these plus the runtime's scores in the
// panel, never stored here.
import type { StateCreator } from 'zustand';
import { DEFAULT_FUNNEL_CONFIG, type ZoneFilter } from '../../core/domain';
import { cloneConfig, type FunnelConfig } from '../../core/funnel';
import { DEFAULT_SHARE_STATE, type TierDetail, type TierQuerySetId } from '../../data/shareState';
import type { LabState } from '../store';

export type TierSide = 'A' | 'B';
/** test split, valid split, or the queries with human labels */
export type TierQuerySet = TierQuerySetId;
export const TIER_QUERY_SETS: readonly TierQuerySet[] = ['test', 'valid', 'labelled'];
/** the one detail view shown */
export type TierDetailView = TierDetail;

export interface TiersSlice {
  tierConfigA: FunnelConfig;
  tierConfigB: FunnelConfig;
  /** coarse model per side; null = the default (first student) */
  tierModelA: string | null;
  tierModelB: string | null;
  tierQuerySet: TierQuerySet;
  /** candidates per query taken from each coarse model (plus every judged doc) */
  tierPool: number;
  /** score only the first N queries of the set (by qid); 0 = all */
  tierLimit: number;
  /** the suggestion's recall target, 0..1 */
  tierTarget: number;
  tierEditing: TierSide;
  /** the trade-off chart's zone */
  tierCurve: ZoneFilter;
  tierDetail: TierDetailView;
  setTierConfig: (which: TierSide, cfg: FunnelConfig) => void;
  setTierModel: (which: TierSide, id: string | null) => void;
  setTierQuerySet: (s: TierQuerySet) => void;
  setTierPool: (n: number) => void;
  setTierLimit: (n: number) => void;
  setTierTarget: (x: number) => void;
  setTierEditing: (s: TierSide) => void;
  setTierCurve: (z: ZoneFilter) => void;
  setTierDetail: (d: TierDetailView) => void;
}

// NOTE: the same defaults as the share codec's, so an untouched panel writes no `ts` key.
const SETUP = DEFAULT_SHARE_STATE.tierSetup;


export const createTiersSlice: StateCreator<LabState, [], [], TiersSlice> = (set) => ({
  // NOTE: the lab's default (core/domain.ts), the share codec's too, so an untouched config writes no `t` key.
  tierConfigA: cloneConfig(DEFAULT_FUNNEL_CONFIG),
  tierConfigB: { ...cloneConfig(DEFAULT_FUNNEL_CONFIG), premium: { cutoff: 0.6 } },
  tierModelA: null,
  tierModelB: null,
  tierQuerySet: SETUP.querySet,
  tierPool: SETUP.pool,
  tierLimit: SETUP.limit,
  tierTarget: SETUP.target,
  tierEditing: SETUP.editing,
  tierCurve: SETUP.curve,
  tierDetail: SETUP.detail,
  setTierConfig: (which, cfg) => set(which === 'A' ? { tierConfigA: cfg } : { tierConfigB: cfg }),
  setTierModel: (which, id) => set(which === 'A' ? { tierModelA: id } : { tierModelB: id }),
  setTierQuerySet: (tierQuerySet) => set({ tierQuerySet }),
  setTierPool: (n) => set({ tierPool: Number.isInteger(n) && n >= 1 && n <= 2000 ? n : SETUP.pool }),
  setTierLimit: (n) => set({ tierLimit: Number.isInteger(n) && n >= 0 && n <= 100_000 ? n : SETUP.limit }),
  setTierTarget: (x) => set({ tierTarget: Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : SETUP.target }),
  setTierEditing: (tierEditing) => set({ tierEditing }),
  setTierCurve: (tierCurve) => set({ tierCurve }),
  setTierDetail: (tierDetail) => set({ tierDetail }),
});
