import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../runtime/hash';
import { docText } from '../core/docText';
import { arrayView, DocTableBuilder, docTableJsonl, docTableSha256, rowsView, textsView } from './docTable';
import { toDocsJsonl } from './importDocs';
import type { DocRow } from './schema';

const row = (id: string, title: string, o: Partial<DocRow> = {}): DocRow => ({
  id, zone: 'short', category: '美食', title, tags: [], series: null, season: null, episode: null, uploader: null,
  cast: [], directors: [], year: null, genres: [], duration_s: null, publish_date: null, ctr: null, cover: null, ...o,
});

const ROWS = [
  row('a1', '红烧牛肉面 做法', { tags: ['牛肉', '面'], ctr: 0.12 }),
  row('a2', 'emoji 🎬 title', { zone: 'premium', category: '电影', ctr: 0 }),
  row('L7', '"quoted" \\ back', { tags: ['x'] }),
  row('a4', 'no tags', { category: '电影', ctr: 1 }),
];

describe('DocTable', () => {
  const b = new DocTableBuilder();
  ROWS.forEach((r) => b.add(r));
  const t = b.finish();

  it('gives back the rows it was given', () => {
    expect(t.rows()).toEqual(ROWS);
    expect(t.data.categories).toEqual(['美食', '电影']);
    expect(t.text(0)).toBe(docText(ROWS[0]));
  });
  it('writes the same canonical JSONL and hash as the row path', async () => {
    expect([...docTableJsonl(t, 3)].join('')).toBe(toDocsJsonl(ROWS));
    expect(docTableSha256(t)).toBe(await sha256Hex(toDocsJsonl(ROWS)));
  });
  it('finds docs by id', () => {
    expect(ROWS.map((r) => t.indexOf(r.id))).toEqual([0, 1, 2, 3]);
    expect(t.indexOf('a')).toBeUndefined();
    expect(t.indexOf('a10')).toBeUndefined();
  });
  it('grows past its first capacity and indexes many ids', () => {
    const big = new DocTableBuilder();
    for (let i = 0; i < 20_000; i++) big.add(row(`d${i}`, `标题${i}`, { ctr: i % 3 ? i / 20_000 : null, tags: i % 2 ? ['a', 'b'] : [] }));
    const bt = big.finish();
    expect(bt.length).toBe(20_000);
    expect(bt.row(12_347)).toEqual(row('d12347', '标题12347', { ctr: 12_347 / 20_000, tags: ['a', 'b'] }));
    expect(bt.indexOf('d19999')).toBe(19_999);
    expect(bt.bytes()).toBeLessThan(20_000 * 64); // ~50 bytes a doc here, vs. several hundred as DocRow objects
  });
});

describe('DocTableBuilder id index', () => {
  it('knows every id added, across string blocks and index growth', () => {
    const b = new DocTableBuilder(true);
    for (let i = 0; i < 30_000; i++) {
      expect(b.has(`id-${i}`)).toBe(false);
      b.add(row(`id-${i}`, 't'));
      if (i % 4999 === 0) expect([b.has('id-0'), b.has(`id-${i}`), b.has(`id-${i + 1}`)]).toEqual([true, true, false]);
    }
    for (const i of [0, 8191, 8192, 8193, 16_384, 29_999]) expect(b.has(`id-${i}`)).toBe(true);
    expect(b.has('id-30000') || b.has('')).toBe(false);
    const t = b.finish();
    expect(t.id(8192)).toBe('id-8192');
    expect(t.indexOf('id-16384')).toBe(16_384);
  });
  it('keeps no index unless asked', () => {
    const b = new DocTableBuilder();
    b.add(row('a', 't'));
    expect(b.has('a')).toBe(false);
  });
});

describe('array views', () => {
  const b = new DocTableBuilder();
  ROWS.forEach((r) => b.add(r));
  const t = b.finish();
  const rows = rowsView(t);

  it('read like an array', () => {
    expect(rows.length).toBe(4);
    expect(Array.isArray(rows)).toBe(true);
    expect(rows[1].title).toBe('emoji 🎬 title');
    expect(rows[4]).toBeUndefined();
    expect(3 in rows && !(4 in rows)).toBe(true);
    expect(rows.map((r) => r.id)).toEqual(['a1', 'a2', 'L7', 'a4']);
    expect([...rows].map((r) => r.id)).toEqual(['a1', 'a2', 'L7', 'a4']);
    expect(rows.slice(1, 3).map((r) => r.id)).toEqual(['a2', 'L7']);
    expect(rows.find((r) => r.zone === 'premium')?.id).toBe('a2');
    const seen: number[] = [];
    rows.forEach((_, i) => seen.push(i));
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(textsView(t)[3]).toBe('no tags 电影');
  });
  it('refuse writes', () => {
    expect(() => { (rows as DocRow[])[0] = ROWS[1]; }).toThrow(TypeError);
  });
  it('ignore non-index keys', () => {
    const v = arrayView(2, (i) => i * 10);
    expect([v[0], v[1], (v as unknown as Record<string, unknown>)['01'], (v as unknown as Record<string, unknown>)['1.5']]).toEqual([0, 10, undefined, undefined]);
    expect(v.reduce((a, x) => a + x, 0)).toBe(10);
  });
});
