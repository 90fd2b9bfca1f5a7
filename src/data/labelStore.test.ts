import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openLabelStore, restoreLabel, type Label, type LabelStore } from './labelStore';

let n = 0;
const open: LabelStore[] = [];
async function fresh(name = `labels-test-${n++}`): Promise<LabelStore> {
  const s = await openLabelStore(name);
  open.push(s);
  return s;
}
afterEach(() => { for (const s of open.splice(0)) s.close(); });

const L = (qid: string, docid: string, grade: 0 | 1 | 2 | 3, labeller = 'ana', time = 1): Label => ({ qid, docid, grade, labeller, time });

describe('label store (IndexedDB)', () => {
  it('keeps every label across a close and reopen (a reload)', async () => {
    const name = `reload-${n++}`;
    const a = await openLabelStore(name);
    await a.put(L('q1', 'd1', 2));
    await a.put(L('q1', 'd2', 0));
    a.close();
    const b = await fresh(name);
    const { labels, invalid } = await b.all();
    expect(invalid).toBe(0);
    expect(labels).toHaveLength(2);
    expect(labels.find((l) => l.docid === 'd1')).toEqual(L('q1', 'd1', 2));
  });

  it('holds one grade per labeller per pair: a regrade overwrites, another labeller adds', async () => {
    const s = await fresh();
    await s.put(L('q1', 'd1', 1, 'ana', 1));
    await s.put(L('q1', 'd1', 3, 'ana', 2));
    await s.put(L('q1', 'd1', 2, 'bo', 3));
    const { labels } = await s.all();
    expect(labels.map((l) => [l.labeller, l.grade]).sort()).toEqual([['ana', 3], ['bo', 2]]);
    // the overwritten grade is still in the log
    expect((await s.log()).map((e) => e.label.grade)).toEqual([1, 3, 2]);
  });

  it('removes one labeller\'s grade (undo) and logs what was removed', async () => {
    const s = await fresh();
    await s.put(L('q1', 'd1', 2, 'ana'));
    await s.put(L('q1', 'd1', 1, 'bo'));
    await s.remove({ labeller: 'ana', qid: 'q1', docid: 'd1' });
    expect((await s.all()).labels).toEqual([L('q1', 'd1', 1, 'bo')]);
    const log = await s.log();
    expect(log.at(-1)).toMatchObject({ op: 'remove', label: { labeller: 'ana', grade: 2 } });
  });

  it('putMany is all or nothing: one bad label leaves the store untouched', async () => {
    const s = await fresh();
    await s.put(L('q0', 'd0', 1));
    const bad = { ...L('q1', 'd2', 2), grade: 7 } as unknown as Label;
    await expect(s.putMany([L('q1', 'd1', 2), bad])).rejects.toThrow(/not a valid label/);
    expect((await s.all()).labels).toEqual([L('q0', 'd0', 1)]);
    await s.putMany([L('q1', 'd1', 2), L('q1', 'd2', 3)]);
    expect((await s.all()).labels).toHaveLength(3);
  });

  it('restoreLabel rejects non-labels and fills a missing time', () => {
    expect(restoreLabel(null)).toBeNull();
    expect(restoreLabel({ qid: 'q', docid: 'd', labeller: 'a', grade: 1.5 })).toBeNull();
    expect(restoreLabel({ qid: '', docid: 'd', labeller: 'a', grade: 1 })).toBeNull();
    expect(restoreLabel({ qid: 'q', docid: 'd', labeller: 'a', grade: 3 })).toEqual({ qid: 'q', docid: 'd', labeller: 'a', grade: 3, time: 0 });
  });
});
