// Docset slice: which doc set the lab ranks — the shipped demo world or a
// file the user imported — by name, size and hash (the rows themselves live
// in the runtime's worker, never here). The share panel switches it; the
// runtime is told by src/services/lab/docsetSync.ts.
import type { StateCreator } from 'zustand';
import type { LabState } from '../store';

export interface ActiveDocset {
  source: 'demo' | 'file';
  /** file name as the user gave it (shown, never sent anywhere) */
  name: string;
  /** sha256 of the canonical docs.jsonl; '' until known */
  sha256: string;
  count: number;
}

export const DEMO_DOCSET: ActiveDocset = { source: 'demo', name: 'demo world', sha256: '', count: 0 };

export interface DocsetSlice {
  docset: ActiveDocset;
  setDocset: (d: ActiveDocset) => void;
}

export const createDocsetSlice: StateCreator<LabState, [], [], DocsetSlice> = (set) => ({
  docset: DEMO_DOCSET,
  setDocset: (docset) => set({ docset }),
});
