// "Is B better than A?": each model minus the baseline, paired per query, with
// a bootstrap 95% CI of the mean difference. A CI that excludes 0 is marked —
// the question a researcher asks, which two side-by-side CIs answer badly.
import type { PairedDiff } from '../../core/stats';
import type { PairedRow } from './evaluate';

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

export function MetricsPaired({ rows, ndcgK }: { rows: PairedRow[]; ndcgK: number }) {
  if (rows.length === 0) return null;
  return (
    <section className="metric-section" data-testid="metrics.paired">
      <h3>Paired differences against {rows[0].baseline}</h3>
      <p className="label-note">Per query, model − {rows[0].baseline}; mean and 95% bootstrap CI over queries. * = the CI excludes 0.</p>
      <table className="metric-table">
        <thead><tr><th>model</th><th>Δ nDCG@{ndcgK}</th><th>Δ AUC</th><th>queries</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model}>
              <td>{r.model}</td>
              <Cell d={r.ndcg} testId={`metrics.paired.${r.model}.ndcg`} />
              <Cell d={r.auc} testId={`metrics.paired.${r.model}.auc`} />
              <td>{r.ndcg.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
