import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { parseRealworldPairs } from './realworldPairs';

const H = 'qid\tquery\ttitle\tgrade';
const parse = (...lines: string[]) => parseRealworldPairs(lines.join('\n') + '\n', { file: 'p.tsv' });
const msgs = (r: ReturnType<typeof parse>) => r.errors.map((e) => `${e.file}:${e.line}: ${e.reason}`);

describe('parseRealworldPairs', () => {
  it('groups rows by qid in order, skipping blank and # lines', () => {
    const r = parse('# comment', H, 'r1\t红烧肉\t红烧肉做法\t3', '', 'r1\t红烧肉\t苹果种植\t0', 'r2\t猫\t猫咪日常\t2');
    expect(r.errors).toEqual([]);
    expect(r.pairs).toBe(3);
    expect(r.queries.map((q) => [q.qid, q.items.map((i) => i.grade)])).toEqual([['r1', [3, 0]], ['r2', [2]]]);
    expect(r.queries[0].items[1]).toEqual({ title: '苹果种植', grade: 0, line: 5 });
  });

  it('names the line of a bad grade and keeps the good rows', () => {
    const r = parse(H, 'r1\tq\ta\t3', 'r1\tq\tb\t4', 'r1\tq\tc\t2.0', 'r1\tq\td\t');
    expect(msgs(r)).toEqual([
      'p.tsv:3: grade must be 0, 1, 2 or 3, found "4"',
      'p.tsv:4: grade must be 0, 1, 2 or 3, found "2.0"',
      'p.tsv:5: grade must be 0, 1, 2 or 3, found ""',
    ]);
    expect(r.pairs).toBe(1);
  });

  it('names the line of a missing column', () => {
    const r = parse(H, 'r1\tq\ta\t3', 'r1\tq\t2');
    expect(msgs(r)).toEqual(['p.tsv:3: expected 4 tab-separated columns (qid, query, title, grade), found 3']);
  });

  it('refuses a wrong header, a qid with two queries, a duplicate title and empty cells', () => {
    expect(msgs(parse('qid\tquery\ttitle', 'r1\tq\ta\t3'))[0]).toMatch(/^p\.tsv:1: the header must be/);
    expect(msgs(parse(H, 'r1\tq\ta\t3', 'r1\tother\tb\t0'))).toEqual(['p.tsv:3: qid r1 already has the query "q"']);
    expect(msgs(parse(H, 'r1\tq\ta\t3', 'r1\tq\ta\t0'))).toEqual(['p.tsv:3: duplicate title for r1 (first on line 2)']);
    expect(msgs(parse(H, 'r1\tq\t \t3'))).toEqual(['p.tsv:2: empty title']);
    expect(msgs(parseRealworldPairs('', { file: 'p.tsv' }))).toEqual(['p.tsv:0: empty file: no header']);
  });

  it('strict mode throws a DataError at the first bad line', () => {
    expect(() => parseRealworldPairs(`${H}\nr1\tq\ta\tx\n`, { file: 'p.tsv', strict: true })).toThrow(DataError);
    expect(() => parseRealworldPairs(`${H}\nr1\tq\ta\tx\n`, { file: 'p.tsv', strict: true })).toThrow('p.tsv:2: grade must be');
  });
});
