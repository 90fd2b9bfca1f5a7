// What precision the query count gives: the widest AUC 95% CI half-width of
// the runs on screen, how many queries ±0.01 would take at their per-query
// spread, and — with the auto count — where the pilot put it and how far the
// scoring of the rest has got. Every figure is in data-* for the e2e.
import type { MetricSummary } from '../../core/metricsAggregate';
import { AUC_TARGET, planQueryCount, widestHalfWidth, type QueryCountPlan } from '../../core/precision';
import type { EvalOutput } from '../../services/metrics/evaluate';
import { useScoringProgress } from '../../services/metrics/useModelScores';
import { aucsOf } from './useAutoLimit';

const pm = (x: number): string => `±${x.toFixed(4)}`;

/** The progress of the larger set being scored (its own subscription: a slice's event re-renders this line only). */
function Scoring({ progressKey, total, shown }: { progressKey: string; total: number; shown: number }) {
  const p = useScoringProgress(progressKey);
  const eta = p?.etaS != null && Number.isFinite(p.etaS) ? ` · about ${Math.max(1, Math.round(p.etaS))} s left` : '';
  return (
    <span data-testid="metrics.scoring" data-done={p?.done ?? 0} data-total={total}>
      {' '}Scoring {total} queries in the background: {p ? `${p.done} / ${p.total}${eta}` : 'starting…'} — until then the figures are the first {shown}&apos;s.
    </span>
  );
}

export function MetricsPrecision({ out, stale, ids, available, split, auto, plan, scoring }: {
  out: EvalOutput;
  /** a newer evaluation is on its way (e.g. the grown set's): these figures are the previous input's */
  stale: boolean;
  ids: readonly string[]; available: number; split: string;
  /** the models' query count is auto (the knob at 0); false without model runs (an imported run brings its own queries) */
  auto: boolean | null;
  /** the pilot's plan (auto) */
  plan: QueryCountPlan | null;
  /** a larger set of the same split is scoring: its request key, size, and how many the figures hold now */
  scoring: { key: string; total: number; shown: number } | null;
}) {
  const aucs: Record<string, MetricSummary | undefined> = Object.fromEntries(ids.map((id) => [id, out.models[id]?.overall.auc]));
  const widest = widestHalfWidth(aucs);
  const now = planQueryCount(aucsOf(out, ids), { available });
  const phase = scoring ? 'scoring' : stale ? 'evaluating' : auto ? (plan ? 'done' : 'pilot') : auto === false ? 'fixed' : 'runs';
  const reached = widest !== null && widest.halfWidth <= AUC_TARGET + 1e-12;
  const spreadNote = now && !reached && (
    <> At their per-query spread (sd {now.sd.toFixed(3)}, {now.model}), ±{AUC_TARGET} needs ≈ {now.needed.toLocaleString('en-US')} queries{now.capped ? `; the ${split} split has ${available}` : ''}.</>
  );
  return (
    <p className="label-note metric-precision" data-testid="metrics.precision" data-phase={phase} data-queries={out.queries}
      data-halfwidth={widest?.halfWidth ?? ''} data-needed={now?.needed ?? ''} data-chosen={plan?.chosen ?? ''} data-target={AUC_TARGET}>
      <b>Precision:</b>{' '}
      {widest
        ? <>over these {out.queries} queries the AUC 95% CIs reach at most <b>{pm(widest.halfWidth)}</b> ({widest.model}){reached ? ` — within ±${AUC_TARGET}.` : '.'}</>
        : 'no AUC CI yet (fewer than 2 queries with one).'}
      {auto && plan ? (
        <> Query count: auto — the pilot&apos;s {plan.pilot} queries (per-query AUC sd {plan.sd.toFixed(3)}, {plan.model}) ask for ≈ {plan.needed.toLocaleString('en-US')} for ±{AUC_TARGET}
          {plan.capped ? `; the ${split} split has ${available}, so all ${plan.chosen} are scored` : `, so ${plan.chosen} are scored`} (expected {pm(plan.expected)}).</>
      ) : auto ? (
        <>{spreadNote} Query count: auto — these are the pilot&apos;s queries; their spread sets how many the models score.</>
      ) : (
        <>{spreadNote}{auto === false && <> The models&apos; query count is fixed by the knob; &quot;auto&quot; picks the count for ±{AUC_TARGET}, up to the split.</>}</>
      )}
      {scoring && <Scoring progressKey={scoring.key} total={scoring.total} shown={scoring.shown} />}
      {!scoring && stale && <span data-testid="metrics.precision-updating"> Updating the figures for the queries just scored…</span>}
    </p>
  );
}
