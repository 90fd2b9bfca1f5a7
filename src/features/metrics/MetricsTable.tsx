// The per-model tables: every metric with its 95% CI, and the compact one in
// the shape of the reference article's (model, technique, AUC, N/M).
import type { MetricKey, Summary } from '../../core/metricsAggregate';
import type { EvalSettings } from '../../services/metrics/evaluate';
import { fmt, fmtCI } from '../../components/format';
import type { RunInfo } from './models';

function Cell({ model, k, s }: { model: string; k: MetricKey; s: Summary }) {
  const m = s[k];
  return (
    <td data-testid={`metrics.cell.${model}.${k}`} data-value={m?.mean ?? ''} title={m ? `${m.n} queries, ${m.skipped} undefined` : ''}>
      {fmtCI(m)}
    </td>
  );
}

export function gainLabel(s: EvalSettings): string {
  return s.gain === 'exp' ? 'gain 2^rel − 1' : 'gain rel (linear)';
}

export function MetricsTable({ infos, results, settings, reference }: {
  infos: readonly RunInfo[]; results: Record<string, Summary>; settings: EvalSettings; reference?: string;
}) {
  return (
    <table className="metric-table" data-testid="metrics.table">
      <thead>
        <tr>
          <th>model</th><th>AUC</th>
          <th title={`ideal order from all judged docs; unjudged docs gain 0; ${gainLabel(settings)}`}>nDCG@{settings.ndcgK} <small>({gainLabel(settings)})</small></th>
          <th>Recall@{settings.recallK}</th><th>MRR</th>
          <th title="Σ N / Σ M over queries: pairs the reference orders strictly, share ordered the same way">N/M {reference ? <small>vs {reference}</small> : null}</th>
          <th>N/M per query</th><th>Kendall τ-b</th><th>queries</th><th>latency</th>
        </tr>
      </thead>
      <tbody>
        {infos.map((i) => {
          const s = results[i.id];
          if (!s) return null;
          return (
            <tr key={i.id} data-testid={`metrics.row.${i.id}`}>
              <td>{i.id}</td>
              <Cell model={i.id} k="auc" s={s} />
              <Cell model={i.id} k="ndcg" s={s} />
              <Cell model={i.id} k="recall" s={s} />
              <Cell model={i.id} k="rr" s={s} />
              <td data-testid={`metrics.cell.${i.id}.nmMicro`} data-value={s.nmMicro ?? ''}>{fmt(s.nmMicro)}</td>
              <Cell model={i.id} k="nm" s={s} />
              <Cell model={i.id} k="kendall" s={s} />
              <td>{s.queries}</td>
              <td data-testid={`metrics.cell.${i.id}.latency`}>{i.latencyMs === undefined ? '—' : `${i.latencyMs.toFixed(1)} ms/query`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function MetricsReferenceTable({ infos, results }: { infos: readonly RunInfo[]; results: Record<string, Summary> }) {
  return (
    <table className="metric-table" data-testid="metrics.reference-table">
      <thead><tr><th>model</th><th>technique</th><th>AUC</th><th>N/M</th></tr></thead>
      <tbody>
        {infos.filter((i) => results[i.id]).map((i) => (
          <tr key={i.id}>
            <td>{i.id}</td><td>{i.technique}</td>
            <td>{fmt(results[i.id].auc?.mean)}</td>
            <td>{results[i.id].nmMicro === undefined || results[i.id].nmMicro === null ? '—' : `${(100 * results[i.id].nmMicro!).toFixed(2)}%`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
