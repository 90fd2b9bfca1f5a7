/**
 * Model scores over a query set, for the labelling queue and the metrics
 * panel: one runtime scoreQuerySet call (every two-tower model's pool plus
 * the fine ranker over their union; cached per query in the worker), then a
 * latency probe through the runtime's rank(): the per-query timings it
 * reports (tower: tokenize + encode + score + top-K over the whole catalog;
 * fine ranker: re-scoring the top-20 union), median over a few queries.
 * Results are shared between the panels by request key. While a larger set
 * of the same split scores (the metrics panel's auto query count grows its
 * pilot), the smaller set's result is offered as `previous`, and the
 * request's progress is read with useScoringProgress.
 *
 * Refuses: keeping scores in zustand (big, derived), asking before the doc
 * indexes exist, and showing an older request's scores as the current one's.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { SUPERSEDED, type ManifestModel, type QuerySetProgress, type QuerySetScores } from '../../runtime/api';
import { labClient, type ClientSnapshot } from '../../runtime/lab/client';
import type { Run } from '../../core/metricsTypes';
import type { World, WorldQuery } from '../labels/world';
import { towerWait } from '../lab/readiness';

export interface ReadyScores {
  status: 'ready';
  scores: QuerySetScores;
  models: ManifestModel[];
  latencyMs: Record<string, number>;
  rows: readonly { id: string }[];
  /** the queries scored, in pick order */
  qids: readonly string[];
}

export type ScoresState =
  | { status: 'none'; reason: string }
  /** `key` names the request (useScoringProgress); `previous`: a smaller set of the same split, already scored */
  | { status: 'loading'; note: string; key: string; total: number; previous?: ReadyScores }
  | ReadyScores
  | { status: 'error'; error: string };

export interface ScoreRequest {
  split: string;
  /** at most this many queries (human-labelled queries first, then qid order) */
  limit: number;
  poolSize: number;
  /** a newer request on the same channel stops an older one (one channel per panel) */
  channel?: string;
}

export const DEFAULT_SCORE_REQUEST: ScoreRequest = { split: 'test', limit: 50, poolSize: 100 };
const LATENCY_QUERIES = 5;

/** Which queries get scored: the split's human-labelled ones first, then by qid. */
export function pickQueries(queries: readonly WorldQuery[], split: string, limit: number): WorldQuery[] {
  return queries.filter((q) => q.split === split)
    .sort((a, b) => Number(b.human) - Number(a.human) || (a.qid < b.qid ? -1 : 1))
    .slice(0, Math.max(1, limit));
}

/**
 * The towers to score: the manifest's, less those the runtime skipped (left out by `?models=`, or
 * not runnable on this backend — the Models bar says which and why): waiting for them would never end.
 */
function towers(snap: ClientSnapshot): ManifestModel[] {
  return (snap.manifest?.models ?? []).filter((m) => m.kind === 'tower' && snap.models[m.id]?.state !== 'skipped');
}

/** Why the runtime cannot score yet, or null when it can. */
export function notReady(snap: ClientSnapshot): string | null {
  if (snap.manifestError) return `No models: ${snap.manifestError}`;
  if (!snap.manifest) return snap.runtimeError ? `The runtime failed: ${snap.runtimeError}` : 'No model scores yet: waiting for the model manifest…';
  const ids = towers(snap).map((m) => m.id);
  if (ids.length === 0) return (snap.manifest.models.some((m) => m.kind === 'tower') ? 'Every two-tower model was skipped (see the Models bar).' : 'The manifest lists no two-tower model.');
  if (!snap.docs) return snap.docsError ? `No doc set: ${snap.docsError}` : 'Waiting for the doc set…';
  for (const id of ids) {
    const wait = towerWait(snap, id);
    if (wait) return wait;
  }
  return null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measureLatency(towerIds: string[], texts: string[]): Promise<Record<string, number>> {
  const per: Record<string, number[]> = {};
  for (const [i, query] of texts.entries()) {
    const r = await labClient.rank({ query, models: towerIds, topK: 20, zone: 'all' });
    if (i === 0) continue; // warm-up: first-run costs are not per-query latency
    for (const c of r.columns) {
      if (c.kind === 'bm25' || c.results.length === 0) continue;
      const t = c.timings;
      const ms = c.kind === 'fine' ? t.rerankMs ?? NaN : (t.tokenizeMs ?? 0) + (t.encodeMs ?? 0) + (t.scoreMs ?? 0) + (t.topkMs ?? 0);
      if (Number.isFinite(ms)) (per[c.modelId] ??= []).push(ms);
    }
  }
  return Object.fromEntries(Object.entries(per).map(([id, xs]) => [id, median(xs)]));
}

const results = new Map<string, ScoresState>();
const inFlight = new Set<string>();
const listeners = new Set<() => void>();
let version = 0;
const publish = (): void => { version++; listeners.forEach((f) => f()); };

// NOTE: progress has listeners of its own: a slice's event re-renders the note that shows it, not the panel.
const progress = new Map<string, QuerySetProgress>();
const progressListeners = new Set<() => void>();
const publishProgress = (): void => progressListeners.forEach((f) => f());

/** The newest progress of the scoring request `key` (null before its first slice, or once it is done). */
export function useScoringProgress(key: string): QuerySetProgress | null {
  return useSyncExternalStore((fn) => { progressListeners.add(fn); return () => progressListeners.delete(fn); }, () => progress.get(key) ?? null);
}

/** A key is `<what the scores depend on>|<qids>`; a set's smaller prefix (same split, fewer queries) is its `previous`. */
const SEP = '|q:';
function previousOf(key: string): ReadyScores | undefined {
  const at = key.indexOf(SEP);
  const head = key.slice(0, at + SEP.length), qids = key.slice(at + SEP.length);
  let best: ReadyScores | undefined;
  for (const [k, r] of results) {
    if (r.status !== 'ready' || k === key || !k.startsWith(head)) continue;
    const q = k.slice(head.length);
    if (qids.startsWith(`${q},`) && (!best || r.qids.length > best.qids.length)) best = r;
  }
  return best;
}

const latest = new Map<string, string>(); // channel → the key its panel shows now

function start(key: string, snap: ClientSnapshot, qs: WorldQuery[], poolSize: number, channel: string): void {
  latest.set(channel, key);
  if (results.has(key) || inFlight.has(key)) return;
  inFlight.add(key);
  const ts = towers(snap);
  const ids = ts.map((m) => m.id);
  const models = (snap.manifest?.models ?? []).filter((m) => (m.kind === 'tower' || m.kind === 'cross') && snap.models[m.id]?.state !== 'skipped');
  const rows = snap.rows;
  const probe = qs.slice(0, LATENCY_QUERIES + 1).map((q) => q.text);
  const qids = qs.map((q) => q.qid);
  labClient.scoreQuerySet(ids, qids, poolSize, channel, (p) => { progress.set(key, p); publishProgress(); })
    .then(async (scores) => {
      // NOTE: a grown set keeps its smaller prefix's latencies: the probe's queries are the same, and measured
      // again the fine ranker answers them from the scores it holds (~0 ms) — a figure that would mislead.
      const prev = previousOf(key);
      const latencyMs = prev && ids.every((id) => prev.latencyMs[id] !== undefined) ? prev.latencyMs : await measureLatency(ids, probe).catch(() => ({}));
      results.set(key, { status: 'ready', scores, models, latencyMs, rows, qids });
    })
    .then(() => true, (e: unknown) => {
      const error = e instanceof Error ? e.message : String(e);
      if (error !== SUPERSEDED) results.set(key, { status: 'error', error });
      // A newer request (another limit or split) replaced this one: no result is kept; if the
      // panel has come back to this key meanwhile, ask again.
      return error !== SUPERSEDED || latest.get(channel) !== key;
    })
    .then((settled) => {
      inFlight.delete(key);
      progress.delete(key);
      publishProgress();
      if (!settled) start(key, labClient.getSnapshot(), qs, poolSize, channel);
      publish();
    });
}

export function useModelScores(world: World | null, req: ScoreRequest = DEFAULT_SCORE_REQUEST): ScoresState {
  const snap = useSyncExternalStore(labClient.subscribe, labClient.getSnapshot);
  useSyncExternalStore((fn) => { listeners.add(fn); return () => listeners.delete(fn); }, () => version);
  const waiting = world ? notReady(snap) : 'Loading the demo world…';
  const qs = world ? pickQueries(world.queries, req.split, req.limit) : [];
  // NOTE: the towers scored are in the key: one skipped later (a lost device, a backend switch) makes a new request.
  const key = waiting ? '' : `${snap.docs?.sha256}|${towers(snap).map((m) => m.id).join(',')}|${req.poolSize}${SEP}${qs.map((q) => q.qid).join(',')}`;
  useEffect(() => {
    if (key) start(key, labClient.getSnapshot(), qs, req.poolSize, req.channel ?? 'metrics');
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps -- the key names qs and the pool
  const done = results.get(key);
  const note = `Scoring ${qs.length} ${req.split} queries (pool ${req.poolSize}) with every two-tower model and the fine ranker…`;
  // NOTE: a stable object per state, so panels' memos do not recompute every render.
  return useMemo<ScoresState>(
    () => (waiting ? { status: 'none', reason: waiting } : done ?? { status: 'loading', note, key, total: qs.length, previous: previousOf(key) }),
    [waiting, done, note, key, qs.length],
  );
}

/** QuerySetScores (doc indices of the runtime's doc set) → one Run per model (docids). */
export function runsFromScores(scores: QuerySetScores, rows: readonly { id: string }[]): Record<string, Run> {
  const out: Record<string, Run> = {};
  for (const [model, byQ] of Object.entries(scores.byModel)) {
    const run: Run = {};
    for (const [qid, docs] of Object.entries(byQ)) run[qid] = docs.filter((d) => rows[d.doc]).map((d) => ({ docid: rows[d.doc].id, score: d.score }));
    out[model] = run;
  }
  return out;
}
