// Small ranking metrics for the BM25 report (src/core/metrics.ts is owned by the
// runtime side; these stay local to the generator scripts on purpose).
//   nDCG@k: linear gain (rel) or exponential gain (2^rel − 1, the training report's),
//     log2(rank+1) discount; the ideal ordering comes from ALL judged docs of the
//     query; unjudged docs have gain 0.
//   AUC: per query, over the judged docs only — positives grade >= 2, negatives
//     grade 0 (grade 1 left out as ambiguous); ties count 1/2; docs the ranker did
//     not score get score 0. Queries without both classes are skipped.

export type Judgments = ReadonlyMap<string, number>;

export function ndcgAt(ranked: readonly string[], judged: Judgments, k: number, gain: 'linear' | 'exp' = 'linear'): number {
  const g = (rel: number): number => (gain === 'exp' ? 2 ** rel - 1 : rel);
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) dcg += g(judged.get(ranked[i]) ?? 0) / Math.log2(i + 2);
  const ideal = [...judged.values()].filter((x) => x > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, ideal.length); i++) idcg += g(ideal[i]) / Math.log2(i + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

export function aucJudged(score: (doc: string) => number, judged: Judgments): number | null {
  const pos: number[] = [];
  const neg: number[] = [];
  for (const [d, g] of judged) {
    if (g >= 2) pos.push(score(d));
    else if (g === 0) neg.push(score(d));
  }
  if (!pos.length || !neg.length) return null;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
