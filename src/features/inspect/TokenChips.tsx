// Tokens as chips coloured by a value (a weight or a score change), with the
// values as data attributes for tests.
import { colorAt, cssColor, fmt, inkOn, type ColorScale } from '../../components/HeatmapScale';

export interface Chip {
  token: string;
  value: number;
  /** Position in the tokenised text. */
  pos: number;
  strong?: boolean;
}

export function TokenChips({ chips, scale, testId, unit }: { chips: Chip[]; scale: ColorScale; testId: string; unit?: string }) {
  return (
    <span className="token-chips" data-testid={testId} data-values={JSON.stringify(chips.map((c) => c.value))} data-tokens={JSON.stringify(chips.map((c) => c.token))}>
      {chips.map((c) => (
        <span
          key={c.pos}
          className={`token-chip${c.strong ? ' strong' : ''}`}
          style={{ background: cssColor(scale, c.value), color: inkOn(colorAt(scale, c.value)) }}
          title={`${c.token} (#${c.pos}): ${fmt(c.value)}${unit ? ` ${unit}` : ''}`}
          data-pos={c.pos}
          data-value={c.value}
        >
          {c.token}
        </span>
      ))}
    </span>
  );
}
