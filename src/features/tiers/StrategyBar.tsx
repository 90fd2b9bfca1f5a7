// Which configuration the controls edit (A or B), its coarse model and score
// normalisation, and the relevance threshold (set on both, so A and B are
// always judged by the same rule).
import type { ConfigDifference } from '../../core/configDiff';
import type { FunnelConfig } from '../../core/funnel';
import { NORM_MODES, type NormMode } from '../../core/scoreNorm';
import type { TierSide } from '../../state/slices/tiers';
import { ABDiff } from './ABDiff';

const NORM_LABEL: Record<NormMode, string> = {
  raw: 'raw sigmoid', minmax: 'min-max per query', percentile: 'rank percentile per query', zscore: 'z-score (query set)',
};

export function StrategyBar({ editing, setEditing, cfg, onChange, model, models, setModel, onThreshold, diffs }: {
  editing: TierSide; setEditing: (s: TierSide) => void;
  cfg: FunnelConfig; onChange: (c: FunnelConfig) => void;
  model: string; models: readonly string[]; setModel: (id: string) => void;
  onThreshold: (t: number) => void;
  /** where B differs from A (shown beside the A/B switch) */
  diffs: readonly ConfigDifference[];
}) {
  return (
    <div className="strategy-bar row">
      <div className="seg" role="group" aria-label="configuration being edited">
        {(['A', 'B'] as const).map((s) => (
          <button key={s} data-testid={`tiers.edit-${s}`} aria-pressed={editing === s} onClick={() => setEditing(s)}>config {s}</button>
        ))}
      </div>
      <label className="field">
        <span>coarse model</span>
        <select data-testid="tiers.model" value={model} onChange={(e) => setModel(e.target.value)}>
          {models.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </label>
      <label className="field">
        <span>score normalisation</span>
        <select data-testid="tiers.norm" value={cfg.norm} onChange={(e) => onChange({ ...cfg, norm: e.target.value as NormMode })}>
          {NORM_MODES.map((n) => <option key={n} value={n}>{NORM_LABEL[n]}</option>)}
        </select>
      </label>
      <label className="field">
        <span>relevant = grade ≥</span>
        <select data-testid="tiers.threshold" value={cfg.threshold ?? 2} onChange={(e) => onThreshold(Number(e.target.value))}>
          {[1, 2, 3].map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </label>
      <span className="muted"><ABDiff diffs={diffs} testId="tiers.strategy-diff" /></span>
    </div>
  );
}
