/**
 * Share-link values of the panels' view state (appended to v1):
 *   mx metrics knobs: split, gain, nDCG K, Recall K, reference run, group metric, query limit
 *      (0 = auto: enough queries for ±0.01 AUC), then appended: the paired differences' baseline
 *   lq labelling queue: strategy, model, K, seed, split, blind
 *   lp labelling position: qid, docid of the card on screen
 *   iv inspect view: tower, teacher, student, hide [CLS]/[SEP], mean over heads,
 *      rollout, map source, layer (1-based), head (1-based; 0 = mean/rollout), ESIM view
 *   rc ranking compare: column A, column B
 *   rl ranking layout: pinned columns (keys joined by ';', '~' = none), compact rows
 * Same rules as the rest of the codec: comma lists, fields appended only, a
 * default field written empty and trailing empties dropped; each field is
 * percent-encoded on its own (run ids and doc ids may hold commas). A bad
 * field is named in a warning and falls back to its default alone.
 *
 * Refuses: the labeller's name, labels, the skipped set or the undo stack of a
 * labelling session (people and data, not a view); checking layers against a
 * model (the codec does not know models — the inspect panel clamps, and warns).
 */
import { DEFAULT_PINNED } from '../../core/columnLayout';
import { QUEUE_KINDS, SPLITS, type AttnSource, type EsimView, type QueueKind, type Split } from '../../core/domain';
import {
  cleanText, commaList, decode, extraFields, field, fitList, fitText, flag, intIn, intRange, isModelId, modelId, modelOrEmpty, oneOf, oneOfNum, pick, pickNum, type Warn,
} from './fields';

export type MetricsSplit = Split | 'all';
export type MetricsGain = 'exp' | 'linear';
/** the metrics shown by the per-intent / per-zone tables (core MetricKey names) */
export type GroupMetric = 'auc' | 'ndcg' | 'recall' | 'rr' | 'nm' | 'kendall';

export interface ShareMetrics {
  split: MetricsSplit;
  gain: MetricsGain;
  ndcgK: number;
  recallK: number;
  /** 'auto' = the fine ranker; '' = none; else a run id */
  reference: string;
  groupMetric: GroupMetric;
  /** how many of the split's queries the models score; 0 = auto (enough for ±0.01 AUC, at most the split) */
  limit: number;
  /** the run the paired differences subtract; '' = the reference run (else the first run) */
  baseline: string;
}


export interface ShareLabelQueue {
  kind: QueueKind;
  /** topk: the model whose top-K is queued; '' = the first shown */
  model: string;
  k: number;
  seed: number;
  split: Split;
  blind: boolean;
}

export interface SharePair { qid: string; docid: string }

export interface ShareInspectView {
  /** '' = the panel's default model */
  tower: string;
  teacher: string;
  student: string;
  hideSpecial: boolean;
  meanHeads: boolean;
  rollout: boolean;
  source: AttnSource;
  /** 0-based, as in the store (1-based in the link) */
  layer: number;
  /** 0-based; -1 = mean over heads / rollout */
  head: number;
  esim: EsimView;
}

/** The ranking panel's compare bar; '' = the first (second) column. */
export interface ShareCompare { a: string; b: string }

/** The ranking panel's column layout: pinned column keys (src/core/columnLayout.ts pinKey), in order; compact rows. */
export interface ShareRankLayout { pinned: string[]; compact: boolean }

/** The choices the panels offer; a link may only name these. */
export const METRICS_OPTIONS = {
  splits: ['test', 'valid', 'train', 'all'] as readonly MetricsSplit[],
  gains: ['exp', 'linear'] as readonly MetricsGain[],
  ndcgK: [5, 10, 20, 50] as readonly number[],
  recallK: [10, 50, 100, 200] as readonly number[],
  /** 0 = auto: as many as ±0.01 AUC needs (src/core/precision.ts), at most the split */
  limit: [0, 20, 50, 100, 200, 400] as readonly number[],
  groupMetrics: ['auc', 'ndcg', 'recall', 'rr', 'nm', 'kendall'] as readonly GroupMetric[],
} as const;
export { QUEUE_KINDS };
export const LABEL_SPLITS: readonly Split[] = SPLITS;
const SOURCES: readonly AttnSource[] = ['query', 'doc', 'fine'];
const ESIM_VIEWS: readonly EsimView[] = ['raw', 'queryToDoc', 'docToQuery'];

export const PANEL_LIMITS = { runId: 100, qid: 64, docid: 64, queueK: 1000, seedMax: 2 ** 31 - 1, layers: 64, heads: 64, pins: 16 } as const;

export const DEFAULT_METRICS: Readonly<ShareMetrics> = Object.freeze({
  split: 'test', gain: 'exp', ndcgK: 10, recallK: 100, reference: 'auto', groupMetric: 'ndcg', limit: 0, baseline: '',
});
export const DEFAULT_LABEL_QUEUE: Readonly<ShareLabelQueue> = Object.freeze({ kind: 'random', model: '', k: 20, seed: 1, split: 'test', blind: false });
export const DEFAULT_INSPECT_VIEW: Readonly<ShareInspectView> = Object.freeze({
  tower: '', teacher: '', student: '', hideSpecial: false, meanHeads: false, rollout: false, source: 'query', layer: 0, head: 0, esim: 'raw',
});
export const DEFAULT_COMPARE: Readonly<ShareCompare> = Object.freeze({ a: '', b: '' });
export const DEFAULT_RANK_LAYOUT: Readonly<ShareRankLayout> = Object.freeze({ pinned: Object.freeze([...DEFAULT_PINNED]) as unknown as string[], compact: false });

// ---- normalise (both sides)

const obj = <T>(x: unknown, d: T): Partial<T> => (x && typeof x === 'object' ? x : d) as Partial<T>;

export function normalizeMetrics(x: unknown): ShareMetrics {
  const d = DEFAULT_METRICS, o = obj(x, d), O = METRICS_OPTIONS;
  const ref = typeof o.reference === 'string' ? cleanText(o.reference, PANEL_LIMITS.runId) : d.reference;
  const baseline = typeof o.baseline === 'string' ? cleanText(o.baseline, PANEL_LIMITS.runId) : d.baseline;
  return {
    split: pick(o.split, O.splits, d.split), gain: pick(o.gain, O.gains, d.gain),
    ndcgK: pickNum(o.ndcgK, O.ndcgK, d.ndcgK), recallK: pickNum(o.recallK, O.recallK, d.recallK),
    reference: ref, groupMetric: pick(o.groupMetric, O.groupMetrics, d.groupMetric), limit: pickNum(o.limit, O.limit, d.limit), baseline,
  };
}

export function normalizeQueue(x: unknown): ShareLabelQueue {
  const d = DEFAULT_LABEL_QUEUE, o = obj(x, d);
  return {
    kind: pick(o.kind, QUEUE_KINDS, d.kind), model: modelOrEmpty(o.model),
    k: intIn(o.k, 1, PANEL_LIMITS.queueK, d.k), seed: intIn(o.seed, 0, PANEL_LIMITS.seedMax, d.seed),
    split: pick(o.split, LABEL_SPLITS, d.split), blind: o.blind === true,
  };
}

export function normalizePair(x: unknown): SharePair | null {
  const o = x && typeof x === 'object' ? (x as Partial<SharePair>) : null;
  const qid = o && typeof o.qid === 'string' ? cleanText(o.qid, PANEL_LIMITS.qid) : '';
  const docid = o && typeof o.docid === 'string' ? cleanText(o.docid, PANEL_LIMITS.docid) : '';
  return qid && docid ? { qid, docid } : null;
}

export function normalizeInspectView(x: unknown): ShareInspectView {
  const d = DEFAULT_INSPECT_VIEW, o = obj(x, d), L = PANEL_LIMITS;
  return {
    tower: modelOrEmpty(o.tower), teacher: modelOrEmpty(o.teacher), student: modelOrEmpty(o.student),
    hideSpecial: o.hideSpecial === true, meanHeads: o.meanHeads === true, rollout: o.rollout === true,
    source: pick(o.source, SOURCES, d.source),
    layer: intIn(o.layer, 0, L.layers - 1, d.layer), head: intIn(o.head, -1, L.heads - 1, d.head),
    esim: pick(o.esim, ESIM_VIEWS, d.esim),
  };
}

export function normalizeCompare(x: unknown): ShareCompare {
  const o = obj(x, DEFAULT_COMPARE);
  return { a: modelOrEmpty(o.a), b: modelOrEmpty(o.b) };
}

/** Pins: model ids, each once, at most PANEL_LIMITS.pins; anything else dropped. */
export function normalizeRankLayout(x: unknown): ShareRankLayout {
  const o = obj(x, DEFAULT_RANK_LAYOUT);
  const pinned = Array.isArray(o.pinned) ? [...new Set(o.pinned.filter((p): p is string => typeof p === 'string' && isModelId(p)))].slice(0, PANEL_LIMITS.pins) : [...DEFAULT_RANK_LAYOUT.pinned];
  return { pinned, compact: o.compact === true };
}

// ---- encode (each field percent-encoded on its own)

const enc = encodeURIComponent;
const bit = (b: boolean): string => (b ? '1' : '');
const list = (fields: (string | number)[], defaults: (string | number)[]): string =>
  commaList(fields.map((f) => (typeof f === 'string' ? enc(f) : f)), defaults.map((f) => (typeof f === 'string' ? enc(f) : f)));

/** NOTE: a reference field: '' = auto (the default), '~' = none (not a model id character, and encodeURIComponent keeps it). */
const refField = (r: string): string => (r === 'auto' ? '' : r === '' ? '~' : r);

const metricsFields = (m: ShareMetrics): (string | number)[] => [m.split, m.gain, m.ndcgK, m.recallK, refField(m.reference), m.groupMetric, m.limit, m.baseline];
const queueFields = (q: ShareLabelQueue): (string | number)[] => [q.kind, q.model, q.k, q.seed, q.split, bit(q.blind)];
const inspectFields = (v: ShareInspectView): (string | number)[] =>
  [v.tower, v.teacher, v.student, bit(v.hideSpecial), bit(v.meanHeads), bit(v.rollout), v.source, v.layer + 1, v.head + 1, v.esim];

export interface PanelViews {
  metrics: ShareMetrics;
  labelQueue: ShareLabelQueue;
  labelPos: SharePair | null;
  inspectView: ShareInspectView;
  compare: ShareCompare;
  rankLayout: ShareRankLayout;
}

/** NOTE: ids only (no percent-encoding needed: [A-Za-z0-9_.-]); the default pins write nothing, none is '~'. */
const pinsField = (p: readonly string[]): string =>
  p.join(';') === DEFAULT_RANK_LAYOUT.pinned.join(';') ? '' : p.length === 0 ? '~' : p.join(';');

/** `key=value` parts for what differs from the defaults (normalised input). */
export function encodePanels(s: PanelViews): string[] {
  const parts: string[] = [];
  const put = (key: string, v: string): void => { if (v) parts.push(`${key}=${v}`); };
  put('mx', list(metricsFields(s.metrics), metricsFields(DEFAULT_METRICS)));
  put('lq', list(queueFields(s.labelQueue), queueFields(DEFAULT_LABEL_QUEUE)));
  if (s.labelPos) put('lp', `${enc(s.labelPos.qid)},${enc(s.labelPos.docid)}`);
  put('iv', list(inspectFields(s.inspectView), inspectFields(DEFAULT_INSPECT_VIEW)));
  put('rc', list([s.compare.a, s.compare.b], ['', '']));
  put('rl', commaList([pinsField(s.rankLayout.pinned), bit(s.rankLayout.compact)], ['', '']));
  return parts;
}

// ---- restore (raw value: split on ',' first, then each field decoded)

function fieldsOf(raw: string, key: string, warn: Warn): string[] {
  return raw.split(',').map((x) => decode(x, key, warn) ?? '');
}

const NUM_LIST = (xs: readonly number[]): string => `one of ${xs.join('/')}`;

export function parseMetrics(raw: string, warn: Warn): ShareMetrics {
  const f = fieldsOf(raw, 'mx', warn), d = DEFAULT_METRICS, O = METRICS_OPTIONS;
  extraFields('mx', f, 8, warn);
  const ref = (x: string): string | null => (x === '~' ? '' : fitText('mx', 'reference run', x, PANEL_LIMITS.runId, warn) || null);
  return {
    split: field('mx', 'metrics split', f[0], oneOf(O.splits), d.split, `one of ${O.splits.join('/')}`, warn),
    gain: field('mx', 'nDCG gain', f[1], oneOf(O.gains), d.gain, `one of ${O.gains.join('/')}`, warn),
    ndcgK: field('mx', 'nDCG K', f[2], oneOfNum(O.ndcgK), d.ndcgK, NUM_LIST(O.ndcgK), warn),
    recallK: field('mx', 'Recall K', f[3], oneOfNum(O.recallK), d.recallK, NUM_LIST(O.recallK), warn),
    reference: field('mx', 'reference run', f[4], ref, d.reference, 'a run id', warn),
    groupMetric: field('mx', 'group metric', f[5], oneOf(O.groupMetrics), d.groupMetric, `one of ${O.groupMetrics.join('/')}`, warn),
    limit: field('mx', 'metrics query limit', f[6], oneOfNum(O.limit), d.limit, NUM_LIST(O.limit), warn),
    baseline: fitText('mx', 'paired baseline', f[7] ?? '', PANEL_LIMITS.runId, warn),
  };
}

export function parseQueue(raw: string, warn: Warn): ShareLabelQueue {
  const f = fieldsOf(raw, 'lq', warn), d = DEFAULT_LABEL_QUEUE, L = PANEL_LIMITS;
  extraFields('lq', f, 6, warn);
  return {
    kind: field('lq', 'queue strategy', f[0], oneOf(QUEUE_KINDS), d.kind, `one of ${QUEUE_KINDS.join('/')}`, warn),
    model: field('lq', 'queue model', f[1], modelId, d.model, 'a model id', warn),
    k: field('lq', 'queue K', f[2], intRange(1, L.queueK), d.k, `a whole number 1–${L.queueK}`, warn),
    seed: field('lq', 'queue seed', f[3], intRange(0, L.seedMax), d.seed, `a whole number 0–${L.seedMax}`, warn),
    split: field('lq', 'queue split', f[4], oneOf(LABEL_SPLITS), d.split, `one of ${LABEL_SPLITS.join('/')}`, warn),
    blind: field('lq', 'blind judging', f[5], flag, d.blind, '0 or 1', warn),
  };
}

export function parsePair(raw: string, warn: Warn): SharePair | null {
  const f = fieldsOf(raw, 'lp', warn);
  extraFields('lp', f, 2, warn);
  const text = (x: string | undefined, name: string, max: number): string => fitText('lp', name, x ?? '', max, warn);
  const pair = normalizePair({ qid: text(f[0], 'labelling qid', PANEL_LIMITS.qid), docid: text(f[1], 'labelling doc id', PANEL_LIMITS.docid) });
  if (!pair) warn('key "lp": needs "qid,docid"; dropped');
  return pair;
}

export function parseInspectView(raw: string, warn: Warn): ShareInspectView {
  const f = fieldsOf(raw, 'iv', warn), d = DEFAULT_INSPECT_VIEW, L = PANEL_LIMITS;
  extraFields('iv', f, 10, warn);
  const bool = (i: number, name: string, dflt: boolean): boolean => field('iv', name, f[i], flag, dflt, '0 or 1', warn);
  return {
    tower: field('iv', 'inspect tower', f[0], modelId, d.tower, 'a model id', warn),
    teacher: field('iv', 'inspect teacher', f[1], modelId, d.teacher, 'a model id', warn),
    student: field('iv', 'inspect student', f[2], modelId, d.student, 'a model id', warn),
    hideSpecial: bool(3, 'hide [CLS]/[SEP]', d.hideSpecial),
    meanHeads: bool(4, 'mean over heads', d.meanHeads),
    rollout: bool(5, 'rollout', d.rollout),
    source: field('iv', 'attention source', f[6], oneOf(SOURCES), d.source, `one of ${SOURCES.join('/')}`, warn),
    layer: field('iv', 'layer', f[7], intRange(1, L.layers), d.layer + 1, `a whole number 1–${L.layers}`, warn) - 1,
    head: field('iv', 'head', f[8], intRange(0, L.heads), d.head + 1, `a whole number 0–${L.heads}`, warn) - 1,
    esim: field('iv', 'ESIM view', f[9], oneOf(ESIM_VIEWS), d.esim, `one of ${ESIM_VIEWS.join('/')}`, warn),
  };
}

export function parseRankLayout(raw: string, warn: Warn): ShareRankLayout {
  const f = fieldsOf(raw, 'rl', warn), d = DEFAULT_RANK_LAYOUT;
  extraFields('rl', f, 2, warn);
  const pins = (x: string): string[] | null => {
    if (x === '~') return [];
    const ids = x.split(';');
    if (!ids.every(isModelId)) return null;
    const once = [...new Set(ids)];
    if (once.length < ids.length) warn('key "rl": repeated pinned columns dropped');
    return fitList('rl', 'pinned columns', once, PANEL_LIMITS.pins, warn);
  };
  return {
    pinned: field('rl', 'pinned columns', f[0], pins, [...d.pinned], "model ids joined by ';' or ~", warn),
    compact: field('rl', 'compact rows', f[1], flag, d.compact, '0 or 1', warn),
  };
}

export function parseCompare(raw: string, warn: Warn): ShareCompare {
  const f = fieldsOf(raw, 'rc', warn);
  extraFields('rc', f, 2, warn);
  return {
    a: field('rc', 'compare column A', f[0], modelId, '', 'a model id', warn),
    b: field('rc', 'compare column B', f[1], modelId, '', 'a model id', warn),
  };
}
