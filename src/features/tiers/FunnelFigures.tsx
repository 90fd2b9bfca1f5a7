// The live funnel of one configuration: headline figures (each with its raw
// value in data-value, so tests and exports can compare exactly), then the
// same figures per zone and per intent.
import type { FunnelFigures as Figures, FunnelResult } from '../../core/funnel';
import { FIGURES, ZONE_FIGURES, fmtFigure, type FigureDef } from './format';

const HEADLINE: { key: string; testId: string }[] = [
  { key: 'forwarded', testId: 'tiers.forwarded' },
  { key: 'forwardedPerQuery', testId: 'tiers.forwarded-per-query' },
  { key: 'relevantSurviving', testId: 'tiers.relevant-surviving' },
  { key: 'recallMicro', testId: 'tiers.recall' },
  { key: 'ndcgAfter', testId: 'tiers.ndcg' },
  { key: 'nmMicro', testId: 'tiers.nm' },
  { key: 'recallKM', testId: 'tiers.recall-km' },
];

export function Figure({ f, value, testId }: { f: FigureDef; value: number | null | undefined; testId?: string }) {
  return (
    <div className="figure">
      <span className="figure-label">{f.label}</span>
      <b className="figure-value" data-testid={testId} data-value={value ?? ''}>{fmtFigure(value, f.kind)}</b>
    </div>
  );
}

export function Headline({ result, side, ms }: { result: FunnelResult; side: string; ms: number }) {
  return (
    <div className="headline" data-testid="tiers.headline" data-side={side}>
      {HEADLINE.map(({ key, testId }) => (
        <Figure key={key} f={FIGURES.find((f) => f.key === key)!} value={result.aggregate[key]} testId={testId} />
      ))}
      <div className="figure">
        <span className="figure-label">recompute</span>
        <b className="figure-value" data-testid="tiers.compute-ms" data-value={ms}>{ms.toFixed(1)} ms</b>
      </div>
    </div>
  );
}

function GroupTable({ title, groups, defs, testId }: { title: string; groups: Record<string, Figures>; defs: readonly FigureDef[]; testId: string }) {
  return (
    <table className="fig-table" data-testid={testId}>
      <caption>{title}</caption>
      <thead><tr><th />{defs.map((d) => <th key={d.key}>{d.label}</th>)}</tr></thead>
      <tbody>
        {Object.entries(groups).map(([g, figs]) => (
          <tr key={g} data-group={g}>
            <th>{g}</th>
            {defs.map((d) => <td key={d.key} data-key={d.key} data-value={figs[d.key] ?? ''}>{fmtFigure(figs[d.key], d.kind)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const INTENT_FIGURES = FIGURES.filter((f) => ['queries', 'forwardedPerQuery', 'recallMicro', 'ndcgAfter', 'recallKM', 'nmMicro'].includes(f.key));

export function GroupTables({ result }: { result: FunnelResult }) {
  return (
    <div className="group-tables">
      <GroupTable title="per zone" groups={result.byZone} defs={ZONE_FIGURES} testId="tiers.by-zone" />
      <GroupTable title="per intent" groups={result.byIntent} defs={INTENT_FIGURES} testId="tiers.by-intent" />
    </div>
  );
}
