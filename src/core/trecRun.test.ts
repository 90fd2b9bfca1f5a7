import { describe, expect, it } from 'vitest';
import { strictlyDecreasing, trecRunLines } from './trecRun';

describe('TREC run lines', () => {
  it('prints strictly decreasing scores even for ties and near-ties', () => {
    const s = strictlyDecreasing([0.9, 0.9, 0.5, 0.5000000001, 0.1]).map(Number);
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThan(s[i - 1]);
    expect(s[0]).toBe(0.9);
  });
  it('writes qid Q0 docid rank score tag', () => {
    expect(trecRunLines('q1', [{ docId: 'v1', score: 0.75 }, { docId: 'v2', score: 0.5 }], 'student')).toEqual([
      'q1 Q0 v1 1 0.75000000 student', 'q1 Q0 v2 2 0.50000000 student',
    ]);
    expect(() => trecRunLines('q 1', [], 't')).toThrow(/spaces/);
  });
});
