// The metrics panel's auto query count (the `limit` knob at 0, the default):
// the models first score a pilot of PILOT queries; its per-query AUC spread
// says how many queries ±0.01 AUC needs (src/core/precision.ts), and the
// panel asks for that many — at most the whole split — while the pilot's
// figures stay on screen, labelled as the pilot's. Scoring runs in the lab
// worker in slices behind typed queries and the metrics in their own worker,
// so the page never waits on either.
import { useCallback, useState } from 'react';
import { planQueryCount, type QueryCountPlan } from '../../core/precision';
import type { EvalOutput } from '../../services/metrics/evaluate';

/** Queries the models score before the auto count is known (the old fixed default). */
export const PILOT = 50;

/** Each run's per-query AUCs (undefined ones kept: they scale the count). */
export function aucsOf(out: EvalOutput, ids: readonly string[]): Record<string, (number | null)[]> {
  return Object.fromEntries(ids.filter((id) => out.models[id]).map((id) => [id, out.models[id].rows.map((r) => r.auc)]));
}

export interface AutoLimit {
  /** the queries to ask the models to score now */
  limit: number;
  /** the pilot's plan for this split (auto only; null until the pilot is evaluated) */
  plan: QueryCountPlan | null;
  /** hands the pilot's evaluation in (ignored unless it is the pilot of the current split) */
  learn: (out: EvalOutput, modelIds: readonly string[], scored: number) => void;
}

/**
 * `knob` = the store's limit (0 = auto); `split` = the split the models score;
 * `available` = its query count. The plan is kept per split, so switching
 * back to a split does not pilot it again.
 */
export function useAutoLimit(knob: number, split: string, available: number): AutoLimit {
  const [plans, setPlans] = useState<Readonly<Record<string, QueryCountPlan>>>({});
  const pilot = Math.min(PILOT, Math.max(1, available));
  const plan = knob === 0 ? plans[split] ?? null : null;
  const learn = useCallback((out: EvalOutput, modelIds: readonly string[], scored: number) => {
    if (knob !== 0 || plans[split] || scored !== pilot) return;
    const p = planQueryCount(aucsOf(out, modelIds), { available });
    if (p) setPlans((m) => ({ ...m, [split]: p }));
  }, [knob, plans, split, pilot, available]);
  return { limit: knob !== 0 ? knob : plan ? plan.chosen : pilot, plan, learn };
}
