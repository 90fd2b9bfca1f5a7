/**
 * Every field in which two serving configs (A and B of the tiers panel)
 * differ, in words: "cutoff 0.5 (A 0.6)". An A/B table whose labels show only
 * the model and the normalisation compared two configs that differed in a
 * hidden field (the cutoff) under identical labels; this lists them all.
 *
 * Fields compare by their effective value: an absent threshold is 2, so
 * `undefined` vs 2 is no difference. Refuses: skipping a field because it has
 * no effect under the other settings (α under CTR order is still listed).
 */
import type { FunnelConfig } from './funnel';
import { DEFAULT_REL_THRESHOLD } from './metricsTypes';

export interface ConfigSide {
  config: FunnelConfig;
  /** the coarse model the side runs on */
  model?: string;
}

export interface ConfigDifference {
  field: string;
  a: string;
  b: string;
}

const num = (x: number): string => String(Number(x.toFixed(4)));
const cap = (x: number | undefined): string => (x === undefined ? 'no cap' : num(x));
const list = (xs: readonly number[]): string => (xs.length ? xs.map(num).join(' / ') : 'none');

/** Field label → how a side prints it; the order is the panel's. */
const FIELDS: readonly [string, (s: ConfigSide) => string][] = [
  ['model', (s) => s.model ?? '—'],
  ['normalisation', (s) => s.config.norm],
  ['cutoff', (s) => num(s.config.premium.cutoff)],
  ['premium cap', (s) => cap(s.config.premium.maxForward)],
  ['tier boundaries', (s) => list(s.config.short.boundaries)],
  ['quotas', (s) => list(s.config.short.quotas)],
  ['order', (s) => s.config.short.order],
  ['α', (s) => num(s.config.short.alpha)],
  ['short total', (s) => cap(s.config.short.total)],
  ['relevant ≥', (s) => String(s.config.threshold ?? DEFAULT_REL_THRESHOLD)],
  ['nDCG@', (s) => String(s.config.ndcgK ?? 10)],
  ['gain', (s) => s.config.gain ?? 'exp'],
  ['Recall@k k', (s) => String(s.config.kmK ?? 10)],
];

/** The fields where B differs from A, in display order (a side without a model skips that field). */
export function configDifferences(a: ConfigSide, b: ConfigSide): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  for (const [field, show] of FIELDS) {
    if (field === 'model' && (a.model === undefined || b.model === undefined)) continue;
    const va = show(a), vb = show(b);
    if (va !== vb) out.push({ field, a: va, b: vb });
  }
  return out;
}

/** "B differs: cutoff 0.5 (A 0.6); order score (A ctr)", or that they are the same. */
export function describeDifferences(diffs: readonly ConfigDifference[]): string {
  if (diffs.length === 0) return 'B = A: the same config';
  return `B differs: ${diffs.map((d) => `${d.field} ${d.b} (A ${d.a})`).join('; ')}`;
}
