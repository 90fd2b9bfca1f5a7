// The cold-start policy on a fake clock (coldStart.ts): the first-answer latch,
// the BM25 build's schedule, the one wait for the first answer, ORT's deferred
// start, and the kernel → ORT moves, each after the page has gone quiet.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TowerModel } from '../engine/models';
import { settledAfter } from '../testing/fakeClock';
import { BM25_AFTER_TOWER_MS, ColdStart, FIRST_ANSWER_WAIT_MS, QUIET_CAP_MS, QUIET_MS } from './coldStart';

afterEach(() => vi.useRealTimers());

function policy(docs = true) {
  const built: number[] = [];
  const cold = new ColdStart({ hasDocs: () => docs, buildBm25: () => built.push(performance.now()) });
  return { cold, built };
}

/** A rank request that takes `ms`. */
async function rankFor(cold: ColdStart, ms: number): Promise<void> {
  cold.rankStarted();
  await vi.advanceTimersByTimeAsync(ms);
  cold.rankFinished();
}

describe('ColdStart', () => {
  it('builds BM25 BM25_AFTER_TOWER_MS after a tower is ready; a later tower never postpones it', async () => {
    vi.useFakeTimers();
    const { cold, built } = policy();
    const t0 = performance.now();
    void cold.towerReady(false);
    await vi.advanceTimersByTimeAsync(1_000);
    void cold.towerReady(false); // the next tower: still due at 1.5 s
    await vi.advanceTimersByTimeAsync(BM25_AFTER_TOWER_MS);
    expect(built).toEqual([t0 + BM25_AFTER_TOWER_MS]);
    expect(cold.bm25Done).toBe(true);
    cold.bm25Now(); // once only
    expect(built).toHaveLength(1);
  });

  it('the first answer brings BM25 forward, to once the page has gone quiet', async () => {
    vi.useFakeTimers();
    const { cold, built } = policy();
    void cold.towerReady(false);
    await rankFor(cold, 50);
    cold.answered();
    const t = performance.now();
    await rankFor(cold, 100); // the page re-ranks on the readiness events
    await vi.advanceTimersByTimeAsync(QUIET_MS + 10);
    expect(built).toHaveLength(1);
    expect(built[0]).toBe(t + 100 + QUIET_MS);
  });

  it('without docs there is no BM25 build', async () => {
    vi.useFakeTimers();
    const { cold, built } = policy(false);
    cold.answered();
    cold.bm25Now();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(built).toEqual([]);
  });

  it('after the first indexed tower the next model waits once: for the first answer (at most FIRST_ANSWER_WAIT_MS), then quiet', async () => {
    vi.useFakeTimers();
    const { cold } = policy();
    expect(await settledAfter(cold.towerReady(false), 0)).toBe(true); // no index asked for: no wait
    const first = cold.towerReady(true);
    expect(await settledAfter(first, FIRST_ANSWER_WAIT_MS - 10)).toBe(false);
    expect(await settledAfter(first, 20)).toBe(true); // no query came: it goes on
    expect(await settledAfter(cold.towerReady(true), 0)).toBe(true); // once only

    const b = policy().cold;
    const waited = b.towerReady(true);
    await rankFor(b, 100);
    b.answered();
    expect(await settledAfter(waited, QUIET_MS - 10)).toBe(false); // answered: now the quiet time
    expect(await settledAfter(waited, 20)).toBe(true);
  });

  it('starts ORT at once, or — when the kernel gives the first results — once they are answered', async () => {
    vi.useFakeTimers();
    const now = policy().cold;
    let started = 0;
    now.startOrt(false, () => started++);
    expect(started).toBe(1);
    const later = policy().cold;
    later.startOrt(true, () => started++);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started).toBe(1);
    later.answered();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(2);
  });

  it('moves the towers on the kernel to ORT one at a time, each once quiet (capped), and leaves the rest', async () => {
    vi.useFakeTimers();
    const { cold } = policy();
    const moves: number[] = [];
    const tower = (engine: TowerModel['engine']) => Object.assign(Object.create(TowerModel.prototype) as TowerModel, {
      engine,
      moveToOrt: async function (this: TowerModel) { moves.push(performance.now()); this.engine = 'ort'; },
    });
    const towers = [tower('kernel'), tower('ort'), undefined, tower('kernel')];
    const moved: TowerModel[] = [];
    cold.rankStarted(); // a query runs the whole time: each move waits for the cap
    const t0 = performance.now();
    const done = cold.moveToOrt(towers, (t) => moved.push(t));
    await vi.advanceTimersByTimeAsync(2 * QUIET_CAP_MS + 10);
    await done;
    expect(moves).toEqual([t0 + QUIET_CAP_MS, t0 + 2 * QUIET_CAP_MS]);
    expect(moved).toEqual([towers[0], towers[3]]);
  });
});
