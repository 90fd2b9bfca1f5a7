// Metrics slice: the metrics panel's knobs (split, nDCG gain and depth,
// Recall depth, reference run, group metric, how many queries the models
// score) — inputs only, so a share link reproduces the panel. The label
// source is the labels slice's. Runs, qrels and results are derived in the
// panel (and its worker), never stored here.
import type { StateCreator } from 'zustand';
import { DEFAULT_METRICS, normalizeMetrics, type ShareMetrics } from '../../data/shareState';
import type { LabState } from '../store';

export type MetricsKnobs = ShareMetrics;

export interface MetricsSlice {
  metricsKnobs: MetricsKnobs;
  /** NOTE: a value the panel does not offer falls back to that knob's default (the codec's choices). */
  setMetricsKnobs: (patch: Partial<MetricsKnobs>) => void;
}

export const createMetricsSlice: StateCreator<LabState, [], [], MetricsSlice> = (set) => ({
  metricsKnobs: { ...DEFAULT_METRICS },
  setMetricsKnobs: (patch) => set((s) => ({ metricsKnobs: normalizeMetrics({ ...s.metricsKnobs, ...patch }) })),
});
