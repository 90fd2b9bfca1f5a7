import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTrecQrels, formatTrecRun, nextDown, parseTrecQrels, parseTrecRun } from './trec';
import { formatRanxQrels, formatRanxRun, parseRanxQrels, parseRanxRun } from './ranxJson';
import { formatCsv, parseCsv } from './csv';
import { formatQuepidCsv, parseQuepidCsv } from './quepid';
import { formatLabelsJsonl, parseLabelsJsonl } from './jsonl';
import { labellerKappa, weightedKappa } from './kappa';
import { labelsToQrels, type Label } from './types';
import type { Qrels } from '../../core/metricsTypes';

const plain = (o: unknown): unknown => JSON.parse(JSON.stringify(o));
const tokenId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,12}$/);
const anyText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.trim() !== '');
const grade = fc.integer({ min: -1, max: 4 });
const qrelsOf = (id: fc.Arbitrary<string>): fc.Arbitrary<Qrels> => fc.dictionary(id, fc.dictionary(id, grade, { minKeys: 1, maxKeys: 5 }), { maxKeys: 5 });

describe('TREC qrels', () => {
  it('parses, reports bad lines with numbers and reasons', () => {
    const r = parseTrecQrels('q1 0 d1 2\n\nq1 0 d2 x\nq2 0 d3\nq1 0 d1 3\r\nq2 0 d4 -1\n');
    // A second judgment is reported, not silently preferred: the row is left out.
    expect(plain(r.value.qrels)).toEqual({ q1: { d1: 2 }, q2: { d4: -1 } });
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(r.errors[0].reason).toMatch(/integer/);
    expect(r.errors[1].reason).toMatch(/4 fields/);
    expect(r.errors[2].reason).toMatch(/second judgment.*line 1/);
    expect(r.value.labels.map((l) => l.line)).toEqual([1, 6]);
  });
  it('round-trips', () => {
    fc.assert(fc.property(qrelsOf(tokenId), (q) => {
      const r = parseTrecQrels(formatTrecQrels(q));
      expect(r.errors).toEqual([]);
      expect(plain(r.value.qrels)).toEqual(plain(Object.fromEntries(Object.entries(q).filter(([, d]) => Object.keys(d).length))));
    }));
  });
  it('refuses whitespace ids on export with a clear message', () => {
    expect(() => formatTrecQrels({ 'a b': { d: 1 } })).toThrow(/whitespace/);
  });
});

describe('TREC run', () => {
  it('writes strictly decreasing scores; ties ranked by docid', () => {
    const text = formatTrecRun({ q1: [{ docid: 'b', score: 0.5 }, { docid: 'a', score: 0.5 }, { docid: 'c', score: 0.9 }, { docid: 'd', score: 0.5 }] }, 'x');
    const rows = text.trim().split('\n').map((l) => l.split(' '));
    expect(rows.map((r) => r[2])).toEqual(['c', 'a', 'b', 'd']);
    expect(rows.map((r) => r[3])).toEqual(['1', '2', '3', '4']);
    const scores = rows.map((r) => Number(r[4]));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThan(scores[i - 1]);
    expect(scores[1]).toBe(0.5);
    expect(nextDown(1)).toBeLessThan(1);
    expect(nextDown(0)).toBeLessThan(0);
    expect(nextDown(-1)).toBeLessThan(-1);
  });
  it('round-trips the ranking (order preserved, scores strictly decreasing)', () => {
    fc.assert(fc.property(fc.dictionary(tokenId, fc.dictionary(tokenId, fc.integer({ min: -3, max: 3 }).map((x) => x / 2), { minKeys: 1, maxKeys: 8 }), { maxKeys: 4 }), (raw) => {
      const run = Object.fromEntries(Object.entries(raw).map(([q, d]) => [q, Object.entries(d).map(([docid, score]) => ({ docid, score }))]));
      const back = parseTrecRun(formatTrecRun(run));
      expect(back.errors).toEqual([]);
      expect(back.value.tag).toBe(Object.keys(run).length ? 'prerank' : null);
      for (const q of Object.keys(run)) {
        const want = [...run[q]].sort((a, b) => b.score - a.score || (a.docid < b.docid ? -1 : 1)).map((d) => d.docid);
        expect(back.value.run[q].map((d) => d.docid)).toEqual(want);
        // re-export is byte-identical: nudged scores are already strict
        expect(formatTrecRun({ [q]: back.value.run[q] })).toBe(formatTrecRun({ [q]: run[q] }));
      }
    }));
  });
  it('reports bad lines', () => {
    const r = parseTrecRun('q1 Q0 d1 1 0.5 t\nq1 Q0 d2 2 abc t\nq1 Q0 d1 3 0.1 t\nshort line\n');
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(plain(r.value.run)).toEqual({ q1: [{ docid: 'd1', score: 0.5 }] });
  });
});

describe('ranx JSON', () => {
  it('round-trips qrels and runs', () => {
    fc.assert(fc.property(qrelsOf(fc.string({ maxLength: 6 })), (q) => {
      const r = parseRanxQrels(formatRanxQrels(q));
      expect(r.errors).toEqual([]);
      expect(plain(r.value.qrels)).toEqual(plain(Object.fromEntries(Object.entries(q).filter(([, d]) => Object.keys(d).length))));
    }));
    const run = parseRanxRun(formatRanxRun({ q: [{ docid: 'a', score: 0.25 }] }));
    expect(plain(run.value)).toEqual({ q: [{ docid: 'a', score: 0.25 }] });
  });
  it('reports syntax errors with a line, shape errors per query', () => {
    expect(parseRanxQrels('{\n "q1": {"d1": 2,}\n}').errors[0]).toMatchObject({ line: 2 });
    const r = parseRanxQrels('{\n"q1": {"d1": 2.5},\n"q2": [1],\n"q3": {"d": 1}\n}');
    expect(r.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(plain(r.value.qrels)).toEqual({ q3: { d: 1 } });
    expect(parseRanxQrels('[1]').errors[0].reason).toMatch(/object/);
    expect(parseRanxQrels('{"__proto__": {"d": 1}}').value.qrels['__proto__']).toEqual({ d: 1 });
  });
});

describe('CSV and Quepid', () => {
  it('parses quotes, commas, newlines and Chinese; keeps record lines', () => {
    const { records, errors } = parseCsv('\uFEFFquery,docid,rating\r\n"庆余年, 第二季",v1,3\n"say ""hi""\nthere",v2,0\n');
    expect(errors).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(records[1].fields).toEqual(['庆余年, 第二季', 'v1', '3']);
    expect(records[2].fields).toEqual(['say "hi"\nthere', 'v2', '0']);
    expect(parseCsv('"open,1\n').errors[0]).toMatchObject({ line: 1, reason: 'unterminated quoted field' });
  });
  it('Quepid: header, text → qid mapping, per-row errors', () => {
    const map = new Map([['庆余年', 'q1']]);
    const r = parseQuepidCsv('query,docid,rating\n庆余年,v1,3\n庆余年,v2,high\n未知,v3,1\n庆余年\n', map);
    expect(plain(r.value.qrels)).toEqual({ q1: { v1: 3 } });
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(parseQuepidCsv('a,v1,2\n').errors[0].reason).toMatch(/missing header/);
  });
  it('Quepid round-trips any query text (Chinese, commas, quotes, newlines)', () => {
    fc.assert(fc.property(qrelsOf(anyText), (q) => {
      const back = parseQuepidCsv(formatQuepidCsv(q));
      expect(back.errors).toEqual([]);
      expect(plain(back.value.qrels)).toEqual(plain(Object.fromEntries(Object.entries(q).filter(([, d]) => Object.keys(d).length))));
    }));
  });
  it('formatCsv quotes only when needed', () => {
    expect(formatCsv([['a', 'b,c', 'd"e', ' f', '中文']])).toBe('a,"b,c","d""e"," f",中文\r\n');
  });
});

describe('JSONL labels', () => {
  const label = fc.record({ qid: fc.string({ minLength: 1, maxLength: 8 }), docid: fc.string({ minLength: 1, maxLength: 8 }), grade }, { requiredKeys: ['qid', 'docid', 'grade'] });
  const full = fc.tuple(label, fc.option(fc.string(), { nil: undefined }), fc.option(fc.oneof(fc.string(), fc.integer()), { nil: undefined }))
    .map(([l, labeller, time]) => ({ ...l, ...(labeller !== undefined ? { labeller } : {}), ...(time !== undefined ? { time } : {}) }) as Label);
  it('round-trips labels exactly', () => {
    fc.assert(fc.property(fc.array(full, { maxLength: 10 }), (ls) => {
      const back = parseLabelsJsonl(formatLabelsJsonl(ls));
      expect(back.errors).toEqual([]);
      expect(back.value.map(({ line: _line, ...l }) => l)).toEqual(ls);
      expect(back.value.map((l) => l.line)).toEqual(ls.map((_, i) => i + 1));
    }));
  });
  it('reports per line', () => {
    const r = parseLabelsJsonl('{"qid":"q","docid":"d","grade":2,"labeller":"ann"}\nnot json\n{"qid":"q","docid":"d","grade":"2"}\n[]\n{"qid":"q","docid":"e","grade":1,"time":{}}\n');
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(r.value).toHaveLength(1); // a row with a bad field is reported, not half-kept
  });
});

describe('parsers never throw on garbage', () => {
  it('random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      for (const p of [parseTrecQrels, parseTrecRun, parseRanxQrels, parseRanxRun, parseQuepidCsv, parseLabelsJsonl]) {
        const r = p(s);
        expect(Array.isArray(r.errors)).toBe(true);
      }
    }), { numRuns: 300 });
  });
  it('caps the error list', () => {
    const r = parseTrecQrels('bad\n'.repeat(1000));
    expect(r.errors).toHaveLength(201);
    expect(r.errors[200].reason).toMatch(/800 more/);
  });
});

describe('weighted kappa', () => {
  it('hand-computed cases', () => {
    expect(weightedKappa([0, 1, 2, 3], [0, 1, 2, 3])).toBe(1);
    expect(weightedKappa([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0);
    expect(weightedKappa([0, 1, 2], [0, 2, 2])).toBeCloseTo(0.8, 12); // 1 − 0.25 / 1.25
    expect(weightedKappa([], [])).toBeNull();
    expect(weightedKappa([2, 2], [2, 2])).toBeNull();
  });
  it('between labellers on shared items', () => {
    const ls: Label[] = [
      { qid: 'q', docid: 'a', grade: 0, labeller: 'x' }, { qid: 'q', docid: 'a', grade: 0, labeller: 'y' },
      { qid: 'q', docid: 'b', grade: 1, labeller: 'x' }, { qid: 'q', docid: 'b', grade: 2, labeller: 'y' },
      { qid: 'q', docid: 'c', grade: 2, labeller: 'x' }, { qid: 'q', docid: 'c', grade: 2, labeller: 'y' },
      { qid: 'q', docid: 'd', grade: 3, labeller: 'x' },
    ];
    const k = labellerKappa(ls, 'x', 'y');
    expect(k.shared).toBe(3);
    expect(k.kappa).toBeCloseTo(0.8, 12);
    expect(labelsToQrels(ls).q.b).toBe(2);
  });
});
