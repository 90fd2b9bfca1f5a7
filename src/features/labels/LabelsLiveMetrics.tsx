// A live strip under the labelling card: nDCG@10 and AUC of every run against
// the human labels (shipped + lab) on the queue's split, recomputed in the
// metrics worker a moment after each grade (useLabelViews) — labelling never
// waits for it.
import { fmt } from '../../components/format';
import type { LabelViewsState } from './useLabelViews';

export function LabelsLiveMetrics({ state }: { state: LabelViewsState }) {
  const live = state.views?.live;
  return (
    <section className="label-section" data-testid="labels.live" data-version={state.version} data-stale={String(state.stale)} data-pairs={live?.pairs ?? 0}>
      <h3>Live: against human labels <small className="label-note">
        ({live ? `${live.queries} queries, ${live.pairs} judged pairs` : 'counting'}; exp gain){state.stale ? ' · updating…' : ''}
      </small></h3>
      {state.error && <p className="error" data-testid="labels.live-error">{state.error}</p>}
      {live?.output && (
        <table className="metric-table">
          <thead><tr><th>run</th><th>nDCG@10</th><th>AUC</th><th>N/M</th></tr></thead>
          <tbody>
            {Object.entries(live.output.models).map(([id, m]) => (
              <tr key={id}>
                <td>{id}</td>
                <td data-testid={`labels.live.${id}.ndcg`}>{fmt(m.overall.ndcg?.mean)}</td>
                <td>{fmt(m.overall.auc?.mean)}</td>
                <td>{fmt(m.overall.nmMicro)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
