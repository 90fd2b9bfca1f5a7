// Tiers slice: the serving-strategy configurations (A and B) being compared.
// The config type is owned by src/core/tiers.ts; kept opaque here until the
// tiers panel lands so the store does not depend on a moving type.
import type { StateCreator } from 'zustand';
import type { LabState } from '../store';

export interface TiersSlice {
  tierConfigA: unknown;
  tierConfigB: unknown;
  setTierConfig: (which: 'A' | 'B', cfg: unknown) => void;
}

export const createTiersSlice: StateCreator<LabState, [], [], TiersSlice> = (set) => ({
  tierConfigA: null,
  tierConfigB: null,
  setTierConfig: (which, cfg) => set(which === 'A' ? { tierConfigA: cfg } : { tierConfigB: cfg }),
});
