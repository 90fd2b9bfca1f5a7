// The metrics panel's knobs: label source, split, nDCG gain and depth, the
// reference run for N/M and τ, and the metric the group tables show. All of
// them live in the store (labels and metrics slices), so a share link
// carries them; the choices offered are the share codec's, so a link can
// name only what this panel can show.
import { METRICS_OPTIONS, type GroupMetric, type MetricsGain, type MetricsSplit } from '../../data/shareState';
import { useLab } from '../../state/store';
import type { LabelSource } from '../../core/domain';
import { LABEL_SOURCES } from '../../services/labels/labelSources';
import { AUC_TARGET } from '../../core/precision';
import { GROUP_METRICS } from './MetricsGroups';

const SPLIT_LABELS: Record<MetricsSplit, string> = { test: 'test split', valid: 'valid split', train: 'train split', all: 'all splits' };
const GAIN_LABELS: Record<MetricsGain, string> = { exp: 'exponential (2^rel − 1)', linear: 'linear (rel)' };

export function MetricsControls({ runIds }: { runIds: readonly string[] }) {
  const source = useLab((s) => s.labelSource);
  const setSource = useLab((s) => s.setLabelSource);
  const k = useLab((s) => s.metricsKnobs);
  const set = useLab((s) => s.setMetricsKnobs);
  const O = METRICS_OPTIONS;
  // NOTE: a reference run named by a link may not be here (yet): it stays chosen, marked, until runs load.
  const refs = k.reference && k.reference !== 'auto' && !runIds.includes(k.reference) ? [...runIds, k.reference] : runIds;
  return (
    <div className="label-toolbar">
      <label>
        labels{' '}
        <select data-testid="metrics.source" value={source} onChange={(e) => setSource(e.target.value as LabelSource)}>
          {LABEL_SOURCES.map((x) => <option key={x.id} value={x.id}>{x.label}</option>)}
        </select>
      </label>
      <label>
        queries{' '}
        <select data-testid="metrics.split" value={k.split} onChange={(e) => set({ split: e.target.value as MetricsSplit })}>
          {O.splits.map((x) => <option key={x} value={x}>{SPLIT_LABELS[x]}</option>)}
        </select>
      </label>
      <label title="queries the models score: the split's human-labelled queries first, then by qid; auto: a pilot of 50, then as many as ±0.01 AUC needs at the pilot's per-query spread (at most the whole split)">
        models score{' '}
        <select data-testid="metrics.query-limit" value={k.limit} onChange={(e) => set({ limit: Number(e.target.value) })}>
          {O.limit.map((n) => <option key={n} value={n}>{n === 0 ? `auto (±${AUC_TARGET} AUC)` : `${n} queries`}</option>)}
        </select>
      </label>
      <label>
        nDCG gain{' '}
        <select data-testid="metrics.gain" value={k.gain} onChange={(e) => set({ gain: e.target.value as MetricsGain })}>
          {O.gains.map((g) => <option key={g} value={g}>{GAIN_LABELS[g]}</option>)}
        </select>
      </label>
      <label>
        nDCG@{' '}
        <select data-testid="metrics.ndcg-k" value={k.ndcgK} onChange={(e) => set({ ndcgK: Number(e.target.value) })}>
          {O.ndcgK.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label>
        Recall@{' '}
        <select data-testid="metrics.recall-k" value={k.recallK} onChange={(e) => set({ recallK: Number(e.target.value) })}>
          {O.recallK.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label>
        N/M, τ against{' '}
        <select data-testid="metrics.reference" value={k.reference} onChange={(e) => set({ reference: e.target.value })}>
          <option value="auto">the fine ranker</option>
          <option value="">none</option>
          {refs.map((id) => <option key={id} value={id}>{runIds.includes(id) ? id : `${id} (not loaded)`}</option>)}
        </select>
      </label>
      <label>
        groups show{' '}
        <select data-testid="metrics.group-metric" value={k.groupMetric} onChange={(e) => set({ groupMetric: e.target.value as GroupMetric })}>
          {GROUP_METRICS.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
        </select>
      </label>
    </div>
  );
}
