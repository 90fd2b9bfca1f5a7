// Query slice: what the ranking panel ranks, with which models, which two
// columns its compare bar sets side by side, and how its columns are laid out.
import type { StateCreator } from 'zustand';
import type { ZoneFilter } from '../../core/domain';
import {
  DEFAULT_RANK_LAYOUT, DEFAULT_SHARE_STATE, SHARE_LIMITS, cleanText, normalizeRankLayout, type ShareCompare, type ShareRankLayout,
} from '../../data/shareState';
import type { LabState } from '../store';

export interface QuerySlice {
  query: string;
  zone: ZoneFilter;
  topK: number;
  /** Selected model ids; empty = every shipped model. */
  selectedModels: string[];
  /** compare bar: column ids of A and B; '' = the first (second) column shown */
  compare: ShareCompare;
  /** pinned columns first (src/core/columnLayout.ts; default BM25 and the fine ranker) and compact rows */
  rankLayout: ShareRankLayout;
  setQuery: (q: string) => void;
  setZone: (z: ZoneFilter) => void;
  setTopK: (k: number) => void;
  setSelectedModels: (ids: string[]) => void;
  setCompare: (patch: Partial<ShareCompare>) => void;
  setRankLayout: (patch: Partial<ShareRankLayout>) => void;
  /**
   * Another panel's "open this query in Ranking" (a per-query row of the metrics or tiers tables):
   * the query typed and the ranking panel shown, in one store update. NOTE: through the store, as
   * panels never import each other.
   */
  openInRanking: (query: string) => void;
}

export const createQuerySlice: StateCreator<LabState, [], [], QuerySlice> = (set) => ({
  query: '',
  zone: 'all',
  // NOTE: the share codec's default and range, so a bare URL, a link without `k` and the panel agree.
  topK: DEFAULT_SHARE_STATE.topK,
  selectedModels: [],
  compare: { a: '', b: '' },
  rankLayout: { ...DEFAULT_RANK_LAYOUT, pinned: [...DEFAULT_RANK_LAYOUT.pinned] },
  // NOTE: held as a link carries it (200 code points), so the view a link reopens is the one that wrote it.
  setQuery: (query) => set({ query: cleanText(query, SHARE_LIMITS.query) }),
  setZone: (zone) => set({ zone }),
  setTopK: (topK) => set({ topK: Math.max(SHARE_LIMITS.topKMin, Math.min(SHARE_LIMITS.topKMax, Math.round(topK) || DEFAULT_SHARE_STATE.topK)) }),
  setSelectedModels: (selectedModels) => set({ selectedModels }),
  setCompare: (patch) => set((s) => {
    const c = { ...s.compare, ...patch };
    return c.a === s.compare.a && c.b === s.compare.b ? {} : { compare: c };
  }),
  // NOTE: clamped as a link reads it (model-id keys, each once, at most 16), so every layout writes a link that reads back.
  setRankLayout: (patch) => set((s) => ({ rankLayout: normalizeRankLayout({ ...s.rankLayout, ...patch }) })),
  openInRanking: (query) => set({ query: cleanText(query, SHARE_LIMITS.query), panel: 'ranking' }),
});
