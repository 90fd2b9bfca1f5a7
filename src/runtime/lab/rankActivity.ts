// When the page's rank requests have gone quiet. Work that holds the lab
// worker's thread for a long while (the BM25 build, the next model's session
// creation: hundreds of ms each) waits for a quiet moment during the cold
// start: the page re-ranks on every readiness event, and a request that lands
// behind such work waits for all of it — measured at 1.9 s on a busy 2-core
// machine between the first tower being ready and its rows on screen.
const now = (): number => globalThis.performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RankActivity {
  private running = 0;
  private last = -Infinity;

  /** A rank request arrived (call before anything is awaited for it). */
  started(): void {
    this.running++;
    this.last = now();
  }

  finished(): void {
    this.running = Math.max(0, this.running - 1);
    this.last = now();
  }

  /** Resolves once no rank has run or arrived for `quietMs`, or after `capMs` in any case. */
  async quiet(quietMs: number, capMs: number): Promise<void> {
    const t0 = now();
    for (;;) {
      const left = capMs - (now() - t0);
      const wait = this.running ? quietMs : this.last + quietMs - now();
      if (wait <= 0 || left <= 0) return;
      await sleep(Math.min(wait, left));
    }
  }
}
