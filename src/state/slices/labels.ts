// Labels slice: who is labelling, how the queue is built, where in the queue
// the card is, which labels the metrics use. The labels themselves live in
// IndexedDB (written as they are given, src/services/labels/labelService.ts),
// not here; nor does the queue (derived from these inputs in useLabelQueue).
import type { StateCreator } from 'zustand';
import type { LabelSource, QueueKind, Split } from '../../core/domain';
import { DEFAULT_LABEL_QUEUE, type SharePair } from '../../data/shareState';
import type { LabState } from '../store';

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

/** A (query, doc) pair of the queue, by ids. */
export type QueuePos = SharePair;

export interface LabelsSlice {
  labeller: string;
  labelSource: LabelSource;
  /** Bumped whenever the label store changes, so metrics recompute. */
  labelsVersion: number;
  queue: QueueConfig;
  /**
   * The pair the labelling card is at; null = the top of the queue. A pair,
   * not an index: a link's position survives a queue that is still being
   * built (model scores loading) and finds its pair once it is there.
   */
  queuePos: QueuePos | null;
  /** Blind judging: hide model scores and ranks while labelling. */
  blind: boolean;
  setLabeller: (name: string) => void;
  setLabelSource: (s: LabelSource) => void;
  bumpLabels: () => void;
  /** NOTE: a changed config starts the queue from the top (as a changed labeller does). */
  setQueue: (patch: Partial<QueueConfig>) => void;
  setQueuePos: (p: QueuePos | null) => void;
  setBlind: (b: boolean) => void;
}

const clampInt = (x: number, lo: number, hi: number, dflt: number): number =>
  Number.isFinite(x) ? Math.max(lo, Math.min(hi, Math.round(x))) : dflt;

const D = DEFAULT_LABEL_QUEUE;

/** The labeller's name as the slice keeps it: trimmed, at most 40 characters, 'me' when empty. */
export const cleanLabeller = (name: string): string => name.trim().slice(0, 40) || 'me';

/** localStorage key of the labeller's name: it outlives a reload (labels are filed under it). */
export const LABELLER_KEY = 'prerank-lab.labeller';

type NameStorage = Pick<Storage, 'getItem' | 'setItem'>;

// NOTE: every access is guarded: private mode, storage switched off (the getter itself throws) or a
// full quota leave the name in memory for this page, never an error.
function storage(): NameStorage | null {
  try {
    return (globalThis as { localStorage?: NameStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadLabeller(s: NameStorage | null = storage()): string {
  try {
    const v = s?.getItem(LABELLER_KEY);
    return typeof v === 'string' ? cleanLabeller(v) : 'me';
  } catch {
    return 'me';
  }
}

export function saveLabeller(name: string, s: NameStorage | null = storage()): void {
  try {
    s?.setItem(LABELLER_KEY, name);
  } catch {
    // quota or private mode: the name stays in memory for this page
  }
}
const sameQueue = (a: QueueConfig, b: QueueConfig): boolean =>
  a.kind === b.kind && a.model === b.model && a.k === b.k && a.seed === b.seed && a.split === b.split;

export const createLabelsSlice: StateCreator<LabState, [], [], LabelsSlice> = (set) => ({
  labeller: loadLabeller(),
  labelSource: 'truth',
  labelsVersion: 0,
  queue: { kind: D.kind, model: D.model, k: D.k, seed: D.seed, split: D.split },
  queuePos: null,
  blind: D.blind,
  setLabeller: (name) => set((s) => {
    const labeller = cleanLabeller(name);
    if (labeller === s.labeller) return {};
    saveLabeller(labeller);
    return { labeller, queuePos: null };
  }),
  setLabelSource: (labelSource) => set({ labelSource }),
  bumpLabels: () => set((s) => ({ labelsVersion: s.labelsVersion + 1 })),
  setQueue: (patch) => set((s) => {
    const q = { ...s.queue, ...patch };
    const queue = { ...q, k: clampInt(q.k, 1, 1000, D.k), seed: clampInt(q.seed, 0, 2 ** 31 - 1, D.seed) };
    return sameQueue(queue, s.queue) ? {} : { queue, queuePos: null };
  }),
  setQueuePos: (p) => set((s) => {
    const queuePos = p && p.qid && p.docid ? { qid: p.qid, docid: p.docid } : null;
    const same = queuePos === s.queuePos || (queuePos && s.queuePos && queuePos.qid === s.queuePos.qid && queuePos.docid === s.queuePos.docid);
    return same ? {} : { queuePos };
  }),
  setBlind: (blind) => set({ blind }),
});
