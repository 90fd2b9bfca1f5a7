// CLI input files: query lists and (query, title) pair TSVs, with errors that
// name the file and line.
import { existsSync, readFileSync } from 'node:fs';
import { LabError } from '../runtime/manifest';

export interface QueryItem {
  qid: string;
  text: string;
}

function readText(path: string): string {
  if (!existsSync(path)) throw new LabError(`${path}: no such file`, path);
  return readFileSync(path, 'utf8');
}

/**
 * Queries from a file: queries.jsonl (`{"qid","text"}` per line), a TSV
 * (`qid<TAB>text`) or plain text (one query per line, qids q1, q2, …).
 */
export function readQueries(path: string): QueryItem[] {
  const out: QueryItem[] = [];
  const lines = readText(path).split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    const where = `${path} line ${i + 1}`;
    if (line.trimStart().startsWith('{')) {
      let q: { qid?: unknown; text?: unknown };
      try {
        q = JSON.parse(line) as typeof q;
      } catch {
        throw new LabError(`${where}: not valid JSON`, `${path}:${i + 1}`);
      }
      if (typeof q.qid !== 'string' || !q.qid || typeof q.text !== 'string') throw new LabError(`${where}: needs string "qid" and "text"`, `${path}:${i + 1}`);
      out.push({ qid: q.qid, text: q.text });
    } else if (line.includes('\t')) {
      const [qid, ...rest] = line.split('\t');
      if (!qid.trim() || /\s/.test(qid.trim())) throw new LabError(`${where}: the qid before the tab must be one word`, `${path}:${i + 1}`);
      out.push({ qid: qid.trim(), text: rest.join('\t') });
    } else {
      out.push({ qid: `q${out.length + 1}`, text: line });
    }
  });
  if (!out.length) throw new LabError(`${path}: no queries`, path);
  return out;
}

/** `query<TAB>title` per line; blank lines and lines starting with # are skipped. */
export function readPairs(path: string): { query: string; title: string; line: number }[] {
  const out: { query: string; title: string; line: number }[] = [];
  readText(path).split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) return;
    const parts = line.split('\t');
    if (parts.length !== 2) {
      throw new LabError(
        `${path} line ${i + 1}: expected "query<TAB>title", found ${parts.length === 1 ? 'no tab' : `${parts.length - 1} tabs`}`,
        `${path}:${i + 1}`,
      );
    }
    if (!parts[0].trim() || !parts[1].trim()) throw new LabError(`${path} line ${i + 1}: empty query or title`, `${path}:${i + 1}`);
    out.push({ query: parts[0], title: parts[1], line: i + 1 });
  });
  if (!out.length) throw new LabError(`${path}: no pairs`, path);
  return out;
}
