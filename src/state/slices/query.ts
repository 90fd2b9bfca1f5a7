// Query slice: what the ranking panel ranks, and with which models.
import type { StateCreator } from 'zustand';
import type { LabState } from '../store';

export type Zone = 'all' | 'premium' | 'short';

export interface QuerySlice {
  query: string;
  zone: Zone;
  topK: number;
  /** Selected model ids; empty = every shipped model. */
  selectedModels: string[];
  setQuery: (q: string) => void;
  setZone: (z: Zone) => void;
  setTopK: (k: number) => void;
  setSelectedModels: (ids: string[]) => void;
}

export const createQuerySlice: StateCreator<LabState, [], [], QuerySlice> = (set) => ({
  query: '',
  zone: 'all',
  topK: 20,
  selectedModels: [],
  setQuery: (query) => set({ query }),
  setZone: (zone) => set({ zone }),
  setTopK: (topK) => set({ topK: Math.max(1, Math.min(200, Math.round(topK) || 20)) }),
  setSelectedModels: (selectedModels) => set({ selectedModels }),
});
