/**
 * Inter-annotator agreement: weighted Cohen's kappa (quadratic by default,
 * as sklearn's cohen_kappa_score(weights="quadratic")) between two labellers
 * on the (qid, docid) items both judged.
 *
 * Refuses: a number when agreement is undefined — null when there is no
 * shared item or the expected disagreement is 0 (e.g. one category only).
 */
import type { Label } from './types';

export type KappaWeights = 'quadratic' | 'linear' | 'none';

/** κ_w = 1 − Σ w·O / Σ w·E over categories min..max of both label lists. */
export function weightedKappa(a: readonly number[], b: readonly number[], weights: KappaWeights = 'quadratic'): number | null {
  const n = Math.min(a.length, b.length);
  if (n === 0) return null;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { lo = Math.min(lo, a[i], b[i]); hi = Math.max(hi, a[i], b[i]); }
  const k = hi - lo + 1;
  if (!Number.isInteger(k) || k > 1000) return null; // not an integer scale
  const obs = new Float64Array(k * k), ra = new Float64Array(k), rb = new Float64Array(k);
  for (let i = 0; i < n; i++) { const x = a[i] - lo, y = b[i] - lo; obs[x * k + y]++; ra[x]++; rb[y]++; }
  const w = (i: number, j: number): number =>
    k === 1 ? 0 : weights === 'quadratic' ? ((i - j) / (k - 1)) ** 2 : weights === 'linear' ? Math.abs(i - j) / (k - 1) : i === j ? 0 : 1;
  let num = 0, den = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    num += w(i, j) * obs[i * k + j];
    den += (w(i, j) * ra[i] * rb[j]) / n;
  }
  return den > 0 ? 1 - num / den : null;
}

/** Kappa between two named labellers on their shared items (last label per item wins). */
export function labellerKappa(
  labels: readonly Label[], labellerA: string, labellerB: string, weights: KappaWeights = 'quadratic',
): { kappa: number | null; shared: number } {
  const byA = new Map<string, number>(), byB = new Map<string, number>();
  for (const l of labels) {
    const key = `${l.qid}\u0000${l.docid}`;
    if (l.labeller === labellerA) byA.set(key, l.grade);
    else if (l.labeller === labellerB) byB.set(key, l.grade);
  }
  const xa: number[] = [], xb: number[] = [];
  for (const [key, g] of byA) { const h = byB.get(key); if (h !== undefined) { xa.push(g); xb.push(h); } }
  return { kappa: weightedKappa(xa, xb, weights), shared: xa.length };
}
