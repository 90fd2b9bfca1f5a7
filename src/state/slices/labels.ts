// Labels slice: who is labelling and which labels the metrics use. The labels
// themselves live in IndexedDB (written as they are given), not here.
import type { StateCreator } from 'zustand';
import type { LabState } from '../store';

export type LabelSource = 'truth' | 'human' | 'both';

export interface LabelsSlice {
  labeller: string;
  labelSource: LabelSource;
  /** Bumped whenever the label store changes, so metrics recompute. */
  labelsVersion: number;
  setLabeller: (name: string) => void;
  setLabelSource: (s: LabelSource) => void;
  bumpLabels: () => void;
}

export const createLabelsSlice: StateCreator<LabState, [], [], LabelsSlice> = (set) => ({
  labeller: 'me',
  labelSource: 'truth',
  labelsVersion: 0,
  setLabeller: (labeller) => set({ labeller: labeller.trim().slice(0, 40) || 'me' }),
  setLabelSource: (labelSource) => set({ labelSource }),
  bumpLabels: () => set((s) => ({ labelsVersion: s.labelsVersion + 1 })),
});
