/**
 * Pairwise accuracy over graded lists: within each query, every pair of items
 * with different grades is one test — does the score order them like the grades?
 * A score tie counts ½ (a coin flip), so a constant scorer sits at exactly 0.5.
 *
 * The headline is micro (sum of agreements / sum of pairs), so a query with more
 * graded contrasts weighs more. CIs resample queries, not pairs: pairs within a
 * query share the query's difficulty and are not independent.
 * Pure and deterministic (seeded mulberry32, shared draws for every model).
 */
import { mulberry32, quantileSorted } from './stats';

export interface Graded {
  grade: number;
  score: number;
}

/** Agreements (ties ½) and pair count of one query's list. */
export interface QueryPairs {
  agree: number;
  pairs: number;
}

export function queryPairs(list: readonly Graded[]): QueryPairs {
  let agree = 0, pairs = 0;
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i], b = list[j];
      if (a.grade === b.grade) continue;
      pairs++;
      const ds = a.score - b.score;
      if (ds === 0) agree += 0.5;
      else if (ds > 0 === a.grade > b.grade) agree++;
    }
  }
  return { agree, pairs };
}

/** Micro pairwise accuracy; NaN when no query has a graded contrast. */
export function microAccuracy(qs: readonly QueryPairs[]): number {
  let a = 0, p = 0;
  for (const q of qs) { a += q.agree; p += q.pairs; }
  return p ? a / p : NaN;
}

export interface PairwiseOptions {
  /** bootstrap resamples; default 2000 */
  samples?: number;
  /** default 0x5eed */
  seed?: number;
  /** default 0.95 */
  level?: number;
}

export interface PairwiseResult {
  acc: number;
  ci: [number, number];
  /** model − baseline, same resamples (paired); absent without a baseline */
  vsBaseline?: { diff: number; ci: [number, number] };
}

/**
 * Query indices of every resample. Drawn once and reused for every model so the
 * paired difference sees the same resampled query sets on both sides.
 */
export function resampleIndices(nQueries: number, opts: PairwiseOptions = {}): Uint32Array[] {
  const B = Math.max(1, Math.floor(opts.samples ?? 2000));
  const rand = mulberry32(opts.seed ?? 0x5eed);
  const out: Uint32Array[] = [];
  for (let b = 0; b < B; b++) {
    const idx = new Uint32Array(nQueries);
    for (let i = 0; i < nQueries; i++) idx[i] = Math.floor(rand() * nQueries);
    out.push(idx);
  }
  return out;
}

function percentile(values: Float64Array, level: number): [number, number] {
  values.sort();
  const a = (1 - level) / 2;
  return [quantileSorted(values, a), quantileSorted(values, 1 - a)];
}

/** Accuracy of one model (per-query counts in query order) with its CI, and vs a baseline when given. */
export function pairwiseWithCi(
  model: readonly QueryPairs[], baseline?: readonly QueryPairs[], opts: PairwiseOptions = {},
  draws: readonly Uint32Array[] = resampleIndices(model.length, opts),
): PairwiseResult {
  if (baseline && baseline.length !== model.length) throw new Error(`baseline has ${baseline.length} queries, model ${model.length}`);
  const level = opts.level ?? 0.95;
  const acc = new Float64Array(draws.length), diff = new Float64Array(draws.length);
  draws.forEach((idx, b) => {
    let a = 0, p = 0, ba = 0, bp = 0;
    for (const i of idx) {
      a += model[i].agree; p += model[i].pairs;
      if (baseline) { ba += baseline[i].agree; bp += baseline[i].pairs; }
    }
    // a resample with no contrasts at all (possible only for tiny sets) counts as a coin flip
    acc[b] = p ? a / p : 0.5;
    if (baseline) diff[b] = acc[b] - (bp ? ba / bp : 0.5);
  });
  const res: PairwiseResult = { acc: microAccuracy(model), ci: percentile(acc, level) };
  if (baseline) res.vsBaseline = { diff: res.acc - microAccuracy(baseline), ci: percentile(diff, level) };
  return res;
}
