/**
 * Multi-channel recall (issue #20): the coarse ranker never sees the whole catalog, only what
 * recall hands it — here the union of each channel's top-N (BM25 and each tower's vector search).
 * Reports what each channel gave, what only it gave, and the pairwise overlaps, so the panel can say
 * how many candidates came from where. Refuses: N < 1 (a channel that gives nothing is not recall).
 */
import { topK } from './topk';

export interface RecallChannel {
  id: string;
  /** one score per doc of the set (higher is better); -Infinity = filtered out */
  scores: ArrayLike<number>;
}

export interface RecallResult {
  /** candidate doc indices, ascending */
  candidates: Int32Array;
  channels: { id: string; given: number; only: number }[];
  /** overlap[a][b] = docs both channels a and b gave */
  overlap: Record<string, Record<string, number>>;
}

export function multiChannelRecall(channels: readonly RecallChannel[], n: number): RecallResult {
  if (!(n >= 1)) throw new Error(`recall depth must be at least 1 (got ${n})`);
  const tops = channels.map((c) => Array.from(topK(c.scores, n)).filter((d) => Number.isFinite(c.scores[d])));
  const seenBy = new Map<number, number[]>();
  tops.forEach((t, k) => { for (const d of t) { const s = seenBy.get(d); if (s) s.push(k); else seenBy.set(d, [k]); } });
  const only = channels.map(() => 0);
  for (const ks of seenBy.values()) if (ks.length === 1) only[ks[0]]++;
  const overlap: RecallResult['overlap'] = {};
  channels.forEach((a, i) => {
    overlap[a.id] = {};
    const mine = new Set(tops[i]);
    channels.forEach((b, j) => { overlap[a.id][b.id] = i === j ? mine.size : tops[j].reduce((s, d) => s + (mine.has(d) ? 1 : 0), 0); });
  });
  return {
    candidates: Int32Array.from([...seenBy.keys()].sort((a, b) => a - b)),
    channels: channels.map((c, k) => ({ id: c.id, given: tops[k].length, only: only[k] })),
    overlap,
  };
}
