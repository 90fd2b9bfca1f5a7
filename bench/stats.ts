// Small helpers for the bench: percentiles and the results table.
import { quantileSorted } from '../src/core/stats';

export interface Figure {
  /** Row label, e.g. "student_a · query latency (batch 1)". */
  what: string;
  unit: 'ms' | 'docs/s';
  /** Column → value (p50 for latencies), or a string explaining why none. */
  values: Record<string, number | string>;
  p95?: Record<string, number>;
  target?: string;
  verdict?: string;
}

export const COLUMNS = ['browser WASM', 'browser WebGPU', 'onnxruntime-node', 'transformers.js (browser WASM)', 'transformers.js (Node)'] as const;

export function pct(ms: number[]): { p50: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95) };
}

function fmt(v: number | string | undefined, unit: Figure['unit'], p95?: number): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  const n = unit === 'docs/s' ? v.toFixed(0) : v < 10 ? v.toFixed(2) : v.toFixed(1);
  return p95 === undefined ? n : `${n} / ${p95 < 10 ? p95.toFixed(2) : p95.toFixed(1)}`;
}

export function table(figs: Figure[]): string {
  const head = `| figure | unit | ${COLUMNS.join(' | ')} | target | verdict |`;
  const sep = `|${' --- |'.repeat(COLUMNS.length + 4)}`;
  const rows = figs.map((f) => {
    const unit = f.p95 ? `${f.unit} p50 / p95` : f.unit;
    return `| ${f.what} | ${unit} | ${COLUMNS.map((c) => fmt(f.values[c], f.unit, f.p95?.[c])).join(' | ')} | ${f.target ?? ''} | ${f.verdict ?? ''} |`;
  });
  return [head, sep, ...rows].join('\n');
}
