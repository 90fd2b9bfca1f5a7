/**
 * Per-query relevance metrics over plain qrels/runs: AUC, nDCG@k, Recall@k,
 * MRR. Definitions follow docs/field-notes "Relevance-evaluation conventions":
 *  - nDCG's ideal ordering comes from ALL judged docs of the query, not only
 *    the returned ones (the Quepid bug), so nDCG ≤ 1 always; unjudged = gain 0.
 *  - A query where a metric is undefined (no relevant doc; for AUC also no
 *    negative) yields null; aggregates skip it and count it (metricsAggregate).
 *
 * Refuses: silently treating "undefined" as 0, and guessing an order for tied
 * scores other than sortRun's (score desc, docid asc).
 */
import { DEFAULT_REL_THRESHOLD, sortRun, type ScoredDoc } from './metricsTypes';

export type Gain = 'linear' | 'exp';

export function gainOf(grade: number, gain: Gain): number {
  if (!(grade > 0)) return 0; // rel ≤ 0 (and NaN) is not relevant: no gain
  return gain === 'exp' ? 2 ** grade - 1 : grade;
}

/** DCG of grades in rank order, cut at k: Σ gain / log2(rank + 1), rank from 1. */
export function dcg(grades: readonly number[], k: number, gain: Gain): number {
  let s = 0;
  const n = Math.min(grades.length, k);
  for (let i = 0; i < n; i++) s += gainOf(grades[i], gain) / Math.log2(i + 2);
  return s;
}

/**
 * nDCG@k. judged = all judgments of the query; docs = the run for it.
 * Returns null when the query has no judged doc with positive gain.
 */
export function ndcgAtK(
  judged: Readonly<Record<string, number>>, docs: readonly ScoredDoc[], k: number, gain: Gain = 'exp',
): number | null {
  if (k <= 0) return null;
  const ideal = Object.values(judged).filter((g) => g > 0).sort((a, b) => b - a);
  const idcg = dcg(ideal, k, gain);
  if (idcg === 0) return null;
  const ranked = sortRun(docs).slice(0, k).map((d) => judged[d.docid] ?? 0);
  return dcg(ranked, k, gain) / idcg;
}

function relevantCount(judged: Readonly<Record<string, number>>, thr: number): number {
  let n = 0;
  for (const g of Object.values(judged)) if (g >= thr) n++;
  return n;
}

/** Recall@k: relevant (grade ≥ thr) docs in the top k / all relevant judged docs. */
export function recallAtK(
  judged: Readonly<Record<string, number>>, docs: readonly ScoredDoc[], k: number, thr = DEFAULT_REL_THRESHOLD,
): number | null {
  const total = relevantCount(judged, thr);
  if (total === 0) return null;
  let hit = 0;
  for (const d of sortRun(docs).slice(0, Math.max(0, k))) if ((judged[d.docid] ?? -Infinity) >= thr) hit++;
  return hit / total;
}

/** Reciprocal rank of the first relevant doc (within k if given); 0 if none returned. */
export function reciprocalRank(
  judged: Readonly<Record<string, number>>, docs: readonly ScoredDoc[], thr = DEFAULT_REL_THRESHOLD, k = Infinity,
): number | null {
  if (relevantCount(judged, thr) === 0) return null;
  const ranked = sortRun(docs);
  const n = Math.min(ranked.length, k);
  for (let i = 0; i < n; i++) if ((judged[ranked[i].docid] ?? -Infinity) >= thr) return 1 / (i + 1);
  return 0;
}

/**
 * AUC of one query: P(score(pos) > score(neg)), ties count 0.5.
 * Positives: judged grade ≥ thr; negatives: judged grade < thr. Unjudged docs
 * and judged docs the run did not score are excluded. null when either side is
 * empty. O(n log n) via the rank-sum (Mann–Whitney U) with averaged tie ranks.
 */
export function aucOfQuery(
  judged: Readonly<Record<string, number>>, docs: readonly ScoredDoc[], thr = DEFAULT_REL_THRESHOLD,
): number | null {
  const items: { s: number; pos: boolean }[] = [];
  const seen = new Set<string>();
  for (const d of docs) {
    const g = judged[d.docid];
    if (g === undefined || seen.has(d.docid) || Number.isNaN(d.score)) continue; // first score of a docid wins
    seen.add(d.docid);
    items.push({ s: d.score, pos: g >= thr });
  }
  return aucOfLabels(items.map((x) => x.s), items.map((x) => x.pos));
}

/** AUC of scores against boolean labels (ties 0.5); null if a class is empty. */
export function aucOfLabels(scores: readonly number[], positive: readonly boolean[]): number | null {
  const n = scores.length;
  let nPos = 0;
  for (const p of positive) if (p) nPos++;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1; // 1-based average rank of the tie group
    for (let t = i; t <= j; t++) if (positive[order[t]]) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
