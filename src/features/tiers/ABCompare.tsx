// A/B: every aggregate figure of configurations A and B side by side with
// B − A, straight from compareFunnels (a delta is null when a side is), and
// the same per zone and per intent; the caption lists every field B differs in.
import type { ConfigDifference } from '../../core/configDiff';
import type { FunnelComparison } from '../../core/funnelCompare';
import { ABDiff } from './ABDiff';
import { ABGroups } from './ABGroups';
import { FIGURES, fmtDelta, fmtFigure } from './format';

export function ABCompare({ cmp, labelA, labelB, diffs }: { cmp: FunnelComparison; labelA: string; labelB: string; diffs: readonly ConfigDifference[] }) {
  return (
    <section>
      <table className="fig-table ab" data-testid="tiers.ab">
        <caption>A/B — B − A · <ABDiff diffs={diffs} testId="tiers.ab-diff" /></caption>
        <thead><tr><th>figure</th><th>A · {labelA}</th><th>B · {labelB}</th><th>Δ (B − A)</th></tr></thead>
        <tbody>
          {FIGURES.map((f) => {
            const d = cmp.aggregate[f.key];
            if (!d) return null;
            const good = d.delta === null || d.delta === 0 || !f.better ? '' : (d.delta > 0) === (f.better === 'up') ? 'better' : 'worse';
            return (
              <tr key={f.key} data-key={f.key}>
                <th>{f.label}</th>
                <td data-testid={`tiers.ab-a-${f.key}`} data-value={d.a ?? ''}>{fmtFigure(d.a, f.kind)}</td>
                <td data-testid={`tiers.ab-b-${f.key}`} data-value={d.b ?? ''}>{fmtFigure(d.b, f.kind)}</td>
                <td className={good} data-testid={`tiers.ab-delta-${f.key}`} data-value={d.delta ?? ''}>{fmtDelta(d.delta, f.kind)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <details>
        <summary>A/B per zone and per intent</summary>
        <ABGroups title="per zone" groups={cmp.byZone} testId="tiers.ab-by-zone" />
        <ABGroups title="per intent" groups={cmp.byIntent} testId="tiers.ab-by-intent" />
      </details>
    </section>
  );
}
