// A doc set's runtime view, precomputed at setup (`npm run cli -- encode`
// writes public/embeddings/docs.index.json beside the towers' embeddings):
// what the docs worker otherwise gets by parsing and validating every line
// of docs.jsonl — each doc's id, zone and model text (docText), and its
// line's byte range. On the cold start that parse was ~1 s of a core on a
// busy 2-core machine, competing with ORT's start. The file is bound to the
// exact bytes it was made from by their sha256: the docs worker uses it only
// when the docs.jsonl it downloaded hashes to the same value (the setup step
// validated those bytes with the same rules), and parses otherwise.
import type { ParsedDocSet } from './docsLoad';
import type { LoadedDocSet } from './docset';

export const DOCS_INDEX_FILE = 'docs.index.json';

export interface DocsIndexFile {
  format: 1;
  docsetSha256: string;
  count: number;
  ids: string[];
  texts: string[];
  /** one character per doc: 'p' premium, 's' short */
  zones: string;
  /** byte range of each doc's line in docs.jsonl */
  start: number[];
  end: number[];
}

/** The index of a parsed docs.jsonl (loadDocSet's result: it keeps the bytes' row ranges). */
export function docsIndexOf(set: LoadedDocSet): DocsIndexFile {
  if (!set.jsonl) throw new Error('docsIndexOf needs a doc set parsed from docs.jsonl');
  return {
    format: 1,
    docsetSha256: set.sha256,
    count: set.rows.length,
    ids: set.rows.map((r) => r.id),
    texts: [...set.texts],
    zones: set.rows.map((r) => (r.zone === 'premium' ? 'p' : 's')).join(''),
    start: [...set.jsonl.start],
    end: [...set.jsonl.end],
  };
}

/**
 * The runtime's doc set from an index and the docs.jsonl bytes it was made from; null (with the
 * reason) when the index is not for these bytes or is malformed — the caller then parses.
 */
export function fromDocsIndex(text: string, bytes: Uint8Array, bytesSha256: string): { docs: ParsedDocSet } | { reason: string } {
  let f: DocsIndexFile;
  try {
    f = JSON.parse(text) as DocsIndexFile;
  } catch {
    return { reason: 'not valid JSON' };
  }
  if (f?.format !== 1) return { reason: `unsupported format ${String(f?.format)}` };
  if (f.docsetSha256 !== bytesSha256) return { reason: 'made for another docs.jsonl (sha256 differs)' };
  const n = f.count;
  const ok = Number.isInteger(n) && n > 0 && [f.ids, f.texts, f.start, f.end].every((a) => Array.isArray(a) && a.length === n)
    && typeof f.zones === 'string' && f.zones.length === n && /^[ps]*$/.test(f.zones)
    && f.start.every((s, i) => Number.isInteger(s) && s >= 0 && s <= f.end[i] && f.end[i] <= bytes.length);
  if (!ok) return { reason: 'malformed (counts, zones or byte ranges do not fit)' };
  const zones = new Uint8Array(n);
  for (let i = 0; i < n; i++) zones[i] = f.zones.charCodeAt(i) === 112 ? 0 : 1; // 'p'
  return {
    docs: {
      texts: f.texts, ids: f.ids, zones, sha256: bytesSha256,
      jsonl: { bytes, start: Uint32Array.from(f.start), end: Uint32Array.from(f.end) },
    },
  };
}
