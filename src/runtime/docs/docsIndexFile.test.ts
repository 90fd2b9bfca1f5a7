// The precomputed doc-set index (docsIndexFile.ts): the docs worker's result
// from it equals its result from parsing the same bytes; an index for other
// bytes, or a broken one, is refused with its reason and the bytes are parsed;
// no index at all means parsing as before.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toDocsJsonl } from '../../data/importDocs';
import type { DocRow } from '../../data';
import { docsIndexOf, fromDocsIndex } from './docsIndexFile';
import { fromParsed, parseForRuntime } from './docsLoad';
import { loadDocSet } from './docset';
import { sha256Hex } from '../hash';

afterEach(() => vi.unstubAllGlobals());

const rows: DocRow[] = Array.from({ length: 40 }, (_, i) => ({
  id: `d${i}`, zone: i % 3 ? 'short' : 'premium', category: '美食', title: `红烧肉 ${i} "引号"`, tags: i % 2 ? ['家常'] : [],
  series: null, season: null, episode: null, uploader: null, cast: [], directors: [], year: null, genres: [],
  duration_s: null, publish_date: null, ctr: i % 4 ? i / 100 : null, cover: null,
}));
const bytes = new TextEncoder().encode(`\ufeff${toDocsJsonl(rows).replace(/\n/g, '\r\n')}`); // BOM and CRLF: ranges must skip both
const other = new TextEncoder().encode(toDocsJsonl(rows.slice(0, 39)));

function serve(files: Record<string, Uint8Array | string>): void {
  vi.stubGlobal('fetch', async (url: string) => (url in files ? new Response(files[url] as BodyInit) : new Response('no', { status: 404 })));
}

describe('docs.index.json', () => {
  it('gives the docs worker the same set as parsing the bytes', async () => {
    const index = JSON.stringify(docsIndexOf(await loadDocSet(bytes)));
    serve({ '/d.jsonl': bytes, '/d.index.json': index });
    const viaIndex = await parseForRuntime({ url: '/d.jsonl', indexUrl: '/d.index.json' });
    expect(viaIndex.note).toBeUndefined();
    const parsed = await parseForRuntime({ url: '/d.jsonl' });
    const a = fromParsed(structuredClone(viaIndex.docs)), b = fromParsed(structuredClone(parsed.docs));
    expect([...a.rows]).toEqual([...b.rows]);
    expect([...a.rows]).toEqual(rows);
    expect(a.texts).toEqual(b.texts);
    expect(a.sha256).toBe(b.sha256);
    expect([...a.zones!]).toEqual([...b.zones!]);
    expect(viaIndex.transfer).toHaveLength(4);
  });

  it('is refused, with the reason, when made for other bytes or broken; the bytes are parsed instead', async () => {
    const stale = JSON.stringify(docsIndexOf(await loadDocSet(other)));
    serve({ '/d.jsonl': bytes, '/stale.json': stale, '/bad.json': '{"format":1', '/none.json': 'x' });
    const r = await parseForRuntime({ url: '/d.jsonl', indexUrl: '/stale.json' });
    expect(r.note).toMatch(/\/stale\.json not used: made for another docs\.jsonl/);
    expect([...fromParsed(r.docs).rows]).toEqual(rows);
    expect((await parseForRuntime({ url: '/d.jsonl', indexUrl: '/bad.json' })).note).toMatch(/not valid JSON/);
    const missing = await parseForRuntime({ url: '/d.jsonl', indexUrl: '/missing.json' });
    expect(missing.note).toBeUndefined();
    expect([...fromParsed(missing.docs).rows]).toEqual(rows);
  });

  it('checks counts, zones and byte ranges', async () => {
    const good = docsIndexOf(await loadDocSet(bytes));
    const sha = await sha256Hex(bytes);
    const bad = (patch: object) => fromDocsIndex(JSON.stringify({ ...good, ...patch }), bytes, sha);
    expect(bad({ zones: good.zones.slice(1) })).toEqual({ reason: 'malformed (counts, zones or byte ranges do not fit)' });
    expect(bad({ end: good.end.map((e, i) => (i === 3 ? bytes.length + 1 : e)) })).toHaveProperty('reason');
    expect(bad({ ids: good.ids.slice(2) })).toHaveProperty('reason');
    expect(bad({ format: 2 })).toEqual({ reason: 'unsupported format 2' });
    expect(bad({})).toHaveProperty('docs');
  });
});
