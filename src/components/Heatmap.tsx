// One matrix as a canvas heatmap with tokens on both axes, the value under
// the pointer, a colour legend and PNG/CSV export. The matrix's shape and
// values are also data attributes, so tests read what is drawn.
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Matrix } from '../core/attention';
import { f32String } from '../core/exportMatrix';
import { drawCells, ExportButtons, type ExportSpec } from './HeatmapExport';
import { fmt, HeatmapLegend, scaleFor, type ColorScale, type ScaleKind } from './HeatmapScale';

export interface HeatmapProps {
  matrix: Matrix;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  testId: string;
  kind?: ScaleKind;
  /** A fixed scale (e.g. shared by two maps side by side); default: from the values. */
  scale?: ColorScale;
  title?: string;
  /** Names of the axes, for the tooltip and the CSV corner ("query", "doc"). */
  axes?: [string, string];
  /** File name parts for exports. */
  exportName?: readonly string[];
  maxCell?: number;
}

export function Heatmap(p: HeatmapProps) {
  const { matrix: m, rowLabels, colLabels, testId } = p;
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ i: number; j: number } | null>(null);
  const scale = useMemo(() => p.scale ?? scaleFor(m.data, p.kind ?? 'seq'), [p.scale, p.kind, m]);
  const cell = Math.max(8, Math.min(p.maxCell ?? 26, Math.floor(520 / Math.max(1, m.cols))));
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    drawCells(ctx, m, scale, 0, 0, cell);
  }, [m, scale, cell]);
  const values = useMemo(() => JSON.stringify(Array.from(m.data, (v) => Number(f32String(v)))), [m]);
  const spec: ExportSpec = {
    matrix: m, rowLabels, colLabels, scale, title: p.title,
    name: p.exportName ?? [testId], corner: p.axes ? `${p.axes[0]} \\ ${p.axes[1]}` : '',
  };
  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const j = Math.floor(((e.clientX - r.left) / r.width) * m.cols);
    const i = Math.floor(((e.clientY - r.top) / r.height) * m.rows);
    setHover(i >= 0 && i < m.rows && j >= 0 && j < m.cols ? { i, j } : null);
  };
  const hv = hover ? m.data[hover.i * m.cols + hover.j] : undefined;
  return (
    <figure
      className="heatmap"
      data-testid={testId}
      data-rows={m.rows}
      data-cols={m.cols}
      data-values={values}
      data-row-labels={JSON.stringify(rowLabels)}
      data-col-labels={JSON.stringify(colLabels)}
    >
      {p.title && <figcaption>{p.title}</figcaption>}
      <div className="heatmap-body" style={{ gridTemplateColumns: `auto ${m.cols * cell}px` }}>
        <span />
        <div className="heatmap-cols" style={{ width: m.cols * cell }}>
          {colLabels.map((t, j) => <span key={j} style={{ width: cell }} className={hover?.j === j ? 'hot' : ''} title={t}>{t}</span>)}
        </div>
        <div className="heatmap-rows">
          {rowLabels.map((t, i) => <span key={i} style={{ height: cell, lineHeight: `${cell}px` }} className={hover?.i === i ? 'hot' : ''} title={t}>{t}</span>)}
        </div>
        <canvas
          ref={ref}
          width={m.cols * cell}
          height={m.rows * cell}
          data-testid={`${testId}.canvas`}
          data-cell={cell}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
      </div>
      <div className="heatmap-foot">
        <HeatmapLegend scale={scale} testId={`${testId}.legend`} />
        <span className="heatmap-value" data-testid={`${testId}.hover`} data-i={hover?.i ?? ''} data-j={hover?.j ?? ''} data-value={hv ?? ''}>
          {hover && hv !== undefined
            ? `${p.axes?.[0] ?? 'row'} ${rowLabels[hover.i]} → ${p.axes?.[1] ?? 'col'} ${colLabels[hover.j]}: ${fmt(hv)}`
            : 'hover a cell for its value'}
        </span>
        <ExportButtons spec={spec} testId={testId} />
      </div>
    </figure>
  );
}
