// Suggest: the least forwarded volume that keeps ≥ X% of relevant docs — the
// premium cutoff (exact, from the sweep) and, for the short-video zone's
// current boundaries and order, per-tier quotas (greedy; the recall it
// claims is the one the funnel then shows). Applying edits the open config
// and drops the per-query caps, which would otherwise cut below the target.
import { useMemo } from 'react';
import type { FunnelConfig, PreparedFunnel } from '../../core/funnel';
import { suggestCutoff, suggestTierQuotas, tradeoffCurve, type TradeoffCurve } from '../../core/funnelSweep';
import { NumberField } from '../../components/NumberField';
import { fmtFigure } from './format';
import { floor4 } from './shareTiers';
import { withCutoff, withQuotas, withShortCutoff } from './suggest';

export function SuggestBox({ prep, cfg, premiumCurve, target, setTarget, onApply }: {
  prep: PreparedFunnel; cfg: FunnelConfig; premiumCurve: TradeoffCurve; target: number;
  setTarget: (x: number) => void; onApply: (cfg: FunnelConfig) => void;
}) {
  const q = prep.queries.length || 1;
  // NOTE: neither depends on the cutoff, so a cutoff drag recomputes nothing here.
  const cut = useMemo(() => suggestCutoff(premiumCurve, target), [premiumCurve, target]);
  const quotas = useMemo(
    () => suggestTierQuotas(prep, cfg.norm, cfg.short, target, cfg.threshold ?? 2),
    [prep, cfg.norm, cfg.short, cfg.threshold, target],
  );
  const shortCut = useMemo(
    () => suggestCutoff(tradeoffCurve(prep, { norm: cfg.norm, zone: 'short', threshold: cfg.threshold ?? 2 }), target),
    [prep, cfg.norm, cfg.threshold, target],
  );
  const applied = cut ? floor4(cut.cutoff) : null;
  const both = (c: FunnelConfig): FunnelConfig => withQuotas(cut ? withCutoff(c, cut) : c, quotas);
  return (
    <section className="suggest" data-testid="tiers.suggest">
      <h3>Suggest</h3>
      <label className="field">
        <span>keep ≥ X% of relevant docs</span>
        <NumberField label="target recall in percent" value={Number((target * 100).toFixed(2))} min={0} max={100}
          testId="tiers.suggest-target" onChange={(v) => v !== undefined && setTarget(v / 100)} />
      </label>
      <p data-testid="tiers.suggest-premium">
        premium cutoff{' '}
        {cut ? (
          <>
            <b data-testid="tiers.suggest-cutoff" data-value={applied ?? ''} title={`exact: ${cut.cutoff}`}>{applied}</b>
            {' '}→ {fmtFigure(cut.forwarded / q, 'num')} forwarded / query, recall {fmtFigure(cut.recall, 'pct')}{' '}
            <button data-testid="tiers.suggest-apply-cutoff" onClick={() => onApply(withCutoff(cfg, cut))}>apply</button>
          </>
        ) : <span className="muted">unreachable (no relevant premium doc, or a target above 100%)</span>}
      </p>
      <p data-testid="tiers.suggest-short">
        short-video quotas for the current {cfg.short.boundaries.length + 1} tiers{' '}
        <b data-testid="tiers.suggest-quotas" data-value={JSON.stringify(quotas.quotas)}>[{quotas.quotas.join(', ')}]</b>
        {' '}→ {fmtFigure(quotas.forwarded / q, 'num')} forwarded / query, recall {fmtFigure(quotas.recall, 'pct')}
        {!quotas.reached && <span className="muted"> (target not reachable with these boundaries)</span>}{' '}
        <button data-testid="tiers.suggest-apply-quotas" onClick={() => onApply(withQuotas(cfg, quotas))}>apply</button>
      </p>
      <p data-testid="tiers.suggest-short-cutoff">
        or short-video as one boundary{' '}
        {shortCut ? (
          <>
            <b data-testid="tiers.suggest-boundary" data-value={floor4(shortCut.cutoff)} title={`exact: ${shortCut.cutoff}`}>{floor4(shortCut.cutoff)}</b>
            {' '}(take all above, none below) → {fmtFigure(shortCut.forwarded / q, 'num')} forwarded / query, recall {fmtFigure(shortCut.recall, 'pct')}{' '}
            <button data-testid="tiers.suggest-apply-boundary" onClick={() => onApply(withShortCutoff(cfg, shortCut))}>apply</button>
          </>
        ) : <span className="muted">unreachable</span>}
      </p>
      <button data-testid="tiers.suggest-apply-both" disabled={!cut} onClick={() => onApply(both(cfg))}>apply both</button>
    </section>
  );
}
