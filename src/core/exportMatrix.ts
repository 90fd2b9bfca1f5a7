/**
 * A labelled matrix as CSV (RFC 4180) and back. The first row is the corner
 * label and the column labels (tokens), then one row per row label. Values
 * are written at full float32 precision, so a CSV reproduces the matrix the
 * lab showed.
 *
 * Refuses: labels that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@` at the start are prefixed with `'`), and ragged or non-numeric bodies
 * when parsing.
 */
import { matrix, type Matrix } from './attention';

export interface LabelledMatrix {
  matrix: Matrix;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  /** Top-left cell, e.g. "query \\ doc". */
  corner?: string;
}

function cell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Shortest decimal that reads back as the same float32. */
export function f32String(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return String(s);
  }
  return String(f);
}

export function matrixToCsv(lm: LabelledMatrix): string {
  const { matrix: m, rowLabels, colLabels } = lm;
  if (rowLabels.length !== m.rows || colLabels.length !== m.cols) {
    throw new Error(`matrixToCsv: ${rowLabels.length}×${colLabels.length} labels for a ${m.rows}×${m.cols} matrix`);
  }
  const lines = [[lm.corner ?? '', ...colLabels].map(cell).join(',')];
  for (let i = 0; i < m.rows; i++) {
    const vals: string[] = [];
    for (let j = 0; j < m.cols; j++) vals.push(f32String(m.data[i * m.cols + j]));
    lines.push([cell(rowLabels[i]), ...vals].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Splits CSV text into rows of fields (quotes, doubled quotes, CRLF). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false, i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\n' || ch === '\r') {
      row.push(field); rows.push(row); row = []; field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const unprefix = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

export function csvToMatrix(text: string): LabelledMatrix {
  const rows = parseCsvRows(text).filter((r) => r.length > 1 || r[0] !== '');
  if (!rows.length) throw new Error('csvToMatrix: empty CSV');
  const [head, ...body] = rows;
  const cols = head.length - 1;
  const data = new Float32Array(body.length * cols);
  body.forEach((r, i) => {
    if (r.length !== cols + 1) throw new Error(`csvToMatrix: row ${i + 2} has ${r.length - 1} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) {
      const v = Number(r[j + 1]);
      if (r[j + 1].trim() === '' || Number.isNaN(v) && r[j + 1] !== 'NaN') throw new Error(`csvToMatrix: row ${i + 2}, column ${j + 2} is not a number: ${JSON.stringify(r[j + 1])}`);
      data[i * cols + j] = v;
    }
  });
  return { matrix: matrix(body.length, cols, data), rowLabels: body.map((r) => unprefix(r[0])), colLabels: head.slice(1).map(unprefix), corner: unprefix(head[0]) };
}

/** A file name safe on every OS: `prefix-part-part.ext`. */
export function exportFileName(parts: readonly string[], ext: 'csv' | 'png'): string {
  const slug = parts.map((p) => p.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^_+|_+$/g, '')).filter(Boolean).join('-');
  return `${slug.slice(0, 120) || 'matrix'}.${ext}`;
}
