// The one zustand store, in slices. It holds inputs and ids, not derived data:
// ONNX sessions, embeddings and other big arrays live outside reactive state
// (src/runtime), and panels derive what they show from these inputs.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createSessionSlice, type SessionSlice } from './slices/session';
import { createUiSlice, type UiSlice } from './slices/ui';
import { createQuerySlice, type QuerySlice } from './slices/query';
import { createInspectSlice, type InspectSlice } from './slices/inspect';
import { createLabelsSlice, type LabelsSlice } from './slices/labels';
import { createTiersSlice, type TiersSlice } from './slices/tiers';
import { createDocsetSlice, type DocsetSlice } from './slices/docset';
import { createMetricsSlice, type MetricsSlice } from './slices/metrics';

export type LabState = SessionSlice & UiSlice & QuerySlice & InspectSlice & LabelsSlice & TiersSlice & DocsetSlice & MetricsSlice;

/** A fresh store: the app makes one; every test makes its own. */
export function createLabStore(): StoreApi<LabState> {
  return createStore<LabState>()((...a) => ({
    ...createSessionSlice(...a),
    ...createUiSlice(...a),
    ...createQuerySlice(...a),
    ...createInspectSlice(...a),
    ...createLabelsSlice(...a),
    ...createTiersSlice(...a),
    ...createDocsetSlice(...a),
    ...createMetricsSlice(...a),
  }));
}

export const labStore = createLabStore();

export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(labStore, selector);
}
