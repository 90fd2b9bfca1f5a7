// The A/B deltas per zone and per intent: B − A of each group's figures
// (compareFunnels' byZone / byIntent), one row per group.
import type { FigureDelta } from '../../core/funnelCompare';
import { FIGURES, fmtDelta, fmtFigure } from './format';

const KEYS = ['forwardedPerQuery', 'recallMicro', 'ndcgAfter', 'recallKM'];

export function ABGroups({ title, groups, testId }: { title: string; groups: Record<string, Record<string, FigureDelta>>; testId: string }) {
  const defs = FIGURES.filter((f) => KEYS.includes(f.key));
  return (
    <table className="fig-table ab" data-testid={testId}>
      <caption>{title}: A → B (Δ)</caption>
      <thead><tr><th />{defs.map((d) => <th key={d.key}>{d.label}</th>)}</tr></thead>
      <tbody>
        {Object.entries(groups).map(([g, figs]) => (
          <tr key={g} data-group={g}>
            <th>{g}</th>
            {defs.map((d) => {
              const x = figs[d.key];
              return (
                <td key={d.key} data-key={d.key} data-a={x?.a ?? ''} data-b={x?.b ?? ''} data-value={x?.delta ?? ''}>
                  {x ? `${fmtFigure(x.a, d.kind)} → ${fmtFigure(x.b, d.kind)} (${fmtDelta(x.delta, d.kind)})` : '—'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
