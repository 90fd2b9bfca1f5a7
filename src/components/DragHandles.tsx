// Vertical draggable markers inside a recharts cartesian chart (rendered as a
// chart child, so the axis scale maps value ↔ pixel). Each grip is an ARIA
// slider: pointer drag, arrows (±step), PageUp/PageDown (±10 steps), Home/End.
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { usePlotArea, useXAxisInverseScale, useXAxisScale } from 'recharts';

export interface Marker {
  id: string;
  value: number;
  label: string;
  color: string;
  /** data-testid of the grip */
  testId?: string;
  min: number;
  max: number;
  step: number;
  onChange?: (v: number) => void;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function Handle({ m }: { m: Marker }) {
  const scale = useXAxisScale();
  const inverse = useXAxisInverseScale();
  const plot = usePlotArea();
  const dragging = useRef(false);
  // NOTE: pointer moves are coalesced to one update per animation frame, so a
  // fast drag costs one recompute per frame, not one per event.
  const pending = useRef<{ v: number; frame: number } | null>(null);
  if (!scale || !inverse || !plot) return null;
  const x = scale(clamp(m.value, m.min, m.max));
  if (x === undefined || !Number.isFinite(x)) return null;
  const set = (v: number): void => {
    const r = clamp(v, m.min, m.max);
    if (r !== m.value) m.onChange?.(r);
  };
  const fromPointer = (e: PointerEvent<SVGElement>): void => {
    const svg = (e.currentTarget as SVGElement).ownerSVGElement;
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    const v = Number(inverse(e.clientX - box.left));
    if (!Number.isFinite(v)) return;
    // snap to the step grid so dragged values read cleanly
    const snapped = Number((Math.round(v / m.step) * m.step).toFixed(10));
    if (pending.current) { pending.current.v = snapped; return; }
    pending.current = {
      v: snapped,
      frame: requestAnimationFrame(() => { const p = pending.current; pending.current = null; if (p) set(p.v); }),
    };
  };
  const onKey = (e: KeyboardEvent<SVGElement>): void => {
    const big = m.step * 10;
    const delta: Record<string, number> = { ArrowRight: m.step, ArrowUp: m.step, ArrowLeft: -m.step, ArrowDown: -m.step, PageUp: big, PageDown: -big };
    if (e.key in delta) set(Number((m.value + delta[e.key]).toFixed(10)));
    else if (e.key === 'Home') set(m.min);
    else if (e.key === 'End') set(m.max);
    else return;
    e.preventDefault();
  };
  const editable = !!m.onChange;
  return (
    <g className="drag-handle">
      <line x1={x} x2={x} y1={plot.y} y2={plot.y + plot.height} stroke={m.color} strokeWidth={2} strokeDasharray={editable ? undefined : '4 3'} />
      <text x={x + 4} y={plot.y + 10} fontSize={10} fill={m.color}>{m.label}</text>
      {editable && (
        <rect
          x={x - 6} y={plot.y} width={12} height={plot.height}
          fill="transparent" stroke="none"
          style={{ cursor: 'ew-resize', touchAction: 'none' }}
          tabIndex={0}
          role="slider"
          aria-label={m.label}
          aria-valuemin={m.min}
          aria-valuemax={m.max}
          aria-valuenow={m.value}
          data-testid={m.testId}
          onPointerDown={(e) => { dragging.current = true; e.currentTarget.setPointerCapture(e.pointerId); fromPointer(e); }}
          onPointerMove={(e) => { if (dragging.current) fromPointer(e); }}
          onPointerUp={(e) => { dragging.current = false; e.currentTarget.releasePointerCapture(e.pointerId); }}
          onKeyDown={onKey}
        />
      )}
    </g>
  );
}

export function DragHandles({ markers }: { markers: readonly Marker[] }) {
  return <>{markers.map((m) => <Handle key={m.id} m={m} />)}</>;
}
