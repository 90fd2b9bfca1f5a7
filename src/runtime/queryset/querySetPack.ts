// QuerySetScores on the wire from the lab worker to the page: per model, every
// query's candidates in flat arrays (offsets by query, doc indexes, scores).
// A structured clone of typed arrays is a copy of bytes; the same answer as
// ~400k {doc, score} objects (360 queries × 9 models) took ~0.5 s to clone
// each way — most of a cached Tiers open. The page unpacks it once (~50 ms).
import type { QuerySetScores, RankedDoc } from '../api';

export interface PackedModelScores {
  /** [qids + 1]: query i's candidates are docs/scores[offsets[i], offsets[i + 1]), best first */
  offsets: Int32Array;
  docs: Int32Array;
  scores: Float64Array;
}

export type PackedQuerySetScores = Omit<QuerySetScores, 'byModel'> & { packed: Record<string, PackedModelScores> };

/** Packs one model's lists, query by query in `qids` order (each list already best first). */
export function packLists(qids: readonly string[], listOf: (q: string, i: number) => { docs: ArrayLike<number>; scores: ArrayLike<number> }): PackedModelScores {
  const lists = qids.map(listOf);
  const offsets = new Int32Array(qids.length + 1);
  lists.forEach((l, i) => { offsets[i + 1] = offsets[i] + l.docs.length; });
  const docs = new Int32Array(offsets[qids.length]), scores = new Float64Array(offsets[qids.length]);
  lists.forEach((l, i) => { docs.set(l.docs, offsets[i]); scores.set(l.scores, offsets[i]); });
  return { offsets, docs, scores };
}

export function unpackQuerySetScores(p: PackedQuerySetScores): QuerySetScores {
  const { packed, ...rest } = p;
  const byModel: QuerySetScores['byModel'] = {};
  for (const [id, m] of Object.entries(packed)) {
    const perQuery: Record<string, RankedDoc[]> = {};
    p.qids.forEach((q, i) => {
      const list: RankedDoc[] = new Array(m.offsets[i + 1] - m.offsets[i]);
      for (let k = m.offsets[i]; k < m.offsets[i + 1]; k++) list[k - m.offsets[i]] = { doc: m.docs[k], score: m.scores[k] };
      perQuery[q] = list;
    });
    byModel[id] = perQuery;
  }
  return { ...rest, byModel };
}
