// RankActivity.quiet: heavy background work waits while rank requests run
// or keep arriving, and never longer than its cap.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RankActivity } from './rankActivity';
import { settledAfter } from '../testing/fakeClock';

afterEach(() => vi.useRealTimers());

describe('RankActivity', () => {
  it('is quiet at once when no rank ever came', async () => {
    vi.useFakeTimers();
    expect(await settledAfter(new RankActivity().quiet(300, 1500), 0)).toBe(true);
  });

  it('waits for a running rank to finish, then for the quiet time', async () => {
    vi.useFakeTimers();
    const a = new RankActivity();
    a.started();
    const q = a.quiet(300, 5000);
    expect(await settledAfter(q, 1000)).toBe(false); // still running
    a.finished();
    expect(await settledAfter(q, 299)).toBe(false);
    expect(await settledAfter(q, 302)).toBe(true);
  });

  it('a new request restarts the quiet time; the cap ends the wait anyway', async () => {
    vi.useFakeTimers();
    const a = new RankActivity();
    a.started(); a.finished();
    const q = a.quiet(300, 1000);
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(200);
      a.started(); a.finished(); // typing: a request every 200 ms
    }
    expect(await settledAfter(q, 150)).toBe(false); // 950 ms in, never quiet
    expect(await settledAfter(q, 60)).toBe(true); // capped at 1000 ms
  });
});
