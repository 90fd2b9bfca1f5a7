// Why the query-set scorer runs in time slices: in the lab's worker a model
// run resolves as a microtask (ORT-web's WASM, the lab's kernel), so a long
// chain of background runs kept every message (a typed query) and every timer
// (the heartbeat, the stall watchdog) out until it was done — 177 s for a
// typed query on the first Tiers open. Fake runs here resolve the same way.
import { describe, expect, it } from 'vitest';
import { TimeSlicer, type SliceClock } from '../../core/timeSlice';
import { queueState, serialised } from '../ort/ort';
import { stallOf } from '../lab/stallWatch';

const macrotask = () => new Promise<void>((r) => setTimeout(r, 0));

/** A background job of `runs` queued runs of 100 (fake) ms each; with a slicer it yields every `budget` ms. */
async function job(log: string[], runs: number, sliced: boolean): Promise<void> {
  const clock: SliceClock & { t: number } = { t: 0, now: () => clock.t, yieldNow: macrotask };
  const slicer = new TimeSlicer(300, clock);
  for (let i = 0; i < runs; i++) {
    await serialised(async () => { clock.t += 100; log.push(`bg${i}`); }, 'a run of fine', 'background');
    if (sliced) await slicer.tick();
  }
}

describe('background work in slices behind interactive requests', () => {
  it('a request arriving as a message during the job runs after at most one slice (3 runs of 100 ms), not after the job', async () => {
    const log: string[] = [];
    // the typed query's message: handled when the thread's event loop turns
    setTimeout(() => void serialised(async () => { log.push('query'); }, 'a run of student_a', 'urgent'), 0);
    await job(log, 30, true);
    expect(log.indexOf('query')).toBeLessThanOrEqual(3);
    expect(log.filter((x) => x.startsWith('bg'))).toHaveLength(30);
  });

  it('without slices the same request waits for the whole job (the bug)', async () => {
    const log: string[] = [];
    setTimeout(() => void serialised(async () => { log.push('query'); }, 'a run of student_a', 'urgent'), 0);
    await job(log, 30, false);
    await macrotask();
    expect(log.indexOf('query')).toBe(30);
  });

  it('the stall watchdog gets to poll during the job: silent while runs complete, and it still reports a run that hangs', async () => {
    const seen: (string | null)[] = [];
    const poll = setInterval(() => seen.push(stallOf(queueState(), performance.now(), 60)?.label ?? null), 5);
    const clock: SliceClock = { now: () => performance.now(), yieldNow: macrotask };
    const slicer = new TimeSlicer(10, clock);
    const t0 = performance.now();
    while (performance.now() - t0 < 120) {
      await serialised(async () => { const s = performance.now(); while (performance.now() - s < 2); }, 'a run of fine', 'background');
      await slicer.tick();
    }
    const polledWhileBusy = seen.length;
    // one run that does not come back for 200 ms (a hang, scaled down) is reported by name
    await serialised(() => new Promise((r) => setTimeout(r, 200)), 'a run that hangs', 'background');
    clearInterval(poll);
    expect(polledWhileBusy).toBeGreaterThan(5);
    expect(seen.slice(0, polledWhileBusy).every((x) => x === null)).toBe(true);
    expect(seen).toContain('a run that hangs');
  });
});
