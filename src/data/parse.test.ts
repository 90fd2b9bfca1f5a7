import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, MAX_LINE_BYTES, parseDocsJsonl, parseQrels, parseQueriesJsonl } from './index';

const doc = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({
    id: 'v000001', zone: 'short', category: '美食', title: '红烧排骨做法', tags: ['排骨'], series: null, season: null,
    episode: null, uploader: '老王美食记', cast: [], directors: [], year: 2023, genres: [], duration_s: 300,
    publish_date: '2023-05-01', ctr: 0.1, cover: Array(16).fill(0.5), ...over,
  });
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('parseDocsJsonl', () => {
  it('parses valid rows from text and bytes alike', () => {
    const text = doc() + '\n' + doc({ id: 'v000002', zone: 'premium' }) + '\n';
    const a = parseDocsJsonl(text, { file: 'd.jsonl' });
    const b = parseDocsJsonl(enc(text), { file: 'd.jsonl' });
    expect(a.errors).toEqual([]);
    expect(a.rows.map((r) => r.id)).toEqual(['v000001', 'v000002']);
    expect(b.rows).toEqual(a.rows);
  });

  it.each([
    [doc({ title: undefined }), 'missing title'],
    [doc({ title: 42 }), 'title must be a string'],
    [doc({ zone: 'vip' }), 'unknown zone'],
    [doc({ season: 1.5 }), 'season must be an integer'],
    [doc({ tags: 'a,b' }), 'tags must be a string array'],
    [doc({ ctr: 2 }), 'ctr must be a number in [0, 1]'],
    [doc({ cover: [1, 2] }), 'cover must be 16 finite numbers'],
    [doc({ publish_date: '2023/5/1' }), 'publish_date must be YYYY-MM-DD'],
    ['[1,2]', 'not a JSON object'],
    ['{"id": "v1", "zone"', 'truncated line'],
  ])('rejects %s with a reason', (line, reason) => {
    const r = parseDocsJsonl(doc({ id: 'v000009' }) + '\n' + line, { file: 'docs.jsonl' });
    expect(r.rows.length).toBe(1);
    expect(r.errors[0].file).toBe('docs.jsonl');
    expect(r.errors[0].line).toBe(2);
    expect(r.errors[0].reason).toContain(reason);
  });

  it('reports invalid JSON on a terminated line, duplicate ids, invalid UTF-8 and huge lines', () => {
    const text = doc() + '\n{oops}\n' + doc() + '\n';
    const r = parseDocsJsonl(text);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([[2, 'invalid JSON'], [3, 'duplicate id "v000001"']]);

    const bad = new Uint8Array([...enc(doc() + '\n'), 0xff, 0xfe, 0x0a, ...enc(doc({ id: 'v000003' }) + '\n')]);
    const u = parseDocsJsonl(bad);
    expect(u.errors).toEqual([{ file: 'docs.jsonl', line: 2, reason: 'invalid UTF-8' }]);
    expect(u.rows.length).toBe(2);

    const huge = doc({ title: 'x'.repeat(MAX_LINE_BYTES + 10) });
    for (const input of [huge + '\n' + doc(), enc(huge + '\n' + doc())]) {
      const h = parseDocsJsonl(input);
      expect(h.errors[0]).toMatchObject({ line: 1, reason: expect.stringContaining('longer than') });
      expect(h.rows.length).toBe(1);
    }
  });

  it('caps the error list and throws a DataError in strict mode', () => {
    const text = Array.from({ length: 30 }, () => 'nope').join('\n');
    const r = parseDocsJsonl(text, { maxErrors: 5 });
    expect(r.errors.length).toBe(5);
    expect(r.droppedErrors).toBe(25);
    expect(() => parseDocsJsonl(text, { strict: true, file: 'f' })).toThrowError(DataError);
    try {
      parseDocsJsonl(doc() + '\nnope', { strict: true, file: 'f' });
    } catch (e) {
      expect(e).toMatchObject({ file: 'f', line: 2, reason: 'truncated line (invalid JSON, no final newline)' });
    }
  });

  it('fills defaults for missing optional fields and drops unknown keys', () => {
    const r = parseDocsJsonl(JSON.stringify({ id: 'd1', zone: 'short', category: '美食', title: 't', extra: 1 }));
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ tags: [], series: null, cover: null });
    expect('extra' in r.rows[0]).toBe(false);
  });
});

describe('parseQueriesJsonl / parseQrels', () => {
  it('validates queries', () => {
    const q = (o: Record<string, unknown>): string => JSON.stringify({ qid: 'q00001', text: '红烧排骨', intent: 'topic', split: 'test', human: false, ...o });
    const r = parseQueriesJsonl([q({}), q({ qid: 'q2', intent: 'weird' }), q({ qid: 'q3', split: 'dev' }), q({ qid: 'q4', human: 'yes' }), q({})].join('\n'));
    expect(r.rows.length).toBe(1);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
  });

  it('parses TREC qrels and rejects bad grades and shapes', () => {
    const r = parseQrels('q1 0 v1 3\nq1 0 v2 0\nq1 0 v3 4\nq1 0 v1 2\nq2 v9 1\nq2 0 v9 x\n# note\n\n', { file: 'qrels.trec' });
    expect(r.rows.length).toBe(2);
    expect(r.byQuery.get('q1')).toEqual(new Map([['v1', 3], ['v2', 0]]));
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, 'grade 4 out of range [0, 3]'], [4, 'duplicate judgment for q1 v1'],
      [5, 'expected 4 fields "qid 0 docid rel", got 3'], [6, 'grade "x" is not an integer'],
    ]);
  });
});

describe('fuzzed input never crashes the parsers', () => {
  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
      for (const r of [parseDocsJsonl(s), parseQueriesJsonl(s), parseQrels(s)]) {
        expect(Array.isArray(r.rows)).toBe(true);
        for (const e of r.errors) expect(e.line).toBeGreaterThan(0);
      }
    }), { numRuns: 300 });
  });

  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
      parseDocsJsonl(b);
      parseQueriesJsonl(b);
      parseQrels(b);
    }), { numRuns: 300 });
  });

  it('mutated valid docs: every line is either a row or an error', () => {
    fc.assert(fc.property(fc.array(fc.record({ cut: fc.nat(400), junk: fc.string({ maxLength: 5 }) }), { maxLength: 20 }), (muts) => {
      const lines = muts.map((m, i) => {
        const s = doc({ id: `v${i}` });
        return s.slice(0, m.cut) + m.junk + s.slice(m.cut);
      });
      const r = parseDocsJsonl(lines.join('\n') + '\n');
      expect(r.rows.length + r.errors.length).toBeGreaterThanOrEqual(lines.filter((l) => l.trim()).length - 0);
    }), { numRuns: 200 });
  });

  it('valid generated docs round-trip', () => {
    const arb = fc.record({
      id: fc.stringMatching(/^v\d{6}$/), zone: fc.constantFrom('premium', 'short'), category: fc.constantFrom('电视剧', '美食'),
      title: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''), tags: fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }),
      year: fc.integer({ min: 2000, max: 2030 }), ctr: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(fc.property(fc.uniqueArray(arb, { selector: (d) => d.id, maxLength: 10 }), (rows) => {
      const r = parseDocsJsonl(rows.map((d) => JSON.stringify(d)).join('\n'));
      expect(r.errors).toEqual([]);
      expect(r.rows.map((d) => [d.id, d.title, d.tags, d.ctr])).toEqual(rows.map((d) => [d.id, d.title, d.tags, d.ctr]));
    }), { numRuns: 100 });
  });
});
