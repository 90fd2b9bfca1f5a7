// The pair the panel inspects, resolved against the loaded doc set: the doc
// text the towers and the fine ranker see (src/core/docText), and the doc's
// row index (for its rank). Pure.
import { docText } from '../../core/docText';
import type { DocRow } from '../../runtime/docs/docset';
import type { InspectPair } from '../../state/slices/inspect';

export interface ResolvedPair {
  query: string;
  docText: string;
  docId?: string;
  docIndex?: number;
  title?: string;
  /** Changes whenever anything the models see changes. */
  key: string;
}

export function resolvePair(pair: InspectPair | null, rows: readonly DocRow[]): ResolvedPair | { error: string } | null {
  if (!pair || !pair.query.trim()) return null;
  const query = pair.query.trim();
  if (pair.docId) {
    const i = rows.findIndex((r) => r.id === pair.docId);
    if (i < 0) return rows.length ? { error: `doc ${pair.docId} is not in the loaded doc set` } : null;
    const text = docText(rows[i]);
    return { query, docText: text, docId: pair.docId, docIndex: i, title: rows[i].title, key: JSON.stringify([query, text, i]) };
  }
  const text = (pair.docText ?? '').trim();
  if (!text) return null;
  return { query, docText: text, key: JSON.stringify([query, text]) };
}

/**
 * The pair in an export's file name: the query and the doc id (a typed doc: its first words), each
 * cut short — a saved heatmap says which pair it shows (exportFileName makes the parts file-safe).
 */
export function pairTag(p: Pick<ResolvedPair, 'query' | 'docId' | 'docText'>): string[] {
  const cut = (s: string, n: number) => Array.from(s.trim()).slice(0, n).join('');
  return [cut(p.query, 24), p.docId ?? cut(p.docText, 16)];
}

/** Docs whose id or title matches the search, ids first; at most `limit`. */
export function searchDocs(rows: readonly DocRow[], term: string, limit = 8): { index: number; row: DocRow }[] {
  const t = term.trim().toLowerCase();
  if (!t) return [];
  const byId: { index: number; row: DocRow }[] = [];
  const byTitle: { index: number; row: DocRow }[] = [];
  for (let i = 0; i < rows.length && byId.length + byTitle.length < limit * 4; i++) {
    const r = rows[i];
    if (r.id.toLowerCase() === t || r.id.toLowerCase().startsWith(t)) byId.push({ index: i, row: r });
    else if (r.title.toLowerCase().includes(t)) byTitle.push({ index: i, row: r });
  }
  return [...byId, ...byTitle].slice(0, limit);
}
