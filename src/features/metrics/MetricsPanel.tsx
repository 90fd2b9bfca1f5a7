// Metrics of every model (and imported run) against the chosen labels:
// overall with 95% bootstrap CIs, the reference-shaped table, quality vs
// latency, per intent and per zone. Computed in a worker from the inputs
// (labels, runs, knobs), debounced, so labelling never waits on it.
import { useMemo, useSyncExternalStore } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { MetricLatencyChart } from '../../components/MetricLatencyChart';
import type { Summary } from '../../core/metricsAggregate';
import { labStore, useLab } from '../../state/store';
import { labelService } from '../labels/labelService';
import { qrelsForSource, restrictQrels } from '../labels/labelSources';
import { useWorld, type World } from '../labels/world';
import type { Label } from '../../data/labelStore';
import { DEFAULT_SETTINGS, type EvalInput, type EvalSettings } from './evaluate';
import { useImportedRuns } from './importedRuns';
import { MetricsControls } from './MetricsControls';
import { MetricsGroups } from './MetricsGroups';
import { MetricsIO } from './MetricsIO';
import { MetricsReferenceTable, MetricsTable, gainLabel } from './MetricsTable';
import { MetricsPaired } from './MetricsPaired';
import { defaultReference, techniqueOf, type RunInfo } from './models';
import { DEFAULT_SCORE_REQUEST, runsFromScores, useModelScores } from './useModelScores';
import { useEvaluation } from './useEvaluation';
import '../labels/labels.css';
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
  const scores = useModelScores(world, { ...DEFAULT_SCORE_REQUEST, split: knobs.split === 'all' ? 'test' : knobs.split, limit: knobs.limit });

  const modelRuns = useMemo(() => (scores.status === 'ready' ? runsFromScores(scores.scores, scores.rows) : {}), [scores]);
  const runs = useMemo(() => ({ ...modelRuns, ...imported }), [modelRuns, imported]);
  const infos = useMemo<RunInfo[]>(() => {
    const models = scores.status === 'ready' ? scores.models : [];
    const out: RunInfo[] = models.filter((m) => modelRuns[m.id]).map((m) => ({
      id: m.id, technique: techniqueOf(m), role: m.role, source: 'model',
      latencyMs: scores.status === 'ready' ? scores.latencyMs[m.id] : undefined,
    }));
    for (const id of Object.keys(modelRuns)) if (!out.some((o) => o.id === id)) out.push({ id, technique: 'model', source: 'model' });
    for (const id of Object.keys(imported)) out.push({ id, technique: 'imported run', source: 'imported' });
    return out;
  }, [scores, modelRuns, imported]);
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
    return { qrels, runs, reference, intentOf, zoneOf, settings };
  }, [runs, qrels, reference, world, settings]);
  const ev = useEvaluation(input);

  const out = ev.output;
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
      {scores.status !== 'ready' && (
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
      {shown.length > 0 && (
        <>
          <MetricsTable infos={shown} results={overall} settings={settings} reference={reference} />
          {out && <MetricsPaired rows={out.paired.filter((r) => shown.some((i) => i.id === r.model))} ndcgK={settings.ndcgK} />}
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
