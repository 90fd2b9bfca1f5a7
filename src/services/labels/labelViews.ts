/**
 * What the Labels panel shows about every label at once — the agreement table
 * and the live strip's qrels and figures — in one pure function, so it can run
 * in the metrics worker. NOTE: over 250k labels these took 1–2 s of the page's
 * thread in one task (agreement ~0.6 s, the merged human qrels ~0.3 s, cloning
 * those qrels into the worker ~0.7 s). The page now sends the labels packed in
 * slices (data/labelPack: a few strings and typed arrays), and the world's qrels and
 * the runs only when they change (LabelViewsHost keeps the last of each).
 *
 * Refuses: figures of its own — it calls agreement, qrelsForSource and
 * evaluateAll exactly as the panel did.
 */
import type { Qrels, Run } from '../../core/metricsTypes';
import { labelReader, type PackedLabels } from '../../data/labelPack';
import type { Label } from '../../data/labelStore';
import { DEFAULT_SETTINGS, evaluateAll, judgedAndScored, type EvalOutput } from '../metrics/evaluate';
import { agreement, type Agreement } from './agreement';
import { qrelsForSource, restrictQrels } from './labelSources';

/** The part of the world the views read: sent to the worker once per world. */
export interface LabelViewsWorld {
  truth: Qrels;
  human: Qrels;
  /** qid → split */
  splitOf: Record<string, string>;
}

export interface LabelViewsQuery {
  labels: readonly Label[];
  world: LabelViewsWorld;
  runs: Record<string, Run>;
  split: string;
  reference?: string;
}

export interface LiveFigures {
  /** judged-and-scored queries of the split, and their judged pairs */
  queries: number;
  pairs: number;
  /** null without runs */
  output: EvalOutput | null;
}

export interface LabelViews {
  agreement: Agreement;
  live: LiveFigures;
}

/** The live strip's settings: the metrics panel's, without bootstrap. */
export const LIVE_SETTINGS = { ...DEFAULT_SETTINGS, samples: 0 };

export function worldForViews(w: { truth: Qrels; human: Qrels; queries: readonly { qid: string; split: string }[] }): LabelViewsWorld {
  const splitOf: Record<string, string> = {};
  for (const q of w.queries) splitOf[q.qid] = q.split;
  return { truth: w.truth, human: w.human, splitOf };
}

/** Human qrels (shipped + lab) on the split's queries that some run scored: what the live strip measures against. */
export function liveQrels(world: LabelViewsWorld, labels: readonly Label[], runs: Record<string, Run>, split: string): Qrels {
  const qids = new Set(Object.keys(world.splitOf).filter((q) => world.splitOf[q] === split));
  return judgedAndScored(restrictQrels(qrelsForSource('human', world.truth, world.human, labels), qids), runs);
}

export function labelViews(q: LabelViewsQuery): LabelViews {
  const qrels = liveQrels(q.world, q.labels, q.runs, q.split);
  const pairs = Object.values(qrels).reduce((n, d) => n + Object.keys(d).length, 0);
  const output = Object.keys(q.runs).length === 0 ? null : evaluateAll({
    qrels, runs: q.runs, reference: q.reference, intentOf: {}, zoneOf: {}, settings: LIVE_SETTINGS,
  });
  return {
    agreement: agreement(q.labels, q.world.human, q.world.truth),
    live: { queries: Object.keys(qrels).length, pairs, output },
  };
}

/** One request to the metrics worker. `world` and `runs` ride along only when their key is new. */
export interface LabelViewsRequest {
  worldKey: number;
  world?: LabelViewsWorld;
  runsKey: number;
  runs?: Record<string, Run>;
  /** the labels in order, packed a slice at a time (so no one task on the page packs them all) */
  labels: PackedLabels[];
  split: string;
  reference?: string;
}

/** The worker's side: keeps the last world and runs it was sent, answers each request. */
export class LabelViewsHost {
  private world: { key: number; value: LabelViewsWorld } | null = null;
  private runs: { key: number; value: Record<string, Run> } | null = null;

  answer(r: LabelViewsRequest): LabelViews {
    if (r.world) this.world = { key: r.worldKey, value: r.world };
    if (r.runs) this.runs = { key: r.runsKey, value: r.runs };
    // NOTE: requests arrive in the order they were posted, so a key the page sent is here unless
    // the worker was replaced; say so rather than compute against the wrong world.
    if (this.world?.key !== r.worldKey || this.runs?.key !== r.runsKey) throw new Error('label views: the worker lost the world or the runs; reload the page');
    const labels = r.labels.flatMap((p) => labelReader(p)(0, p.n));
    return labelViews({ labels, world: this.world.value, runs: this.runs.value, split: r.split, reference: r.reference });
  }
}
