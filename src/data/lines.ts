// Line splitting for text and for byte streams. The streaming splitter keeps at
// most one line (≤ MAX_LINE_BYTES) in memory, decodes each line with a fatal
// UTF-8 decoder so bad bytes are reported with their line number, and skips
// over-long lines instead of buffering them.

export const MAX_LINE_BYTES = 64 * 1024;

export interface Line {
  line: number; // 1-based
  text?: string; // absent when `error` is set
  error?: string;
  /** false for a last line with no terminating newline (possibly truncated). */
  terminated: boolean;
}

const utf8Length = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
};

/** Lines of an already decoded text (a trailing newline does not add an empty line). */
export function splitLines(text: string): Line[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parts = body.split('\n');
  const terminatedLast = parts[parts.length - 1] === '';
  if (terminatedLast) parts.pop();
  return parts.map((raw, i) => {
    const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const terminated = i < parts.length - 1 || terminatedLast;
    if (t.length * 3 > MAX_LINE_BYTES && utf8Length(t) > MAX_LINE_BYTES) {
      return { line: i + 1, error: `line longer than ${MAX_LINE_BYTES} bytes`, terminated };
    }
    return { line: i + 1, text: t, terminated };
  });
}

/** Push byte chunks, get complete lines back; call end() for the last one. */
export class LineSplitter {
  private buf = new Uint8Array(1024);
  private len = 0;
  private lineNo = 0;
  private oversize = false;
  private first = true;
  private decoder = new TextDecoder('utf-8', { fatal: true });

  push(chunk: Uint8Array): Line[] {
    const out: Line[] = [];
    // NOTE: indexOf (native) finds the newlines, and the complete lines after the chunk's first
    // are decoded in one call: in a Chromium CPU profile of the cold start, the byte loop in JS and
    // a decode per line were ~1 s of the docs worker for the demo's 20k lines.
    const first = chunk.indexOf(0x0a);
    if (first < 0) {
      this.append(chunk);
      return out;
    }
    this.append(chunk.subarray(0, first));
    out.push(this.finish(true));
    const last = chunk.lastIndexOf(0x0a);
    if (last > first) this.middle(chunk.subarray(first + 1, last), out);
    this.append(chunk.subarray(last + 1));
    return out;
  }

  /** Complete lines, newline-separated, none of them the file's first (no BOM to strip). */
  private middle(bytes: Uint8Array, out: Line[]): void {
    let text: string | null = null;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      // invalid UTF-8 somewhere: line by line, so only the bad line is reported
    }
    if (text === null) {
      let start = 0;
      for (let i = bytes.indexOf(0x0a); ; i = bytes.indexOf(0x0a, start)) {
        this.append(bytes.subarray(start, i < 0 ? bytes.length : i));
        out.push(this.finish(true));
        if (i < 0) return;
        start = i + 1;
      }
    }
    for (const raw of text.split('\n')) {
      const line = ++this.lineNo;
      const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      out.push(raw.length * 3 > MAX_LINE_BYTES && utf8Length(raw) > MAX_LINE_BYTES
        ? { line, error: `line longer than ${MAX_LINE_BYTES} bytes`, terminated: true }
        : { line, text: t, terminated: true });
    }
  }

  end(): Line[] {
    if (this.len === 0 && !this.oversize) return [];
    return [this.finish(false)];
  }

  private append(bytes: Uint8Array): void {
    if (this.oversize || bytes.length === 0) return;
    if (this.len + bytes.length > MAX_LINE_BYTES + 1) {
      this.oversize = true; // drop the rest of this line; memory stays bounded
      this.len = 0;
      return;
    }
    this.buf = appendBytes(this.buf, this.len, bytes);
    this.len += bytes.length;
  }

  private finish(terminated: boolean): Line {
    const line = ++this.lineNo;
    let bytes = this.buf.subarray(0, this.len);
    const wasOversize = this.oversize;
    this.len = 0;
    this.oversize = false;
    if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (this.first) {
      this.first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    if (wasOversize || bytes.length > MAX_LINE_BYTES) return { line, error: `line longer than ${MAX_LINE_BYTES} bytes`, terminated };
    try {
      return { line, text: this.decoder.decode(bytes), terminated };
    } catch {
      return { line, error: 'invalid UTF-8', terminated };
    }
  }
}

/** All lines of a byte buffer (the streaming splitter over one chunk). */
export function splitBytes(bytes: Uint8Array): Line[] {
  const s = new LineSplitter();
  return [...s.push(bytes), ...s.end()];
}

/** Lines from any (async) iterable of byte chunks, e.g. a fetch body or a file stream. */
export async function* readLines(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Line> {
  const s = new LineSplitter();
  for await (const c of chunks) yield* s.push(c);
  yield* s.end();
}

/** A line's JSON value, or SKIP after reporting why (a line error, invalid or truncated JSON);
 * blank lines are skipped silently. The one per-line rule of every JSONL reader. */
export const SKIP: unique symbol = Symbol('skip');
export function jsonOfLine(l: Line, issues: { add(line: number, reason: string): void }): unknown {
  if (l.error) {
    issues.add(l.line, l.error);
    return SKIP;
  }
  const text = l.text!;
  if (text.trim() === '') return SKIP;
  try {
    return JSON.parse(text);
  } catch {
    issues.add(l.line, l.terminated ? 'invalid JSON' : 'truncated line (invalid JSON, no final newline)');
    return SKIP;
  }
}

/** Writes `bytes` at `len` into `buf`, doubling it first when they do not fit; returns the buffer now in use. */
export function appendBytes(buf: Uint8Array<ArrayBuffer>, len: number, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  let out = buf;
  if (len + bytes.length > buf.length) {
    out = new Uint8Array(Math.max(buf.length * 2, len + bytes.length));
    out.set(buf.subarray(0, len));
  }
  out.set(bytes, len);
  return out;
}
