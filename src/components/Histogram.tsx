// A stacked histogram on a numeric axis (recharts step areas over bin edges)
// with optional draggable vertical markers (cutoffs, tier boundaries).
import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { DragHandles, type Marker } from './DragHandles';

export interface HistogramSeries {
  key: string;
  label: string;
  counts: readonly number[];
  color: string;
}

export interface HistogramProps {
  /** bins + 1 ascending edges */
  edges: readonly number[];
  series: readonly HistogramSeries[];
  markers?: readonly Marker[];
  height?: number;
  testId?: string;
  xLabel?: string;
}

/** Step-after points: one per bin start, plus the last edge repeating the last bin. */
export function histogramPoints(edges: readonly number[], series: readonly HistogramSeries[]): Record<string, number>[] {
  const bins = edges.length - 1;
  const pts: Record<string, number>[] = [];
  for (let b = 0; b <= bins; b++) {
    const p: Record<string, number> = { x: edges[b] };
    for (const s of series) p[s.key] = s.counts[Math.min(b, bins - 1)] ?? 0;
    pts.push(p);
  }
  return pts;
}

const NO_MARKERS: readonly Marker[] = [];

// NOTE: memoised; pass stable edges/series/markers (useMemo) so a move of one
// chart's marker does not re-render the others.
export const Histogram = memo(function Histogram({ edges, series, markers = NO_MARKERS, height = 180, testId, xLabel }: HistogramProps) {
  const lo = edges[0], hi = edges[edges.length - 1];
  const data = useMemo(() => histogramPoints(edges, series), [edges, series]);
  return (
    <div className="histogram" data-testid={testId}>
      <AreaChart responsive style={{ width: '100%', height }} data={data} margin={{ top: 14, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="2 4" vertical={false} />
        <XAxis type="number" dataKey="x" domain={[lo, hi]} allowDataOverflow tickCount={6} fontSize={11}
          label={xLabel ? { value: xLabel, position: 'insideBottomRight', offset: -2, fontSize: 11 } : undefined} />
        <YAxis width={44} fontSize={11} allowDecimals={false} />
        <Tooltip isAnimationActive={false} labelFormatter={(v) => `from ${Number(v).toFixed(3)}`} />
        {series.map((s) => (
          <Area key={s.key} dataKey={s.key} name={s.label} type="stepAfter" stackId="h" stroke={s.color} fill={s.color} fillOpacity={0.45} isAnimationActive={false} />
        ))}
        <DragHandles markers={markers} />
      </AreaChart>
    </div>
  );
});
