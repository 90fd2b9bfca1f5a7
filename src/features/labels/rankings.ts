// Runs (model scores, imported runs) → the docid rankings the queue uses, and
// which models' ranks a labelling card shows (teacher, student, fine first).
import { sortRun, type Run } from '../../core/metricsTypes';
import type { ManifestModel } from '../../runtime/api';
import type { Rankings } from './queue';

/** Each run's docids per query in the metrics' order (score desc, docid asc). */
export function rankingsFromRuns(runs: Readonly<Record<string, Run>>): Rankings {
  const out: Rankings = {};
  for (const [id, run] of Object.entries(runs)) {
    out[id] = {};
    for (const [qid, docs] of Object.entries(run)) out[id][qid] = sortRun(docs).map((d) => d.docid);
  }
  return out;
}

const ROLE_ORDER: Record<string, number> = { teacher: 0, student: 1, fine: 2, head: 3 };

/** Models with rankings, teacher → student → fine → heads, then any others by id. */
export function shownModelIds(models: readonly Pick<ManifestModel, 'id' | 'role'>[], withRankings: readonly string[]): string[] {
  const role = new Map(models.map((m) => [m.id, ROLE_ORDER[m.role] ?? 9]));
  return [...withRankings].sort((a, b) => (role.get(a) ?? 9) - (role.get(b) ?? 9) || (a < b ? -1 : a > b ? 1 : 0));
}
