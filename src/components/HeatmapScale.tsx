// Colour scales of the heatmaps and their legend. Sequential (white → blue)
// for probabilities, diverging (blue ← white → red, symmetric around 0) for
// signed values such as raw alignments and score changes. Pure functions
// plus one small legend component.
import { useEffect, useRef } from 'react';
import { minMax } from '../core/attention';

export type ScaleKind = 'seq' | 'div';

export interface ColorScale {
  kind: ScaleKind;
  min: number;
  max: number;
}

type Rgb = [number, number, number];
const SEQ: Rgb[] = [[247, 251, 255], [198, 219, 239], [107, 174, 214], [33, 113, 181], [8, 48, 107]];
const DIV: Rgb[] = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [178, 24, 43]];

/** Sequential: [min(0, lo), hi]; diverging: [-a, a] with a = max |v|. */
export function scaleFor(values: ArrayLike<number>, kind: ScaleKind): ColorScale {
  const { min, max } = minMax(values);
  if (kind === 'div') {
    const a = Math.max(Math.abs(min), Math.abs(max)) || 1;
    return { kind, min: -a, max: a };
  }
  const lo = Math.min(0, min);
  return { kind, min: lo, max: max > lo ? max : lo + 1 };
}

/** The colour of a value: piecewise-linear between five stops. */
export function colorAt(s: ColorScale, v: number): Rgb {
  const stops = s.kind === 'div' ? DIV : SEQ;
  if (!Number.isFinite(v)) return [200, 200, 200];
  const t = Math.min(1, Math.max(0, (v - s.min) / (s.max - s.min || 1)));
  const x = t * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(x));
  const f = x - k;
  const a = stops[k], b = stops[k + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

export function cssColor(s: ColorScale, v: number): string {
  const [r, g, b] = colorAt(s, v);
  return `rgb(${r},${g},${b})`;
}

/** Readable text on a cell: black on light, white on dark. */
export function inkOn(rgb: Rgb): string {
  return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 150 ? '#111' : '#fff';
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : v.toFixed(a < 1 ? 4 : 3);
}

/** A horizontal gradient bar with its min, middle and max. */
export function HeatmapLegend({ scale, testId, label }: { scale: ColorScale; testId?: string; label?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    for (let x = 0; x < c.width; x++) {
      ctx.fillStyle = cssColor(scale, scale.min + ((scale.max - scale.min) * x) / (c.width - 1));
      ctx.fillRect(x, 0, 1, c.height);
    }
  }, [scale]);
  return (
    <div className="heatmap-legend" data-testid={testId} data-min={scale.min} data-max={scale.max} data-kind={scale.kind}>
      {label && <span className="muted">{label}</span>}
      <span>{fmt(scale.min)}</span>
      <canvas ref={ref} width={160} height={10} aria-hidden="true" />
      <span>{fmt(scale.max)}</span>
    </div>
  );
}
