// The model view: every attention map of one input as a small canvas,
// layers down, heads across (or one column: the mean over heads, or the
// rollout). One pixel per token pair, scaled up by CSS, so 12 layers × heads
// draw in a few milliseconds. Each map uses its own [0, max] scale — the
// grid shows patterns; the detail view shows values.
import { useEffect, useRef } from 'react';
import type { Matrix } from '../core/attention';
import { drawCells } from './HeatmapExport';
import { scaleFor } from './HeatmapScale';

export interface GridMap {
  layer: number; // 0-based
  head: number; // 0-based; -1 = mean over heads or rollout
  matrix: Matrix;
}

function MiniMap({ g, size, selected, onSelect, testId }: { g: GridMap; size: number; selected: boolean; onSelect: () => void; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) drawCells(ctx, g.matrix, scaleFor(g.matrix.data, 'seq'), 0, 0, 1);
  }, [g.matrix]);
  const label = `layer ${g.layer + 1}${g.head >= 0 ? `, head ${g.head + 1}` : ''}`;
  return (
    <button type="button" className={`grid-map${selected ? ' selected' : ''}`} onClick={onSelect} title={label} aria-label={label} aria-pressed={selected}>
      <canvas
        ref={ref}
        width={Math.max(1, g.matrix.cols)}
        height={Math.max(1, g.matrix.rows)}
        style={{ width: size, height: size }}
        data-testid={`${testId}.map`}
        data-layer={g.layer}
        data-head={g.head}
        data-rows={g.matrix.rows}
        data-cols={g.matrix.cols}
      />
    </button>
  );
}

export interface HeatmapGridProps {
  maps: GridMap[];
  layers: number;
  /** Columns shown: the head count, or 1 for mean / rollout. */
  columns: number;
  columnLabel: (c: number) => string;
  selected?: { layer: number; head: number };
  onSelect: (layer: number, head: number) => void;
  testId: string;
  size?: number;
}

export function HeatmapGrid(p: HeatmapGridProps) {
  const size = p.size ?? (p.columns > 6 ? 40 : 52);
  return (
    <div className="heatmap-grid" data-testid={p.testId} data-layers={p.layers} data-heads={p.columns} data-maps={p.maps.length}>
      <div className="heatmap-grid-table" style={{ gridTemplateColumns: `auto repeat(${p.columns}, ${size + 6}px)` }}>
        <span />
        {Array.from({ length: p.columns }, (_, c) => <span key={c} className="muted grid-col-label">{p.columnLabel(c)}</span>)}
        {Array.from({ length: p.layers }, (_, l) => (
          <Row key={l} layer={l} {...p} size={size} />
        ))}
      </div>
    </div>
  );
}

function Row(p: HeatmapGridProps & { layer: number; size: number }) {
  const row = p.maps.filter((g) => g.layer === p.layer);
  return (
    <>
      <span className="muted grid-row-label">L{p.layer + 1}</span>
      {row.map((g) => (
        <MiniMap
          key={`${g.layer}.${g.head}`}
          g={g}
          size={p.size}
          testId={p.testId}
          selected={p.selected?.layer === g.layer && p.selected?.head === g.head}
          onSelect={() => p.onSelect(g.layer, g.head)}
        />
      ))}
    </>
  );
}
