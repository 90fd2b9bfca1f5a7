// The doc set as a docs worker hands it to the lab worker: the same set as
// parsing it here (rows, texts, ids, zones, sha256), rows that survive the
// page's copy being given away, and the download's errors in the same words.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toDocsJsonl } from '../../data/importDocs';
import type { DocRow } from '../../data';
import { fromParsed, parseForRuntime } from './docsLoad';
import { loadDocSet } from './docset';
import { Engine } from '../engine/engine';
import { nodeOrt } from '../ort/node';

afterEach(() => vi.unstubAllGlobals());

const rows: DocRow[] = Array.from({ length: 50 }, (_, i) => ({
  id: `d${i}`, zone: i % 3 ? 'short' : 'premium', category: '美食', title: `红烧肉 ${i}`, tags: i % 2 ? ['家常'] : [],
  series: null, season: null, episode: null, uploader: null, cast: [], directors: [], year: null, genres: [],
  duration_s: null, publish_date: null, ctr: i % 4 ? i / 100 : null, cover: null,
}));
const bytes = new TextEncoder().encode(toDocsJsonl(rows));

describe('a doc set parsed by the docs worker', () => {
  it('reads like the same file parsed here, and its rows outlive the page\'s copy', async () => {
    vi.stubGlobal('fetch', async () => new Response(bytes));
    const { docs, transfer } = await parseForRuntime({ url: '/demo/docs.jsonl' });
    expect(transfer).toHaveLength(4);
    const set = fromParsed(structuredClone(docs));
    const here = await loadDocSet(bytes, '/demo/docs.jsonl');
    expect([...set.rows]).toEqual(here.rows);
    expect(set.texts).toEqual(here.texts);
    expect(set.sha256).toBe(here.sha256);
    expect(['d0', 'd49', 'x'].map((id) => set.byId.get(id))).toEqual([0, 49, undefined]);
    expect(Array.from(set.zones!)).toEqual(rows.map((r) => (r.zone === 'premium' ? 0 : 1)));
    // the page's copy is transferred away; this worker still reads its rows
    structuredClone(set.jsonl, { transfer: [set.jsonl!.bytes.buffer as ArrayBuffer] });
    expect(set.rows[7]).toEqual(rows[7]);
  });

  it('the engine filters zones from the zone codes, as from the rows', async () => {
    vi.stubGlobal('fetch', async () => new Response(bytes));
    const set = fromParsed((await parseForRuntime({ url: '/d' })).docs);
    const e = new Engine({ ort: nodeOrt, sessionOptions: {}, models: { label: '', bytes: async () => new Uint8Array() }, noBm25: true }, { version: 1, models: [] });
    e.setDocs(set);
    const masks = (e as unknown as { zoneMasks: Record<string, Uint8Array> }).zoneMasks;
    expect(Array.from(masks.premium)).toEqual(rows.map((r) => (r.zone === 'premium' ? 1 : 0)));
  });

  it('keeps the first lines with a limit, and reports a missing file as before', async () => {
    vi.stubGlobal('fetch', async () => new Response(bytes));
    const set = fromParsed((await parseForRuntime({ url: '/d', maxLines: 7 })).docs);
    expect(set.rows.length).toBe(7);
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 404 }));
    await expect(parseForRuntime({ url: '/demo/docs.jsonl' })).rejects.toThrow('/demo/docs.jsonl is missing (HTTP 404)');
  });
});
