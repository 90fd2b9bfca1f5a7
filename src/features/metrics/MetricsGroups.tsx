// One metric per model per group (intent of the query, or zone of the docs),
// with 95% CIs. Groups with few queries have wide intervals: read those first.
import type { MetricKey, Summary } from '../../core/metricsAggregate';
import type { GroupMetric } from '../../data/shareState';
import { fmtCI } from '../../components/format';

// NOTE: the keys are the share codec's group metrics (METRICS_OPTIONS.groupMetrics), so a link names only these.
export const GROUP_METRICS: readonly { key: GroupMetric; label: string }[] = [
  { key: 'auc', label: 'AUC' }, { key: 'ndcg', label: 'nDCG' }, { key: 'recall', label: 'Recall' },
  { key: 'rr', label: 'MRR' }, { key: 'nm', label: 'N/M' }, { key: 'kendall', label: 'Kendall τ' },
];

export function MetricsGroups({ title, testId, models, groups, metric }: {
  title: string; testId: string; models: readonly string[]; groups: Record<string, Record<string, Summary>>; metric: MetricKey;
}) {
  const names = [...new Set(models.flatMap((m) => Object.keys(groups[m] ?? {})))].sort();
  if (names.length === 0) return null;
  return (
    <div className="metric-section">
      <h3>{title}</h3>
      <div className="metric-scroll">
        <table className="metric-table" data-testid={testId}>
          <thead>
            <tr><th>model</th>{names.map((g) => <th key={g}>{g} <small>({groups[models[0]]?.[g]?.queries ?? 0} q)</small></th>)}</tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m}>
                <td>{m}</td>
                {names.map((g) => {
                  const s = groups[m]?.[g];
                  return <td key={g} data-testid={`${testId}.${m}.${g}`} data-value={s?.[metric]?.mean ?? ''}>{fmtCI(s?.[metric])}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
