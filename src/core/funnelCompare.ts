/**
 * A/B of two funnel configs (or two models) on the same query set: every
 * aggregate, per-intent and per-zone figure side by side with its delta.
 *
 * Refuses: deltas against a missing value — if either side is null (e.g. no
 * relevant doc in a group) the delta is null, never a fake 0.
 */
import type { FunnelFigures, FunnelResult } from './funnel';

export interface FigureDelta {
  a: number | null;
  b: number | null;
  /** b − a */
  delta: number | null;
}

export function diffFigures(a: FunnelFigures | undefined, b: FunnelFigures | undefined): Record<string, FigureDelta> {
  const out: Record<string, FigureDelta> = {};
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  for (const k of keys) {
    const va = a?.[k] ?? null, vb = b?.[k] ?? null;
    out[k] = { a: va, b: vb, delta: va !== null && vb !== null ? vb - va : null };
  }
  return out;
}

export interface FunnelComparison {
  aggregate: Record<string, FigureDelta>;
  byIntent: Record<string, Record<string, FigureDelta>>;
  byZone: Record<string, Record<string, FigureDelta>>;
}

export function compareFunnels(a: FunnelResult, b: FunnelResult): FunnelComparison {
  const byIntent: FunnelComparison['byIntent'] = {};
  for (const k of [...new Set([...Object.keys(a.byIntent), ...Object.keys(b.byIntent)])].sort()) {
    byIntent[k] = diffFigures(a.byIntent[k], b.byIntent[k]);
  }
  const byZone: FunnelComparison['byZone'] = {};
  for (const z of ['premium', 'short'] as const) byZone[z] = diffFigures(a.byZone[z], b.byZone[z]);
  return { aggregate: diffFigures(a.aggregate, b.aggregate), byIntent, byZone };
}
