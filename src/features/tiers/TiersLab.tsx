// The tiers experiment once candidates are scored: edit config A or B per
// zone, and watch the funnel, A/B deltas, trade-off curve, suggestion and
// calibration follow. Every figure is derived here (useMemo) from the store's
// inputs and the prepared funnels; nothing derived goes into the store.
import { useEffect, useMemo } from 'react';
import { configDifferences } from '../../core/configDiff';
import type { ZoneFilter } from '../../core/domain';
import type { FunnelConfig } from '../../core/funnel';
import { tradeoffCurve } from '../../core/funnelSweep';
import { mark } from '../../runtime/timeline';
import { useLab } from '../../state/store';
import type { TierDetailView } from '../../state/slices/tiers';
import { ABCompare } from './ABCompare';
import { CalibrationView } from './CalibrationView';
import { ConfigIO } from './ConfigIO';
import { GroupTables, Headline } from './FunnelFigures';
import { normDomain, normsOf, zoneHistogram } from './histogramData';
import { PerQueryTable } from './PerQueryTable';
import { PremiumEditor } from './PremiumEditor';
import { ShortEditor } from './ShortEditor';
import { StrategyBar } from './StrategyBar';
import { SaturationNote } from './SaturationNote';
import { saturation } from '../../core/scoreNorm';
import { SuggestBox } from './SuggestBox';
import { TierPreview } from './TierPreview';
import { currentPoint, TradeoffChart } from './TradeoffChart';
import { useConfigUpdate } from './useConfigUpdate';
import { useFunnelRuns } from './useFunnelRuns';
import type { TierData } from './useTierData';

const DETAILS: readonly [TierDetailView, string][] = [['queries', 'per query'], ['served', 'served order (tiers)'], ['calibration', 'calibration']];

export function TiersLab({ data }: { data: TierData }) {
  const cfgA = useLab((s) => s.tierConfigA);
  const cfgB = useLab((s) => s.tierConfigB);
  const storedA = useLab((s) => s.tierModelA);
  const storedB = useLab((s) => s.tierModelB);
  const setConfig = useLab((s) => s.setTierConfig);
  const setModel = useLab((s) => s.setTierModel);
  const target = useLab((s) => s.tierTarget);
  const setTarget = useLab((s) => s.setTierTarget);
  // NOTE: in the store (not component state), so a share link reopens the same side, chart and detail view.
  const editing = useLab((s) => s.tierEditing);
  const setEditing = useLab((s) => s.setTierEditing);
  const curveZone = useLab((s) => s.tierCurve);
  const setCurveZone = useLab((s) => s.setTierCurve);
  const detail = useLab((s) => s.tierDetail);
  const setDetail = useLab((s) => s.setTierDetail);

  const pick = (m: string | null): string => (m !== null && data.models.includes(m) ? m : data.models[0]);
  const modelA = pick(storedA), modelB = pick(storedB);
  const prepA = data.prepared[modelA], prepB = data.prepared[modelB];
  const runs = useFunnelRuns(prepA, prepB, cfgA, cfgB);
  useEffect(() => mark('page: tiers figures shown'), []);
  const diffs = useMemo(() => configDifferences({ config: cfgA, model: modelA }, { config: cfgB, model: modelB }), [cfgA, cfgB, modelA, modelB]);

  const cfg = editing === 'A' ? cfgA : cfgB;
  const prep = editing === 'A' ? prepA : prepB;
  const model = editing === 'A' ? modelA : modelB;
  const shown = editing === 'A' ? runs.a : runs.b;
  const onChange = (c: FunnelConfig): void => setConfig(editing, c);
  const update = useConfigUpdate(editing);
  const thr = cfg.threshold ?? 2;

  // Model- and norm-dependent views: recomputed when those change, not per slider move.
  const norms = useMemo(() => normsOf(prep, cfg.norm), [prep, cfg.norm]);
  const sat = useMemo(() => saturation(prep.queries.map((p) => p.q)), [prep]);
  const domain = useMemo(() => normDomain(cfg.norm, norms), [cfg.norm, norms]);
  const histP = useMemo(() => zoneHistogram(prep, norms, 'premium', thr, domain), [prep, norms, thr, domain]);
  const histS = useMemo(() => zoneHistogram(prep, norms, 'short', thr, domain), [prep, norms, thr, domain]);
  const curve = useMemo(() => tradeoffCurve(prep, { norm: cfg.norm, zone: curveZone, threshold: thr }), [prep, cfg.norm, curveZone, thr]);
  const premiumCurve = useMemo(
    () => (curveZone === 'premium' ? curve : tradeoffCurve(prep, { norm: cfg.norm, zone: 'premium', threshold: thr })),
    [curve, curveZone, prep, cfg.norm, thr],
  );
  const other = editing === 'A' ? runs.b.result : runs.a.result;

  return (
    <div className="tiers-lab" data-testid="tiers.lab" data-editing={editing}>
      <StrategyBar
        editing={editing} setEditing={setEditing} cfg={cfg} onChange={onChange}
        model={model} models={data.models} setModel={(id) => setModel(editing, id)}
        onThreshold={(t) => { setConfig('A', { ...cfgA, threshold: t }); setConfig('B', { ...cfgB, threshold: t }); }}
        diffs={diffs}
      />
      <SaturationNote share={sat.share} model={model} norm={cfg.norm} onPercentile={() => onChange({ ...cfg, norm: 'percentile' })} />
      <Headline result={shown.result} side={editing} ms={shown.ms} />
      <div className="zone-grid">
        <PremiumEditor cfg={cfg} update={update} hist={histP} domain={domain} figures={shown.result.byZone.premium} />
        <ShortEditor cfg={cfg} update={update} hist={histS} domain={domain} figures={shown.result.byZone.short} />
      </div>
      <div className="zone-grid">
        <ABCompare cmp={runs.cmp} labelA={`${modelA} · ${runs.cfgA.norm}`} labelB={`${modelB} · ${runs.cfgB.norm}`} diffs={diffs} />
        <section>
          <h3>
            Trade-off: forwarded vs relevant recall as the cutoff sweeps{' '}
            <select data-testid="tiers.curve-zone" value={curveZone} onChange={(e) => setCurveZone(e.target.value as ZoneFilter)}>
              <option value="premium">premium zone</option><option value="short">short-video zone</option><option value="all">both zones</option>
            </select>
          </h3>
          <TradeoffChart curve={curve} queries={prep.queries.length}
            a={currentPoint(shown.result, curveZone)} b={other && prepA === prepB ? currentPoint(other, curveZone) : null} />
          <SuggestBox prep={prep} cfg={cfg} premiumCurve={premiumCurve} target={target} setTarget={setTarget} onApply={onChange} />
        </section>
      </div>
      <GroupTables result={shown.result} />
      {/* NOTE: one detail view at a time, so a move re-lays out a small page. */}
      <div className="seg detail-tabs" role="tablist">
        {DETAILS.map(([id, label]) => (
          <button key={id} role="tab" aria-selected={detail === id} aria-pressed={detail === id} data-testid={`tiers.view-${id}`} onClick={() => setDetail(id)}>{label}</button>
        ))}
      </div>
      {detail === 'queries' && <PerQueryTable rows={shown.result.perQuery} />}
      {detail === 'served' && <TierPreview prep={prep} norms={norms} short={cfg.short} threshold={thr} />}
      {detail === 'calibration' && (
        <CalibrationView models={data.models} prepared={data.prepared} norm={cfg.norm} threshold={thr} cutoff={cfg.premium.cutoff} />
      )}
      <ConfigIO
        A={{ model: modelA, config: cfgA }} B={{ model: modelB, config: cfgB }} editing={editing}
        models={data.models} prepA={prepA} fineModel={data.fineModel}
        onImport={(which, side) => { setConfig(which, side.config); if (side.model !== null) setModel(which, side.model); }}
      />
    </div>
  );
}
