import { describe, expect, it } from 'vitest';
import type { Label } from '../../data/labelStore';
import { labellerQrels, mergeHuman, overlay, qrelsForSource, restrictQrels } from './labelSources';

const L = (qid: string, docid: string, grade: 0 | 1 | 2 | 3, labeller: string): Label => ({ qid, docid, grade, labeller, time: 0 });

describe('label sources', () => {
  const truth = { q1: { a: 3, b: 0 }, q2: { x: 1 } };
  const shipped = { q1: { a: 2 } };
  const labels = [L('q1', 'a', 3, 'ana'), L('q1', 'b', 1, 'ana'), L('q1', 'b', 2, 'bo'), L('q3', 'z', 0, 'bo')];

  it('human = shipped + lab labels, mean grade rounded half up', () => {
    // q1/a: (2 + 3) / 2 = 2.5 → 3; q1/b: (1 + 2) / 2 = 1.5 → 2
    expect(mergeHuman(shipped, labels)).toEqual({ q1: { a: 3, b: 2 }, q3: { z: 0 } });
  });

  it('both = truth with human grades on top; truth untouched', () => {
    expect(qrelsForSource('both', truth, shipped, labels)).toEqual({ q1: { a: 3, b: 2 }, q2: { x: 1 }, q3: { z: 0 } });
    expect(truth).toEqual({ q1: { a: 3, b: 0 }, q2: { x: 1 } });
    expect(qrelsForSource('truth', truth, shipped, labels)).toBe(truth);
    expect(overlay({}, { q: { d: 1 } })).toEqual({ q: { d: 1 } });
  });

  it('restricts to a query set and splits out one labeller', () => {
    expect(restrictQrels(truth, new Set(['q2']))).toEqual({ q2: { x: 1 } });
    expect(labellerQrels(labels, 'bo')).toEqual({ q1: { b: 2 }, q3: { z: 0 } });
  });
});
