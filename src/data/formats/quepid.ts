/**
 * Quepid rating CSV: header `query,docid,rating`, one rating per row. Quepid
 * keys by query TEXT, not qid: pass a text → qid map on import and a
 * qid → text map on export to translate; without one the text is the qid.
 *
 * Refuses: rows with a missing column or non-integer rating (reported with
 * the CSV record's line), and a missing header (reported; columns assumed).
 */
import { formatCsv, parseCsv } from './csv';
import { formatErrors, labelsToQrels, parseGrade, type Label, type ParseResult } from './types';
import type { Qrels } from '../../core/metricsTypes';

export const QUEPID_HEADER = ['query', 'docid', 'rating'] as const;

export function parseQuepidCsv(
  text: string, textToQid?: ReadonlyMap<string, string>,
): ParseResult<{ qrels: Qrels; labels: Label[] }> {
  const errs = formatErrors();
  const { records, errors } = parseCsv(text);
  for (const e of errors) errs.add(e.line, e.reason);
  const labels: Label[] = [];
  let col = { query: 0, docid: 1, rating: 2 };
  let rows = records;
  if (records.length > 0) {
    const head = records[0].fields.map((f) => f.trim().toLowerCase());
    if (head.includes('query') && head.includes('docid') && head.includes('rating')) {
      col = { query: head.indexOf('query'), docid: head.indexOf('docid'), rating: head.indexOf('rating') };
      rows = records.slice(1);
    } else {
      errs.add(records[0].line, 'missing header "query,docid,rating" (a Quepid file starts with it)');
    }
  }
  const need = Math.max(col.query, col.docid, col.rating) + 1;
  for (const r of rows) {
    if (r.fields.length < need) { errs.add(r.line, `expected ${need} columns, got ${r.fields.length}`); continue; }
    const text = r.fields[col.query], docid = r.fields[col.docid].trim();
    if (text === '' || docid === '') { errs.add(r.line, 'empty query or docid'); continue; }
    const g = parseGrade(r.fields[col.rating]);
    if (typeof g === 'string') { errs.add(r.line, g); continue; }
    const qid = textToQid ? textToQid.get(text) : text;
    if (qid === undefined) { errs.add(r.line, `unknown query text ${JSON.stringify(text.slice(0, 60))}`); continue; }
    labels.push({ qid, docid, grade: g, line: r.line });
  }
  return { value: { qrels: labelsToQrels(labels), labels }, errors: errs.done() };
}

export function formatQuepidCsv(qrels: Qrels, qidToText?: ReadonlyMap<string, string>): string {
  const rows: string[][] = [[...QUEPID_HEADER]];
  for (const qid of Object.keys(qrels).sort()) {
    const text = qidToText?.get(qid) ?? qid;
    for (const docid of Object.keys(qrels[qid]).sort()) rows.push([text, docid, String(qrels[qid][docid])]);
  }
  return formatCsv(rows);
}
