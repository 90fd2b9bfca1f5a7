/**
 * The Labels panel's views over every label (agreement, live figures),
 * computed in the metrics worker a moment after the labels settle, with
 * useEvaluation's semantics: debounced, a newer input supersedes an older one,
 * `stale` while a newer answer is pending, `version` counts answers (the e2e
 * waits on it). Where Workers are missing it computes here after the same
 * debounce.
 *
 * Refuses: walking the labels on the page beyond packing them (a slice a
 * task), and cloning the world's qrels or the runs more than once each.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Run } from '../../core/metricsTypes';
import { packLabels, packTransferables, type PackedLabels } from '../../data/labelPack';
import type { Label } from '../../data/labelStore';
import { metricsRequestId, metricsWorker } from '../../services/metrics/metricsWorker';
import { transfer as moving } from '../../runtime/rpc';
import { labelViews, worldForViews, type LabelViews, type LabelViewsRequest, type LabelViewsWorld } from '../../services/labels/labelViews';
import type { World } from '../../services/labels/world';

export interface LabelViewsState {
  views: LabelViews | null;
  stale: boolean;
  error: string | null;
  version: number;
}

type Reply = { id: number; views?: LabelViews; error?: string };
interface Inputs { world: World; labels: readonly Label[]; runs: Record<string, Run>; split: string; reference?: string }
interface Answer { views: LabelViews | null; error: string | null; version: number; forInputs: Inputs | null }

// A key per world and per runs object, and what the worker was last sent (it keeps only that).
const keys = new WeakMap<object, number>();
let nextKey = 1;
const keyOf = (o: object): number => {
  let k = keys.get(o);
  if (k === undefined) keys.set(o, (k = nextKey++));
  return k;
};
const viewsWorld = new WeakMap<World, LabelViewsWorld>();
const worldOf = (w: World): LabelViewsWorld => {
  let v = viewsWorld.get(w);
  if (!v) viewsWorld.set(w, (v = worldForViews(w)));
  return v;
};
const sent = { world: 0, runs: 0 };

/**
 * Labels packed per task. NOTE: packing 250k at once took 70–130 ms in Node and ~190 ms on a
 * busy page; 25k a task stays near 10–20 ms and the page paints between.
 */
const PACK_SLICE = 25_000;
const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** The labels packed slice by slice; null when `alive` turns false (a newer request, an unmount). */
async function packInSlices(labels: readonly Label[], alive: () => boolean): Promise<PackedLabels[] | null> {
  const packs: PackedLabels[] = [];
  for (let i = 0; i < labels.length; i += PACK_SLICE) {
    if (i > 0) await nextTask();
    if (!alive()) return null;
    packs.push(packLabels(labels.slice(i, i + PACK_SLICE)));
  }
  return packs;
}

function request(x: Inputs, labels: PackedLabels[]): { msg: LabelViewsRequest; transfer: Transferable[] } {
  const worldKey = keyOf(x.world), runsKey = keyOf(x.runs);
  const msg: LabelViewsRequest = {
    worldKey, runsKey, labels, split: x.split, reference: x.reference,
    ...(sent.world !== worldKey ? { world: worldOf(x.world) } : {}),
    ...(sent.runs !== runsKey ? { runs: x.runs } : {}),
  };
  sent.world = worldKey;
  sent.runs = runsKey;
  return { msg, transfer: labels.flatMap(packTransferables) };
}

export function useLabelViews(world: World, labels: readonly Label[], runs: Record<string, Run>, split: string, reference?: string, debounceMs = 400): LabelViewsState {
  const inputs = useMemo<Inputs>(() => ({ world, labels, runs, split, reference }), [world, labels, runs, split, reference]);
  const [ans, setAns] = useState<Answer>({ views: null, error: null, version: 0, forInputs: null });
  const latest = useRef(0);
  useEffect(() => {
    const id = metricsRequestId();
    latest.current = id;
    let dropped = false; // a newer input or an unmount
    const done = (r: Reply): void => {
      if (r.id !== latest.current || dropped) return;
      setAns((a) => ({ views: r.views ?? a.views, error: r.error ?? null, version: a.version + 1, forInputs: inputs }));
    };
    const timer = setTimeout(() => void (async () => {
      const w = metricsWorker();
      if (w) {
        try {
          const packs = await packInSlices(inputs.labels, () => !dropped);
          if (!packs) return; // superseded while packing
          const { msg, transfer } = request(inputs, packs);
          w.call('labelViews', moving(msg, transfer)).then((views) => done({ id, views }), (e: Error) => done({ id, error: e.message }));
        } catch (e) {
          done({ id, error: String(e) }); // a label the pack refuses (an id over 255 characters)
        }
      } else {
        try {
          done({ id, views: labelViews({ ...inputs, world: worldOf(inputs.world) }) });
        } catch (e) {
          done({ id, error: String(e) });
        }
      }
    })(), debounceMs);
    return () => { clearTimeout(timer); dropped = true; };
  }, [inputs, debounceMs]);
  return { views: ans.views, error: ans.error, version: ans.version, stale: ans.forInputs !== inputs };
}
