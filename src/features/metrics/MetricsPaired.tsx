// "Is B better than A?": each run minus the baseline A, paired per query, with
// a bootstrap 95% CI of the mean difference. A CI that excludes 0 is marked —
// the question a researcher asks, which two side-by-side CIs answer badly.
// The baseline is any run (the metrics slice's `baseline`, in links as mx's
// 8th field); by default the N/M reference run.
import type { PairedDiff } from '../../core/stats';
import type { PairedRow } from '../../services/metrics/evaluate';
import { useLab } from '../../state/store';

const sign = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;

function Cell({ d, testId }: { d: PairedDiff; testId: string }) {
  if (!Number.isFinite(d.mean)) return <td data-testid={testId}>—</td>;
  const clear = d.ci !== null && (d.ci.lo > 0 || d.ci.hi < 0);
  return (
    <td data-testid={testId} data-mean={d.mean} data-lo={d.ci?.lo} data-hi={d.ci?.hi} data-clear={clear}
      className={clear ? (d.mean > 0 ? 'paired-up' : 'paired-down') : undefined}>
      {sign(d.mean)}{d.ci ? ` [${sign(d.ci.lo)}, ${sign(d.ci.hi)}]` : ''}{clear ? ' *' : ''}
    </td>
  );
}

/** The baseline picker: '' = the N/M reference run (else the first run); a run named by a link but not loaded stays chosen, marked. */
export function BaselinePicker({ runIds, reference }: { runIds: readonly string[]; reference?: string }) {
  const chosen = useLab((s) => s.metricsKnobs.baseline);
  const set = useLab((s) => s.setMetricsKnobs);
  const ids = chosen && !runIds.includes(chosen) ? [...runIds, chosen] : runIds;
  return (
    <select data-testid="metrics.baseline" value={chosen} onChange={(e) => set({ baseline: e.target.value })}>
      <option value="">{reference ? `the reference run (${reference})` : `the first run (${runIds[0] ?? '—'})`}</option>
      {ids.map((id) => <option key={id} value={id}>{runIds.includes(id) ? id : `${id} (not loaded)`}</option>)}
    </select>
  );
}

export function MetricsPaired({ rows, baseline, ndcgK, runIds, reference }: {
  rows: readonly PairedRow[]; baseline: string; ndcgK: number; runIds: readonly string[]; reference?: string;
}) {
  if (!baseline) return null;
  return (
    <section className="metric-section" data-testid="metrics.paired" data-baseline={baseline}>
      <h3>Is B better than A? Paired differences against A = <BaselinePicker runIds={runIds} reference={reference} /></h3>
      <p className="label-note">Per query, B − {baseline}; mean and 95% bootstrap CI over queries. * = the CI excludes 0 (green: B better, red: B worse).</p>
      {rows.length === 0 ? <p className="label-note">No other run to compare with {baseline}.</p> : (
        <table className="metric-table">
          <thead><tr><th>B</th><th>Δ nDCG@{ndcgK}</th><th>Δ AUC</th><th>queries</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.model} data-testid={`metrics.paired.row.${r.model}`}>
                <td>{r.model}</td>
                <Cell d={r.ndcg} testId={`metrics.paired.${r.model}.ndcg`} />
                <Cell d={r.auc} testId={`metrics.paired.${r.model}.auc`} />
                <td>{r.ndcg.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
