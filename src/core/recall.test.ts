import { describe, expect, it } from 'vitest';
import { multiChannelRecall } from './recall';

describe('multiChannelRecall', () => {
  const bm25 = [9, 8, 7, 0, 0, 0];
  const tower = [0, 0, 7, 8, 9, 0];

  it('unions each channel\'s top-N and counts what came from where', () => {
    const r = multiChannelRecall([{ id: 'bm25', scores: bm25 }, { id: 'teacher', scores: tower }], 3);
    expect(Array.from(r.candidates)).toEqual([0, 1, 2, 3, 4]);
    expect(r.channels).toEqual([{ id: 'bm25', given: 3, only: 2 }, { id: 'teacher', given: 3, only: 2 }]);
    expect(r.overlap.bm25.teacher).toBe(1);
    expect(r.overlap.teacher.teacher).toBe(3);
    // the stage counts add up: union = Σ given − overlaps (two channels)
    expect(r.candidates.length).toBe(3 + 3 - r.overlap.bm25.teacher);
  });

  it('drops filtered docs (-Infinity) and caps at the set size', () => {
    const r = multiChannelRecall([{ id: 'x', scores: [1, -Infinity, 2] }], 10);
    expect(Array.from(r.candidates)).toEqual([0, 2]);
    expect(r.channels[0].given).toBe(2);
  });

  it('refuses a depth under 1', () => {
    expect(() => multiChannelRecall([{ id: 'x', scores: [1] }], 0)).toThrow(/at least 1/);
  });
});
