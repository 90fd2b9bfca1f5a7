// Premium zone: truncation below a cutoff on the normalised coarse score,
// optionally capped per query. The cutoff is a slider, an exact field, and a
// draggable line on the zone's score histogram.
import { memo, useMemo } from 'react';
import type { FunnelConfig, FunnelFigures } from '../../core/funnel';
import { Histogram, type HistogramSeries } from '../../components/Histogram';
import { NumberField } from '../../components/NumberField';
import { Slider } from '../../components/Slider';
import type { Marker } from '../../components/DragHandles';
import { fmtFigure } from './format';
import type { ZoneHistogram } from './histogramData';
import type { ConfigUpdate } from './useConfigUpdate';

export interface ZoneEditorProps {
  cfg: FunnelConfig;
  /** stable: reads the current config at call time */
  update: ConfigUpdate;
  hist: ZoneHistogram;
  domain: [number, number];
  figures: FunnelFigures;
}

export const COLORS = { relevant: '#2f9e44', other: '#adb5bd', cutoff: '#c92a2a', boundary: '#1971c2' };

export function stepOf(domain: [number, number]): number {
  return (domain[1] - domain[0]) / 1000;
}

/** Relevant vs other, stacked; stable per histogram. */
export function useZoneSeries(hist: ZoneHistogram): HistogramSeries[] {
  return useMemo(() => [
    { key: 'relevant', label: 'relevant', counts: hist.relevant, color: COLORS.relevant },
    { key: 'other', label: 'other', counts: hist.other, color: COLORS.other },
  ], [hist]);
}

export const PremiumEditor = memo(function PremiumEditor({ cfg, update, hist, domain, figures }: ZoneEditorProps) {
  const step = stepOf(domain);
  const cutoff = cfg.premium.cutoff;
  const series = useZoneSeries(hist);
  const markers = useMemo((): Marker[] => [{
    id: 'cutoff', value: cutoff, label: 'cutoff', color: COLORS.cutoff, testId: 'tiers.cutoff-handle',
    min: domain[0], max: domain[1], step, onChange: (v) => update((c) => ({ ...c, premium: { ...c.premium, cutoff: v } })),
  }], [cutoff, domain, step, update]);
  const setCutoff = (v: number): void => update((c) => ({ ...c, premium: { ...c.premium, cutoff: v } }));
  return (
    <section className="zone-editor" data-testid="tiers.premium">
      <h3>Premium zone — truncate below a cutoff</h3>
      <Histogram testId="tiers.premium-histogram" edges={hist.edges} xLabel={`coarse score (${cfg.norm})`} series={series} markers={markers} />
      <Slider label="cutoff" value={cutoff} min={domain[0]} max={domain[1]} step={step} onChange={setCutoff} testId="tiers.cutoff-slider" />
      <label className="field">
        <span>max forwarded / query</span>
        <NumberField
          label="premium max forwarded per query" optional integer min={0} max={100000} placeholder="no cap"
          value={cfg.premium.maxForward} testId="tiers.max-forward"
          onChange={(v) => update((c) => ({ ...c, premium: v === undefined ? { cutoff: c.premium.cutoff } : { ...c.premium, maxForward: v } }))}
        />
      </label>
      <p className="zone-figures" data-testid="tiers.premium-figures">
        forwarded <b data-testid="tiers.premium-forwarded" data-value={figures.forwarded ?? ''}>{fmtFigure(figures.forwarded, 'int')}</b>
        {' '}of {fmtFigure(figures.candidates, 'int')} · relevant kept{' '}
        <b data-testid="tiers.premium-recall" data-value={figures.recallMicro ?? ''}>{fmtFigure(figures.recallMicro, 'pct')}</b>
      </p>
    </section>
  );
});
