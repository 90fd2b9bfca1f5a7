// How the tiers panel prints figures, and which aggregate figures it lists
// (keys of src/core/funnel.ts FunnelFigures), in display order.
export type FigureKind = 'int' | 'num' | 'pct' | 'ratio';

export interface FigureDef {
  key: string;
  label: string;
  kind: FigureKind;
  /** which direction is better, for colouring deltas; none = neutral (volume) */
  better?: 'up' | 'down';
}

export const FIGURES: readonly FigureDef[] = [
  { key: 'forwarded', label: 'docs forwarded', kind: 'int', better: 'down' },
  { key: 'forwardedPerQuery', label: 'forwarded / query', kind: 'num', better: 'down' },
  { key: 'relevant', label: 'relevant candidates', kind: 'int' },
  { key: 'relevantSurviving', label: 'relevant surviving', kind: 'int', better: 'up' },
  { key: 'recallMicro', label: 'relevant recall (micro)', kind: 'pct', better: 'up' },
  { key: 'recallMacro', label: 'relevant recall (mean/query)', kind: 'pct', better: 'up' },
  { key: 'ndcgAfter', label: 'nDCG@10 after fine', kind: 'ratio', better: 'up' },
  { key: 'recallKM', label: 'Recall@k@m (fine top-k kept)', kind: 'pct', better: 'up' },
  { key: 'nmMicro', label: 'N/M vs fine (micro)', kind: 'pct', better: 'up' },
  { key: 'candidates', label: 'candidates', kind: 'int' },
  { key: 'queries', label: 'queries', kind: 'int' },
];

export const ZONE_FIGURES: readonly FigureDef[] = FIGURES.filter((f) =>
  ['forwarded', 'forwardedPerQuery', 'relevant', 'relevantSurviving', 'recallMicro', 'recallMacro', 'candidates'].includes(f.key));

export function fmtFigure(v: number | null | undefined, kind: FigureKind): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  switch (kind) {
    case 'int': return String(Math.round(v));
    case 'num': return v.toFixed(1);
    case 'pct': return `${(v * 100).toFixed(1)}%`;
    case 'ratio': return v.toFixed(3);
  }
}

/** Signed delta in the figure's unit ("+1.2 pp" for shares). */
export function fmtDelta(d: number | null | undefined, kind: FigureKind): string {
  if (d === null || d === undefined || Number.isNaN(d)) return '—';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const a = Math.abs(d);
  switch (kind) {
    case 'int': return `${sign}${Math.round(a)}`;
    case 'num': return `${sign}${a.toFixed(1)}`;
    case 'pct': return `${sign}${(a * 100).toFixed(1)} pp`;
    case 'ratio': return `${sign}${a.toFixed(3)}`;
  }
}
