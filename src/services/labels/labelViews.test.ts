import { describe, expect, it } from 'vitest';
import type { Qrels, Run } from '../../core/metricsTypes';
import { packLabels, packTransferables } from '../../data/labelPack';
import type { Grade, Label } from '../../data/labelStore';
import { DEFAULT_SETTINGS, evaluateAll, judgedAndScored, type EvalOutput } from '../metrics/evaluate';
import { agreement } from './agreement';
import { qrelsForSource, restrictQrels } from './labelSources';
import { LabelViewsHost, labelViews, liveQrels, worldForViews, type LabelViewsRequest } from './labelViews';

// A small seeded world: 30 queries over three splits, 40 docs each, truth and shipped human
// qrels on part of them, 3 labellers grading overlapping pairs (some twice: the last wins).
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const r = rng(7);
const splits = ['train', 'valid', 'test'] as const;
const queries = Array.from({ length: 30 }, (_, i) => ({ qid: `q${i}`, split: splits[i % 3] }));
const truth: Qrels = {}, human: Qrels = {};
for (const { qid } of queries) {
  truth[qid] = {};
  for (let d = 0; d < 40; d++) if (r() < 0.5) truth[qid][`d${d}`] = Math.floor(r() * 4);
  if (r() < 0.6) {
    human[qid] = {};
    for (let d = 0; d < 40; d++) if (r() < 0.3) human[qid][`d${d}`] = Math.floor(r() * 4);
  }
}
const labels: Label[] = [];
for (let i = 0; i < 1500; i++) {
  const qid = `q${Math.floor(r() * 30)}`, docid = `d${Math.floor(r() * 40)}`;
  labels.push({ qid, docid, grade: Math.floor(r() * 4) as Grade, labeller: ['ana', 'bo', 'cy'][Math.floor(r() * 3)], time: i });
}
const runOf = (): Run => Object.fromEntries(queries.filter((_, i) => i % 4 !== 0).map(({ qid }) =>
  [qid, Array.from({ length: 40 }, (_, d) => ({ docid: `d${d}`, score: r() }))]));
const runs = { coarse: runOf(), fine: runOf() };
const world = worldForViews({ truth, human, queries });

/** The Labels panel's computation as it ran on the page before it moved to the worker. */
function onThePage(split: string): { qrels: Qrels; output: EvalOutput } {
  const qids = new Set(queries.filter((q) => q.split === split).map((q) => q.qid));
  const qrels = judgedAndScored(restrictQrels(qrelsForSource('human', truth, human, labels), qids), runs);
  return { qrels, output: evaluateAll({ qrels, runs, reference: 'fine', intentOf: {}, zoneOf: {}, settings: { ...DEFAULT_SETTINGS, samples: 0 } }) };
}
const noMs = (o: EvalOutput | null): EvalOutput | null => (o && { ...o, ms: 0 }); // the timing differs run to run

describe('label views (the Labels panel, computed in the metrics worker)', () => {
  it('live qrels and figures equal the page-thread computation', () => {
    const page = onThePage('valid');
    expect(Object.keys(page.qrels).length).toBeGreaterThan(3);
    expect(liveQrels(world, labels, runs, 'valid')).toEqual(page.qrels);
    const v = labelViews({ labels, world, runs, split: 'valid', reference: 'fine' });
    expect(v.live.queries).toBe(Object.keys(page.qrels).length);
    expect(v.live.pairs).toBe(Object.values(page.qrels).reduce((n, d) => n + Object.keys(d).length, 0));
    expect(noMs(v.live.output)).toEqual(noMs(page.output));
    expect(labelViews({ labels, world, runs: {}, split: 'valid' }).live.output).toBeNull();
  });

  it('through the worker protocol (packed, cloned, world and runs sent once) equals the direct computation', () => {
    const host = new LabelViewsHost();
    const post = (req: Omit<LabelViewsRequest, 'labels'>, ls: readonly Label[]) => {
      const packed = [packLabels(ls.slice(0, 700)), packLabels(ls.slice(700))]; // two slices, in order
      // NOTE: what postMessage does: a structured clone, the typed arrays' buffers moved.
      return host.answer(structuredClone({ ...req, labels: packed } as LabelViewsRequest, { transfer: packed.flatMap(packTransferables) as ArrayBuffer[] }));
    };
    const first = post({ worldKey: 1, world, runsKey: 1, runs, split: 'valid', reference: 'fine' }, labels);
    expect(first.agreement).toEqual(agreement(labels, human, truth));
    expect(first.agreement.judges.length).toBe(5);
    expect(noMs(first.live.output)).toEqual(noMs(onThePage('valid').output));
    // Later requests carry only the labels: the worker keeps the world and the runs.
    const more = labels.slice(0, 900);
    const second = post({ worldKey: 1, runsKey: 1, split: 'test', reference: 'fine' }, more);
    const direct = labelViews({ labels: more, world, runs, split: 'test', reference: 'fine' });
    expect(second.agreement).toEqual(direct.agreement);
    expect({ ...second.live, output: noMs(second.live.output) }).toEqual({ ...direct.live, output: noMs(direct.live.output) });
    // A key the worker was never sent is an error, not figures against another world.
    expect(() => post({ worldKey: 2, runsKey: 1, split: 'test' }, more)).toThrow(/lost the world/);
  });
});
