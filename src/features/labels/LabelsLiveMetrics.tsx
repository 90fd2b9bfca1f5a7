// A live strip under the labelling card: nDCG@10 and AUC of every run against
// the human labels (shipped + lab) on the queue's split, recomputed in the
// metrics worker a moment after each grade — labelling never waits for it.
import { useMemo } from 'react';
import type { Run } from '../../core/metricsTypes';
import type { Label } from '../../data/labelStore';
import { DEFAULT_SETTINGS, judgedAndScored, type EvalInput } from '../metrics/evaluate';
import { fmt } from '../metrics/format';
import { useEvaluation } from '../metrics/useEvaluation';
import { qrelsForSource, restrictQrels } from './labelSources';
import type { World } from './world';

export function LabelsLiveMetrics({ world, labels, runs, split, reference }: {
  world: World; labels: readonly Label[]; runs: Record<string, Run>; split: string; reference?: string;
}) {
  const qrels = useMemo(() => {
    const qids = new Set(world.queries.filter((q) => q.split === split).map((q) => q.qid));
    return judgedAndScored(restrictQrels(qrelsForSource('human', world.truth, world.human, labels), qids), runs);
  }, [world, labels, runs, split]);
  const input = useMemo<EvalInput | null>(() => (Object.keys(runs).length === 0 ? null : {
    qrels, runs, reference, intentOf: {}, zoneOf: {}, settings: { ...DEFAULT_SETTINGS, samples: 0 },
  }), [qrels, runs, reference]);
  const ev = useEvaluation(input, 400);
  if (!input) return null;
  const pairs = Object.values(qrels).reduce((n, d) => n + Object.keys(d).length, 0);
  return (
    <section className="label-section" data-testid="labels.live" data-version={ev.version} data-stale={String(ev.stale)} data-pairs={pairs}>
      <h3>Live: against human labels <small className="label-note">({Object.keys(qrels).length} queries, {pairs} judged pairs; exp gain){ev.stale ? ' · updating…' : ''}</small></h3>
      {ev.output && (
        <table className="metric-table">
          <thead><tr><th>run</th><th>nDCG@10</th><th>AUC</th><th>N/M</th></tr></thead>
          <tbody>
            {Object.entries(ev.output.models).map(([id, m]) => (
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
