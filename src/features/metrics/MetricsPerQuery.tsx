// Per query, B against the paired baseline A: where does B lose (or win)
// most? Paged, sorted by the difference. A row opens its query in the Ranking
// panel (the store's openInRanking: panels never import each other), where
// every model's list for it can be read and graded.
import { useMemo, useState } from 'react';
import { queryDiffs, sortDiffs, type DiffMetric } from '../../core/perQueryDiff';
import type { EvalOutput } from '../../services/metrics/evaluate';
import { useLab } from '../../state/store';

const PAGE = 15;
const METRICS: readonly [DiffMetric, string][] = [['ndcg', 'nDCG'], ['auc', 'AUC'], ['recall', 'Recall'], ['rr', 'RR']];
type Order = 'worst' | 'best' | 'qid';
const ORDERS: readonly [Order, string][] = [['worst', 'B\'s largest losses first'], ['best', 'B\'s largest wins first'], ['qid', 'by qid']];

const f = (x: number | null): string => (x === null ? '—' : x.toFixed(3));
const d = (x: number | null): string => (x === null ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`);

export function MetricsPerQuery({ out, baseline, textOf, intentOf }: {
  out: EvalOutput; baseline: string;
  /** a judged query's text and intent (demo world); a qid the world lacks shows no text and opens nothing */
  textOf: (qid: string) => string | undefined; intentOf: (qid: string) => string | undefined;
}) {
  const openInRanking = useLab((s) => s.openInRanking);
  const others = Object.keys(out.models).filter((id) => id !== baseline);
  const [pickB, setB] = useState('');
  const [metric, setMetric] = useState<DiffMetric>('ndcg');
  const [order, setOrder] = useState<Order>('worst');
  const [page, setPage] = useState(0);
  const b = others.includes(pickB) ? pickB : others[0];
  const rows = useMemo(
    () => (b && out.models[baseline] ? sortDiffs(queryDiffs(out.models[baseline].rows, out.models[b].rows, metric), order) : []),
    [out, baseline, b, metric, order],
  );
  if (!b || rows.length === 0) return null;
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const p = Math.min(page, pages - 1);
  return (
    <section className="metric-section" data-testid="metrics.per-query" data-a={baseline} data-b={b}>
      <h3>
        Per query: B ={' '}
        <select data-testid="metrics.per-query.model" value={b} onChange={(e) => { setB(e.target.value); setPage(0); }}>
          {others.map((id) => <option key={id} value={id}>{id}</option>)}
        </select>{' '}
        against A = {baseline},{' '}
        <select data-testid="metrics.per-query.metric" value={metric} onChange={(e) => setMetric(e.target.value as DiffMetric)}>
          {METRICS.map(([k, label]) => <option key={k} value={k}>{label}</option>)}
        </select>{' '}
        <select data-testid="metrics.per-query.order" value={order} onChange={(e) => { setOrder(e.target.value as Order); setPage(0); }}>
          {ORDERS.map(([k, label]) => <option key={k} value={k}>{label}</option>)}
        </select>
      </h3>
      <p className="label-note">Click a row to open its query in Ranking. — = undefined for that query (e.g. AUC without a relevant or a non-relevant judged doc).</p>
      <table className="metric-table metric-per-query">
        <thead><tr><th>qid</th><th>query</th><th>intent</th><th>A {baseline}</th><th>B {b}</th><th>B − A</th></tr></thead>
        <tbody>
          {rows.slice(p * PAGE, (p + 1) * PAGE).map((r) => {
            const text = textOf(r.qid);
            return (
              <tr key={r.qid} data-testid="metrics.per-query.row" data-qid={r.qid} data-delta={r.delta ?? ''} className={text ? 'opens' : undefined}
                onClick={text ? () => openInRanking(text) : undefined}>
                <td>{r.qid}</td>
                <td>{text ? <button type="button" className="metric-link" data-testid="metrics.per-query.open" title="open this query in the Ranking panel">{text}</button> : '—'}</td>
                <td>{intentOf(r.qid) ?? '—'}</td>
                <td>{f(r.a)}</td><td>{f(r.b)}</td>
                <td className={r.delta === null || r.delta === 0 ? undefined : r.delta > 0 ? 'paired-up' : 'paired-down'}>{d(r.delta)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="metric-pager">
        <button disabled={p === 0} onClick={() => setPage(p - 1)}>‹ prev</button>
        <span>page {p + 1} / {pages} · {rows.length} queries</span>
        <button disabled={p >= pages - 1} onClick={() => setPage(p + 1)}>next ›</button>
      </div>
    </section>
  );
}
