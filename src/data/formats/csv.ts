/**
 * RFC 4180 CSV reading and writing, enough for label files: quoted fields
 * with "" escapes, commas and newlines inside quotes, CRLF/LF, a UTF-8 BOM.
 * Chinese text needs no quoting; we quote only when a field requires it.
 *
 * Refuses: unterminated quotes (reported with the record's first line), and
 * any dialect guessing (no ';' or tab sniffing).
 */
import type { ParseError } from './types';

export interface CsvRecord {
  /** 1-based line where the record starts */
  line: number;
  fields: string[];
}

export function parseCsv(text: string): { records: CsvRecord[]; errors: ParseError[] } {
  const s = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  const errors: ParseError[] = [];
  let line = 1, i = 0;
  while (i < s.length) {
    const start = line;
    const fields: string[] = [];
    let field = '', quoted = false, afterQuote = false, ended = false;
    while (i < s.length) {
      const c = s[i];
      if (quoted) {
        if (c === '"') {
          if (s[i + 1] === '"') { field += '"'; i += 2; continue; }
          quoted = false; afterQuote = true; i++; continue;
        }
        if (c === '\n') line++;
        if (c === '\r' && s[i + 1] !== '\n') line++;
        field += c; i++; continue;
      }
      if (c === ',') { fields.push(field); field = ''; afterQuote = false; i++; continue; }
      if (c === '\r' || c === '\n') {
        i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
        line++; ended = true; break;
      }
      if (c === '"' && field === '' && !afterQuote) { quoted = true; i++; continue; }
      if (afterQuote) { errors.push({ line, reason: 'text after a closing quote' }); afterQuote = false; }
      field += c; i++;
    }
    if (quoted) errors.push({ line: start, reason: 'unterminated quoted field' });
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !afterQuote)) records.push({ line: start, fields });
    if (!ended && i >= s.length) break;
  }
  return { records, errors };
}

/** Quote when the field holds a comma, quote, CR/LF or edge whitespace. */
export function csvField(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
}
