import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Label, Grade } from './labelStore';
import { detectFormat, formatLabelFile, parseLabelFile, LABEL_FORMATS, type LabelFormat } from './labelFiles';

const texts = new Map([['q00001', '庆余年 第2集'], ['q00002', 'iPhone15, "pro" 测评'], ['q00003', '周杰伦']]);
const textToQid = new Map([...texts].map(([q, t]) => [t, q]));
const ctx = { labeller: 'ana', textToQid, now: 42 };
const ex = { labeller: 'ana', qidToText: texts };
const key = (l: Label): string => `${l.labeller}|${l.qid}|${l.docid}|${l.grade}`;

const labelArb = fc.record({
  qid: fc.constantFrom('q00001', 'q00002', 'q00003'),
  docid: fc.integer({ min: 0, max: 30 }).map((i) => `v${String(i).padStart(6, '0')}`),
  grade: fc.constantFrom<Grade>(0, 1, 2, 3),
  labeller: fc.constantFrom('ana', 'bo', '李'),
  time: fc.integer({ min: 1, max: 2 ** 42 }),
});
/** One grade per labeller per pair, as the store holds them. */
const storeArb = fc.uniqueArray(labelArb, { selector: (l) => `${l.labeller}|${l.qid}|${l.docid}`, maxLength: 40 });

describe('label files: round trips through the shared formats', () => {
  for (const f of ['trec', 'ranx', 'quepid'] as LabelFormat[]) {
    it(`${f}: one labeller's labels → file → the same labels`, () => {
      fc.assert(fc.property(storeArb, (labels) => {
        const text = formatLabelFile(f, labels, ex);
        const back = parseLabelFile(`x${LABEL_FORMATS.find((x) => x.id === f)!.ext}`, text, ctx);
        const mine = labels.filter((l) => l.labeller === 'ana');
        if (mine.length === 0) return; // an empty file is refused, tested below
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(back.format).toBe(f);
        expect(back.labels.map(key).sort()).toEqual(mine.map(key).sort());
        // and the file it writes again is byte-identical
        expect(formatLabelFile(f, back.labels, ex)).toBe(text);
      }));
    });
  }

  it('jsonl: every labeller, grade and time come back exactly', () => {
    fc.assert(fc.property(storeArb.filter((l) => l.length > 0), (labels) => {
      const text = formatLabelFile('jsonl', labels, ex);
      const back = parseLabelFile('labels.jsonl', text, ctx);
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      const sortKey = (l: Label): string => `${key(l)}|${l.time}`;
      expect(back.labels.map(sortKey).sort()).toEqual(labels.map(sortKey).sort());
    }));
  });
});

describe('label files: bad input names file, line and reason, and imports nothing', () => {
  it('TREC: a malformed line and a grade outside 0–3', () => {
    const r = parseLabelFile('mine.qrels', 'q1 0 v1 2\nq1 0 v2\nq1 0 v3 7\n', ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.messages).toEqual([
      'mine.qrels line 2: expected 4 fields "qid 0 docid rel", got 3',
      "mine.qrels line 3: grade 7 of q1 v3 is outside the lab's 0–3 scale",
    ]);
  });
  it('JSONL: broken JSON and a twice-graded pair', () => {
    const r = parseLabelFile('a.jsonl', '{"qid":"q1","docid":"v1","grade":1}\n{"qid":\n{"qid":"q1","docid":"v1","grade":2}\n', ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.messages[0]).toMatch(/^a\.jsonl line 2: invalid JSON/);
    expect(r.messages[1]).toBe('a.jsonl line 3: ana grades q1 v1 a second time (the first is on line 1)');
  });
  it('Quepid: an unknown query text; ranx: not an object', () => {
    const q = parseLabelFile('r.csv', 'query,docid,rating\n没有这个,v1,2\n', ctx);
    expect(q.ok || q.messages[0]).toBe('r.csv line 2: unknown query text "没有这个"');
    const j = parseLabelFile('r.json', '[1,2]', ctx);
    expect(j.ok || j.messages[0]).toMatch(/^r\.json line 1: expected a JSON object/);
  });
  it('an empty file is refused', () => {
    expect(parseLabelFile('e.qrels', '\n', ctx)).toEqual({ ok: false, format: 'trec', messages: ['e.qrels: no labels in the file'] });
  });
  it('detects the format from the name, then the content', () => {
    expect(detectFormat('a.JSONL', '')).toBe('jsonl');
    expect(detectFormat('x', '{"q1": {"d": 1}}')).toBe('ranx');
    expect(detectFormat('x', '{"qid":"q1","docid":"d","grade":1}')).toBe('jsonl');
    expect(detectFormat('x', 'query,docid,rating')).toBe('quepid');
    expect(detectFormat('x', 'q1 0 d1 2')).toBe('trec');
  });
});

describe('label files: every problem at its own line, in time linear in the file', () => {
  const rows = (n: number, grade: (i: number) => number) =>
    Array.from({ length: n }, (_, i) => ({ qid: `q${String(i % 500).padStart(5, '0')}`, docid: `v${String(i).padStart(6, '0')}`, grade: grade(i) }));

  it('16,000 rows all out of range: refused in well under a second in every format, each row named by its line', () => {
    const bad = rows(16_000, () => 4);
    const files: [string, string][] = [
      ['big.qrels', bad.map((r) => `${r.qid} 0 ${r.docid} ${r.grade}`).join('\n')],
      ['big.jsonl', bad.map((r) => JSON.stringify(r)).join('\n')],
      ['big.json', JSON.stringify(labelsToRanx(bad), null, 1)],
      ['big.csv', 'query,docid,rating\n' + bad.map((r) => `${r.qid},${r.docid},${r.grade}`).join('\n')],
    ];
    for (const [name, text] of files) {
      const t0 = performance.now();
      const r = parseLabelFile(name, text, { ...ctx, textToQid: new Map(bad.map((x) => [x.qid, x.qid])) });
      const ms = performance.now() - t0;
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.messages).toHaveLength(16_000);
      // Quadratic (a text search per bad row) took 20-130 s here; linear takes tens of ms.
      expect(ms, name).toBeLessThan(3_000);
      const last = r.messages[15_999];
      const line = { 'big.qrels': 16_000, 'big.jsonl': 16_000, 'big.csv': 16_001, 'big.json': -1 }[name]!;
      if (line > 0) expect(last, name).toBe(`${name} line ${line}: grade 4 of q00499 v015999 is outside the lab's 0–3 scale`);
      else expect(last).toMatch(/^big\.json line \d+: grade 4 of q00499 v015999/);
    }
  });

  it('ranx JSON: an out-of-range grade is named by the line of its own doc key', () => {
    const text = '{\n "q1": {\n  "v1": 2,\n  "v2": 5\n },\n "q2": {"v\\"3": 9}\n}';
    const r = parseLabelFile('r.json', text, ctx);
    expect(r.ok || r.messages).toEqual([
      "r.json line 4: grade 5 of q1 v2 is outside the lab's 0–3 scale",
      'r.json line 6: grade 9 of q2 v"3 is outside the lab\'s 0–3 scale',
    ]);
  });

  it('over-long ids are refused with their line, not by the store', () => {
    const long = 'v'.repeat(201);
    const r = parseLabelFile('l.qrels', `q1 0 v1 1\nq1 0 ${long} 2\n`, ctx);
    expect(r.ok || r.messages).toEqual(['l.qrels line 2: docid is longer than 200 characters']);
  });

  it('messages say what the file holds, not a keep/ignore the import does not do', () => {
    const r = parseLabelFile('d.qrels', 'q1 0 v1 1\nq1 0 v1 2\n', ctx);
    expect(r.ok || r.messages).toEqual(['d.qrels line 2: second judgment for q1 v1 (the first is on line 1)']);
    const j = parseLabelFile('d.jsonl', '{"qid":"q1","docid":"v1","grade":1,"labeller":7}\n', ctx);
    expect(j.ok || j.messages).toEqual(['d.jsonl line 1: "labeller" must be a string']);
  });
});

function labelsToRanx(rows: readonly { qid: string; docid: string; grade: number }[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) (out[r.qid] ??= {})[r.docid] = r.grade;
  return out;
}
