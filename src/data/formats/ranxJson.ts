/**
 * ranx / ir_measures JSON: qrels `{"q1": {"d1": 2}}`, runs `{"q1": {"d1": 0.5}}`.
 * JSON has no line structure we control, so errors point at the line where
 * the parser stopped, or where the offending qid key first appears.
 *
 * Refuses: non-integer grades, non-finite scores, and non-object shapes
 * (each reported; the rest of the file is still read).
 */
import type { Qrels, Run } from '../../core/metricsTypes';
import { ErrorList, labelsToQrels, lineOfOffset, type Label, type ParseResult } from './types';

function parseJsonObject(text: string, errs: ErrorList): Record<string, unknown> | null {
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

function lineOfKey(text: string, key: string): number {
  const at = text.indexOf(JSON.stringify(key));
  return at >= 0 ? lineOfOffset(text, at) : 0;
}

function readNested(
  text: string, errs: ErrorList, check: (v: unknown) => string | null, put: (qid: string, docid: string, v: number) => void,
): void {
  const data = parseJsonObject(text, errs);
  if (!data) return;
  for (const [qid, docs] of Object.entries(data)) {
    if (!docs || typeof docs !== 'object' || Array.isArray(docs)) {
      errs.add(lineOfKey(text, qid), `query ${JSON.stringify(qid)}: expected an object {"docid": value}`);
      continue;
    }
    for (const [docid, v] of Object.entries(docs as Record<string, unknown>)) {
      const bad = check(v);
      if (bad) errs.add(lineOfKey(text, qid), `query ${JSON.stringify(qid)}, doc ${JSON.stringify(docid)}: ${bad}`);
      else put(qid, docid, v as number);
    }
  }
}

export function parseRanxQrels(text: string): ParseResult<{ qrels: Qrels; labels: Label[] }> {
  const errs = new ErrorList();
  const labels: Label[] = [];
  readNested(text, errs,
    (v) => (typeof v === 'number' && Number.isInteger(v) && v >= -10 && v <= 100 ? null : `grade must be an integer -10..100, got ${JSON.stringify(v)}`),
    (qid, docid, grade) => labels.push({ qid, docid, grade }));
  return { value: { qrels: labelsToQrels(labels), labels }, errors: errs.done() };
}

export function parseRanxRun(text: string): ParseResult<Run> {
  const errs = new ErrorList();
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
