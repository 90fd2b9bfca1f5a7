/**
 * Which judgments the metrics are computed against:
 *  - truth: the demo world's ground truth (qrels.trec);
 *  - human: the shipped human labels (human.qrels.trec) plus every label made
 *    in the lab. A pair graded by several judges gets the mean of their
 *    grades rounded half up (the shipped grade counts as one judge; each lab
 *    labeller's latest grade as one), so qrels stay integer and exportable;
 *  - both: truth, with the human grade replacing it where a pair has one.
 * The qrels returned here are exactly what the metrics panel exports, so an
 * outside tool recomputes the same figures from the exported file.
 *
 * Refuses: weighting one labeller above another, and mutating its inputs.
 */
import type { LabelSource } from '../../core/domain';
import type { Qrels } from '../../core/metricsTypes';
import type { Label } from '../../data/labelStore';

export const LABEL_SOURCES: readonly { id: LabelSource; label: string }[] = [
  { id: 'truth', label: 'demo ground truth' },
  { id: 'human', label: 'human labels (shipped + lab)' },
  { id: 'both', label: 'both (human overrides truth)' },
];

/** Round half up: 1.5 → 2, 2.5 → 3 (not banker's rounding). */
const roundHalfUp = (x: number): number => Math.floor(x + 0.5);

/** Shipped human qrels + lab labels → one grade per pair. */
export function mergeHuman(shipped: Qrels, labels: readonly Label[]): Qrels {
  const sums = new Map<string, Map<string, { s: number; n: number }>>();
  const add = (qid: string, docid: string, g: number): void => {
    let q = sums.get(qid);
    if (!q) sums.set(qid, (q = new Map()));
    const e = q.get(docid);
    if (e) { e.s += g; e.n++; } else q.set(docid, { s: g, n: 1 });
  };
  for (const [qid, docs] of Object.entries(shipped)) for (const [d, g] of Object.entries(docs)) add(qid, d, g);
  for (const l of labels) add(l.qid, l.docid, l.grade);
  const out: Qrels = {};
  for (const [qid, q] of sums) {
    out[qid] = {};
    for (const [d, e] of q) out[qid][d] = roundHalfUp(e.s / e.n);
  }
  return out;
}

/** Overlay: every pair of `base`, replaced or extended by `top`. */
export function overlay(base: Qrels, top: Qrels): Qrels {
  const out: Qrels = {};
  for (const [qid, docs] of Object.entries(base)) out[qid] = { ...docs };
  for (const [qid, docs] of Object.entries(top)) out[qid] = { ...(out[qid] ?? {}), ...docs };
  return out;
}

export function qrelsForSource(source: LabelSource, truth: Qrels, shippedHuman: Qrels, labels: readonly Label[]): Qrels {
  if (source === 'truth') return truth;
  const human = mergeHuman(shippedHuman, labels);
  return source === 'human' ? human : overlay(truth, human);
}

/** Only the queries in `qids` (e.g. one split). */
export function restrictQrels(qrels: Qrels, qids: ReadonlySet<string>): Qrels {
  const out: Qrels = {};
  for (const [qid, docs] of Object.entries(qrels)) if (qids.has(qid)) out[qid] = docs;
  return out;
}

/** One labeller's labels as qrels (for export and for agreement). */
export { labellerQrels } from '../../data/labelFiles';
