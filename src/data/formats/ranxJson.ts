/**
 * ranx / ir_measures JSON: qrels `{"q1": {"d1": 2}}`, runs `{"q1": {"d1": 0.5}}`.
 * JSON has no line structure we control, so errors point at the line where
 * the parser stopped, or where the offending qid key first appears.
 *
 * Refuses: non-integer grades, non-finite scores, and non-object shapes
 * (each reported; the rest of the file is still read).
 */
import type { Qrels, Run } from '../../core/metricsTypes';
import { formatErrors, labelsToQrels, lineOfOffset, type Label, type ParseResult } from './types';
import type { IssueList } from '../errors';

function parseJsonObject(text: string, errs: IssueList): Record<string, unknown> | null {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    errs.add(pos ? lineOfOffset(text, Number(pos[1])) : 0, `invalid JSON: ${msg}`);
    return null;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    errs.add(1, 'expected a JSON object {"qid": {"docid": value}}');
    return null;
  }
  return data as Record<string, unknown>;
}

/**
 * Line of every qid key and every (qid, docid) key, in one pass over the text
 * (JSON.parse keeps no positions). NOTE: one scan, not a search per entry — a
 * search per bad entry made a file with many bad grades quadratic.
 */
export function ranxKeyLines(text: string): { qid: Map<string, number>; entry: Map<string, number> } {
  const qid = new Map<string, number>(), entry = new Map<string, number>();
  let line = 1, depth = 0, cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 123 || c === 91) depth++; // { [
    else if (c === 125 || c === 93) depth--; // } ]
    else if (c === 34) { // a string: find its end, then see whether a ':' follows (a key)
      const start = i, at = line;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) { if (text.charCodeAt(j) === 10) line++; j++; }
      i = j - 1;
      if (text[j] !== ':' || depth < 1 || depth > 2) continue;
      let key: string;
      try { key = JSON.parse(text.slice(start, j).trimEnd()) as string; } catch { continue; }
      if (depth === 1) { cur = key; if (!qid.has(key)) qid.set(key, at); } else entry.set(`${cur}\u0000${key}`, at);
    }
  }
  return { qid, entry };
}

function readNested(
  text: string, errs: IssueList, check: (v: unknown) => string | null, put: (qid: string, docid: string, v: number, line: number) => void,
): void {
  const data = parseJsonObject(text, errs);
  if (!data) return;
  const lines = ranxKeyLines(text);
  for (const [qid, docs] of Object.entries(data)) {
    if (!docs || typeof docs !== 'object' || Array.isArray(docs)) {
      errs.add(lines.qid.get(qid) ?? 0, `query ${JSON.stringify(qid)}: expected an object {"docid": value}`);
      continue;
    }
    for (const [docid, v] of Object.entries(docs as Record<string, unknown>)) {
      const line = lines.entry.get(`${qid}\u0000${docid}`) ?? lines.qid.get(qid) ?? 0;
      const bad = check(v);
      if (bad) errs.add(line, `query ${JSON.stringify(qid)}, doc ${JSON.stringify(docid)}: ${bad}`);
      else put(qid, docid, v as number, line);
    }
  }
}

export function parseRanxQrels(text: string): ParseResult<{ qrels: Qrels; labels: Label[] }> {
  const errs = formatErrors();
  const labels: Label[] = [];
  readNested(text, errs,
    (v) => (typeof v === 'number' && Number.isInteger(v) && v >= -10 && v <= 100 ? null : `grade must be an integer -10..100, got ${JSON.stringify(v)}`),
    (qid, docid, grade, line) => labels.push({ qid, docid, grade, line }));
  return { value: { qrels: labelsToQrels(labels), labels }, errors: errs.done() };
}

export function parseRanxRun(text: string): ParseResult<Run> {
  const errs = formatErrors();
  const run: Run = Object.create(null) as Run;
  readNested(text, errs,
    (v) => (typeof v === 'number' && Number.isFinite(v) ? null : `score must be a finite number, got ${JSON.stringify(v)}`),
    (qid, docid, score) => { (run[qid] ??= []).push({ docid, score }); });
  return { value: run, errors: errs.done() };
}

/** Sorted keys so exports diff cleanly. */
export function formatRanxQrels(qrels: Qrels): string {
  const out: Record<string, Record<string, number>> = {};
  for (const qid of Object.keys(qrels).sort()) {
    out[qid] = {};
    for (const docid of Object.keys(qrels[qid]).sort()) out[qid][docid] = qrels[qid][docid];
  }
  return JSON.stringify(out, null, 1) + '\n';
}

export function formatRanxRun(run: Run): string {
  const out: Record<string, Record<string, number>> = {};
  for (const qid of Object.keys(run).sort()) {
    out[qid] = {};
    for (const d of run[qid]) if (Number.isFinite(d.score) && !(d.docid in out[qid])) out[qid][d.docid] = d.score;
  }
  return JSON.stringify(out, null, 1) + '\n';
}
