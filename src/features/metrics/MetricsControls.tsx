// The metrics panel's knobs: label source, split, nDCG gain and depth, the
// reference run for N/M and τ, and the metric the group tables show.
import type { MetricKey } from '../../core/metricsAggregate';
import { useLab } from '../../state/store';
import type { LabelSource } from '../../state/slices/labels';
import { LABEL_SOURCES } from '../labels/labelSources';
import type { EvalSettings } from './evaluate';
import { GROUP_METRICS } from './MetricsGroups';

export type SplitChoice = 'test' | 'valid' | 'train' | 'all';

export interface Knobs {
  settings: EvalSettings;
  split: SplitChoice;
  /** 'auto' = the fine ranker; '' = none */
  reference: string;
  groupMetric: MetricKey;
  /** how many of the split's queries the models score (human-labelled first) */
  limit: number;
}

export function MetricsControls({ knobs, set, runIds }: { knobs: Knobs; set: (k: Partial<Knobs>) => void; runIds: readonly string[] }) {
  const source = useLab((s) => s.labelSource);
  const setSource = useLab((s) => s.setLabelSource);
  const s = knobs.settings;
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
        <select data-testid="metrics.split" value={knobs.split} onChange={(e) => set({ split: e.target.value as SplitChoice })}>
          <option value="test">test split</option><option value="valid">valid split</option>
          <option value="train">train split</option><option value="all">all splits</option>
        </select>
      </label>
      <label title="queries the models score: the split's human-labelled queries first, then by qid">
        models score{' '}
        <select data-testid="metrics.query-limit" value={knobs.limit} onChange={(e) => set({ limit: Number(e.target.value) })}>
          {[20, 50, 100, 200, 400].map((n) => <option key={n} value={n}>{n} queries</option>)}
        </select>
      </label>
      <label>
        nDCG gain{' '}
        <select data-testid="metrics.gain" value={s.gain} onChange={(e) => set({ settings: { ...s, gain: e.target.value as EvalSettings['gain'] } })}>
          <option value="exp">exponential (2^rel − 1)</option>
          <option value="linear">linear (rel)</option>
        </select>
      </label>
      <label>
        nDCG@{' '}
        <select data-testid="metrics.ndcg-k" value={s.ndcgK} onChange={(e) => set({ settings: { ...s, ndcgK: Number(e.target.value) } })}>
          {[5, 10, 20, 50].map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
      </label>
      <label>
        Recall@{' '}
        <select data-testid="metrics.recall-k" value={s.recallK} onChange={(e) => set({ settings: { ...s, recallK: Number(e.target.value) } })}>
          {[10, 50, 100, 200].map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
      </label>
      <label>
        N/M, τ against{' '}
        <select data-testid="metrics.reference" value={knobs.reference} onChange={(e) => set({ reference: e.target.value })}>
          <option value="auto">the fine ranker</option>
          <option value="">none</option>
          {runIds.map((id) => <option key={id} value={id}>{id}</option>)}
        </select>
      </label>
      <label>
        groups show{' '}
        <select data-testid="metrics.group-metric" value={knobs.groupMetric} onChange={(e) => set({ groupMetric: e.target.value as MetricKey })}>
          {GROUP_METRICS.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
        </select>
      </label>
    </div>
  );
}
