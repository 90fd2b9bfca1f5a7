// Metrics of every model (and imported run) against the chosen labels:
// overall with 95% bootstrap CIs and the precision they reach, paired
// differences against any baseline with its per-query rows (each opens its
// query in Ranking), the reference-shaped table, quality vs latency, per
// intent and per zone. Computed in a worker from the inputs (labels, runs,
// knobs), debounced, so labelling never waits on it; the models score as many
// queries as ±0.01 AUC needs (useAutoLimit.ts) in the lab worker's background.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { MetricLatencyChart } from '../../components/MetricLatencyChart';
import type { Summary } from '../../core/metricsAggregate';
import { labStore, useLab } from '../../state/store';
import { labelService } from '../../services/labels/labelService';
import { qrelsForSource, restrictQrels } from '../../services/labels/labelSources';
import { useWorld, type World } from '../../services/labels/world';
import type { Label } from '../../data/labelStore';
import { DEFAULT_SETTINGS, type EvalInput, type EvalSettings } from '../../services/metrics/evaluate';
import { useImportedRuns } from '../../services/metrics/importedRuns';
import { MetricsControls } from './MetricsControls';
import { MetricsGroups } from './MetricsGroups';
import { MetricsIO } from './MetricsIO';
import { MetricsReferenceTable, MetricsTable, gainLabel } from './MetricsTable';
import { MetricsPaired } from './MetricsPaired';
import { MetricsPerQuery } from './MetricsPerQuery';
import { MetricsPrecision } from './MetricsPrecision';
import { useAutoLimit } from './useAutoLimit';
import { defaultReference, techniqueOf, type RunInfo } from './models';
import { DEFAULT_SCORE_REQUEST, runsFromScores, useModelScores } from '../../services/metrics/useModelScores';
import { useEvaluation } from '../../services/metrics/useEvaluation';
import '../../components/controls.css';
import './metrics.css';

const NO_LABELS: readonly Label[] = [];

export function MetricsPanel() {
  const w = useWorld();
  if (w.status === 'loading') return <EmptyState testId="metrics.loading">Loading the demo world…</EmptyState>;
  if (w.status === 'error') return <p className="error" data-testid="metrics.error">{w.error}</p>;
  return <Metrics world={w.world} />;
}

function Metrics({ world }: { world: World }) {
  const imported = useImportedRuns();
  const source = useLab((s) => s.labelSource);
  const svc = labelService(() => labStore.getState().bumpLabels());
  const snap = useSyncExternalStore(svc.subscribe, svc.getSnapshot);
  // NOTE: the knobs live in the store (metrics slice), so a share link carries them.
  const knobs = useLab((s) => s.metricsKnobs);
  const settings = useMemo<EvalSettings>(() => ({ ...DEFAULT_SETTINGS, gain: knobs.gain, ndcgK: knobs.ndcgK, recallK: knobs.recallK }), [knobs.gain, knobs.ndcgK, knobs.recallK]);
  const scoreSplit = knobs.split === 'all' ? 'test' : knobs.split;
  const available = useMemo(() => world.queries.filter((q) => q.split === scoreSplit).length, [world, scoreSplit]);
  const auto = useAutoLimit(knobs.limit, scoreSplit, available);
  const scores = useModelScores(world, { ...DEFAULT_SCORE_REQUEST, split: scoreSplit, limit: auto.limit });
  // NOTE: while a larger set of the same split scores, the smaller one's figures stay — labelled as such (MetricsPrecision).
  const shownScores = scores.status === 'ready' ? scores : scores.status === 'loading' ? scores.previous ?? null : null;

  const modelRuns = useMemo(() => (shownScores ? runsFromScores(shownScores.scores, shownScores.rows) : {}), [shownScores]);
  const runs = useMemo(() => ({ ...modelRuns, ...imported }), [modelRuns, imported]);
  const infos = useMemo<RunInfo[]>(() => {
    const models = shownScores ? shownScores.models : [];
    const out: RunInfo[] = models.filter((m) => modelRuns[m.id]).map((m) => ({
      id: m.id, technique: techniqueOf(m), role: m.role, source: 'model', latencyMs: shownScores?.latencyMs[m.id],
    }));
    for (const id of Object.keys(modelRuns)) if (!out.some((o) => o.id === id)) out.push({ id, technique: 'model', source: 'model' });
    for (const id of Object.keys(imported)) out.push({ id, technique: 'imported run', source: 'imported' });
    return out;
  }, [shownScores, modelRuns, imported]);
  const reference = knobs.reference === 'auto' ? defaultReference(infos) : knobs.reference || undefined;

  // NOTE: with the ground truth as source, new labels must not trigger a recompute.
  const labels = source === 'truth' ? NO_LABELS : snap.labels;
  const qrels = useMemo(() => {
    const all = qrelsForSource(source, world.truth, world.human, labels);
    if (knobs.split === 'all') return all;
    return restrictQrels(all, new Set(world.queries.filter((q) => q.split === knobs.split).map((q) => q.qid)));
  }, [source, world, labels, knobs.split]);

  const input = useMemo<EvalInput | null>(() => {
    if (Object.keys(runs).length === 0) return null;
    const intentOf: Record<string, string> = {};
    for (const q of world.queries) if (qrels[q.qid]) intentOf[q.qid] = q.intent;
    const zoneOf: Record<string, string> = {};
    const note = (d: string): void => {
      const i = world.docIndex.get(d);
      if (i !== undefined) zoneOf[d] = world.docs[i].zone;
    };
    for (const docs of Object.values(qrels)) for (const d of Object.keys(docs)) note(d);
    for (const r of Object.values(runs)) for (const docs of Object.values(r)) for (const d of docs) note(d.docid);
    return { qrels, runs, reference, baseline: knobs.baseline || undefined, intentOf, zoneOf, settings };
  }, [runs, qrels, reference, knobs.baseline, world, settings]);
  const ev = useEvaluation(input);

  const out = ev.output;
  // The pilot's evaluation sets the auto query count (useAutoLimit ignores any other).
  const { learn } = auto;
  useEffect(() => {
    if (out && !ev.stale && scores.status === 'ready') learn(out, Object.keys(modelRuns), scores.qids.length);
  }, [out, ev.stale, scores, modelRuns, learn]);
  const overall: Record<string, Summary> = {};
  const byIntent: Record<string, Record<string, Summary>> = {};
  const byZone: Record<string, Record<string, Summary>> = {};
  if (out) for (const [id, m] of Object.entries(out.models)) { overall[id] = m.overall; byIntent[id] = m.byIntent; byZone[id] = m.byZone; }
  const shown = infos.filter((i) => overall[i.id]);
  const points = shown.filter((i) => i.latencyMs !== undefined && overall[i.id].auc?.mean != null)
    .map((i) => ({ id: i.id, latencyMs: i.latencyMs!, quality: overall[i.id].auc!.mean! }));

  return (
    <div className="metrics">
      <MetricsControls runIds={Object.keys(runs)} />
      {!shownScores && (
        <p className="label-note" data-testid="metrics.no-models">
          {scores.status === 'none' ? scores.reason : scores.status === 'loading' ? scores.note : scores.status === 'error' ? scores.error : ''}
          {' '}Import a TREC run file below to evaluate it.
        </p>
      )}
      <p className="label-note" data-testid="metrics.status" data-version={ev.version} data-stale={String(ev.stale || (input !== null && !out))}>
        {input === null ? 'no runs to evaluate'
          : !out ? 'computing…'
            : `${out.queries} judged queries · ${gainLabel(settings)} · unjudged docs count as not relevant · 95% bootstrap CIs over queries (1000 resamples) · computed in ${out.ms.toFixed(0)} ms${ev.stale ? ' · updating…' : ''}`}
      </p>
      {ev.error && <p className="error" data-testid="metrics.compute-error">{ev.error}</p>}
      {out && shown.length > 0 && (
        <MetricsPrecision out={out} stale={ev.stale} ids={shown.map((i) => i.id)} available={available} split={scoreSplit}
          auto={Object.keys(modelRuns).length === 0 ? null : knobs.limit === 0} plan={auto.plan}
          scoring={scores.status === 'loading' && shownScores ? { key: scores.key, total: scores.total, shown: shownScores.qids.length } : null} />
      )}
      {shown.length > 0 && (
        <>
          <MetricsTable infos={shown} results={overall} settings={settings} reference={reference} />
          {out && (
            <MetricsPaired rows={out.paired.filter((r) => shown.some((i) => i.id === r.model))} baseline={out.baseline} ndcgK={settings.ndcgK}
              runIds={Object.keys(runs)} reference={reference} />
          )}
          {out && out.baseline && (
            <MetricsPerQuery out={out} baseline={out.baseline} textOf={(q) => world.queryById.get(q)?.text} intentOf={(q) => world.queryById.get(q)?.intent} />
          )}
          <div className="metric-row">
            <div className="metric-section">
              <h3>In the shape of the reference</h3>
              <MetricsReferenceTable infos={shown} results={overall} />
            </div>
            <div className="metric-section metric-grow">
              <h3>Quality against latency</h3>
              <MetricLatencyChart testId="metrics.chart" points={points} qualityLabel="AUC" unplotted={shown.filter((i) => i.latencyMs === undefined).map((i) => i.id)} />
            </div>
          </div>
          <MetricsGroups title="Per intent" testId="metrics.by-intent" models={shown.map((i) => i.id)} groups={byIntent} metric={knobs.groupMetric} />
          <MetricsGroups title="Per zone (qrels and runs restricted to the zone's docs)" testId="metrics.by-zone" models={shown.map((i) => i.id)} groups={byZone} metric={knobs.groupMetric} />
        </>
      )}
      <MetricsIO world={world} runs={runs} qrels={qrels} />
    </div>
  );
}
