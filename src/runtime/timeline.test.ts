import { describe, expect, it } from 'vitest';
import { mark, marksSoFar, relativeTimeline } from './timeline';

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

  it('puts marks of several clocks on the page clock, in time order', () => {
    const page = [{ name: 'page: b', at: 1_000_250.04 }];
    const worker = [{ name: 'worker: a', at: 1_000_100 }, { name: 'worker: c', at: 1_000_900.26 }];
    expect(relativeTimeline(1_000_000, page, worker)).toEqual([
      { name: 'worker: a', ms: 100 }, { name: 'page: b', ms: 250 }, { name: 'worker: c', ms: 900.3 },
    ]);
  });
});
