// For tests on vitest's fake clock (vi.useFakeTimers): whether a promise has
// settled once the clock has moved on `ms`.
import { vi } from 'vitest';

export async function settledAfter(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(() => { done = true; }, () => { done = true; });
  await vi.advanceTimersByTimeAsync(ms);
  return done;
}
