import { describe, expect, it } from 'vitest';
import { LabelJournal } from './labelJournal';
import { memoryKv } from './memoryKv';
import type { Label } from './labelStore';

const L = (docid: string, grade: 0 | 1 | 2 | 3, time: number, labeller = 'ana'): Label => ({ qid: 'q1', docid, grade, labeller, time });

describe('label journal', () => {
  it('holds a grade from before its write is queued until it commits', () => {
    const kv = memoryKv();
    const j = new LabelJournal(kv, 'j.', 'tab1');
    j.add(L('d1', 2, 10));
    j.add(L('d2', 1, 11));
    expect(LabelJournal.pending(kv, 'j.').labels).toEqual([L('d1', 2, 10), L('d2', 1, 11)]);
    j.done(L('d1', 2, 10));
    expect(LabelJournal.pending(kv, 'j.').labels).toEqual([L('d2', 1, 11)]);
    j.add(L('d2', 3, 12)); // a regrade before the first write committed
    j.done(L('d2', 1, 11)); // ...the older write's commit does not drop the newer grade
    expect(LabelJournal.pending(kv, 'j.').labels).toEqual([L('d2', 3, 12)]);
    j.done(L('d2', 3, 12));
    expect(kv.map.size).toBe(0);
  });

  it('replays only what is newer than the store; every tab\'s journal is read; bad entries skipped', () => {
    const kv = memoryKv();
    new LabelJournal(kv, 'j.', 'a').add(L('d1', 2, 10));
    new LabelJournal(kv, 'j.', 'b').add(L('d2', 1, 5));
    kv.setItem('j.c', '{broken');
    kv.setItem('other', '[]');
    const { labels, keys } = LabelJournal.pending(kv, 'j.');
    expect(keys.sort()).toEqual(['j.a', 'j.b', 'j.c']);
    expect(LabelJournal.newer(labels, [L('d2', 3, 9)])).toEqual([L('d1', 2, 10)]);
  });

  it('a full or missing storage never fails a grade', () => {
    const kv = memoryKv();
    kv.setItem = () => { throw new Error('QuotaExceededError'); };
    expect(() => new LabelJournal(kv, 'j.').add(L('d1', 1, 1))).not.toThrow();
    expect(() => new LabelJournal(null, 'j.').add(L('d1', 1, 1))).not.toThrow();
  });
});

