/**
 * The one reader of TREC qrels lines (`qid iter docid rel`). Everything that
 * reads qrels goes through it: parseQrels (parse.ts: the shipped qrels.trec
 * and human.qrels.trec, for the runtime's query sets and the scripts), the
 * demo world's loader (src/services/labels/world.ts, a slice of lines per
 * task on the page) and an imported label file (formats/trec.ts). They differ
 * only in what a grade may be, whether `#` starts a comment and how a second
 * judgment is named: the policy each passes. Each caller builds its own
 * output from the rows it is handed.
 *
 * Refuses: guessing on a malformed line (reported, skipped) and a second
 * judgment of a pair (reported; the first one stays).
 */
import { MAX_GRADE } from './schema';

export interface QrelsPolicy {
  /** a line starting with '#' is a comment */
  comments: boolean;
  /** the rel field → the grade, or why it is refused */
  grade: (raw: string) => number | string;
  /** ids longer than this are refused */
  maxId: number;
  /** why a second judgment of (qid, docid) is refused; `first` is the line of the first one */
  second: (qid: string, docid: string, first: number) => string;
}

/** The shipped files (docs/CONTRACTS.md): grades 0–3, ids of at most 64 characters, `#` comments. */
export const SHIPPED_QRELS: QrelsPolicy = {
  comments: true,
  grade: (raw) => {
    if (!/^-?\d+$/.test(raw)) return `grade "${raw.slice(0, 20)}" is not an integer`;
    const rel = Number(raw);
    return rel < 0 || rel > MAX_GRADE ? `grade ${rel} out of range [0, ${MAX_GRADE}]` : rel;
  },
  maxId: 64,
  second: (qid, docid) => `duplicate judgment for ${qid} ${docid}`,
};

/** Where a reader reports a bad line (data/errors.ts IssueList fits). */
export interface LineIssues {
  add(line: number, reason: string): void;
}

/** Called once per accepted judgment, in file order. */
export type QrelSink = (qid: string, docid: string, grade: number, line: number) => void;

/** A reader over one file: call it with each line's text and 1-based number. */
export function qrelsReader(policy: QrelsPolicy, issues: LineIssues, onRow: QrelSink): (text: string, line: number) => void {
  const seen = new Map<string, number>();
  return (text, line) => {
    const t = text.trim();
    if (t === '' || (policy.comments && text.startsWith('#'))) return;
    const f = t.split(/\s+/);
    if (f.length !== 4) return issues.add(line, `expected 4 fields "qid 0 docid rel", got ${f.length}`);
    const [qid, , docid, raw] = f;
    const grade = policy.grade(raw);
    if (typeof grade === 'string') return issues.add(line, grade);
    if (qid.length > policy.maxId || docid.length > policy.maxId) return issues.add(line, `id longer than ${policy.maxId} characters`);
    const key = `${qid}\u0000${docid}`;
    const first = seen.get(key);
    if (first !== undefined) return issues.add(line, policy.second(qid, docid, first));
    seen.set(key, line);
    onRow(qid, docid, grade, line);
  };
}
