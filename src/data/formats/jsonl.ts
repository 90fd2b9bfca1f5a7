/**
 * JSONL labels, one object per line: {"qid","docid","grade","labeller","time"}
 * (labeller and time optional). The lossless format: keeps every labeller's
 * row, so it feeds inter-annotator agreement (kappa.ts).
 *
 * Refuses: lines that are not objects, non-string ids, non-integer grades —
 * each reported with its line; the other lines still load.
 */
import { formatErrors, textLines, type Label, type ParseResult } from './types';

export function parseLabelsJsonl(text: string): ParseResult<Label[]> {
  const errs = formatErrors();
  const out: Label[] = [];
  textLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let o: unknown;
    try { o = JSON.parse(raw); } catch (e) { errs.add(line, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`); return; }
    if (!o || typeof o !== 'object' || Array.isArray(o)) { errs.add(line, 'expected a JSON object'); return; }
    const r = o as Record<string, unknown>;
    if (typeof r.qid !== 'string' || r.qid === '') { errs.add(line, '"qid" must be a non-empty string'); return; }
    if (typeof r.docid !== 'string' || r.docid === '') { errs.add(line, '"docid" must be a non-empty string'); return; }
    if (typeof r.grade !== 'number' || !Number.isInteger(r.grade) || r.grade < -10 || r.grade > 100) {
      errs.add(line, `"grade" must be an integer -10..100, got ${JSON.stringify(r.grade)}`); return;
    }
    const label: Label = { qid: r.qid, docid: r.docid, grade: r.grade, line };
    if (r.labeller !== undefined && r.labeller !== null) {
      if (typeof r.labeller === 'string') label.labeller = r.labeller; else { errs.add(line, '"labeller" must be a string'); return; }
    }
    if (r.time !== undefined && r.time !== null) {
      if (typeof r.time === 'string' || (typeof r.time === 'number' && Number.isFinite(r.time))) label.time = r.time;
      else { errs.add(line, '"time" must be a string or a number'); return; }
    }
    out.push(label);
  });
  return { value: out, errors: errs.done() };
}

export function formatLabelsJsonl(labels: readonly Label[]): string {
  return labels.map((l) => {
    const o: Record<string, unknown> = { qid: l.qid, docid: l.docid, grade: l.grade };
    if (l.labeller !== undefined) o.labeller = l.labeller;
    if (l.time !== undefined) o.time = l.time;
    return JSON.stringify(o);
  }).join('\n') + (labels.length ? '\n' : '');
}
