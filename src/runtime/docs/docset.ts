// The doc set as the runtime needs it: rows for display (parsed and validated
// by src/data), the doc text each model sees (src/core/docText), and the
// sha256 of the file bytes — the cache key of every embedding index built from it.
// A shipped docs.jsonl becomes arrays of objects (parsed as it downloads,
// docsJsonl.ts); an imported set stays in its column table
// (src/data/docTable.ts) behind read-only array views, so a million docs are
// not a million objects in this worker.
import { docText } from '../../core/docText';
import type { DocRow } from '../../data';
import { DocsJsonlParser, type DocsJsonl } from './docsJsonl';
import { DocTable, rowsView, textsView, type DocTableData } from '../../data/docTable';
import { sha256Hex } from '../hash';
import { LabError } from '../engine/manifest';

export type { DocRow };

export interface LoadedDocSet {
  rows: readonly DocRow[];
  /** docText(row) per doc, what the doc tower and the fine ranker see. */
  texts: readonly string[];
  sha256: string;
  byId: { get(id: string): number | undefined };
  /** set for an imported set: the columns behind rows and texts */
  table?: DocTable;
  /** set for a docs.jsonl: its bytes and row ranges, for the page (given away to it once, then unset) */
  jsonl?: DocsJsonl;
  /** [n] 0 = premium, 1 = short; when set, read instead of rows[i].zone (rows may be decoded lazily) */
  zones?: Uint8Array;
}

/** Above this many docs the BM25 column is off: its build holds every doc's terms in JS arrays (~1 GB at 1,000,000 docs). */
export const BM25_MAX_DOCS = 200_000;

/**
 * Parses and validates docs.jsonl. Any invalid line rejects the whole set
 * (row indices must match the embedding files made from the same bytes); the
 * message names the first problems by line.
 */
export function loadDocSet(bytes: Uint8Array, source = 'docs.jsonl'): Promise<LoadedDocSet> {
  return loadDocSetStream([bytes], source, { sizeHint: bytes.length });
}

/**
 * loadDocSet over chunks as they arrive (a fetch body): each chunk is parsed
 * before the next is awaited. `maxLines` keeps the file's first lines only.
 */
export async function loadDocSetStream(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, source = 'docs.jsonl',
  o: { maxLines?: number; sizeHint?: number } = {}): Promise<LoadedDocSet> {
  const parser = new DocsJsonlParser(source, o.maxLines, o.sizeHint);
  for await (const c of chunks) if (!parser.push(c)) break;
  const parsed = parser.finish();
  const n = parsed.errors.length + parsed.dropped;
  if (n > 0) {
    const first = parsed.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.reason}`).join('; ');
    throw new LabError(`${source}: ${n} invalid line${n === 1 ? '' : 's'} (${first}${n > 3 ? '; …' : ''})`, source);
  }
  if (parsed.rows.length === 0) throw new LabError(`${source} holds no docs`, source);
  const rows = parsed.rows;
  return {
    rows,
    texts: rows.map(docText),
    sha256: await sha256Hex(parsed.jsonl.bytes),
    byId: new Map(rows.map((r, i) => [r.id, i])),
    jsonl: parsed.jsonl,
  };
}

/**
 * An imported set (already validated by src/data/importDocs.ts in the import
 * worker). `sha256` is that of the table's canonical docs.jsonl, computed there.
 */
export function loadDocTable(data: DocTableData, sha256: string, source = 'imported docs'): LoadedDocSet {
  const table = new DocTable(data);
  if (table.length === 0) throw new LabError(`${source} holds no docs`, source);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new LabError(`${source}: no valid sha256 for the doc set`, source);
  return { rows: rowsView(table), texts: textsView(table), sha256, byId: { get: (id) => table.indexOf(id) }, table };
}
