// Quality against latency per model (recharts scatter): the trade-off a
// coarse ranker is chosen on. Runs without a measured latency are listed, not
// plotted at a made-up x.
import { CartesianGrid, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';

export interface LatencyPoint {
  id: string;
  latencyMs: number;
  quality: number;
}

export function MetricLatencyChart({ points, qualityLabel, unplotted, testId }: {
  points: readonly LatencyPoint[]; qualityLabel: string; unplotted: readonly string[]; testId?: string;
}) {
  return (
    <div className="metric-chart" data-testid={testId} data-points={points.length}>
      {points.length === 0 ? (
        <p className="empty">No model has a measured latency yet: load models to plot {qualityLabel} against latency.</p>
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <ScatterChart margin={{ top: 16, right: 24, bottom: 28, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="latencyMs" name="latency" unit=" ms" label={{ value: 'latency per query (ms, this browser)', position: 'insideBottom', offset: -16 }} />
            <YAxis type="number" dataKey="quality" name={qualityLabel} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(3)} label={{ value: qualityLabel, angle: -90, position: 'insideLeft' }} />
            <Tooltip cursor={{ strokeDasharray: '3 3' }} />
            <Scatter data={[...points]} fill="#1971c2" isAnimationActive={false}>
              <LabelList dataKey="id" position="top" />
            </Scatter>
          </ScatterChart>
        </ResponsiveContainer>
      )}
      {unplotted.length > 0 && <p className="label-note">not plotted (no latency): {unplotted.join(', ')}</p>}
    </div>
  );
}
