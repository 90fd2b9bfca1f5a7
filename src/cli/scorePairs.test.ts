// The score command's streaming core with fake scorers: batches, line alignment, bad lines, precision.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairLines, type PairLine } from './inputs';
import { fineScorer, scoreCells, scoreHeader, scorePairLines, towerScorer, type Pair, type PairScorer } from './scorePairs';

/** Logit = the pair's number (the title is its index), recording each call's size. */
function fake(id: string, calls: number[]): PairScorer {
  return { id, async logits(pairs: readonly Pair[]) { calls.push(pairs.length); return pairs.map((p) => Number(p.title) / 1000); } };
}

function tmpFile(name: string, body: string | Uint8Array): string {
  const p = join(mkdtempSync(join(tmpdir(), 'prerank-score-')), name);
  writeFileSync(p, body);
  return p;
}

describe('scorePairLines', () => {
  it('scores 20,000 pairs in batches, writing each batch before reading on', async () => {
    const n = 20_000, batch = 256;
    let read = 0;
    const readAtWrite: number[] = [];
    async function* lines(): AsyncGenerator<PairLine> {
      for (let i = 0; i < n; i++) {
        read++;
        yield { kind: 'pair', line: i + 1, query: `q${i % 7}`, title: String(i) };
      }
    }
    const a: number[] = [], b: number[] = [];
    const out: string[] = [];
    const r = await scorePairLines(lines(), [fake('a', a), fake('b', b)], (s) => { readAtWrite.push(read); out.push(s); }, batch);
    expect(r).toEqual({ lines: n, pairs: n });
    for (const calls of [a, b]) {
      expect(Math.max(...calls)).toBeLessThanOrEqual(batch);
      expect(calls).toHaveLength(Math.ceil(n / batch));
    }
    // never more than one batch read ahead of what was written
    readAtWrite.forEach((x, i) => expect(x).toBeLessThanOrEqual((i + 1) * batch));
    const rows = out.join('').split('\n').slice(0, -1);
    expect(rows).toHaveLength(n);
    expect(rows[12_345]).toBe(`${scoreCells(12.345)}\t${scoreCells(12.345)}`);
  });

  it('echoes # and blank lines in place, and they count towards the batch', async () => {
    const calls: number[] = [];
    const out: string[] = [];
    const path = tmpFile('p.tsv', '# head\nq\t1\n\n  \nq\t3\n#\t4\t5\nq\t7');
    await scorePairLines(pairLines(path), [fake('a', calls)], (s) => out.push(s), 2);
    expect(out.join('')).toBe(['# head', scoreCells(0.001), '', '  ', scoreCells(0.003), '#\t4\t5', scoreCells(0.007), ''].join('\n'));
    expect(calls).toEqual([1, 1, 1]);
  });

  it('stops at invalid UTF-8 on line 3 after writing lines 1–2, and says so', async () => {
    const enc = new TextEncoder();
    const path = tmpFile('bad.tsv', new Uint8Array([...enc.encode('q\t1\n# c\nq\t'), 0xff, ...enc.encode('\nq\t2\n')]));
    const out: string[] = [];
    await expect(scorePairLines(pairLines(path), [fake('a', [])], (s) => out.push(s)))
      .rejects.toThrow(`${path} line 3: invalid UTF-8 (the output has the 2 line(s) before it)`);
    expect(out.join('')).toBe(`${scoreCells(0.001)}\n# c\n`);
  });

  it('names the line of a pair without a tab or with an empty side', async () => {
    for (const [body, why] of [['a\tb\nno tab\n', 'line 2: expected "query<TAB>title", found no tab'], ['a\tb\tc\n', 'line 1: expected "query<TAB>title", found 2 tabs'], [' \tb\n', 'line 1: empty query or title']]) {
      await expect(scorePairLines(pairLines(tmpFile('x.tsv', body)), [], () => undefined)).rejects.toThrow(why);
    }
  });
});

describe('score output', () => {
  it('prints distinct logits distinctly, even where p ties', () => {
    const next = (x: number) => { const f = new Float64Array([x]); new BigInt64Array(f.buffer)[0] += 1n; return f[0]; };
    for (const x of [0.1, -3.25, 40, 41, 1e-9, 12.000001]) {
      const [a, b] = [scoreCells(x), scoreCells(next(x))];
      expect(a).not.toBe(b);
      expect(Number(a.split('\t')[0])).toBe(x);
      expect(Number(a.split('\t')[1])).toBeCloseTo(1 / (1 + Math.exp(-x)), 9);
    }
    expect(scoreCells(40).split('\t')[1]).toBe(scoreCells(41).split('\t')[1]); // p saturates; the logit does not
    expect(scoreHeader(['teacher', 'fine'])).toBe('teacher.logit\tteacher.p\tfine.logit\tfine.p');
  });

  it('tower: q·d per pair, each distinct query encoded once; fine: one call per distinct query', async () => {
    const vec = (t: string) => [t.length, t.charCodeAt(0) / 100]; // dim 2
    const encoded: string[][] = [];
    const tower = {
      dim: 2,
      async encode(texts: readonly string[]) {
        encoded.push([...texts]);
        return { vectors: Float32Array.from(texts.flatMap(vec)), dim: 2, tokenizeMs: 0, encodeMs: 0 };
      },
    };
    const pairs = [{ query: 'ab', title: 'x' }, { query: 'c', title: 'yy' }, { query: 'ab', title: 'zzz' }];
    const dots = Array.from(await towerScorer('t', tower as never).logits(pairs));
    const f = (x: number) => Math.fround(x);
    const want = pairs.map((p) => f(vec(p.query)[0]) * f(vec(p.title)[0]) + f(vec(p.query)[1]) * f(vec(p.title)[1]));
    expect(dots).toEqual(want);
    expect(encoded[0]).toEqual(['ab', 'c']);
    // a calibrated tower (manifest logit_scale / logit_bias) gives scale · q·d + bias, as the lab's columns do
    const cal = Array.from(await towerScorer('t', { ...tower, entry: { logit_scale: 0.5, logit_bias: -2.5 } } as never).logits(pairs));
    cal.forEach((x, i) => expect(x).toBeCloseTo(0.5 * want[i] - 2.5, 9));
    const seen: string[] = [];
    const fine = { async logits(q: string, titles: readonly string[]) { seen.push(q); return Float32Array.from(titles, (t) => t.length + q.length / 10); } };
    expect(Array.from(await fineScorer('f', fine as never).logits(pairs))).toEqual([1.2, 2.1, 3.2].map(Math.fround));
    expect(seen).toEqual(['ab', 'c']);
  });
});
