// Drawing a matrix on a canvas and exporting it: PNG (cells, token labels,
// legend; the matrix itself and the cell layout ride along as PNG text
// chunks) and CSV (labels + full float32 values). Downloads happen in the
// page; nothing is uploaded.
import type { Matrix } from '../core/attention';
import { exportFileName, matrixToCsv } from '../core/exportMatrix';
import { withPngText } from '../core/exportMatrixPng';
import { colorAt, cssColor, fmt, type ColorScale } from './HeatmapScale';
import { downloadBlob } from './download';

/** Fills `cell`-pixel squares from (x0, y0), one per matrix value. */
export function drawCells(ctx: CanvasRenderingContext2D, m: Matrix, scale: ColorScale, x0: number, y0: number, cell: number): void {
  if (cell === 1) {
    const img = ctx.createImageData(Math.max(1, m.cols), Math.max(1, m.rows));
    for (let k = 0; k < m.data.length; k++) {
      const [r, g, b] = colorAt(scale, m.data[k]);
      img.data.set([r, g, b, 255], k * 4);
    }
    ctx.putImageData(img, x0, y0);
    return;
  }
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      ctx.fillStyle = cssColor(scale, m.data[i * m.cols + j]);
      ctx.fillRect(x0 + j * cell, y0 + i * cell, cell, cell);
    }
  }
}

export interface ExportSpec {
  matrix: Matrix;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  scale: ColorScale;
  /** Parts of the file name, e.g. ['attention', 'teacher', 'L3', 'H1']. */
  name: readonly string[];
  title?: string;
  corner?: string;
}

/** Layout of the PNG: where the cells are, so a reader can sample them. */
export interface PngLayout {
  x0: number;
  y0: number;
  cell: number;
  rows: number;
  cols: number;
  scale: ColorScale;
}

const FONT = '12px system-ui, "Noto Sans CJK SC", sans-serif';
const LINE = 14;

/**
 * Which column labels stand upright: those that fit their cell. A Chinese token is one character,
 * unreadable turned 90°; only labels wider than the cell (##phone, [CLS]) turn. `height`: the
 * band the labels need above the cells.
 */
export function columnLabelLayout(widths: readonly number[], cell: number): { upright: boolean[]; height: number } {
  const upright = widths.map((w) => w <= cell - 2);
  return { upright, height: Math.max(0, ...widths.map((w, j) => (upright[j] ? LINE : w))) };
}

/** Renders the labelled heatmap to a fresh canvas for export. */
export function renderExportCanvas(spec: ExportSpec): { canvas: HTMLCanvasElement; layout: PngLayout } {
  const { matrix: m, rowLabels, colLabels, scale } = spec;
  const cell = Math.max(14, Math.min(28, Math.floor(640 / Math.max(1, m.cols, m.rows))));
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = FONT;
  const w = (s: string) => Math.ceil(measure.measureText(s).width);
  const left = 8 + Math.max(0, ...rowLabels.map(w));
  const colLayout = columnLabelLayout(colLabels.map(w), cell);
  const top = 24 + colLayout.height;
  const x0 = left + 6, y0 = top + 6;
  const canvas = document.createElement('canvas');
  canvas.width = x0 + m.cols * cell + 12;
  canvas.height = y0 + m.rows * cell + 44;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = FONT;
  ctx.fillStyle = '#111';
  if (spec.title) ctx.fillText(spec.title, 4, 14);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  rowLabels.forEach((s, i) => ctx.fillText(s, left, y0 + i * cell + cell / 2));
  colLabels.forEach((s, j) => {
    if (colLayout.upright[j]) {
      ctx.textAlign = 'center';
      ctx.fillText(s, x0 + j * cell + cell / 2, top - LINE / 2);
      return;
    }
    ctx.save();
    ctx.translate(x0 + j * cell + cell / 2, top);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText(s, 0, 0);
    ctx.restore();
  });
  drawCells(ctx, m, scale, x0, y0, cell);
  // Legend under the cells.
  const ly = y0 + m.rows * cell + 14, lw = Math.min(200, Math.max(80, m.cols * cell));
  for (let x = 0; x < lw; x++) {
    ctx.fillStyle = cssColor(scale, scale.min + ((scale.max - scale.min) * x) / (lw - 1));
    ctx.fillRect(x0 + x, ly, 1, 10);
  }
  ctx.fillStyle = '#111';
  ctx.textAlign = 'left';
  ctx.fillText(`${fmt(scale.min)} … ${fmt(scale.max)}`, x0, ly + 22);
  return { canvas, layout: { x0, y0, cell, rows: m.rows, cols: m.cols, scale } };
}

export function csvOf(spec: ExportSpec): string {
  return matrixToCsv({ matrix: spec.matrix, rowLabels: spec.rowLabels, colLabels: spec.colLabels, corner: spec.corner });
}

export function exportCsv(spec: ExportSpec): void {
  downloadBlob(exportFileName(spec.name, 'csv'), new Blob([csvOf(spec)], { type: 'text/csv;charset=utf-8' }));
}

export async function exportPng(spec: ExportSpec): Promise<void> {
  const { canvas, layout } = renderExportCanvas(spec);
  const blob = await new Promise<Blob>((res, rej) => canvas.toBlob((b) => (b ? res(b) : rej(new Error('the browser could not encode a PNG'))), 'image/png'));
  const png = withPngText(new Uint8Array(await blob.arrayBuffer()), {
    'prerank:matrix': csvOf(spec),
    'prerank:layout': JSON.stringify(layout),
    ...(spec.title ? { Title: spec.title } : {}),
  });
  downloadBlob(exportFileName(spec.name, 'png'), new Blob([png as BlobPart], { type: 'image/png' }));
}

/** The two buttons under a heatmap. */
export function ExportButtons({ spec, testId }: { spec: ExportSpec; testId: string }) {
  return (
    <span className="heatmap-export">
      <button type="button" data-testid={`${testId}.export-png`} onClick={() => void exportPng(spec)}>PNG</button>
      <button type="button" data-testid={`${testId}.export-csv`} onClick={() => exportCsv(spec)}>CSV</button>
    </span>
  );
}
