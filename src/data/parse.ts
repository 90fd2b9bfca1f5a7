// Parsers: text or bytes → validated, typed rows plus a capped list of issues.
// They never throw on bad input unless asked to (`strict`), so the lab can show
// what was wrong and keep going with the rows that were fine.

import { issueList, type DataIssue, type ParseOptions } from './errors';
import { jsonOfLine, SKIP, splitBytes, splitLines, type Line } from './lines';
import { qrelsReader, SHIPPED_QRELS } from './qrels';
import { validateDoc, validateQuery, type DocRow, type QrelRow, type QueryRow } from './schema';

export interface Parsed<T> {
  rows: T[];
  errors: DataIssue[];
  /** issues beyond the cap, counted but not listed */
  droppedErrors: number;
}
export interface ParsedQrels extends Parsed<QrelRow> {
  byQuery: Map<string, Map<string, number>>;
}

type Input = string | Uint8Array;
const toLines = (input: Input): Line[] => (typeof input === 'string' ? splitLines(input) : splitBytes(input));

function parseJsonl<T>(input: Input, opts: ParseOptions | undefined, fallback: string,
  validate: (v: unknown) => T | string, key: (row: T) => string, what: string): Parsed<T> {
  const issues = issueList(opts, fallback);
  const rows: T[] = [];
  const seen = new Set<string>();
  for (const l of toLines(input)) {
    const value = jsonOfLine(l, issues);
    if (value === SKIP) continue;
    const r = validate(value);
    if (typeof r === 'string') {
      issues.add(l.line, r);
      continue;
    }
    const k = key(r);
    if (seen.has(k)) {
      issues.add(l.line, `duplicate ${what} "${k}"`);
      continue;
    }
    seen.add(k);
    rows.push(r);
  }
  return { rows, errors: issues.items, droppedErrors: issues.dropped };
}

export function parseDocsJsonl(input: Input, opts?: ParseOptions): Parsed<DocRow> {
  return parseJsonl(input, opts, 'docs.jsonl', validateDoc, (d) => d.id, 'id');
}

export function parseQueriesJsonl(input: Input, opts?: ParseOptions): Parsed<QueryRow> {
  return parseJsonl(input, opts, 'queries.jsonl', validateQuery, (q) => q.qid, 'qid');
}

export function parseQrels(input: Input, opts?: ParseOptions): ParsedQrels {
  const issues = issueList(opts, 'qrels.trec');
  const rows: QrelRow[] = [];
  const byQuery = new Map<string, Map<string, number>>();
  const read = qrelsReader(SHIPPED_QRELS, issues, (qid, docid, rel) => {
    let m = byQuery.get(qid);
    if (!m) byQuery.set(qid, (m = new Map()));
    m.set(docid, rel);
    rows.push({ qid, docid, rel });
  });
  for (const l of toLines(input)) {
    if (l.error) issues.add(l.line, l.error);
    else read(l.text!, l.line);
  }
  return { rows, errors: issues.items, droppedErrors: issues.dropped, byQuery };
}

/** Cross-file checks: qrels must point at known queries and docs. */
export function crossCheck(docs: readonly DocRow[], queries: readonly QueryRow[], qrels: readonly QrelRow[],
  file = 'qrels.trec', max = 100): DataIssue[] {
  const ids = new Set(docs.map((d) => d.id));
  const qids = new Set(queries.map((q) => q.qid));
  const out: DataIssue[] = [];
  for (const r of qrels) {
    if (out.length >= max) break;
    if (!qids.has(r.qid)) out.push({ file, line: 0, reason: `unknown query ${r.qid}` });
    else if (!ids.has(r.docid)) out.push({ file, line: 0, reason: `unknown doc ${r.docid} (query ${r.qid})` });
  }
  return out;
}
