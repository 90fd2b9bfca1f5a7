// CLI input files: query lists and (query, title) pair TSVs, with errors that
// name the file and line. Pair files are streamed (they can be large); query lists are read whole.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readLines, type Line } from '../data/lines';
import { LabError } from '../runtime/engine/manifest';

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

/** One line of a pairs file: a pair to score, or a blank/`#` line the output echoes as-is. */
export type PairLine =
  | { kind: 'pair'; line: number; query: string; title: string }
  | { kind: 'echo'; line: number; text: string };

/** Classifies one line of `query<TAB>title` TSV; a line that is neither a pair nor blank/`#` throws. */
export function pairLine(l: Line, path: string): PairLine {
  const fail = (why: string) => new LabError(`${path} line ${l.line}: ${why}`, `${path}:${l.line}`);
  if (l.error) throw fail(l.error);
  const text = l.text!;
  if (!text.trim() || text.startsWith('#')) return { kind: 'echo', line: l.line, text };
  const parts = text.split('\t');
  if (parts.length !== 2) throw fail(`expected "query<TAB>title", found ${parts.length === 1 ? 'no tab' : `${parts.length - 1} tabs`}`);
  if (!parts[0].trim() || !parts[1].trim()) throw fail('empty query or title');
  return { kind: 'pair', line: l.line, query: parts[0], title: parts[1] };
}

/**
 * The lines of a pairs file, streamed: 64 KiB reads through the LineSplitter, so memory holds one
 * chunk and one line whatever the file's size. Throws at the first bad line (invalid UTF-8, over-long,
 * not `query<TAB>title`) after yielding every line before it.
 */
export async function* pairLines(path: string): AsyncGenerator<PairLine> {
  if (!existsSync(path)) throw new LabError(`${path}: no such file`, path);
  for await (const l of readLines(createReadStream(path, { highWaterMark: 64 * 1024 }))) yield pairLine(l, path);
}

/** Reads a pairs file once without scoring: the pair count, or the first bad line's error. */
export async function checkPairs(path: string): Promise<number> {
  let n = 0;
  for await (const p of pairLines(path)) if (p.kind === 'pair') n++;
  if (!n) throw new LabError(`${path}: no pairs`, path);
  return n;
}
