import { describe, expect, it } from 'vitest';
import { DocImporter, importDocStream, parseCtr, parseTags, toDocsJsonl, type ImportOptions } from './importDocs';
import { guessMapping, quoteOpen, readShape, sniffFormat, splitRecord, uniqueNames, type ColumnMapping } from './importDocsFormat';
import { parseDocsJsonl } from './parse';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const NONE: ColumnMapping = { title: '', id: '', zone: '', category: '', ctr: '', tags: '' };

function run(text: string, o: Omit<Partial<ImportOptions>, 'mapping'> & { mapping: Partial<ColumnMapping> }, chunk = 7) {
  const shape = readShape(o.file ?? 'x.csv', text.slice(0, 4096));
  const imp = new DocImporter({ file: 'x.csv', format: shape.format, delimiter: shape.delimiter, ...o, mapping: { ...NONE, ...o.mapping } });
  const bytes = enc(text);
  for (let i = 0; i < bytes.length; i += chunk) imp.push(bytes.subarray(i, i + chunk)); // split mid-character on purpose
  const r = imp.finish();
  return { ...r, rows: r.table.rows() };
}

describe('format sniffing and column mapping', () => {
  it('reads the extension, then the first line', () => {
    expect(sniffFormat('a.jsonl', 'x')).toEqual({ format: 'jsonl', delimiter: '' });
    expect(sniffFormat('a.tsv', 'a,b')).toEqual({ format: 'tsv', delimiter: '\t' });
    expect(sniffFormat('a.csv', 'a;b;"c,d"')).toEqual({ format: 'csv', delimiter: ';' });
    expect(sniffFormat('docs', '{"title":1}')).toEqual({ format: 'jsonl', delimiter: '' });
    expect(sniffFormat('docs.txt', 'a\tb\tc')).toEqual({ format: 'tsv', delimiter: '\t' });
  });
  it('guesses fields from English and Chinese names, title required', () => {
    expect(guessMapping(['视频ID', '标题', '分区', '类目', '点击率', '标签'])).toEqual(
      { title: '标题', id: '视频ID', zone: '分区', category: '类目', ctr: '点击率', tags: '标签' });
    expect(guessMapping(['Video_Title', 'Keywords', 'extra'])).toMatchObject({ title: 'Video_Title', tags: 'Keywords', id: '' });
    expect(guessMapping(['foo', 'bar']).title).toBe('');
  });
  it('splits quoted records and tracks quotes across lines', () => {
    expect(splitRecord('a,"b,c","d""e",', ',').fields).toEqual(['a', 'b,c', 'd"e', '']);
    expect(splitRecord('a,"b', ',').error).toMatch(/unterminated/);
    expect(quoteOpen('1,"multi', ',')).toBe(true);
    expect(quoteOpen('line",2', ',', true)).toBe(false);
    expect(quoteOpen('5"5,x', ',')).toBe(false); // a quote inside a field is text
    expect(uniqueNames(['a', '', 'a'])).toEqual(['a', 'column 2', 'a (2)']);
  });
  it('shows columns and samples before import', () => {
    const s = readShape('d.csv', '\uFEFFname,score\n"A, b",1\nC,2\n');
    expect(s.columns).toEqual(['name', 'score']);
    expect(s.sample).toEqual([{ name: 'A, b', score: '1' }, { name: 'C', score: '2' }]);
    expect(readShape('d.jsonl', '{"t":"x","k":[1,2]}\nbad\n').sample).toEqual([{ t: 'x', k: '1|2' }]);
  });
});

describe('importing rows', () => {
  const csv = [
    'vid;Headline;Sektion;Kat;click rate;kw;ignored',
    'a1;《九州》第1集;长视频;电视剧;3.5%;古装|爱情;x',
    'a2;;short;美食;0.1;;x', // empty title
    'a3;"multi',
    'line; title";short;美食;0.2;"a,b";x',
    'a4;bad ctr;short;美食;1.7;;x',
    'a5;too;few',
    'a1;dup id;short;美食;;;x',
    'a6;<img src=x onerror=alert(1)>;space;美食;;;x', // unknown zone
    'a7;<img src=x onerror=alert(1)>;;;;;x',
  ].join('\r\n');
  const mapping = { title: 'Headline', id: 'vid', zone: 'Sektion', category: 'Kat', ctr: 'click rate', tags: 'kw' };

  it('keeps good rows and reports bad ones by line', () => {
    const r = run(csv, { mapping });
    expect(r.rows.map((d) => d.id)).toEqual(['a1', 'a3', 'a7']);
    expect(r.rows[0]).toMatchObject({ zone: 'premium', category: '电视剧', ctr: 0.035, tags: ['古装', '爱情'] });
    expect(r.rows[1]).toMatchObject({ title: 'multi line; title', tags: ['a', 'b'] });
    expect(r.rows[2]).toMatchObject({ title: '<img src=x onerror=alert(1)>', category: '其他', zone: 'short' });
    expect(r.issues.map((i) => [i.line, i.reason.split(' ')[0]])).toEqual([
      [3, 'missing'], [6, 'ctr'], [7, '3'], [8, 'duplicate'], [9, 'unknown'],
    ]);
    expect(r.records).toBe(8);
  });
  it('generates line ids when no id column is mapped, and writes canonical JSONL the runtime accepts', () => {
    const r = run('title\tcategory\n片一\t\n片二\t科技\n', { file: 'x.tsv', mapping: { title: 'title', category: 'category' }, defaultCategory: '未分类' });
    expect(r.rows.map((d) => [d.id, d.category])).toEqual([['L2', '未分类'], ['L3', '科技']]);
    const jsonl = toDocsJsonl(r.rows);
    expect(jsonl).toBe('{"id":"L2","zone":"short","category":"未分类","title":"片一"}\n{"id":"L3","zone":"short","category":"科技","title":"片二"}\n');
    const back = parseDocsJsonl(jsonl);
    expect(back.errors).toEqual([]);
    expect(back.rows).toEqual(r.rows);
  });
  it('JSONL with odd keys, bad JSON and non-objects', () => {
    const text = '{"name":"好片","labels":["a","b"],"c":0.2}\nnot json\n[1]\n{"name":""}\n{"name":42}\n{"name":"末行"';
    const r = run(text, { file: 'x.jsonl', mapping: { title: 'name', tags: 'labels', ctr: 'c' } });
    expect(r.rows.map((d) => d.title)).toEqual(['好片', '42']);
    expect(r.issues.map((i) => `${i.line}:${i.reason}`)).toEqual([
      '2:invalid JSON', '3:not a JSON object', '4:missing title (column "name")', '6:truncated line (invalid JSON, no final newline)',
    ]);
  });
  it('invalid UTF-8 and unterminated quotes at the end are line errors', () => {
    const bytes = new Uint8Array([...enc('t\nok\n'), 0xff, 0xfe, 10, ...enc('"open\n')]);
    const imp = new DocImporter({ file: 'b.csv', format: 'csv', delimiter: ',', mapping: { ...NONE, title: 't' } });
    imp.push(bytes);
    const r = imp.finish();
    expect(r.table.length).toBe(1);
    expect(r.issues.map((i) => `${i.line}:${i.reason}`)).toEqual(['3:invalid UTF-8', '4:unterminated quoted field at end of file']);
  });
  it('TSV has no quote rules: a title may start with a quote, and no row is swallowed', () => {
    const tsv = 'id\ttitle\nv1\t"Friends" 第1季\nv2\t" 孤引号的标题\nv3\t第三行\nv4\t第四行 "x"\nv5\t"\nv6\t末行\n';
    const r = run(tsv, { file: 'x.tsv', mapping: { id: 'id', title: 'title' } });
    expect(r.issues).toEqual([]);
    expect(r.rows.map((d) => d.title)).toEqual(['"Friends" 第1季', '" 孤引号的标题', '第三行', '第四行 "x"', '"', '末行']);
    expect(r.records).toBe(6);
    expect(readShape('x.tsv', tsv).sample[0].title).toBe('"Friends" 第1季');
  });
  it('CSV after an unbalanced quote: each physical line kept or listed at its own number', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `v${i + 3},标题${i + 3}`);
    const csv = ['id,title', 'v1,好标题', 'v2,"没有闭合的引号', ...rows, 'v15,"又一个" 引号"'].join('\n') + '\n';
    const r = run(csv, { file: 'x.csv', mapping: { id: 'id', title: 'title' } });
    expect(r.rows.map((d) => d.id)).toEqual(['v1', ...rows.map((x) => x.split(',')[0])]);
    expect(r.issues.map((i) => `${i.line}:${i.reason}`)).toEqual(['3:unterminated quoted field', '16:text after a closing quote']);
    expect(r.records).toBe(r.rows.length + r.issues.length); // rows = kept + problems
  });
  it('a tab-separated file named .csv declares CSV quoting', () => {
    expect(sniffFormat('x.csv', 'a\tb')).toEqual({ format: 'csv', delimiter: '\t' });
    expect(sniffFormat('x.txt', 'a\tb')).toEqual({ format: 'tsv', delimiter: '\t' });
  });
  it('lines refused before parsing count as rows: rows = kept + problems', () => {
    const bytes = new Uint8Array([...enc('title\nok\n'), 0xff, 10, ...enc('fine\n'), 0xc3, 10]);
    const imp = new DocImporter({ file: 'b.tsv', format: 'tsv', delimiter: '\t', mapping: { ...NONE, title: 'title' } });
    imp.push(bytes);
    const r = imp.finish();
    expect([r.table.length, r.issues.length, r.records]).toEqual([2, 2, 4]);
  });
  it('caps docs and errors', () => {
    const text = 'title,n\n' + Array.from({ length: 50 }, (_, i) => `${i % 2 ? `t${i}` : ''},${i}`).join('\n') + '\n';
    const r = run(text, { mapping: { title: 'title' }, maxDocs: 10, maxErrors: 3 }, 1000);
    expect(r.rows).toHaveLength(10);
    expect(r.truncated).toBe(true);
    expect(r.issues).toHaveLength(3);
    expect(r.droppedIssues).toBeGreaterThan(0);
  });
  it('ctr and tags parsers', () => {
    expect([parseCtr('12%'), parseCtr(' 0.3 '), parseCtr(''), parseCtr(0), parseCtr(null)]).toEqual([0.12, 0.3, null, 0, null]);
    expect(typeof parseCtr('abc')).toBe('string');
    expect(typeof parseCtr('-1')).toBe('string');
    expect(parseTags('["x","y"]')).toEqual(['x', 'y']);
    expect(parseTags('a、b，c d')).toEqual(['a', 'b', 'c', 'd']);
    expect(typeof parseTags({})).toBe('string');
  });
  it('streams 50,000 rows in chunks with progress', async () => {
    const rowsText = Array.from({ length: 50_000 }, (_, i) => `d${i},标题${i},美食,${(i % 100) / 100}`).join('\n');
    const bytes = enc('id,title,category,ctr\n' + rowsText + '\n');
    async function* chunks() { for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536); }
    let calls = 0;
    const t0 = performance.now();
    const r = await importDocStream(chunks(), {
      file: 'big.csv', format: 'csv', delimiter: ',', mapping: { ...NONE, id: 'id', title: 'title', category: 'category', ctr: 'ctr' },
    }, () => { calls++; });
    expect(r.table.length).toBe(50_000);
    expect(r.issues).toEqual([]);
    expect(calls).toBeGreaterThan(10);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
