/**
 * Shared shapes of the label/run file formats: a Label row, parse errors
 * with 1-based line numbers, and the qrels ⇄ labels conversion.
 *
 * Refuses: throwing on bad user input — every parser returns what it could
 * read plus a list of {line, reason}; only formatters throw, and only for
 * ids a format cannot represent (a programming error upstream).
 */
import type { Qrels } from '../../core/metricsTypes';
import { IssueList } from '../errors';

export interface Label {
  qid: string;
  docid: string;
  grade: number;
  labeller?: string;
  /** ISO time or epoch ms as given */
  time?: string | number;
  /** 1-based line of the row in its file (set by the parsers; 0 = unknown) */
  line?: number;
}

export interface ParseError {
  /** 1-based line in the input (0 = the file as a whole) */
  line: number;
  reason: string;
}

export interface ParseResult<T> {
  value: T;
  errors: ParseError[];
}

/** Cap on reported errors so a wrong file type does not build a 1M-entry list. */
export const MAX_ERRORS = 200;

/** A format parser's error list: the data layer's IssueList, capped at MAX_ERRORS; no file name (the caller knows it). */
export function formatErrors(): IssueList {
  return new IssueList('', MAX_ERRORS);
}

/** Grades are integers; -10..100 is generous for any scale seen in practice. */
export function parseGrade(raw: string): number | string {
  const t = raw.trim();
  if (!/^[+-]?\d+$/.test(t)) return `grade must be an integer, got ${JSON.stringify(t.slice(0, 40))}`;
  const g = Number(t);
  return g >= -10 && g <= 100 ? g : `grade ${g} out of range -10..100`;
}

/** Labels → qrels; a later label for the same (qid, docid) wins. */
export function labelsToQrels(labels: readonly Label[]): Qrels {
  const q: Qrels = Object.create(null) as Qrels;
  for (const l of labels) {
    if (!Object.prototype.hasOwnProperty.call(q, l.qid)) q[l.qid] = Object.create(null) as Record<string, number>;
    q[l.qid][l.docid] = l.grade;
  }
  return q;
}

/** Qrels → labels, qid then docid order (code units) for stable files. */
export function qrelsToLabels(qrels: Qrels): Label[] {
  const out: Label[] = [];
  for (const qid of Object.keys(qrels).sort()) {
    for (const docid of Object.keys(qrels[qid]).sort()) out.push({ qid, docid, grade: qrels[qid][docid] });
  }
  return out;
}

/** 1-based line number of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Splits into lines (LF, CRLF or CR; a leading BOM dropped) without a regex pass per line. */
export function textLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}
