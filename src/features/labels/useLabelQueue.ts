/**
 * The labelling session: the ordered queue (from the strategy in the store),
 * a cursor, the pairs skipped in this session, and an undo stack of grades.
 * Grading writes through the label service (memory at once, IndexedDB next)
 * and moves on; undo puts the previous grade back and returns to that pair.
 * The cursor is the labels slice's `queuePos` (a pair, so a share link can
 * name the card on screen); the skipped set and the undo stack are this
 * session's own.
 *
 * Refuses: holding the queue in zustand (it is derived from inputs).
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Label, Grade } from '../../data/labelStore';
import { pairKey } from '../../data/labelStore';
import { labStore, useLab } from '../../state/store';
import { buildQueue, nextPending, type QueueItem, type QueuePair, type Rankings, type QueueStrategy } from './queue';
import { labelService } from '../../services/labels/labelService';
import type { World } from '../../services/labels/world';

export interface LabelQueue {
  queue: QueueItem[];
  /** index of the pair on screen, -1 when nothing is pending */
  current: number;
  pending: number;
  /** this labeller's grade of the pair on screen */
  myGrade: Grade | undefined;
  grade: (g: Grade) => void;
  next: () => void;
  skip: () => void;
  undo: () => void;
  canUndo: boolean;
}

interface UndoEntry { pair: QueuePair; prev: Label | undefined; given: Label; at: number }

const bump = (): void => labStore.getState().bumpLabels();

export function useLabelQueue(world: World, rankings: Rankings, shownModels: readonly string[]): LabelQueue {
  const cfg = useLab((s) => s.queue);
  const labeller = useLab((s) => s.labeller);
  const pos = useLab((s) => s.queuePos);
  const setPos = useLab((s) => s.setQueuePos);
  const svc = labelService(bump);
  const snap = useSyncExternalStore(svc.subscribe, svc.getSnapshot);

  const queue = useMemo(() => {
    const splitQids = new Set(world.queries.filter((q) => q.split === cfg.split).map((q) => q.qid));
    const inSplit = (r: Rankings): Rankings => {
      const out: Rankings = {};
      for (const [m, byQ] of Object.entries(r)) {
        out[m] = {};
        for (const [q, d] of Object.entries(byQ)) if (splitQids.has(q)) out[m][q] = d;
      }
      return out;
    };
    const r = inSplit(rankings);
    const candidates: QueuePair[] = [];
    for (const qid of [...splitQids].sort()) {
      for (const docid of Object.keys(world.truth[qid] ?? {})) candidates.push({ qid, docid });
      for (const docid of Object.keys(world.human[qid] ?? {})) candidates.push({ qid, docid });
    }
    const strategy: QueueStrategy = cfg.kind === 'random'
      ? { kind: 'random', seed: cfg.seed }
      : cfg.kind === 'topk'
        ? { kind: 'topk', model: cfg.model || shownModels[0] || '', k: cfg.k }
        : { kind: 'disagreement', models: shownModels, k: cfg.k };
    return buildQueue(strategy, candidates, r, shownModels);
  }, [world, rankings, shownModels, cfg]);

  // NOTE: the cursor belongs to one (labeller, queue): the slice clears it when
  // either changes, so a new labeller starts at the top of the same ordering
  // and several labellers grade the same pairs.
  const at = pos ? queue.findIndex((p) => p.qid === pos.qid && p.docid === pos.docid) : -1;
  const cursor = at >= 0 ? at : 0;
  const setCursor = useCallback((i: number) => {
    const p = queue.length ? queue[((i % queue.length) + queue.length) % queue.length] : undefined;
    setPos(p ? { qid: p.qid, docid: p.docid } : null);
  }, [queue, setPos]);
  const [skipped, setSkipped] = useState<ReadonlySet<string>>(() => new Set());
  const undoStack = useRef<UndoEntry[]>([]);
  const [undoDepth, setUndoDepth] = useState(0);

  // NOTE: "has this labeller graded the pair" is asked of the service's own index, once per
  // queue pair: no set over every label is built (that was ~100 ms per change for 250k labels).
  // The snapshot's labels are a dependency so the answers are redone when the labels change.
  const graded = useMemo(() => ({
    labels: snap.labels,
    has: (p: QueuePair): boolean => svc.get({ labeller, qid: p.qid, docid: p.docid }) !== undefined,
  }), [svc, snap.labels, labeller]);

  const isPending = useCallback((p: QueuePair) => !graded.has(p) && !skipped.has(pairKey(p.qid, p.docid)), [graded, skipped]);

  const current = queue.length ? nextPending(queue, Math.min(cursor, queue.length - 1), isPending) : -1;
  const pending = useMemo(() => queue.reduce((n, p) => n + (isPending(p) ? 1 : 0), 0), [queue, isPending]);
  const item = current >= 0 ? queue[current] : undefined;

  // The store names the pair on screen (so a link does): when pending pairs
  // are passed over, move it along. A position not (yet) in the queue — a
  // link's pair while model scores load — is kept until it appears.
  useEffect(() => {
    if (!item || (pos && at < 0)) return;
    if (pos ? at === current : current === 0) return;
    setPos({ qid: item.qid, docid: item.docid });
  }, [item, pos, at, current, setPos]);

  const grade = useCallback((g: Grade) => {
    if (!item) return;
    const key = { labeller, qid: item.qid, docid: item.docid };
    const given: Label = { ...key, grade: g, time: Date.now() };
    undoStack.current.push({ pair: item, prev: svc.get(key), given, at: current });
    setUndoDepth(undoStack.current.length);
    void svc.give(given).catch(() => undefined); // the snapshot carries the error
    setCursor(current + 1);
  }, [item, labeller, svc, current, setCursor]);

  const next = useCallback(() => { if (current >= 0) setCursor(current + 1); }, [current, setCursor]);

  const skip = useCallback(() => {
    if (!item) return;
    setSkipped((s) => new Set(s).add(pairKey(item.qid, item.docid)));
    setCursor(current + 1);
  }, [item, current, setCursor]);

  const undo = useCallback(() => {
    const e = undoStack.current.pop();
    setUndoDepth(undoStack.current.length);
    if (!e) return;
    void svc.restore(e.given, e.prev).catch(() => undefined);
    // Back to the undone pair: it is pending again unless it had a grade before.
    const i = queue.findIndex((p) => p.qid === e.pair.qid && p.docid === e.pair.docid);
    setCursor(i >= 0 ? i : e.at);
  }, [svc, queue, setCursor]);

  const myGrade = item ? svc.get({ labeller, qid: item.qid, docid: item.docid })?.grade : undefined;
  return { queue, current, pending, myGrade, grade, next, skip, undo, canUndo: undoDepth > 0 };
}
