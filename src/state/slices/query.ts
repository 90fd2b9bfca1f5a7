// Query slice: what the ranking panel ranks, with which models, and which two
// columns its compare bar sets side by side.
import type { StateCreator } from 'zustand';
import type { ShareCompare } from '../../data/shareState';
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
  topK: 20,
  selectedModels: [],
  compare: { a: '', b: '' },
  setQuery: (query) => set({ query }),
  setZone: (zone) => set({ zone }),
  setTopK: (topK) => set({ topK: Math.max(1, Math.min(200, Math.round(topK) || 20)) }),
  setSelectedModels: (selectedModels) => set({ selectedModels }),
  setCompare: (patch) => set((s) => {
    const c = { ...s.compare, ...patch };
    return c.a === s.compare.a && c.b === s.compare.b ? {} : { compare: c };
  }),
});
