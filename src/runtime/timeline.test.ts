import { describe, expect, it, vi } from 'vitest';
import { addMarks, mark, marksSoFar, relativeTimeline } from './timeline';

describe('timeline', () => {
  it('keeps the first of a repeated moment unless told to repeat, and caps the marks', () => {
    mark('t: a');
    mark('t: a');
    mark('t: b', false);
    mark('t: b', false);
    const names = marksSoFar().map((m) => m.name);
    expect(names.filter((n) => n === 't: a')).toHaveLength(1);
    expect(names.filter((n) => n === 't: b')).toHaveLength(2);
    for (let i = 0; i < 300; i++) mark(`t: many ${i}`);
    expect(marksSoFar().length).toBe(200);
    expect(marksSoFar().map((m) => m.name)).not.toContain('t: many 299');
  });

  it("adds a helper worker's marks beside this thread's, once each, within the cap", async () => {
    vi.resetModules();
    const t = await import('./timeline'); // a fresh module: the test above filled this one's cap
    t.mark('worker: mine');
    const docs = [{ name: 'docs worker: in', at: 5 }, { name: 'docs worker: hashed', at: 6 }];
    t.addMarks(docs);
    t.addMarks(docs);
    t.addMarks(undefined);
    expect(t.marksSoFar().map((m) => m.name)).toEqual(['worker: mine', 'docs worker: in', 'docs worker: hashed']);
    expect(t.marksSoFar()[1].at).toBe(5);
    t.addMarks(Array.from({ length: 300 }, (_, i) => ({ name: `w ${i}`, at: i })));
    expect(t.marksSoFar()).toHaveLength(200);
    expect(addMarks).not.toBe(t.addMarks);
  });

  it('puts marks of several clocks on the page clock, in time order', () => {
    const page = [{ name: 'page: b', at: 1_000_250.04 }];
    const worker = [{ name: 'worker: a', at: 1_000_100 }, { name: 'worker: c', at: 1_000_900.26 }];
    expect(relativeTimeline(1_000_000, page, worker)).toEqual([
      { name: 'worker: a', ms: 100 }, { name: 'page: b', ms: 250 }, { name: 'worker: c', ms: 900.3 },
    ]);
  });
});
