// Inspect slice: the (query, doc) pair the inspect panel looks at, and how
// it looks at it (which models, which map, which toggles). Inputs only: the
// maps and matrices themselves live in the inspect worker's replies.
import type { StateCreator } from 'zustand';
import type { AttnSource, EsimView } from '../../core/domain';
import { SHARE_LIMITS, cleanText } from '../../data/shareState';
import type { LabState } from '../store';

/** Either a doc of the set (by id) or free text on the doc side. */
export interface InspectPair {
  query: string;
  docId?: string;
  docText?: string;
}

export interface InspectOptions {
  /** Tower for the query/doc attention and token contributions; null = the default. */
  towerId: string | null;
  teacherId: string | null;
  studentId: string | null;
  hideSpecial: boolean;
  meanHeads: boolean;
  rollout: boolean;
  /** The map in the detail view; head -1 = mean over heads or rollout. */
  selected: { source: AttnSource; layer: number; head: number };
  esimView: EsimView;
}

export const DEFAULT_INSPECT_OPTIONS: InspectOptions = {
  towerId: null,
  teacherId: null,
  studentId: null,
  hideSpecial: false,
  meanHeads: false,
  rollout: false,
  selected: { source: 'query', layer: 0, head: 0 },
  esimView: 'raw',
};

export interface InspectSlice {
  pair: InspectPair | null;
  setPair: (p: InspectPair | null) => void;
  inspectOptions: InspectOptions;
  setInspectOptions: (patch: Partial<InspectOptions>) => void;
}

export const createInspectSlice: StateCreator<LabState, [], [], InspectSlice> = (set) => ({
  pair: null,
  // NOTE: the query held as a link carries it (see the query slice); an unchanged pair keeps its identity.
  setPair: (pair) => {
    const query = pair ? cleanText(pair.query, SHARE_LIMITS.query) : '';
    set({ pair: pair && query !== pair.query ? { ...pair, query } : pair });
  },
  inspectOptions: DEFAULT_INSPECT_OPTIONS,
  setInspectOptions: (patch) => set((s) => ({ inspectOptions: { ...s.inspectOptions, ...patch } })),
});
