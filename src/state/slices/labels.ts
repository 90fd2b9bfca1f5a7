// Labels slice: who is labelling, how the queue is built, which labels the
// metrics use. The labels themselves live in IndexedDB (written as they are
// given, src/features/labels/labelService.ts), not here.
import type { StateCreator } from 'zustand';
import type { LabState } from '../store';

export type LabelSource = 'truth' | 'human' | 'both';
export type QueueKind = 'disagreement' | 'topk' | 'random';
export type Split = 'train' | 'valid' | 'test';

export interface QueueConfig {
  kind: QueueKind;
  /** topk: the model whose top-K is queued */
  model: string;
  /** disagreement / topk: depth of each model's list that is considered */
  k: number;
  /** random: PRNG seed */
  seed: number;
  /** queries of this split only */
  split: Split;
}

export interface LabelsSlice {
  labeller: string;
  labelSource: LabelSource;
  /** Bumped whenever the label store changes, so metrics recompute. */
  labelsVersion: number;
  queue: QueueConfig;
  /** Blind judging: hide model scores and ranks while labelling. */
  blind: boolean;
  setLabeller: (name: string) => void;
  setLabelSource: (s: LabelSource) => void;
  bumpLabels: () => void;
  setQueue: (patch: Partial<QueueConfig>) => void;
  setBlind: (b: boolean) => void;
}

const clampInt = (x: number, lo: number, hi: number, dflt: number): number =>
  Number.isFinite(x) ? Math.max(lo, Math.min(hi, Math.round(x))) : dflt;

export const createLabelsSlice: StateCreator<LabState, [], [], LabelsSlice> = (set) => ({
  labeller: 'me',
  labelSource: 'truth',
  labelsVersion: 0,
  queue: { kind: 'random', model: '', k: 20, seed: 1, split: 'test' },
  blind: false,
  setLabeller: (labeller) => set({ labeller: labeller.trim().slice(0, 40) || 'me' }),
  setLabelSource: (labelSource) => set({ labelSource }),
  bumpLabels: () => set((s) => ({ labelsVersion: s.labelsVersion + 1 })),
  setQueue: (patch) => set((s) => {
    const q = { ...s.queue, ...patch };
    return { queue: { ...q, k: clampInt(q.k, 1, 1000, 20), seed: clampInt(q.seed, 0, 2 ** 31 - 1, 1) } };
  }),
  setBlind: (blind) => set({ blind }),
});
