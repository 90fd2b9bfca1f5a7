// The hand-graded real-world held-out set (training/realworld/pairs.tsv):
// `qid<TAB>query<TAB>title<TAB>grade` with grade 0–3, grouped by query.
// Every bad row is reported with its line and reason; the rows that parse are kept,
// but a caller scoring models should refuse the file when there is any issue,
// since a silently dropped row changes the pairs every model is judged on.
import { splitLines } from './lines';
import { issueList, type DataIssue, type ParseOptions } from './errors';

export const REALWORLD_HEADER = ['qid', 'query', 'title', 'grade'] as const;

export interface RealworldItem {
  title: string;
  grade: number;
  line: number;
}

export interface RealworldQuery {
  qid: string;
  query: string;
  items: RealworldItem[];
}

export interface RealworldParse {
  /** in order of first appearance */
  queries: RealworldQuery[];
  pairs: number;
  errors: DataIssue[];
  dropped: number;
}

export function parseRealworldPairs(text: string, opts?: ParseOptions): RealworldParse {
  const issues = issueList(opts, 'pairs.tsv');
  const byQid = new Map<string, RealworldQuery>();
  let pairs = 0;
  let header = false;
  for (const l of splitLines(text)) {
    const raw = (l.text ?? '').replace(/\r$/, '');
    if (l.error) { issues.add(l.line, l.error); continue; }
    if (!raw.trim() || raw.startsWith('#')) continue;
    const cols = raw.split('\t');
    if (!header) {
      header = true;
      if (cols.join('\t') !== REALWORLD_HEADER.join('\t')) issues.add(l.line, `the header must be "${REALWORLD_HEADER.join('<TAB>')}"`);
      continue;
    }
    if (cols.length !== 4) {
      issues.add(l.line, `expected 4 tab-separated columns (qid, query, title, grade), found ${cols.length}`);
      continue;
    }
    const [qid, query, title, g] = cols.map((c) => c.trim());
    if (!qid || /\s/.test(qid)) { issues.add(l.line, 'qid must be one non-empty word'); continue; }
    if (!query) { issues.add(l.line, 'empty query'); continue; }
    if (!title) { issues.add(l.line, 'empty title'); continue; }
    if (!/^[0-3]$/.test(g)) { issues.add(l.line, `grade must be 0, 1, 2 or 3, found ${JSON.stringify(g)}`); continue; }
    let q = byQid.get(qid);
    if (!q) byQid.set(qid, (q = { qid, query, items: [] }));
    else if (q.query !== query) { issues.add(l.line, `qid ${qid} already has the query ${JSON.stringify(q.query)}`); continue; }
    const dup = q.items.find((x) => x.title === title);
    if (dup) { issues.add(l.line, `duplicate title for ${qid} (first on line ${dup.line})`); continue; }
    q.items.push({ title, grade: Number(g), line: l.line });
    pairs++;
  }
  if (!header) issues.add(0, 'empty file: no header');
  return { queries: [...byQid.values()], pairs, errors: issues.items, dropped: issues.dropped };
}
