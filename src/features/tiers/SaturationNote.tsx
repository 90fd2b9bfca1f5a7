// Says when the raw scores cannot carry a cutoff: most of them sit at 0.999+
// (or 0.001-), so a raw cutoff slider moves nothing until its last step. Offers
// rank percentiles, which separate them whatever the model's calibration.
import { SATURATION_EPS } from '../../core/scoreNorm';

/** Above this share of saturated scores the raw mode is flagged. */
export const SATURATED_SHARE = 0.2;

export function SaturationNote({ share, model, norm, onPercentile }: {
  share: number; model: string; norm: string; onPercentile: () => void;
}) {
  if (share < SATURATED_SHARE || norm !== 'raw') return null;
  return (
    <p className="warning" data-testid="tiers.saturated" data-share={share.toFixed(4)}>
      {(share * 100).toFixed(0)}% of {model}&apos;s raw scores are within {SATURATION_EPS} of 1 or 0: a raw cutoff cannot tell them apart.{' '}
      <button type="button" data-testid="tiers.use-percentile" onClick={onPercentile}>cut by rank percentile instead</button>
    </p>
  );
}
