import { describe, expect, it } from 'vitest';
import { ProgressMeter, TimeSlicer, type SliceClock } from './timeSlice';

/** A clock the test moves by hand; yields are counted, and take no time. */
function fakeClock(): SliceClock & { t: number; yields: number } {
  const c = { t: 0, yields: 0, now: () => c.t, yieldNow: async () => { c.yields++; } };
  return c;
}

describe('TimeSlicer', () => {
  it('yields once a slice has run its budget, not before, and starts the next slice after the yield', async () => {
    const c = fakeClock();
    const reports: number[] = [];
    const s = new TimeSlicer(300, c, () => reports.push(c.t));
    // units of 100 ms: a yield after every third
    const yielded: boolean[] = [];
    for (let i = 0; i < 7; i++) { c.t += 100; yielded.push(await s.tick()); }
    expect(yielded).toEqual([false, false, true, false, false, true, false]);
    expect(c.yields).toBe(2);
    expect(reports).toEqual([300, 600]);
    expect(s.stats).toEqual({ count: 2, maxMs: 300, totalMs: 600 });
  });

  it('ends a slice before a unit that would take it past the budget (guessed from the last units)', async () => {
    const c = fakeClock();
    const s = new TimeSlicer(300, c);
    const yielded: boolean[] = [];
    // units of 120 ms: 240 + 120 > 300, so a slice holds two
    for (let i = 0; i < 6; i++) { c.t += 120; yielded.push(await s.tick()); }
    expect(yielded).toEqual([false, true, false, true, false, true]);
    expect(s.stats).toEqual({ count: 3, maxMs: 240, totalMs: 720 });
  });

  it('a unit longer than any before overshoots once (it cannot be cut), is measured, and later slices allow for it', async () => {
    const c = fakeClock();
    const s = new TimeSlicer(300, c);
    c.t += 50; expect(await s.tick()).toBe(false);
    c.t += 700; expect(await s.tick()).toBe(true);
    expect(s.stats.maxMs).toBe(750);
    // the next short unit ends its slice at once: one as long as 700 ms may follow
    c.t += 10; expect(await s.tick()).toBe(true);
  });
});

describe('ProgressMeter', () => {
  it('has no ETA until an item has been timed, then (left × ms per worked item)', () => {
    const c = fakeClock();
    const m = new ProgressMeter(10, c.now);
    expect(m.snapshot()).toEqual({ done: 0, total: 10, etaS: null, elapsedMs: 0 });
    m.item(false, 0); // cached: done at once, not a rate
    expect(m.snapshot().etaS).toBeNull();
    m.item(true, 2000);
    m.item(true, 1000);
    c.t = 3000;
    // 7 left × 1.5 s
    expect(m.snapshot()).toEqual({ done: 3, total: 10, etaS: 11, elapsedMs: 3000 });
  });

  it('says 0 s left when done', () => {
    const m = new ProgressMeter(1, () => 0);
    m.item(true, 5);
    expect(m.snapshot().etaS).toBe(0);
  });
});
