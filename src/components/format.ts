// How figures are printed: 3 decimals, CIs in brackets, "—" for undefined.
import type { MetricSummary } from '../core/metricsAggregate';

export const fmt = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));

export function fmtCI(s: MetricSummary | undefined): string {
  if (!s || s.mean === null) return '—';
  return s.ci ? `${fmt(s.mean)} [${fmt(s.ci.lo)}, ${fmt(s.ci.hi)}]` : fmt(s.mean);
}
