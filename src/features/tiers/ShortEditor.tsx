// Short-video zone: score tiers. How many tiers, where the boundaries are
// (typed exactly or dragged on the histogram), the order inside a tier (CTR,
// score or a blend), the quota taken from each tier and an overall cap.
import { memo, useMemo } from 'react';
import type { FunnelConfig } from '../../core/funnel';
import { TIER_ORDERS, type TierOrder } from '../../core/domain';
import { Histogram } from '../../components/Histogram';
import { NumberField } from '../../components/NumberField';
import { Slider } from '../../components/Slider';
import type { Marker } from '../../components/DragHandles';
import { fmtFigure } from './format';
import { evenBoundaries } from './histogramData';
import { COLORS, stepOf, useZoneSeries, type ZoneEditorProps } from './PremiumEditor';
import { CUTOFF_LIMIT, MAX_BOUNDARIES, MAX_QUOTA } from '../../data/formats/tierStrategy';

const ORDER_LABEL: Record<TierOrder, string> = { ctr: 'CTR', score: 'coarse score', blend: 'blend (α·score + (1−α)·CTR)' };

export const ShortEditor = memo(function ShortEditor({ cfg, update, hist, domain, figures }: ZoneEditorProps) {
  const s = cfg.short;
  const step = stepOf(domain);
  const set = (patch: Partial<FunnelConfig['short']>): void => update((c) => ({ ...c, short: { ...c.short, ...patch } }));
  const tiers = s.boundaries.length + 1;
  const setTierCount = (n: number): void => {
    const quotas = s.quotas.slice(0, n);
    set({ boundaries: evenBoundaries(n, domain), quotas });
  };
  const setBoundary = (i: number, v: number): void =>
    update((c) => ({ ...c, short: { ...c.short, boundaries: c.short.boundaries.map((b, j) => (j === i ? v : b)) } }));
  const setQuota = (t: number, v: number | undefined): void => {
    const q = [...s.quotas];
    while (q.length <= t) q.push(MAX_QUOTA);
    q[t] = v ?? MAX_QUOTA;
    while (q.length && q[q.length - 1] === MAX_QUOTA) q.pop(); // trailing "no cap" = no entry
    set({ quotas: q });
  };
  const series = useZoneSeries(hist);
  const markers = useMemo(() => s.boundaries.map((b, i): Marker => ({
    id: `b${i}`, value: b, label: `b${i + 1}`, color: COLORS.boundary, testId: `tiers.boundary-${i}-handle`,
    // NOTE: a dragged boundary stays between its neighbours, so tiers keep their order.
    min: i + 1 < s.boundaries.length ? s.boundaries[i + 1] : domain[0], max: i > 0 ? s.boundaries[i - 1] : domain[1],
    step, onChange: (v) => update((c) => ({ ...c, short: { ...c.short, boundaries: c.short.boundaries.map((x, j) => (j === i ? v : x)) } })),
  })), [s.boundaries, domain, step, update]);
  return (
    <section className="zone-editor" data-testid="tiers.short">
      <h3>Short-video zone — score tiers</h3>
      <Histogram
        testId="tiers.short-histogram"
        edges={hist.edges}
        xLabel={`coarse score (${cfg.norm})`}
        series={series}
        markers={markers}
      />
      <div className="row">
        <label className="field">
          <span>tiers</span>
          <select data-testid="tiers.tier-count" value={tiers} onChange={(e) => setTierCount(Number(e.target.value))}>
            {Array.from({ length: MAX_BOUNDARIES + 1 }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label className="field">
          <span>order inside a tier</span>
          <select data-testid="tiers.order" value={s.order} onChange={(e) => set({ order: e.target.value as TierOrder })}>
            {TIER_ORDERS.map((o) => <option key={o} value={o}>{ORDER_LABEL[o]}</option>)}
          </select>
        </label>
        <label className="field">
          <span>max forwarded / query</span>
          <NumberField label="short-video max forwarded per query" optional integer min={0} max={MAX_QUOTA} placeholder="no cap"
            value={s.total} testId="tiers.total"
            onChange={(v) => update((c) => { const { total: _t, ...rest } = c.short; return { ...c, short: v === undefined ? rest : { ...rest, total: v } }; })} />
        </label>
      </div>
      {s.order === 'blend' && (
        <Slider label="α (score weight)" value={s.alpha} min={0} max={1} step={0.05} onChange={(alpha) => set({ alpha })} testId="tiers.alpha" />
      )}
      <table className="tier-table">
        <thead><tr><th>tier</th><th>score from</th><th>quota / query</th></tr></thead>
        <tbody>
          {Array.from({ length: tiers }, (_, t) => (
            <tr key={t}>
              <td>{t + 1}</td>
              <td>
                {t < s.boundaries.length
                  ? <NumberField label={`boundary ${t + 1}`} value={s.boundaries[t]} min={-CUTOFF_LIMIT} max={CUTOFF_LIMIT} testId={`tiers.boundary-${t}-input`} onChange={(v) => v !== undefined && setBoundary(t, v)} />
                  : <span className="muted">rest</span>}
              </td>
              <td>
                <NumberField label={`quota of tier ${t + 1}`} optional integer min={0} max={MAX_QUOTA} placeholder="no cap"
                  value={s.quotas[t] === undefined || s.quotas[t] === MAX_QUOTA ? undefined : s.quotas[t]}
                  testId={`tiers.quota-${t}`} onChange={(v) => setQuota(t, v)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="zone-figures" data-testid="tiers.short-figures">
        forwarded <b data-testid="tiers.short-forwarded" data-value={figures.forwarded ?? ''}>{fmtFigure(figures.forwarded, 'int')}</b>
        {' '}of {fmtFigure(figures.candidates, 'int')} · relevant kept{' '}
        <b data-testid="tiers.short-recall" data-value={figures.recallMicro ?? ''}>{fmtFigure(figures.recallMicro, 'pct')}</b>
      </p>
    </section>
  );
});
