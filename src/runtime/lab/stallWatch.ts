// Watches the thread's run queue (ort.ts) and says when its head task has not
// returned for a while. Every session creation and run goes through that one
// queue, so a run that never settles would silently hold up everything behind
// it — models stuck on "loading", panels waiting forever. This turns such a
// hang into a message naming the task, for the user and for failing tests.
import { queueState, type QueueState } from '../ort/ort';
import type { RuntimeStall } from './protocol';

/** A task at the queue's head longer than this is reported. */
export const STALL_AFTER_MS = 20_000;

/** The stall to report now, or null: pure, so it is tested without timers. */
export function stallOf(q: QueueState, nowMs: number, afterMs = STALL_AFTER_MS): RuntimeStall | null {
  if (!q.running) return null;
  const ms = nowMs - q.running.since;
  return ms >= afterMs ? { label: q.running.label, seconds: Math.round(ms / 1000), waiting: q.waiting } : null;
}

/** A wait worth (re)reporting: it has just started, or grown by 10 s since the last report
 * (the banner's count moves without re-rendering every poll). Shared with the page's silence check. */
export function worthReporting(lastSeconds: number | undefined, seconds: number): boolean {
  return lastSeconds === undefined || seconds - lastSeconds >= 10;
}

/** Polls the queue; `report` gets a stall when one starts or grows by 10 s, and null when it ends.
 * `beat` is called on every poll: the page's sign that this thread still turns its event loop. */
export function watchStalls(report: (s: RuntimeStall | null) => void, beat: () => void = () => undefined, everyMs = 2_000): () => void {
  let last: RuntimeStall | null = null;
  const timer = setInterval(() => {
    beat();
    const s = stallOf(queueState(), performance.now());
    if (!s && last) report(null);
    else if (s && (!last || s.label !== last.label || worthReporting(last.seconds, s.seconds))) report(s);
    else return;
    last = s;
  }, everyMs);
  return () => clearInterval(timer);
}
