// Forwarded volume vs relevant-doc recall as one cutoff on the normalised
// coarse score sweeps (per zone or both), with configurations A and B marked
// where they actually sit (tiers and caps can put them off the curve).
import { memo, useMemo } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { ZoneFilter } from '../../core/domain';
import type { FunnelResult } from '../../core/funnel';
import { thinCurve, type TradeoffCurve } from '../../core/funnelSweep';

export function currentPoint(r: FunnelResult, zone: ZoneFilter): { x: number; y: number } | null {
  const f = zone === 'all' ? r.aggregate : r.byZone[zone];
  const q = r.perQuery.length;
  if (!q || f.recallMicro === null || f.recallMicro === undefined) return null;
  return { x: (f.forwarded ?? 0) / q, y: f.recallMicro };
}

export const TradeoffChart = memo(function TradeoffChart({ curve, queries, a, b }: {
  curve: TradeoffCurve; queries: number; a: { x: number; y: number } | null; b: { x: number; y: number } | null;
}) {
  const pts = useMemo(
    () => thinCurve(curve.points, 200).map((p) => ({ x: queries ? p.forwarded / queries : 0, y: p.recall ?? 0, cutoff: p.cutoff })),
    [curve, queries],
  );
  const aPts = useMemo(() => (a ? [a] : []), [a]);
  const bPts = useMemo(() => (b ? [b] : []), [b]);
  return (
    <div className="tradeoff" data-testid="tiers.tradeoff" data-points={curve.points.length}>
      <ComposedChart responsive style={{ width: '100%', height: 240 }} data={pts} margin={{ top: 10, right: 16, bottom: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="2 4" />
        <XAxis type="number" dataKey="x" fontSize={11} label={{ value: 'forwarded / query', position: 'insideBottom', offset: -8, fontSize: 11 }} />
        <YAxis type="number" dataKey="y" domain={[0, 1]} fontSize={11} width={44} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
        <Tooltip isAnimationActive={false} formatter={(v, name) => [typeof v === 'number' ? v.toFixed(3) : String(v), String(name)]} />
        <Legend verticalAlign="top" height={22} />
        <Line dataKey="y" name="cutoff sweep" dot={false} stroke="#495057" isAnimationActive={false} />
        {a && <Scatter name="A (current)" data={aPts} fill="#c92a2a" isAnimationActive={false} />}
        {b && <Scatter name="B" data={bPts} fill="#1971c2" shape="diamond" isAnimationActive={false} />}
      </ComposedChart>
    </div>
  );
});
