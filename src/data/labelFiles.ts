/**
 * Label files in and out, through the shared format module (src/data/formats):
 * TREC qrels, ranx/ir_measures JSON, Quepid CSV (query TEXT, docid, rating)
 * and JSONL (the lossless one: labeller and time per row).
 *
 * Import is all or nothing: any problem — a malformed line, a duplicate, a
 * grade outside the lab's 0–3 scale — rejects the whole file with messages
 * "file line N: reason", and nothing reaches the label store.
 * Export of the qrels-shaped formats writes one labeller's labels (they hold
 * one grade per pair); JSONL writes every labeller's.
 *
 * Refuses: guessing a labeller for a qrels file (the caller names one).
 */
import type { Qrels } from '../core/metricsTypes';
import type { Label, Grade } from './labelStore';
import { formatLabelsJsonl, parseLabelsJsonl } from './formats/jsonl';
import { formatQuepidCsv, parseQuepidCsv } from './formats/quepid';
import { formatRanxQrels, parseRanxQrels } from './formats/ranxJson';
import { formatTrecQrels, parseTrecQrels } from './formats/trec';
import type { Label as FileLabel, ParseError } from './formats/types';

export type LabelFormat = 'trec' | 'ranx' | 'quepid' | 'jsonl';

export const LABEL_FORMATS: readonly { id: LabelFormat; label: string; ext: string; mime: string }[] = [
  { id: 'trec', label: 'TREC qrels', ext: '.qrels', mime: 'text/plain' },
  { id: 'ranx', label: 'ranx / ir_measures JSON', ext: '.json', mime: 'application/json' },
  { id: 'quepid', label: 'Quepid CSV', ext: '.csv', mime: 'text/csv' },
  { id: 'jsonl', label: 'JSONL (all labellers)', ext: '.jsonl', mime: 'application/x-ndjson' },
];

/** By extension, then by a look at the first non-blank line. */
export function detectFormat(fileName: string, text: string): LabelFormat {
  const n = fileName.toLowerCase();
  if (n.endsWith('.jsonl') || n.endsWith('.ndjson')) return 'jsonl';
  if (n.endsWith('.csv')) return 'quepid';
  if (n.endsWith('.json')) return 'ranx';
  if (/\.(qrels|trec|txt)$/.test(n)) return 'trec';
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim()) ?? '';
  if (first.trim().startsWith('{') && first.includes('"qid"')) return 'jsonl';
  if (first.trim().startsWith('{')) return 'ranx';
  return first.includes(',') ? 'quepid' : 'trec';
}

export interface ImportContext {
  /** labeller of rows that carry none (every row of a qrels-shaped file) */
  labeller: string;
  /** Quepid: query text → qid */
  textToQid: ReadonlyMap<string, string>;
  /** time for rows that carry none */
  now: number;
}

export type ImportResult = { ok: true; labels: Label[]; format: LabelFormat } | { ok: false; messages: string[]; format: LabelFormat };

const where = (file: string, line: number): string => (line > 0 ? `${file} line ${line}` : file);

/** The label store's limit on ids and names (restoreLabel): checked here so the message has a line. */
export const MAX_LABEL_ID = 200;

/** One labeller's labels as qrels (what the qrels-shaped formats hold). */
export function labellerQrels(labels: readonly Label[], labeller: string): Qrels {
  const out: Qrels = {};
  for (const l of labels) if (l.labeller === labeller) (out[l.qid] ??= {})[l.docid] = l.grade;
  return out;
}

export function parseLabelFile(fileName: string, text: string, ctx: ImportContext, format = detectFormat(fileName, text)): ImportResult {
  let rows: FileLabel[];
  let errors: ParseError[];
  if (format === 'jsonl') ({ value: rows, errors } = parseLabelsJsonl(text));
  else if (format === 'ranx') ({ value: { labels: rows }, errors } = parseRanxQrels(text));
  else if (format === 'quepid') ({ value: { labels: rows }, errors } = parseQuepidCsv(text, ctx.textToQid));
  else ({ value: { labels: rows }, errors } = parseTrecQrels(text));
  const messages = errors.map((e) => `${where(fileName, e.line)}: ${e.reason}`);
  const labels: Label[] = [];
  const seen = new Map<string, number>();
  // NOTE: every row carries its own line (set by the parser): no search of the text per row, so a
  // file of 16,000 bad rows takes as long as a good one (a search per row made it minutes).
  for (const r of rows) {
    const labeller = (r.labeller ?? ctx.labeller).trim();
    const line = r.line ?? 0;
    const at = where(fileName, line);
    if (!(Number.isInteger(r.grade) && r.grade >= 0 && r.grade <= 3)) {
      messages.push(`${at}: grade ${r.grade} of ${r.qid} ${r.docid} is outside the lab's 0–3 scale`);
      continue;
    }
    if (!labeller) { messages.push(`${at}: no labeller (name one to import as)`); continue; }
    const long = r.qid.length > MAX_LABEL_ID ? 'qid' : r.docid.length > MAX_LABEL_ID ? 'docid' : labeller.length > MAX_LABEL_ID ? 'labeller' : null;
    if (long) { messages.push(`${at}: ${long} is longer than ${MAX_LABEL_ID} characters`); continue; }
    const key = `${labeller}\u0000${r.qid}\u0000${r.docid}`;
    const first = seen.get(key);
    if (first !== undefined && format === 'jsonl') {
      messages.push(`${at}: ${labeller} grades ${r.qid} ${r.docid} a second time (the first is on line ${first})`);
      continue;
    }
    seen.set(key, line);
    const time = typeof r.time === 'number' ? r.time : typeof r.time === 'string' && !Number.isNaN(Date.parse(r.time)) ? Date.parse(r.time) : ctx.now;
    labels.push({ qid: r.qid, docid: r.docid, grade: r.grade as Grade, labeller, time });
  }
  if (rows.length === 0 && messages.length === 0) messages.push(`${fileName}: no labels in the file`);
  return messages.length ? { ok: false, messages, format } : { ok: true, labels, format };
}

export interface ExportContext {
  /** whose labels the qrels-shaped formats hold */
  labeller: string;
  /** Quepid: qid → query text */
  qidToText: ReadonlyMap<string, string>;
}

export function formatLabelFile(format: LabelFormat, labels: readonly Label[], ctx: ExportContext): string {
  if (format === 'jsonl') {
    const sorted = [...labels].sort((a, b) =>
      a.labeller.localeCompare(b.labeller) || (a.qid < b.qid ? -1 : a.qid > b.qid ? 1 : a.docid < b.docid ? -1 : a.docid > b.docid ? 1 : 0));
    return formatLabelsJsonl(sorted.map((l) => ({ qid: l.qid, docid: l.docid, grade: l.grade, labeller: l.labeller, time: l.time })));
  }
  const q = labellerQrels(labels, ctx.labeller);
  if (format === 'ranx') return formatRanxQrels(q);
  if (format === 'quepid') return formatQuepidCsv(q, ctx.qidToText);
  return formatTrecQrels(q);
}
