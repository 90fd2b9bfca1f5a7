// A labelled range slider with an exact typed value next to it. The range
// input gives drag and keyboard (arrows, PageUp/Down, Home/End) for free;
// the text field takes any in-range value, not only slider steps.
import { NumberField } from './NumberField';

export interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (v: number) => void;
  /** dotted base id: `${testId}` on the range, `${testId}-input` on the text field */
  testId: string;
  digits?: number;
}

export function Slider({ label, value, min, max, step, onChange, testId, digits }: SliderProps) {
  return (
    <label className="slider">
      <span className="slider-label">{label}</span>
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={Math.min(max, Math.max(min, value))}
        aria-label={label}
        data-testid={testId}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <NumberField
        label={`${label} (exact)`}
        value={value}
        min={min}
        max={max}
        digits={digits}
        onChange={(v) => { if (v !== undefined) onChange(v); }}
        testId={`${testId}-input`}
      />
    </label>
  );
}
