// Per-query funnel rows, worst recall first by default (where a cutoff hurts),
// paged so 360 queries never render at once. A row opens its query in the
// Ranking panel (through the store's openInRanking: panels never import each
// other), where every model's list for it can be read and graded.
import { useMemo, useState } from 'react';
import type { FunnelQueryResult } from '../../core/funnel';
import { useWorld } from '../../services/labels/world';
import { useLab } from '../../state/store';
import { fmtFigure } from './format';

type SortKey = 'qid' | 'forwarded' | 'recall' | 'ndcgAfter' | 'recallKM';
const PAGE = 20;

export function PerQueryTable({ rows }: { rows: readonly FunnelQueryResult[] }) {
  const [sort, setSort] = useState<SortKey>('recall');
  const [page, setPage] = useState(0);
  const ws = useWorld();
  const openInRanking = useLab((s) => s.openInRanking);
  // NOTE: a pools file may hold qids the demo world does not: those rows show no text and open nothing.
  const textOf = (qid: string): string | undefined => (ws.status === 'ready' ? ws.world.queryById.get(qid)?.text : undefined);
  const sorted = useMemo(() => {
    const key = (r: FunnelQueryResult): number | string => (sort === 'qid' ? r.qid : r[sort] ?? Infinity);
    return [...rows].sort((a, b) => {
      const x = key(a), y = key(b);
      return x < y ? -1 : x > y ? 1 : a.qid < b.qid ? -1 : 1;
    });
  }, [rows, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  const p = Math.min(page, pages - 1);
  const th = (k: SortKey, label: string) => (
    <th><button className="link" aria-pressed={sort === k} onClick={() => setSort(k)}>{label}</button></th>
  );
  return (
    <div data-testid="tiers.per-query">
      <table className="fig-table">
        <caption>per query (sorted by {sort}, ascending) · click a row to open its query in Ranking</caption>
        <thead><tr>{th('qid', 'qid')}<th>query</th><th>intent</th>{th('forwarded', 'forwarded')}<th>relevant kept</th>{th('recall', 'recall')}{th('ndcgAfter', 'nDCG@10 after')}<th>N/M</th>{th('recallKM', 'Recall@k@m')}</tr></thead>
        <tbody>
          {sorted.slice(p * PAGE, (p + 1) * PAGE).map((r) => {
            const text = textOf(r.qid);
            return (
              <tr key={r.qid} data-qid={r.qid} data-testid="tiers.per-query.row" className={text ? 'opens' : undefined}
                onClick={text ? () => openInRanking(text) : undefined}>
                <td>{r.qid}</td>
                <td>{text ? <button type="button" className="link" data-testid="tiers.per-query.open" title="open this query in the Ranking panel">{text}</button> : '—'}</td>
                <td>{r.intent ?? '—'}</td>
                <td>{r.forwarded}/{r.candidates}</td>
                <td>{r.relevantSurviving}/{r.relevant}</td>
                <td>{fmtFigure(r.recall, 'pct')}</td>
                <td>{fmtFigure(r.ndcgAfter, 'ratio')}</td>
                <td>{fmtFigure(r.nm, 'pct')}</td>
                <td>{fmtFigure(r.recallKM, 'pct')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="pager">
        <button disabled={p === 0} onClick={() => setPage(p - 1)}>‹ prev</button>
        <span>page {p + 1} / {pages}</span>
        <button disabled={p >= pages - 1} onClick={() => setPage(p + 1)}>next ›</button>
      </div>
    </div>
  );
}
