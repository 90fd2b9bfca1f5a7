// docs.jsonl parsed as it arrives: each downloaded chunk's complete lines are
// validated at once, so the lab worker's thread parses while the rest of the
// file is still on its way instead of parsing 9 MB in one go after it (that
// sat on the cold start's critical path, in front of the first model's
// session). Same rows and the same errors as parseDocsJsonl (src/data/parse.ts;
// docsJsonl.test.ts holds them equal). It also keeps the bytes and each row's
// byte range: the page reads its rows from those (jsonlRows.ts) rather than
// receiving 20k cloned objects.
import { appendBytes, IssueList, jsonOfLine, LineSplitter, SKIP, validateDoc, type DataIssue, type DocRow, type Line } from '../../data';

/** A doc set's bytes with each row's JSON range: what the page needs to read its rows. */
export interface DocsJsonl {
  bytes: Uint8Array;
  /** [n] byte offset of row i's first byte, and one past its last */
  start: Uint32Array;
  end: Uint32Array;
}

export interface ParsedDocs {
  rows: DocRow[];
  errors: DataIssue[];
  /** issues beyond the cap, counted only */
  dropped: number;
  jsonl: DocsJsonl;
}

export class DocsJsonlParser {
  private readonly splitter = new LineSplitter();
  private readonly issues: IssueList;
  private readonly rows: DocRow[] = [];
  private readonly rowLine: number[] = [];
  private readonly seen = new Set<string>();
  private buf: Uint8Array<ArrayBuffer>;
  private len = 0;
  private newlines = 0;
  private full = false;

  /** `maxLines`: keep only the file's first lines (the bytes up to and including that newline). */
  constructor(file: string, private readonly maxLines = Infinity, sizeHint = 1 << 16, maxErrors = 5) {
    this.issues = new IssueList(file, maxErrors);
    this.buf = new Uint8Array(Math.max(16, sizeHint));
  }

  /** Parses the complete lines of the next chunk; false once `maxLines` lines are in (stop reading). */
  push(chunk: Uint8Array): boolean {
    if (this.full) return false;
    let take = chunk;
    if (this.maxLines < Infinity) {
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === 10 && ++this.newlines === this.maxLines) {
          take = chunk.subarray(0, i + 1);
          this.full = true;
          break;
        }
      }
    }
    this.append(take);
    this.lines(this.splitter.push(take));
    return !this.full;
  }

  finish(): ParsedDocs {
    this.lines(this.splitter.end());
    const bytes = this.buf.subarray(0, this.len);
    const n = this.rows.length;
    const start = new Uint32Array(n), end = new Uint32Array(n);
    // Row i is line rowLine[i]: find each of those lines' byte range in one pass.
    let line = 1, at = 0, r = 0;
    for (let i = 0; i <= bytes.length && r < n; i++) {
      if (i < bytes.length && bytes[i] !== 10) continue;
      while (r < n && this.rowLine[r] === line) {
        const bom = line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
        start[r] = bom ? at + 3 : at;
        end[r] = i;
        r++;
      }
      line++;
      at = i + 1;
    }
    return { rows: this.rows, errors: this.issues.items, dropped: this.issues.dropped, jsonl: { bytes, start, end } };
  }

  private append(b: Uint8Array): void {
    this.buf = appendBytes(this.buf, this.len, b);
    this.len += b.length;
  }

  // NOTE: the per-line rule is src/data/lines.ts jsonOfLine, shared with parse.ts (docsJsonl.test.ts compares them).
  private lines(lines: Line[]): void {
    for (const l of lines) {
      const value = jsonOfLine(l, this.issues);
      if (value === SKIP) continue;
      const r = validateDoc(value);
      if (typeof r === 'string') {
        this.issues.add(l.line, r);
        continue;
      }
      if (this.seen.has(r.id)) {
        this.issues.add(l.line, `duplicate id "${r.id}"`);
        continue;
      }
      this.seen.add(r.id);
      this.rows.push(r);
      this.rowLine.push(l.line);
    }
  }
}
