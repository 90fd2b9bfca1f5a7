// Quality against latency per model (recharts scatter): the trade-off a
// coarse ranker is chosen on. Runs without a measured latency are listed, not
// plotted at a made-up x. Point labels are placed so they overlap neither each
// other nor the points (src/core/labelPlacement.ts), with a leader line where
// a crowd pushes one away; the metrics table gives every point's figures, so
// nothing hinges on reading a label.
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { placeLabels, textWidth } from '../core/labelPlacement';

export interface LatencyPoint {
  id: string;
  latencyMs: number;
  quality: number;
}

const FONT = 11;

/** The points' labels, placed in the plot area's pixels once the axes have scales. */
function PointLabels({ points }: { points: readonly LatencyPoint[] }) {
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  const area = usePlotArea();
  if (!xs || !ys || !area) return null;
  const pts = points.flatMap((p) => {
    const x = xs(p.latencyMs), y = ys(p.quality);
    return x === undefined || y === undefined ? [] : [{ id: p.id, x, y, w: textWidth(p.id, FONT), h: FONT + 3 }];
  });
  const placed = placeLabels(pts, { x: area.x, y: area.y, w: area.width, h: area.height }, { pointR: 5 });
  return (
    <g className="chart-labels">
      {placed.map((l) => (
        <g key={l.id} data-testid="chart.point-label" data-id={l.id} data-overlaps={l.overlaps} data-point={`${l.px.toFixed(1)},${l.py.toFixed(1)}`}>
          {l.leader && <line x1={l.px} y1={l.py} x2={l.leader.lx} y2={l.leader.ly} stroke="#868e96" strokeWidth={0.8} />}
          <text x={l.box.x} y={l.box.y + FONT} fontSize={FONT} fill="#212529">{l.id}</text>
        </g>
      ))}
    </g>
  );
}

export function MetricLatencyChart({ points, qualityLabel, unplotted, testId }: {
  points: readonly LatencyPoint[]; qualityLabel: string; unplotted: readonly string[]; testId?: string;
}) {
  return (
    <div className="metric-chart" data-testid={testId} data-points={points.length}>
      {points.length === 0 ? (
        <p className="empty">No model has a measured latency yet: load models to plot {qualityLabel} against latency.</p>
      ) : (
        <ResponsiveContainer width="100%" height={300}>
          <ScatterChart margin={{ top: 16, right: 24, bottom: 28, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="latencyMs" name="latency" unit=" ms" domain={[0, 'auto']}
              label={{ value: 'latency per query (ms, this browser)', position: 'insideBottom', offset: -16 }} />
            <YAxis type="number" dataKey="quality" name={qualityLabel} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(3)} label={{ value: qualityLabel, angle: -90, position: 'insideLeft' }} />
            <Tooltip cursor={{ strokeDasharray: '3 3' }} />
            <Scatter data={[...points]} fill="#1971c2" isAnimationActive={false} />
            <PointLabels points={points} />
          </ScatterChart>
        </ResponsiveContainer>
      )}
      {unplotted.length > 0 && <p className="label-note">not plotted (no latency): {unplotted.join(', ')}</p>}
    </div>
  );
}
