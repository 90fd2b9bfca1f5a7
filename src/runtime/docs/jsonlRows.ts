// The page's rows of a doc set, read from its docs.jsonl bytes and row ranges
// (docsJsonl.ts, sent by the lab's worker): a row is decoded the first time it
// is read, then kept — the first results need a few dozen rows, not 20k cloned
// objects. The worker has validated every row; this only decodes (and fills
// the same defaults, through validateDoc).
import { validateDoc, type DocRow } from '../../data';
import { arrayView } from '../../data/docTable';
import type { DocsJsonl } from './docsJsonl';

export function jsonlRows(j: DocsJsonl): readonly DocRow[] {
  const cache: (DocRow | undefined)[] = new Array<DocRow | undefined>(j.start.length);
  const decoder = new TextDecoder();
  const read = (i: number): DocRow => {
    const r = validateDoc(JSON.parse(decoder.decode(j.bytes.subarray(j.start[i], j.end[i]))));
    if (typeof r === 'string') throw new Error(`doc ${i}: ${r}`); // not after the worker's validation
    return r;
  };
  return arrayView(j.start.length, (i) => (cache[i] ??= read(i)));
}
