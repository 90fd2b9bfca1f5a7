// UI slice: which panel is open. Panels are listed in src/app/registry.ts.
import type { StateCreator } from 'zustand';
import type { LabState } from '../store';

export interface UiSlice {
  panel: string;
  setPanel: (id: string) => void;
}

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  panel: 'ranking',
  setPanel: (panel) => set({ panel }),
});
