/**
 * Agreement between judges on the pairs both graded: quadratic-weighted
 * Cohen's kappa (the shared formats module's weightedKappa, = sklearn's
 * cohen_kappa_score(weights="quadratic")). Judges: every lab labeller, plus
 * the shipped human labels and the demo ground truth as two more judges —
 * restricted to pairs some lab labeller graded, so the table stays cheap.
 *
 * Refuses: a kappa from no shared pair (null, shown as "—").
 */
import type { Qrels } from '../../core/metricsTypes';
import { labellerKappa } from '../../data/formats/kappa';
import type { Label as FileLabel } from '../../data/formats/types';
import type { Label } from '../../data/labelStore';

export const SHIPPED = '(shipped human)';
export const TRUTH = '(ground truth)';

export interface Agreement {
  judges: string[];
  /** judge → judge → kappa and the number of shared pairs */
  cells: Record<string, Record<string, { kappa: number | null; shared: number }>>;
}

export function agreement(labels: readonly Label[], shipped: Qrels, truth: Qrels): Agreement {
  const rows: FileLabel[] = labels.map((l) => ({ qid: l.qid, docid: l.docid, grade: l.grade, labeller: l.labeller }));
  const pairs = new Map<string, { qid: string; docid: string }>();
  for (const l of labels) pairs.set(`${l.qid}\u0000${l.docid}`, l);
  for (const { qid, docid } of pairs.values()) {
    const s = shipped[qid]?.[docid];
    if (s !== undefined) rows.push({ qid, docid, grade: s, labeller: SHIPPED });
    const t = truth[qid]?.[docid];
    if (t !== undefined) rows.push({ qid, docid, grade: t, labeller: TRUTH });
  }
  const lab = [...new Set(labels.map((l) => l.labeller))].sort();
  const judges = [...lab, ...[SHIPPED, TRUTH].filter((j) => rows.some((r) => r.labeller === j))];
  const cells: Agreement['cells'] = {};
  for (const a of judges) {
    cells[a] = {};
    for (const b of judges) if (a !== b) cells[a][b] = cells[b]?.[a] ?? labellerKappa(rows, a, b, 'quadratic');
  }
  return { judges, cells };
}
