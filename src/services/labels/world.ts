/**
 * The demo world as the labels and metrics panels need it: docs (for display
 * and docid ↔ index), queries (split, intent, human flag), ground-truth and
 * shipped human qrels. Loaded once per page from public/demo/ and shared.
 *
 * Refuses: inventing data when a file is missing — the panels say so instead.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Split, Zone } from '../../core/domain';
import type { Qrels } from '../../core/metricsTypes';
import { issueList } from '../../data/errors';
import { qrelsReader, SHIPPED_QRELS } from '../../data/qrels';

export interface WorldDoc {
  id: string;
  zone: Zone;
  category: string;
  title: string;
  ctr: number;
  cover: number[];
  /** what the label card shows beside the title (the towers read title, category and the first tags) */
  tags: string[];
  genres: string[];
  cast: string[];
  year: number | null;
  series: string | null;
  season: number | null;
  episode: number | null;
  uploader: string | null;
}

export interface WorldQuery {
  qid: string;
  text: string;
  intent: string;
  split: Split;
  human: boolean;
}

export interface World {
  docs: WorldDoc[];
  docIndex: Map<string, number>;
  queries: WorldQuery[];
  queryById: Map<string, WorldQuery>;
  truth: Qrels;
  human: Qrels;
}

export type WorldState = { status: 'loading' } | { status: 'ready'; world: World } | { status: 'error'; error: string };

/** Page time one slice of the world's parsing may take before it lets the page paint. */
const SLICE_MS = 25;
const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/**
 * Each line of `text`, a slice of lines per task. NOTE: the Labels panel parses
 * the 9.4 MB demo docs on the page's thread; in one go that was a 0.26-0.4 s task
 * (a freeze the moment the panel opens), in slices it is many small ones.
 */
async function eachLine(text: string, f: (line: string, i: number) => void): Promise<void> {
  let at = 0, i = 0, t0 = performance.now();
  while (at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    f(text.slice(at, end), i++);
    at = end + 1;
    if (performance.now() - t0 > SLICE_MS) { await nextTask(); t0 = performance.now(); }
  }
}

async function jsonl<T>(text: string, file: string): Promise<T[]> {
  const out: T[] = [];
  await eachLine(text, (line, i) => {
    if (!line.trim()) return;
    try { out.push(JSON.parse(line) as T); } catch { throw new Error(`${file} line ${i + 1}: not valid JSON`); }
  });
  return out;
}

/**
 * The shipped qrels through the data layer's one reader (src/data/qrels.ts), a slice of lines per
 * task (qrels.trec is 100k lines); the first bad line throws, naming file and line.
 */
async function readQrels(text: string, file: string): Promise<Qrels> {
  const out: Qrels = {};
  const read = qrelsReader(SHIPPED_QRELS, issueList({ file, strict: true }, file), (qid, docid, rel) => { (out[qid] ??= {})[docid] = rel; });
  await eachLine(text, (line, i) => read(line, i + 1));
  return out;
}

async function text(base: string, file: string): Promise<string> {
  const r = await fetch(`${base}${file}`);
  if (!r.ok) throw new Error(`${file}: HTTP ${r.status} — run \`npm run gen:world\` to write public/demo/`);
  return r.text();
}

/** The part of the world a judgment needs: queries and the shipped qrels (no docs: 0.5 MB of text, not 12). */
export interface Judged {
  queries: WorldQuery[];
  truth: Qrels;
  human: Qrels;
}

let judged: Promise<Judged> | null = null;

/** Queries and qrels, fetched and parsed once per page (the world and the ranking view's judgment loop share them). */
export function loadJudged(base = '/demo/'): Promise<Judged> {
  judged ??= (async () => {
    const [q, t, h] = await Promise.all(['queries.jsonl', 'qrels.trec', 'human.qrels.trec'].map((f) => text(base, f)));
    return { queries: await jsonl<WorldQuery>(q, 'queries.jsonl'), truth: await readQrels(t, 'qrels.trec'), human: await readQrels(h, 'human.qrels.trec') };
  })();
  judged.catch(() => { judged = null; }); // a failed load is tried again next time
  return judged;
}

export async function loadWorld(base = '/demo/'): Promise<World> {
  const [d, j] = await Promise.all([text(base, 'docs.jsonl'), loadJudged(base)]);
  const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
  const docs = (await jsonl<WorldDoc>(d, 'docs.jsonl')).map((x) => ({
    id: x.id, zone: x.zone, category: x.category ?? '', title: x.title ?? '', ctr: x.ctr ?? 0,
    cover: Array.isArray(x.cover) ? x.cover : [],
    tags: strs(x.tags), genres: strs(x.genres), cast: strs(x.cast), year: num(x.year),
    series: str(x.series), season: num(x.season), episode: num(x.episode), uploader: str(x.uploader),
  }));
  return {
    docs,
    docIndex: new Map(docs.map((x, i) => [x.id, i])),
    queries: j.queries,
    queryById: new Map(j.queries.map((x) => [x.qid, x])),
    truth: j.truth,
    human: j.human,
  };
}

/**
 * Queries and qrels for the ranking view's judgment loop, loaded only once `enabled` (after the
 * first answer is on screen: the cold start never waits for them); null until then.
 */
export function useJudged(enabled: boolean): Judged | null {
  const [got, setGot] = useState<Judged | null>(null);
  useEffect(() => {
    if (!enabled || got) return;
    let live = true;
    loadJudged().then((j) => { if (live) setGot(j); }, () => undefined);
    return () => { live = false; };
  }, [enabled, got]);
  return got;
}

let state: WorldState = { status: 'loading' };
let started = false;
const listeners = new Set<() => void>();

function start(): void {
  if (started) return;
  started = true;
  loadWorld().then(
    (world) => { state = { status: 'ready', world }; listeners.forEach((f) => f()); },
    (e: unknown) => { state = { status: 'error', error: e instanceof Error ? e.message : String(e) }; listeners.forEach((f) => f()); },
  );
}

export function useWorld(): WorldState {
  return useSyncExternalStore(
    (fn) => { start(); listeners.add(fn); return () => listeners.delete(fn); },
    () => state,
  );
}
