import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildQueue, nextPending, shuffledPairs, type QueuePair, type Rankings } from './queue';

const rankings: Rankings = {
  teacher: { q1: ['a', 'b', 'c', 'd'], q2: ['x', 'y'] },
  student: { q1: ['d', 'b', 'a', 'c'], q2: ['x', 'y'] },
  fine: { q1: ['a', 'b', 'c', 'd'], q2: ['y', 'x'] },
};
const models = ['teacher', 'student', 'fine'];

describe('labelling queue', () => {
  it('disagreement: most disputed pair first, by spread of log2 ranks', () => {
    const q = buildQueue({ kind: 'disagreement', models, k: 4 }, [], rankings, models);
    // q1/d: ranks 4,1,4 → spread log2(4) = 2; q1/a: 1,3,1 → log2 3
    expect(q[0]).toMatchObject({ qid: 'q1', docid: 'd', spread: 2, ranks: { teacher: 4, student: 1, fine: 4 } });
    expect(q[1]).toMatchObject({ qid: 'q1', docid: 'a' });
    expect(q[1].spread).toBeCloseTo(Math.log2(3), 12);
    // fully agreed pairs come last, with spread 0
    expect(q.at(-1)!.spread).toBe(0);
    expect(q).toHaveLength(6);
  });

  it('disagreement: a doc outside a model\'s list counts as list length + 1', () => {
    const r: Rankings = { a: { q: ['d1', 'd2'] }, b: { q: ['d3'] } };
    const q = buildQueue({ kind: 'disagreement', models: ['a', 'b'], k: 1 }, [], r, ['a', 'b']);
    // top-1 pool: d1 (a) and d3 (b). d1: a=1, b=2 (missing) → 1; d3: a=3 (missing), b=1 → log2 3
    expect(q.map((i) => i.docid)).toEqual(['d3', 'd1']);
    expect(q[0].ranks).toEqual({ a: null, b: 1 });
  });

  it('disagreement needs two models with rankings', () => {
    expect(buildQueue({ kind: 'disagreement', models: ['teacher', 'nope'], k: 3 }, [], rankings, models)).toEqual([]);
  });

  it('topk: the chosen model\'s top-K, rank by rank across queries', () => {
    const q = buildQueue({ kind: 'topk', model: 'student', k: 2 }, [], rankings, ['student']);
    expect(q.map((i) => `${i.qid}/${i.docid}`)).toEqual(['q1/d', 'q2/x', 'q1/b', 'q2/y']);
    expect(q[0].ranks).toEqual({ student: 1 });
  });

  it('random: same seed, same order, whatever the input order; duplicates dropped', () => {
    const pairs: QueuePair[] = Array.from({ length: 30 }, (_, i) => ({ qid: `q${i % 4}`, docid: `d${i}` }));
    const a = buildQueue({ kind: 'random', seed: 7 }, pairs, {}, []);
    const b = buildQueue({ kind: 'random', seed: 7 }, [...pairs].reverse().concat(pairs.slice(0, 3)), {}, []);
    expect(a.map((p) => p.docid)).toEqual(b.map((p) => p.docid));
    expect(a).toHaveLength(30);
    const c = buildQueue({ kind: 'random', seed: 8 }, pairs, {}, []);
    expect(c.map((p) => p.docid)).not.toEqual(a.map((p) => p.docid));
  });

  it('shuffledPairs is a permutation (property)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 40 }), fc.integer(), (ids, seed) => {
      const pairs = ids.map((d) => ({ qid: 'q', docid: d }));
      const out = shuffledPairs(pairs, seed);
      expect(out.map((p) => p.docid).sort()).toEqual([...ids].sort());
    }));
  });

  it('nextPending wraps around and says -1 when nothing is left', () => {
    const q: QueuePair[] = [{ qid: 'q', docid: 'a' }, { qid: 'q', docid: 'b' }, { qid: 'q', docid: 'c' }];
    const done = new Set(['b']);
    expect(nextPending(q, 1, (p) => !done.has(p.docid))).toBe(2);
    done.add('c');
    expect(nextPending(q, 1, (p) => !done.has(p.docid))).toBe(0);
    done.add('a');
    expect(nextPending(q, 0, (p) => !done.has(p.docid))).toBe(-1);
    expect(nextPending([], 0, () => true)).toBe(-1);
  });
});
