/**
 * Long background jobs on a thread that must stay responsive (the lab worker's
 * query-set scorer): run them in time slices, and count their progress.
 *
 * Why: the worker's model runs resolve as microtasks (ORT-web's WASM runs and
 * the lab's kernel are synchronous inside their promises), and a chain of
 * microtasks never lets the thread's event loop turn — no message (a typed
 * query), no timer (the worker's heartbeat) gets in until the whole chain is
 * done. A slicer yields to the event loop once a slice has run its budget, so
 * everything else waits at most one slice (plus the one run in flight).
 *
 * Pure: the clock and the yield are passed in (tests use fakes).
 * Refuses: guessing an ETA before any work has been timed.
 */

export interface SliceClock {
  now: () => number;
  /** Lets the thread's event loop turn (a macrotask), then resolves. */
  yieldNow: () => Promise<void>;
}

export interface SliceStats {
  /** finished slices (each followed by a yield) */
  count: number;
  /** the longest one, ms */
  maxMs: number;
  /** their total, ms */
  totalMs: number;
}

/** Units remembered to guess the next one's length: the longest of them is the guess. */
const RECENT_UNITS = 16;

/**
 * Cuts a job into slices of at most `budgetMs`: after each unit of work, it yields when the next
 * unit — guessed as long as the longest of the last few — would take the slice past the budget.
 * A unit longer than any before still overshoots once (it cannot be cut); the stats show it.
 */
export class TimeSlicer {
  private start: number;
  private last: number;
  private recent: number[] = [];
  readonly stats: SliceStats = { count: 0, maxMs: 0, totalMs: 0 };

  /** `onSlice` runs at the end of every slice, before the yield (the job's progress report). */
  constructor(readonly budgetMs: number, private readonly clock: SliceClock, private readonly onSlice: () => void = () => undefined) {
    this.start = this.last = clock.now();
  }

  /** Call after each unit of work; resolves true when it yielded (the slice ended). */
  async tick(): Promise<boolean> {
    const t = this.clock.now();
    this.recent.push(t - this.last);
    if (this.recent.length > RECENT_UNITS) this.recent.shift();
    this.last = t;
    const ms = t - this.start;
    if (ms + Math.max(...this.recent) <= this.budgetMs) return false;
    this.stats.count++;
    this.stats.totalMs += ms;
    this.stats.maxMs = Math.max(this.stats.maxMs, ms);
    this.onSlice();
    await this.clock.yieldNow();
    this.start = this.last = this.clock.now();
    return true;
  }
}

/** How far a job over `total` items has got, and about how long it still needs. */
export interface JobProgress {
  done: number;
  total: number;
  /** seconds left at the rate of the items that needed work; null until one has */
  etaS: number | null;
  /** ms since the job started */
  elapsedMs: number;
}

/**
 * Counts finished items. The rate is taken over the items that did work: items
 * already cached finish at once and would make the ETA far too short.
 */
export class ProgressMeter {
  private done = 0;
  private worked = 0;
  private workMs = 0;
  private readonly t0: number;

  constructor(readonly total: number, private readonly now: () => number) {
    this.t0 = now();
  }

  /** One item finished; `ms`: the time it took, counted for the rate only when it `worked`. */
  item(worked: boolean, ms: number): void {
    this.done++;
    if (worked) { this.worked++; this.workMs += ms; }
  }

  snapshot(): JobProgress {
    const left = this.total - this.done;
    const etaS = left <= 0 ? 0 : this.worked > 0 ? Math.ceil((left * this.workMs) / this.worked / 1000) : null;
    return { done: this.done, total: this.total, etaS, elapsedMs: this.now() - this.t0 };
  }
}
