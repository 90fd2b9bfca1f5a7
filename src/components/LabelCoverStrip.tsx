// A doc's 16-d cover vector as a strip of coloured cells: blue below zero,
// white at zero, red above, on one fixed scale (±3, clamped; the demo covers
// are roughly standard-normal) so strips of different docs compare by eye.
// The numbers are in each cell's tooltip.

const SCALE = 3;

function cellColour(v: number, scale: number): string {
  const t = Math.max(-1, Math.min(1, v / scale));
  const a = Math.abs(t);
  // mix white → red (t > 0) or white → blue (t < 0)
  const [r, g, b] = t >= 0 ? [224, 49, 49] : [25, 113, 194];
  const mix = (c: number): number => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

export function LabelCoverStrip({ cover, testId }: { cover: readonly number[]; testId?: string }) {
  if (cover.length === 0) return <span className="label-cover-none" data-testid={testId}>no cover vector</span>;
  return (
    <span className="label-cover" data-testid={testId} role="img" aria-label={`cover vector: ${cover.join(', ')}`}>
      {cover.map((v, i) => (
        <span key={i} className="label-cover-cell" title={`${i}: ${v}`} style={{ background: cellColour(v, SCALE) }} />
      ))}
    </span>
  );
}
