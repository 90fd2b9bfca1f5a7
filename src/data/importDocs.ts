/**
 * Foreign doc sets, step 2: stream a JSONL/CSV/TSV file through the line
 * splitter, map its columns to doc fields, validate every row, and collect
 * line-numbered issues while keeping the good rows in a column table
 * (docTable.ts: no object per doc, so 1,000,000 docs fit). The table's
 * canonical docs.jsonl (docs/CONTRACTS.md) is what its hash is taken of, so
 * the same file and mapping always give the same embedding cache key.
 *
 * Refuses: more than MAX_IMPORT_DOCS docs; titles that are empty; ids that
 * repeat; any field it does not know (dropped, not guessed). Nothing here
 * renders or evaluates what it reads: values stay plain strings.
 */
import { DocTableBuilder, type DocTable } from './docTable';
import { IssueList, type DataIssue } from './errors';
import { LineSplitter, type Line } from './lines';
import { RecordJoiner, splitRecord, uniqueNames, type ColumnMapping, type DocFormat, type JoinedRecord } from './importDocsFormat';
import type { Zone } from '../core/domain';
import type { DocRow } from './schema';

export const MAX_IMPORT_DOCS = 1_000_000;
export const MAX_TITLE = 500;
export const MAX_TAGS = 32;

export interface ImportOptions {
  file: string;
  format: DocFormat;
  delimiter: string;
  mapping: ColumnMapping;
  /** category of rows that have none (docText needs one; docs/CONTRACTS.md) */
  defaultCategory?: string;
  defaultZone?: Zone;
  maxErrors?: number;
  maxDocs?: number;
}

export interface ImportResult {
  /** the kept docs, in columns (docTable.ts): no object per doc */
  table: DocTable;
  issues: DataIssue[];
  /** issues beyond the listed ones */
  droppedIssues: number;
  /** data lines read (header and blank lines excluded) */
  records: number;
  truncated: boolean;
}

const ZONE_WORDS: Record<string, Zone> = {
  premium: 'premium', long: 'premium', pgc: 'premium', 长视频: 'premium', 精品: 'premium', 正片: 'premium', 会员: 'premium',
  short: 'short', ugc: 'short', 短视频: 'short', 短: 'short', 小视频: 'short',
};
const ID = /^[^\s]{1,64}$/;

const asText = (v: unknown): string | null =>
  v === undefined || v === null ? null : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;

/** "0.12", "12%", 0.12 → 0.12; '' → null; anything else → an error string. */
export function parseCtr(v: unknown): number | null | string {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 && v <= 1 ? v : 'ctr must be a number in [0, 1] (or a percentage)';
  const t = String(v).trim();
  if (t === '') return null;
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1) : t);
  const x = pct ? n / 100 : n;
  if (t === '%' || !Number.isFinite(x) || x < 0 || x > 1) return `ctr "${t.slice(0, 20)}" is not a number in [0, 1] (or a percentage)`;
  return x;
}

/** A JSON array of strings, or text split on | ; , ， 、 ； and whitespace. */
export function parseTags(v: unknown): string[] | string {
  if (v === undefined || v === null) return [];
  let list: string[];
  if (Array.isArray(v)) {
    if (!v.every((x) => typeof x === 'string' || typeof x === 'number')) return 'tags must be strings';
    list = v.map(String);
  } else if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) {
      try { return parseTags(JSON.parse(t)); } catch { /* fall through: plain text */ }
    }
    list = t.split(/[|;,，、；\s]+/);
  } else return 'tags must be a list or text';
  // NOTE: control characters are dropped — the doc table joins tags with U+001F.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return list.map((x) => x.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 64)).filter(Boolean).slice(0, MAX_TAGS);
}

/** One record's values (by column name) → a doc row, or the reason it was rejected. */
export function buildDoc(get: (col: string) => unknown, m: ColumnMapping, line: number, o: ImportOptions): DocRow | string {
  const val = (f: keyof ColumnMapping): unknown => (m[f] ? get(m[f]) : undefined);
  const rawTitle = val('title');
  const title = asText(rawTitle)?.replace(/\s+/g, ' ').trim() ?? '';
  if (!title) return rawTitle === undefined || rawTitle === null || typeof rawTitle === 'string' ? `missing title (column "${m.title}")` : 'title must be text';
  let id = `L${line}`;
  if (m.id) {
    const raw = asText(val('id'))?.trim() ?? '';
    if (!ID.test(raw)) return raw ? 'id must be 1–64 characters without spaces' : `missing id (column "${m.id}")`;
    id = raw;
  }
  let zone: Zone = o.defaultZone ?? 'short';
  const zraw = asText(val('zone'))?.trim().toLowerCase() ?? '';
  if (zraw) {
    const z = ZONE_WORDS[zraw];
    if (!z) return `unknown zone "${zraw.slice(0, 20)}" (premium/short, 长视频/短视频)`;
    zone = z;
  }
  const category = (asText(val('category'))?.trim() || o.defaultCategory || '其他').slice(0, 64);
  const ctr = parseCtr(val('ctr'));
  if (typeof ctr === 'string') return ctr;
  const tags = parseTags(val('tags'));
  if (typeof tags === 'string') return tags;
  return {
    id, zone, category, title: title.slice(0, MAX_TITLE), tags, series: null, season: null, episode: null, uploader: null,
    cast: [], directors: [], year: null, genres: [], duration_s: null, publish_date: null, ctr, cover: null,
  };
}

/** Push byte chunks, get progress; finish() gives the doc table and issues. */
export class DocImporter {
  private readonly splitter = new LineSplitter();
  private readonly issues: IssueList;
  private readonly joiner: RecordJoiner;
  private header: string[] | null = null;
  private at = new Map<string, number>();
  /** keeps an id index only when an id column is mapped (line-number ids cannot repeat) */
  private readonly table: DocTableBuilder;
  records = 0;
  truncated = false;

  constructor(private readonly o: ImportOptions) {
    this.issues = new IssueList(o.file, o.maxErrors ?? 100);
    this.joiner = new RecordJoiner(o.delimiter || ',');
    this.table = new DocTableBuilder(Boolean(o.mapping.id));
  }

  /** docs kept so far */
  get docs(): number { return this.table.n; }
  /** problems found so far (listed + counted) */
  get problems(): number { return this.issues.count; }

  push(chunk: Uint8Array): void {
    for (const l of this.splitter.push(chunk)) this.line(l);
  }

  finish(): ImportResult {
    for (const l of this.splitter.end()) this.line(l);
    const tail = this.o.format === 'csv' ? this.joiner.end() : null;
    if (tail) this.record(tail);
    if (this.o.format !== 'jsonl' && this.header === null) this.issues.add(0, 'no header line');
    return { table: this.table.finish(), issues: this.issues.items, droppedIssues: this.issues.dropped, records: this.records, truncated: this.truncated };
  }

  // NOTE: rows = kept + problems. Every data line is counted as a row, including
  // one refused before parsing (bad UTF-8, over-long); the header and blank lines are not.
  private line(l: Line): void {
    if (this.truncated) return;
    if (l.error) { this.records++; this.issues.add(l.line, l.error); return; }
    const text = l.text!;
    if (this.o.format === 'jsonl') {
      if (text.trim()) this.jsonl(l.line, text, l.terminated);
      return;
    }
    if (this.o.format === 'tsv') { // no quote rules: one line, one record
      if (text.trim()) this.fields(l.line, text.split(this.o.delimiter || '\t'));
      return;
    }
    const rec = this.joiner.push(l.line, text);
    if (rec) this.record(rec);
  }

  /** A CSV record; one joined from several lines that does not parse is read again line by line. */
  private record(rec: JoinedRecord): void {
    if (!rec.text.trim()) return;
    const { fields, error } = rec.error ? { fields: [], error: rec.error } : splitRecord(rec.text, this.o.delimiter);
    const fits = !error && (this.header === null || fields.length === this.header.length);
    if (fits || rec.lines.length === 1) {
      if (error && this.header !== null) { this.records++; this.issues.add(rec.line, error); return; }
      this.fields(rec.line, rec.error ? splitRecord(rec.text, this.o.delimiter).fields : fields); // a header is taken as it reads
      return;
    }
    // NOTE: an unbalanced quote would otherwise swallow the rows after it (kept nowhere, listed
    // nowhere). Read alone, each physical line is kept or listed at its own number.
    rec.lines.forEach((text, i) => {
      if (!text.trim()) return;
      const one = splitRecord(text, this.o.delimiter);
      if (one.error) { this.records++; this.issues.add(rec.line + i, one.error); return; }
      this.fields(rec.line + i, one.fields);
    });
  }

  /** The header, or one data row's fields. */
  private fields(line: number, fields: string[]): void {
    if (this.header === null) {
      this.header = uniqueNames(fields);
      this.at = new Map(this.header.map((h, i) => [h, i]));
      return;
    }
    if (fields.length !== this.header.length) {
      this.records++;
      this.issues.add(line, `${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${this.header.length}`);
      return;
    }
    this.add(line, (c) => { const i = this.at.get(c); return i === undefined ? undefined : fields[i]; });
  }

  private jsonl(line: number, text: string, terminated: boolean): void {
    let v: unknown;
    try { v = JSON.parse(text); } catch {
      this.records++;
      this.issues.add(line, terminated ? 'invalid JSON' : 'truncated line (invalid JSON, no final newline)');
      return;
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) { this.records++; this.issues.add(line, 'not a JSON object'); return; }
    const o = v as Record<string, unknown>;
    this.add(line, (c) => (Object.prototype.hasOwnProperty.call(o, c) ? o[c] : undefined));
  }

  private add(line: number, get: (col: string) => unknown): void {
    this.records++;
    const r = buildDoc(get, this.o.mapping, line, this.o);
    if (typeof r === 'string') { this.issues.add(line, r); return; }
    if (this.table.has(r.id)) { this.issues.add(line, `duplicate id "${r.id}"`); return; }
    if (this.table.n >= (this.o.maxDocs ?? MAX_IMPORT_DOCS)) {
      this.truncated = true;
      this.issues.add(line, `more than ${this.o.maxDocs ?? MAX_IMPORT_DOCS} docs; this line and the rest are ignored`);
      return;
    }
    this.table.add(r);
  }
}

/** Canonical docs.jsonl of imported rows: only the fields that carry data, fixed key order. */
export function toDocsJsonl(rows: readonly DocRow[]): string {
  let out = '';
  const parts: string[] = [];
  for (const r of rows) {
    const o: Record<string, unknown> = { id: r.id, zone: r.zone, category: r.category, title: r.title };
    if (r.tags.length) o.tags = r.tags;
    if (r.ctr !== null) o.ctr = r.ctr;
    parts.push(JSON.stringify(o));
    if (parts.length === 10_000) { out += parts.join('\n') + '\n'; parts.length = 0; }
  }
  return parts.length ? out + parts.join('\n') + '\n' : out;
}

export interface ImportProgress {
  bytes: number;
  docs: number;
  records: number;
  problems: number;
}

/**
 * Streams chunks through a DocImporter, reporting progress after each chunk.
 * `cancelled` is checked between chunks (it throws ImportCancelled); the
 * source is not read further once the doc limit is reached.
 */
export async function importDocStream(
  chunks: AsyncIterable<Uint8Array>, o: ImportOptions,
  onProgress?: (p: ImportProgress) => void, cancelled?: () => boolean,
): Promise<ImportResult> {
  const imp = new DocImporter(o);
  let bytes = 0;
  for await (const c of chunks) {
    if (cancelled?.()) throw new ImportCancelled();
    imp.push(c);
    bytes += c.length;
    onProgress?.({ bytes, docs: imp.docs, records: imp.records, problems: imp.problems });
    if (imp.truncated) break;
  }
  return imp.finish();
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}
