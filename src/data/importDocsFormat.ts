/**
 * Foreign doc sets, step 1: which format a file is in (JSONL, CSV, TSV or
 * ';'-separated), its columns, a guessed mapping of columns to doc fields, and
 * a quote-aware record splitter that works on the line stream of
 * src/data/lines.ts (a quoted CSV field may span lines).
 *
 * NOTE: TSV (IANA text/tab-separated-values) has no quoting: a line is a
 * record and a `"` is a character like any other, so a title may start with
 * one. Quote rules apply to CSV only — including a tab-delimited file named
 * .csv, which declares the CSV dialect by its name.
 *
 * Refuses: guessing beyond the header line and the file name; a mapping is
 * always shown to the user before anything is imported.
 */

export type DocFormat = 'jsonl' | 'csv' | 'tsv';
/** Doc fields a foreign column can feed; only `title` is required. */
export const DOC_FIELDS = ['title', 'id', 'zone', 'category', 'ctr', 'tags'] as const;
export type DocField = (typeof DOC_FIELDS)[number];
/** Column name per field; '' = not mapped. */
export type ColumnMapping = Record<DocField, string>;

export interface FileShape {
  format: DocFormat;
  /** CSV/TSV field separator (',', '\t' or ';'); '' for JSONL */
  delimiter: string;
  columns: string[];
  /** up to 5 parsed sample records, values as text */
  sample: Record<string, string>[];
}

const GUESS: Record<DocField, RegExp> = {
  title: /^(title|doc_?title|video_?title|name|headline|标题|视频标题|名称|题目)$/i,
  id: /^(id|_id|doc_?id|docno|vid|video_?id|item_?id|编号|视频id)$/i,
  zone: /^(zone|section|area|channel|分区|专区|区域)$/i,
  category: /^(category|cat|categories|genre|type|class|分类|类别|类目|频道)$/i,
  ctr: /^(ctr|click_?rate|click_?through(_rate)?|点击率)$/i,
  tags: /^(tags?|keywords?|labels|标签|关键词)$/i,
};

/** Picks each field's column by name; title falls back to the first text-looking column. */
export function guessMapping(columns: readonly string[]): ColumnMapping {
  const m = { title: '', id: '', zone: '', category: '', ctr: '', tags: '' } as ColumnMapping;
  const used = new Set<string>();
  for (const f of DOC_FIELDS) {
    const c = columns.find((x) => !used.has(x) && GUESS[f].test(x.trim().replace(/[\s-]+/g, '_')));
    if (c !== undefined) { m[f] = c; used.add(c); }
  }
  if (!m.title) m.title = columns.find((c) => !used.has(c) && /title|name|标题|名/i.test(c)) ?? '';
  return m;
}

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0, q = false;
  for (const c of line) {
    if (c === '"') q = !q;
    else if (c === ch && !q) n++;
  }
  return n;
}

/** Format from the file name, then from the first line. */
export function sniffFormat(name: string, firstLine: string): { format: DocFormat; delimiter: string } {
  const ext = (/\.([a-z0-9]+)$/i.exec(name)?.[1] ?? '').toLowerCase();
  const trimmed = firstLine.replace(/^\uFEFF/, '').trimStart();
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json' || (!['csv', 'tsv', 'tab', 'txt'].includes(ext) && trimmed.startsWith('{'))) {
    return { format: 'jsonl', delimiter: '' };
  }
  const counts = ([',', '\t', ';'] as const).map((d) => [d, countOutsideQuotes(firstLine, d)] as const);
  if (ext === 'tsv' || ext === 'tab') return { format: 'tsv', delimiter: '\t' };
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (best[1] === 0) return { format: 'csv', delimiter: ',' };
  return { format: best[0] === '\t' && ext !== 'csv' ? 'tsv' : 'csv', delimiter: best[0] };
}

/** RFC 4180 fields of one complete record (quotes already balanced), with any delimiter. */
export function splitRecord(rec: string, delimiter: string): { fields: string[]; error?: string } {
  const fields: string[] = [];
  let field = '', quoted = false, afterQuote = false, error: string | undefined;
  for (let i = 0; i < rec.length; i++) {
    const c = rec[i];
    if (quoted) {
      if (c === '"') {
        if (rec[i + 1] === '"') { field += '"'; i++; } else { quoted = false; afterQuote = true; }
      } else field += c;
      continue;
    }
    if (c === delimiter) { fields.push(field); field = ''; afterQuote = false; continue; }
    if (c === '"' && field === '' && !afterQuote) { quoted = true; continue; }
    if (afterQuote && !error) error = 'text after a closing quote';
    field += c;
  }
  if (quoted) error = 'unterminated quoted field';
  fields.push(field);
  return { fields, error };
}

/** True when the text ends inside an open quoted field (the record continues on the next line). */
export function quoteOpen(text: string, delimiter: string, wasOpen = false): boolean {
  let q = wasOpen, atStart = !wasOpen;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"') { if (text[i + 1] === '"') i++; else q = false; }
    } else if (c === '"' && atStart) q = true;
    atStart = c === delimiter;
  }
  return q;
}

export const MAX_RECORD_LINES = 200;

/** A finished record: its first line, its text, and the physical lines it was joined from. */
export interface JoinedRecord {
  line: number;
  text: string;
  lines: string[];
  error?: string;
}

/**
 * Joins physical lines into CSV records. push(line) returns a finished record
 * (its first line number and text) or null while a quoted field is open.
 */
export class RecordJoiner {
  private parts: string[] = [];
  private start = 0;
  private open = false;
  constructor(private readonly delimiter: string) {}

  push(line: number, text: string): JoinedRecord | null {
    if (!this.open) { this.start = line; this.parts = []; }
    this.parts.push(text);
    this.open = quoteOpen(text, this.delimiter, this.open);
    if (this.open && this.parts.length < MAX_RECORD_LINES) return null;
    const rec = { line: this.start, text: this.parts.join('\n'), lines: this.parts };
    const tooLong = this.open;
    this.open = false;
    this.parts = [];
    return tooLong ? { ...rec, error: `quoted field open for more than ${MAX_RECORD_LINES} lines` } : rec;
  }

  /** The last record if the file ended inside a quote. */
  end(): JoinedRecord | null {
    if (!this.open) return null;
    this.open = false;
    return { line: this.start, text: this.parts.join('\n'), lines: this.parts, error: 'unterminated quoted field at end of file' };
  }
}

/** Columns and a few sample records of a file's first bytes (the UI shows these before importing). */
export function readShape(name: string, head: string): FileShape {
  const text = head.replace(/^\uFEFF/, '');
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const firstLine = lines.find((l) => l.trim() !== '') ?? '';
  const { format, delimiter } = sniffFormat(name, firstLine);
  if (format === 'jsonl') {
    const cols: string[] = [];
    const sample: Record<string, string>[] = [];
    for (const l of lines) {
      if (sample.length >= 5) break;
      if (!l.trim()) continue;
      try {
        const v = JSON.parse(l) as unknown;
        if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
        const row: Record<string, string> = {};
        for (const [k, x] of Object.entries(v)) {
          if (!cols.includes(k) && cols.length < 100) cols.push(k);
          row[k] = Array.isArray(x) ? x.join('|') : x === null ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x);
        }
        sample.push(row);
      } catch { /* a bad line: reported by line at import */ }
    }
    return { format, delimiter, columns: cols, sample };
  }
  const joiner = new RecordJoiner(delimiter);
  const records: string[][] = [];
  lines.forEach((l, i) => {
    if (records.length >= 6 || (!l.trim() && records.length === 0)) return;
    if (format === 'tsv') { if (l.trim()) records.push(l.split('\t')); return; }
    const r = joiner.push(i + 1, l);
    if (r && !r.error && r.text.trim()) records.push(splitRecord(r.text, delimiter).fields);
  });
  const columns = uniqueNames(records[0] ?? []);
  const sample = records.slice(1).map((f) => Object.fromEntries(columns.map((c, i) => [c, f[i] ?? ''])));
  return { format, delimiter, columns, sample };
}

/** Header names, trimmed; blanks and repeats get a suffix so every column can be picked. */
export function uniqueNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    const base = h.trim() || `column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
