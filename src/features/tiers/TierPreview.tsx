// One query's short-video candidates as served: tier by tier, in the order
// the config takes them (CTR, score or blend), marking those past the quota.
// This is where "inside a tier, order by CTR" can be seen row by row.
import { memo, useMemo, useState } from 'react';
import type { PreparedFunnel } from '../../core/funnel';
import { normalizeTierConfig, tierLists, type TierConfig } from '../../core/tiers';

export const TierPreview = memo(function TierPreview({ prep, norms, short, threshold }: {
  prep: PreparedFunnel; norms: readonly ArrayLike<number>[]; short: TierConfig; threshold: number;
}) {
  const [qid, setQid] = useState<string>('');
  const qi = Math.max(0, prep.queries.findIndex((p) => p.q.qid === qid));
  const p = prep.queries[qi];
  const lists = useMemo(() => {
    if (!p) return [];
    const q = p.q;
    return tierLists({ norm: norms[qi], ctr: q.ctr, coarseOrder: p.coarseOrder, ctrOrder: p.ctrOrder, inZone: (i) => q.zone[i] === 'short' }, normalizeTierConfig(short));
  }, [p, norms, qi, short]);
  if (!p) return null;
  const sc = normalizeTierConfig(short);
  const thr = threshold;
  return (
    <section className="tier-preview" data-testid="tiers.preview">
      <h3>
        Served order, short-video zone — query{' '}
        <select data-testid="tiers.preview-query" value={p.q.qid} onChange={(e) => setQid(e.target.value)}>
          {prep.queries.map((x) => <option key={x.q.qid} value={x.q.qid}>{x.q.qid}{x.q.intent ? ` · ${x.q.intent}` : ''}</option>)}
        </select>
      </h3>
      <div className="tier-columns">
        {lists.map((l, t) => {
          const quota = Math.min(l.length, sc.quotas[t] ?? Infinity);
          return (
            <table key={t} className="fig-table" data-testid={`tiers.preview-tier-${t}`}>
              <caption>tier {t + 1} · {l.length} docs · takes {quota === l.length ? 'all' : quota}</caption>
              <thead><tr><th>#</th><th>doc</th><th>CTR</th><th>score</th><th>grade</th></tr></thead>
              <tbody>
                {l.slice(0, 30).map((i, k) => (
                  <tr key={i} className={k < quota ? '' : 'dropped'} data-testid="tiers.preview-row" data-tier={t}
                    data-ctr={p.q.ctr[i]} data-score={norms[qi][i]} data-taken={k < quota}>
                    <td>{k + 1}</td>
                    <td>{p.q.docids?.[i] ?? i}</td>
                    <td>{p.q.ctr[i].toFixed(3)}</td>
                    <td>{Number(norms[qi][i]).toFixed(3)}</td>
                    <td className={p.q.grades[i] >= thr ? 'rel' : ''}>{Number.isNaN(p.q.grades[i]) ? '·' : p.q.grades[i]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
      </div>
      <p className="muted">Greyed rows are past the tier's quota (the zone's overall cap, if any, applies on top); up to 30 rows per tier shown.</p>
    </section>
  );
});
