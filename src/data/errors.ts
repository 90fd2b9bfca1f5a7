// Errors of the data layer: every problem names its file, 1-based line and a reason.
// Parsers collect issues (capped) and keep the valid rows; strict callers throw.

export interface DataIssue {
  file: string;
  line: number; // 1-based; 0 when the issue is about the whole file
  reason: string;
}

export class DataError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  constructor(issue: DataIssue) {
    super(`${issue.file}:${issue.line}: ${issue.reason}`);
    this.name = 'DataError';
    this.file = issue.file;
    this.line = issue.line;
    this.reason = issue.reason;
  }
}

export const DEFAULT_MAX_ERRORS = 100;

/**
 * The one capped issue list of the data layer: the first `max` issues are kept,
 * the rest only counted. The doc, query and qrels parsers read `items` and
 * `dropped`; the label/run file formats (formats/) report through done().
 */
export class IssueList {
  readonly items: DataIssue[] = [];
  dropped = 0;
  constructor(readonly file: string, readonly max = DEFAULT_MAX_ERRORS) {}
  add(line: number, reason: string): void {
    if (this.items.length < this.max) this.items.push({ file: this.file, line, reason });
    else this.dropped++;
  }
  get count(): number {
    return this.items.length + this.dropped;
  }
  /** The issues as {line, reason} (a format's report names no file), and one last line counting those over the cap. */
  done(): { line: number; reason: string }[] {
    const out = this.items.map(({ line, reason }) => ({ line, reason }));
    if (this.dropped > 0) out.push({ line: 0, reason: `…and ${this.dropped} more errors` });
    return out;
  }
}

export interface ParseOptions {
  file?: string;
  maxErrors?: number;
  /** Throw a DataError on the first issue instead of collecting. */
  strict?: boolean;
}

export function issueList(opts: ParseOptions | undefined, fallback: string): IssueList {
  const list = new IssueList(opts?.file ?? fallback, opts?.maxErrors ?? DEFAULT_MAX_ERRORS);
  if (opts?.strict) {
    list.add = (line, reason) => {
      throw new DataError({ file: list.file, line, reason });
    };
  }
  return list;
}
