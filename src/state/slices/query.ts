// Query slice: what the ranking panel ranks, with which models, and which two
// columns its compare bar sets side by side.
import type { StateCreator } from 'zustand';
import { DEFAULT_SHARE_STATE, SHARE_LIMITS, cleanText, type ShareCompare } from '../../data/shareState';
import type { LabState } from '../store';

export type Zone = 'all' | 'premium' | 'short';

export interface QuerySlice {
  query: string;
  zone: Zone;
  topK: number;
  /** Selected model ids; empty = every shipped model. */
  selectedModels: string[];
  /** compare bar: column ids of A and B; '' = the first (second) column shown */
  compare: ShareCompare;
  setQuery: (q: string) => void;
  setZone: (z: Zone) => void;
  setTopK: (k: number) => void;
  setSelectedModels: (ids: string[]) => void;
  setCompare: (patch: Partial<ShareCompare>) => void;
}

export const createQuerySlice: StateCreator<LabState, [], [], QuerySlice> = (set) => ({
  query: '',
  zone: 'all',
  // NOTE: the share codec's default and range, so a bare URL, a link without `k` and the panel agree.
  topK: DEFAULT_SHARE_STATE.topK,
  selectedModels: [],
  compare: { a: '', b: '' },
  // NOTE: held as a link carries it (200 code points), so the view a link reopens is the one that wrote it.
  setQuery: (query) => set({ query: cleanText(query, SHARE_LIMITS.query) }),
  setZone: (zone) => set({ zone }),
  setTopK: (topK) => set({ topK: Math.max(SHARE_LIMITS.topKMin, Math.min(SHARE_LIMITS.topKMax, Math.round(topK) || DEFAULT_SHARE_STATE.topK)) }),
  setSelectedModels: (selectedModels) => set({ selectedModels }),
  setCompare: (patch) => set((s) => {
    const c = { ...s.compare, ...patch };
    return c.a === s.compare.a && c.b === s.compare.b ? {} : { compare: c };
  }),
});
