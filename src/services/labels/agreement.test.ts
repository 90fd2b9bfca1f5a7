import { describe, expect, it } from 'vitest';
import type { Label } from '../../data/labelStore';
import { agreement, SHIPPED, TRUTH } from './agreement';

const L = (docid: string, grade: 0 | 1 | 2 | 3, labeller: string): Label => ({ qid: 'q', docid, grade, labeller, time: 0 });

describe('labeller agreement', () => {
  it('weighted kappa on shared pairs, symmetric, with shipped labels and truth as judges', () => {
    const labels = [L('a', 0, 'ana'), L('b', 1, 'ana'), L('c', 3, 'ana'), L('a', 0, 'bo'), L('b', 1, 'bo'), L('c', 3, 'bo'), L('d', 2, 'bo')];
    const ag = agreement(labels, { q: { a: 0, c: 3 } }, { q: { a: 0, b: 2, c: 3, zz: 1 } });
    expect(ag.judges).toEqual(['ana', 'bo', SHIPPED, TRUTH]);
    expect(ag.cells.ana.bo).toEqual({ kappa: 1, shared: 3 });
    expect(ag.cells.bo.ana).toEqual(ag.cells.ana.bo);
    expect(ag.cells.ana[SHIPPED].shared).toBe(2);
    // truth only over lab-graded pairs: a, b, c (not zz)
    expect(ag.cells.ana[TRUTH].shared).toBe(3);
    expect(ag.cells.ana[TRUTH].kappa).toBeLessThan(1);
  });
  it('no shared pair → null kappa', () => {
    const ag = agreement([L('a', 1, 'ana'), L('b', 2, 'bo')], {}, {});
    expect(ag.cells.ana.bo).toEqual({ kappa: null, shared: 0 });
  });
});
