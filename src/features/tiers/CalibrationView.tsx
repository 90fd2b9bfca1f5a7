// Calibration per coarse model: judged relevant vs irrelevant score
// distributions under the chosen normalisation (with A's premium cutoff drawn
// on each, so you see whether one cutoff transfers between models), and the
// reliability curve of the raw sigmoid scores with its ECE.
import { memo, useEffect, useMemo, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, XAxis, YAxis } from 'recharts';
import { reliabilityCurve, scoreHistograms } from '../../core/calibration';
import type { PreparedFunnel } from '../../core/funnel';
import type { NormMode } from '../../core/scoreNorm';
import { Histogram } from '../../components/Histogram';
import { fmtFigure } from './format';
import { normDomain, normsOf } from './histogramData';
import { COLORS } from './PremiumEditor';

function flatten(prep: PreparedFunnel, norms: readonly ArrayLike<number>[]): { norm: Float64Array; raw: Float64Array; grades: Float64Array } {
  let n = 0;
  for (const p of prep.queries) n += p.q.coarse.length;
  const norm = new Float64Array(n), raw = new Float64Array(n), grades = new Float64Array(n);
  let k = 0;
  prep.queries.forEach((p, qi) => {
    for (let i = 0; i < p.q.coarse.length; i++, k++) { norm[k] = norms[qi][i]; raw[k] = p.q.coarse[i]; grades[k] = p.q.grades[i]; }
  });
  return { norm, raw, grades };
}

const ModelCalibration = memo(function ModelCalibration({ model, prep, norm, threshold, cutoff }: { model: string; prep: PreparedFunnel; norm: NormMode; threshold: number; cutoff: number }) {
  const view = useMemo(() => {
    const norms = normsOf(prep, norm);
    const domain = normDomain(norm, norms);
    const flat = flatten(prep, norms);
    const hist = scoreHistograms(flat.norm, flat.grades, threshold, { bins: 30, lo: domain[0], hi: domain[1] });
    const rel = reliabilityCurve(flat.raw, flat.grades, threshold, { bins: 10 });
    return { domain, hist, rel };
  }, [prep, norm, threshold]);
  const pts = useMemo(
    () => view.rel.bins.filter((b) => b.meanScore !== null).map((b) => ({ x: b.meanScore!, y: b.relevantShare!, diag: b.meanScore! })),
    [view],
  );
  const series = useMemo(() => [
    { key: 'relevant', label: `relevant (grade ≥ ${threshold})`, counts: view.hist.relevant, color: COLORS.relevant },
    { key: 'irrelevant', label: 'judged irrelevant', counts: view.hist.irrelevant, color: COLORS.other },
  ], [view, threshold]);
  const markers = useMemo(
    () => [{ id: 'cut', value: cutoff, label: 'A cutoff', color: COLORS.cutoff, min: view.domain[0], max: view.domain[1], step: 0.001 }],
    [cutoff, view],
  );
  return (
    <div className="calib-card" data-testid="tiers.calibration-model" data-model={model}>
      <h4>{model}</h4>
      <Histogram
        edges={view.hist.edges}
        xLabel={`score (${norm})`}
        height={140}
        series={series}
        markers={markers}
      />
      <ComposedChart responsive style={{ width: '100%', height: 140 }} data={pts} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="2 4" />
        <XAxis type="number" dataKey="x" domain={[0, 1]} fontSize={10} />
        <YAxis type="number" domain={[0, 1]} fontSize={10} width={36} />
        <Line dataKey="diag" stroke="#ced4da" dot={false} isAnimationActive={false} />
        <Line dataKey="y" name="share relevant" stroke={COLORS.relevant} isAnimationActive={false} />
      </ComposedChart>
      <p className="muted" data-testid="tiers.calibration-ece" data-value={view.rel.ece ?? ''}>
        reliability of raw scores (mean score → share relevant per bin) · ECE {fmtFigure(view.rel.ece, 'ratio')}
      </p>
    </div>
  );
});

export function CalibrationView({ models, prepared, norm, threshold, cutoff }: {
  models: readonly string[]; prepared: Record<string, PreparedFunnel>; norm: NormMode; threshold: number; cutoff: number;
}) {
  // NOTE: the cutoff line here is context, not a funnel figure: it follows
  // 250 ms after the last move, so a drag re-renders only the funnel.
  const [lateCutoff, setLateCutoff] = useState(cutoff);
  useEffect(() => {
    const t = setTimeout(() => setLateCutoff(cutoff), 250);
    return () => clearTimeout(t);
  }, [cutoff]);
  return (
    <section className="calibration" data-testid="tiers.calibration">
      <h3>Calibration per model</h3>
      <div className="calib-grid">
        {models.map((m) => <ModelCalibration key={m} model={m} prep={prepared[m]} norm={norm} threshold={threshold} cutoff={lateCutoff} />)}
      </div>
    </section>
  );
}
