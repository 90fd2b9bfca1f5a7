// The cold-start timeline: named moments of the page and of the lab's worker
// on one clock, so the bench can say where the time to first results goes
// (docs/PERFORMANCE.md). A mark is an absolute time (timeOrigin + now): the
// worker's clock starts later than the page's, so its own ms would not line up.
export interface TimelineMark {
  name: string;
  /** ms since the Unix epoch (performance.timeOrigin + performance.now()) */
  at: number;
}

/** Marks kept at most: the first moments matter; a long session must not grow this. */
const MAX_MARKS = 200;
const marks: TimelineMark[] = [];

/** Records `name` now; the first time only when `once` (a moment, not a repeat). */
export function mark(name: string, once = true): void {
  if (marks.length >= MAX_MARKS || (once && marks.some((m) => m.name === name))) return;
  marks.push({ name, at: performance.timeOrigin + performance.now() });
}

/**
 * Marks a helper worker (docs, embeddings) took on its own clock and sent back: kept beside this
 * thread's, so the cold start's timeline shows where their time went too. Absolute times line up.
 */
export function addMarks(from: readonly TimelineMark[] | undefined): void {
  for (const m of from ?? []) {
    if (marks.length >= MAX_MARKS) return;
    if (!marks.some((x) => x.name === m.name)) marks.push({ name: m.name, at: m.at });
  }
}

export function marksSoFar(): TimelineMark[] {
  return marks.slice();
}

/** Marks from several sources as ms since `origin` (the page's timeOrigin), in time order. */
export function relativeTimeline(origin: number, ...sources: TimelineMark[][]): { name: string; ms: number }[] {
  return sources.flat().map((m) => ({ name: m.name, ms: Math.round((m.at - origin) * 10) / 10 })).sort((a, b) => a.ms - b.ms);
}
