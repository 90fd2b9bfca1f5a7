/**
 * Builds the funnel's per-query candidate arrays (src/core/funnel.ts
 * FunnelQuery) from the runtime's query-set scores, the doc rows and the
 * qrels: the coarse model's pool is the candidate set; the fine ranker's
 * score of each candidate comes from its own list for the query (NaN when it
 * did not score that doc, so it ranks last and never enters the fine top-k).
 *
 * Pure (no React, no runtime import), so it is unit-tested in Node.
 * Refuses: inventing a zone or CTR for a doc index it does not know (throws),
 * and counting an unjudged candidate as irrelevant (grade NaN).
 */
import type { Zone } from './domain';
import type { FunnelQuery } from './funnel';
import type { Qrels } from './metricsTypes';

/** What the funnel needs of a doc row (src/runtime/docs/docset.ts DocRow fits). */
export interface FunnelDoc {
  id: string;
  zone: Zone;
  /** absent or null → 0 */
  ctr?: number | null;
}

/** One candidate: a doc index into the doc set and a score (src/runtime/api.ts RankedDoc). */
export interface ScoredCandidate {
  doc: number;
  score: number;
}

/** qid → candidates of one model (src/runtime/api.ts QuerySetScores.byModel[model]). */
export type ModelScores = Readonly<Record<string, readonly ScoredCandidate[]>>;

export interface FunnelInputArgs {
  qids: readonly string[];
  coarse: ModelScores;
  /** the fine ranker's scores; absent → every fine score NaN (nDCG after, N/M undefined) */
  fine?: ModelScores;
  docs: readonly FunnelDoc[];
  qrels: Qrels;
  intentOf?: (qid: string) => string | undefined;
}

/** One FunnelQuery per qid that the coarse model scored (qids without a pool are dropped). */
export function buildFunnelQueries(a: FunnelInputArgs): FunnelQuery[] {
  const out: FunnelQuery[] = [];
  for (const qid of a.qids) {
    const pool = a.coarse[qid];
    if (!pool) continue;
    const n = pool.length;
    const fineByDoc = new Map<number, number>();
    for (const c of a.fine?.[qid] ?? []) if (!fineByDoc.has(c.doc)) fineByDoc.set(c.doc, c.score);
    const judged = a.qrels[qid] ?? {};
    const zone: Zone[] = new Array<Zone>(n);
    const docids: string[] = new Array<string>(n);
    const coarse = new Float64Array(n), fine = new Float64Array(n), ctr = new Float64Array(n), grades = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = pool[i];
      const d = a.docs[c.doc];
      if (!d) throw new Error(`funnel input: query ${qid} has candidate doc index ${c.doc}, not in the doc set (${a.docs.length} docs)`);
      zone[i] = d.zone;
      docids[i] = d.id;
      coarse[i] = c.score;
      fine[i] = fineByDoc.get(c.doc) ?? NaN;
      ctr[i] = typeof d.ctr === 'number' && Number.isFinite(d.ctr) ? d.ctr : 0;
      const g = judged[d.id];
      grades[i] = typeof g === 'number' ? g : NaN;
    }
    out.push({
      qid, intent: a.intentOf?.(qid), docids, zone, coarse, fine, ctr, grades,
      idealGrades: Object.values(judged).filter((g) => Number.isFinite(g)),
    });
  }
  return out;
}
