// The doc set as the runtime needs it: rows for display (parsed and validated
// by src/data), the doc text each model sees (src/core/docText), and the
// sha256 of the file bytes — the cache key of every embedding index built from it.
import { docText } from '../core/docText';
import { parseDocsJsonl, type DocRow } from '../data';
import { sha256Hex } from './hash';
import { LabError } from './manifest';

export type { DocRow };

export interface LoadedDocSet {
  rows: DocRow[];
  /** docText(row) per doc, what the doc tower and the fine ranker see. */
  texts: string[];
  sha256: string;
  byId: Map<string, number>;
}

/**
 * Parses and validates docs.jsonl. Any invalid line rejects the whole set
 * (row indices must match the embedding files made from the same bytes); the
 * message names the first problems by line.
 */
export async function loadDocSet(bytes: Uint8Array, source = 'docs.jsonl'): Promise<LoadedDocSet> {
  const parsed = parseDocsJsonl(bytes, { file: source, maxErrors: 5 });
  const n = parsed.errors.length + parsed.droppedErrors;
  if (n > 0) {
    const first = parsed.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.reason}`).join('; ');
    throw new LabError(`${source}: ${n} invalid line${n === 1 ? '' : 's'} (${first}${n > 3 ? '; …' : ''})`, source);
  }
  if (parsed.rows.length === 0) throw new LabError(`${source} holds no docs`, source);
  const rows = parsed.rows;
  return {
    rows,
    texts: rows.map(docText),
    sha256: await sha256Hex(bytes),
    byId: new Map(rows.map((r, i) => [r.id, i])),
  };
}
