import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Label } from '../../data/labelStore';
import { packLabels } from '../../data/labelPack';
import { LabelJournal } from '../../data/labelJournal';
import { memoryKv } from '../../data/memoryKv';
import { LabelService } from './labelService';

const L = (docid: string, grade: 0 | 1 | 2 | 3, labeller = 'ana'): Label => ({ qid: 'q1', docid, grade, labeller, time: 5 });
let n = 0;

async function ready(s: LabelService): Promise<void> {
  for (let i = 0; i < 100 && s.getSnapshot().status === 'loading'; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('label service', () => {
  it('shows a grade at once, writes it durably, and a new page (reload) sees it', async () => {
    const db = `svc-${n++}`;
    let changes = 0;
    const a = new LabelService(db, () => changes++);
    await ready(a);
    const w = a.give(L('d1', 2));
    expect(a.getSnapshot().labels).toEqual([L('d1', 2)]); // before the write commits
    expect(a.getSnapshot().pending).toBe(1);
    await w;
    expect(a.getSnapshot()).toMatchObject({ pending: 0, saved: 1 });
    expect(changes).toBeGreaterThan(0);
    a.dispose();
    const b = new LabelService(db);
    await ready(b);
    expect(b.getSnapshot().labels).toEqual([L('d1', 2)]);
    b.dispose();
  });

  it('undo puts back the previous grade, or removes a first grade', async () => {
    const s = new LabelService(`svc-${n++}`);
    await ready(s);
    await s.give(L('d1', 1));
    await s.give(L('d1', 3));
    await s.restore(L('d1', 3), L('d1', 1));
    expect(s.get(L('d1', 0))?.grade).toBe(1);
    await s.restore(L('d1', 1), undefined);
    expect(s.getSnapshot().labels).toEqual([]);
    await s.reload();
    expect(s.getSnapshot().labels).toEqual([]);
    s.dispose();
  });

  it('a failed import changes nothing, in memory or on disk', async () => {
    const s = new LabelService(`svc-${n++}`);
    await ready(s);
    await s.give(L('d0', 0));
    const bad = { ...L('d2', 2), grade: 9 } as unknown as Label;
    await expect(s.importMany([L('d1', 1), bad])).rejects.toThrow();
    expect(s.getSnapshot().labels).toEqual([L('d0', 0)]);
    await s.reload();
    expect(s.getSnapshot().labels).toEqual([L('d0', 0)]);
    await s.importMany([L('d1', 1), L('d1', 2, 'bo')]);
    expect(s.getSnapshot().labels).toHaveLength(3);
    s.dispose();
  });

  it('adopts labels an import worker committed, in slices, keeping a grade given during the import', async () => {
    const s = new LabelService(`svc-${n++}`);
    await ready(s);
    await s.give({ ...L('d3', 3), time: 900 }); // given after the import started (since = 100)
    await s.give({ ...L('d4', 3), time: 50 }); // given before: the import replaces it
    const incoming = Array.from({ length: 45_000 }, (_, i) => ({ ...L(`d${i}`, 0), time: 100 }));
    let published = 0;
    const off = s.subscribe(() => published++);
    await s.adopt(packLabels(incoming), 100);
    off();
    const byDoc = new Map(s.getSnapshot().labels.map((l) => [l.docid, l.grade]));
    expect(byDoc.size).toBe(45_000);
    expect([byDoc.get('d3'), byDoc.get('d4'), byDoc.get('d44999')]).toEqual([3, 0, 0]);
    expect(s.getSnapshot().pending).toBe(0);
    expect(published).toBe(2); // pending up, then one publish of the whole set: no render per slice
    s.dispose();
  });

  it('a grade journaled by a page that died before its commit is written by the next page', async () => {
    const db = `svc-${n++}`;
    const kv = memoryKv();
    new LabelJournal(kv, `prerank-lab.label-journal.${db}.`, 'dead-tab').add({ ...L('d9', 3), time: 99 });
    const s = new LabelService(db, () => {}, kv);
    await ready(s);
    expect(s.get(L('d9', 0))?.grade).toBe(3);
    expect(kv.map.size).toBe(0);
    s.dispose();
    const again = new LabelService(db, () => {}, memoryKv());
    await ready(again);
    expect(again.get(L('d9', 0))?.grade).toBe(3); // in the store, not only in memory
    again.dispose();
  });

  it('another tab\'s labels reach this one even when it had writes in flight; an export reads the store', async () => {
    const db = `svc-${n++}`;
    const a = new LabelService(db), b = new LabelService(db);
    await ready(a); await ready(b);
    const inFlight = b.give(L('b1', 1, 'bo'));
    await b.reload(); // as on a message from a: b has a write pending, so it reloads again once idle
    await a.give(L('a1', 2));
    await b.reload();
    await inFlight;
    for (let i = 0; i < 100 && !b.get(L('a1', 0)); i++) await new Promise((r) => setTimeout(r, 5));
    expect(b.get(L('a1', 0))?.grade).toBe(2);
    expect((await a.stored()).map((l) => l.docid).sort()).toEqual(['a1', 'b1']);
    a.dispose(); b.dispose();
  });
});
