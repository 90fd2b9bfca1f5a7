// The streaming import at chunk boundaries: every split point of a file gives
// the same docs and the same line-numbered problems as one whole chunk.
import { describe, expect, it } from 'vitest';
import { DocImporter, ImportCancelled, importDocStream, type ImportOptions, type ImportResult } from './importDocs';
import type { ColumnMapping } from './importDocsFormat';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const NONE: ColumnMapping = { title: '', id: '', zone: '', category: '', ctr: '', tags: '' };
const CSV: ImportOptions = { file: 'x.csv', format: 'csv', delimiter: ',', mapping: { ...NONE, id: 'id', title: 'title', ctr: 'ctr', tags: 'tags' } };

function importChunks(bytes: Uint8Array, cuts: number[], o = CSV): ImportResult {
  const imp = new DocImporter(o);
  let at = 0;
  for (const c of [...cuts, bytes.length]) { imp.push(bytes.subarray(at, c)); at = c; }
  return imp.finish();
}
const summary = (r: ImportResult) => ({ rows: r.table.rows(), issues: r.issues.map((i) => `${i.line}:${i.reason}`), records: r.records });

/** Whole-file import vs. the file split in two at every byte, and in three at a stride. */
function expectSplitInvariant(bytes: Uint8Array, o = CSV): ReturnType<typeof summary> {
  const whole = summary(importChunks(bytes, [], o));
  for (let k = 0; k <= bytes.length; k++) expect(summary(importChunks(bytes, [k], o))).toEqual(whole);
  for (let k = 1; k + 5 <= bytes.length; k += 3) expect(summary(importChunks(bytes, [k, k + 5], o))).toEqual(whole);
  return whole;
}

describe('streaming import across chunk boundaries', () => {
  it('splits inside multi-byte UTF-8 characters (CJK, emoji)', () => {
    const r = expectSplitInvariant(enc('id,title,ctr,tags\nd1,红烧牛肉面🍜,0.1,面|汤\nd2,九州山海,,\n'));
    expect(r.rows.map((d) => [d.id, d.title, d.ctr, d.tags])).toEqual([['d1', '红烧牛肉面🍜', 0.1, ['面', '汤']], ['d2', '九州山海', null, []]]);
    expect(r.issues).toEqual([]);
  });
  it('splits inside a quoted field that spans lines, and numbers later lines correctly', () => {
    const text = 'id,title,ctr,tags\nd1,"第一行\n第二行, ""引号""",0.5,\nd2,ok,2.5,\nd3,"x",,a\n';
    const r = expectSplitInvariant(enc(text));
    expect(r.rows.map((d) => [d.id, d.title])).toEqual([['d1', '第一行 第二行, "引号"'], ['d3', 'x']]);
    expect(r.issues).toEqual(['4:ctr "2.5" is not a number in [0, 1] (or a percentage)']);
  });
  it('reads CRLF line ends and a BOM split across chunks', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('id,title,ctr,tags\r\nd1,"a\r\nb",,\r\nd2,二,,\r\n,bad,,\r\n')]);
    const r = expectSplitInvariant(bytes);
    expect(r.rows.map((d) => [d.id, d.title])).toEqual([['d1', 'a b'], ['d2', '二']]);
    expect(r.issues).toEqual(['5:missing id (column "id")']);
  });
  it('reports invalid UTF-8 on its own line whichever chunk it falls in', () => {
    const bytes = new Uint8Array([...enc('id,title,ctr,tags\nd1,好,,\nd2,'), 0xe5, 0xa5, ...enc(',,\nd3,好,,\n')]);
    const r = expectSplitInvariant(bytes);
    expect(r.rows.map((d) => d.id)).toEqual(['d1', 'd3']);
    expect(r.issues).toEqual(['3:invalid UTF-8']);
  });
  it('JSONL: a line cut by a chunk boundary is one line', () => {
    const o: ImportOptions = { file: 'x.jsonl', format: 'jsonl', delimiter: '', mapping: { ...NONE, title: 't' } };
    const r = expectSplitInvariant(enc('{"t":"片一"}\r\n{"t":\n{"t":"片三"}\n'), o);
    expect(r.rows.map((d) => [d.id, d.title])).toEqual([['L1', '片一'], ['L3', '片三']]);
    expect(r.issues).toEqual(['2:invalid JSON']);
  });
  it('keeps line numbers right over many chunks and many rows', async () => {
    const lines = ['id,title,ctr,tags'];
    for (let i = 2; i <= 30_001; i++) lines.push(i % 7919 === 0 ? `d${i},bad,9,` : `d${i},"标题 ${i}",0.${i % 10},a|b`);
    const bytes = enc(lines.join('\n') + '\n');
    async function* chunks() { for (let i = 0; i < bytes.length; i += 4093) yield bytes.subarray(i, i + 4093); }
    const r = await importDocStream(chunks(), CSV);
    expect(r.issues.map((i) => i.line)).toEqual([7919, 15838, 23757]);
    expect(r.table.length).toBe(30_000 - 3);
    expect(r.table.row(7917)).toMatchObject({ id: 'd7920', title: '标题 7920', ctr: 0, tags: ['a', 'b'] });
  });
});

describe('cancelling a streamed import', () => {
  it('stops between chunks and reads no further', async () => {
    const bytes = enc('id,title,ctr,tags\n' + Array.from({ length: 1000 }, (_, i) => `d${i},t${i},,`).join('\n') + '\n');
    let read = 0, stop = false;
    async function* chunks() { for (let i = 0; i < bytes.length; i += 100) { read++; yield bytes.subarray(i, i + 100); } }
    const progress: number[] = [];
    const run = importDocStream(chunks(), CSV, (p) => { progress.push(p.records); if (p.records >= 50) stop = true; }, () => stop);
    await expect(run).rejects.toBeInstanceOf(ImportCancelled);
    expect(read).toBeLessThan(20);
    expect(progress.every((x, i) => i === 0 || x >= progress[i - 1])).toBe(true);
  });
});
