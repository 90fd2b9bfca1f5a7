// Inspect slice: the (query, doc) pair the inspect panel looks at.
import type { StateCreator } from 'zustand';
import type { LabState } from '../store';

/** Either a doc of the set (by id) or free text on the doc side. */
export interface InspectPair {
  query: string;
  docId?: string;
  docText?: string;
}

export interface InspectSlice {
  pair: InspectPair | null;
  setPair: (p: InspectPair | null) => void;
}

export const createInspectSlice: StateCreator<LabState, [], [], InspectSlice> = (set) => ({
  pair: null,
  setPair: (pair) => set({ pair }),
});
