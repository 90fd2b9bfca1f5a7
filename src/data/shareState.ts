/**
 * Share links: a versioned, whitelisted view state encoded in the URL hash
 * (the hash never reaches a server). Short, append-only keys:
 *   v version · q query · m model ids · b backend · z zone filter · p panel
 *   i inspected pair (qid-or-query, docid) · ls label source · t tier config
 *   k top-K · ds doc-set hash prefix · mh model-set hash prefix
 *   tb tier config B (optional; same format as t; added in v1, append-only)
 *   ts tiers panel setup: query set, pool, query limit, suggestion target,
 *      coarse model of A and B, side being edited, trade-off zone, detail view
 *   mx metrics knobs · lq labelling queue · lp labelling position ·
 *   iv inspect view · rc ranking compare · rl ranking column layout (appended
 *      to v1; their fields are in src/data/share/panels.ts, the shared readers
 *      in src/data/share/fields.ts)
 * A tier config value (`t`, `tb`) is a comma list, fields appended only:
 *   norm, cutoff, order, alpha, boundaries (;), quotas (;), premium max
 *   forwarded, short total, relevance threshold, nDCG depth, Recall@k depth.
 * Comma-list values write a default field as empty and drop trailing empty
 * fields, so an untouched value costs nothing and an old link reads as before.
 * Every link goes through restoreShareState(): unknown keys dropped, numbers
 * clamped, lists capped, strings length-capped (each change named in a warning:
 * key, value given, value used), old versions migrated; a link longer than any
 * the lab writes is refused whole. It never throws and always returns a valid
 * state (+ warnings to show); every link encodeShareState() writes reads back
 * to the same state with no warning.
 *
 * Refuses: doc texts, embeddings or scores in the URL; keys not listed here;
 * reusing or renaming a key (add a new one and a migration instead).
 */
import { DEFAULT_FUNNEL_CONFIG, TIER_ORDERS, type BackendRequest, type LabelSource, type TierOrder, type ZoneFilter } from '../core/domain';
import type { NormMode } from '../core/scoreNorm';
import {
  clampNum, cleanText, commaList, decode, extraFields, field, finite, fitList, fitNum, fitText, intIn, intRange, isModelId, numRange, oneOf, parseNum, pick,
  round4, type Warn,
} from './share/fields';
import {
  DEFAULT_COMPARE, DEFAULT_INSPECT_VIEW, DEFAULT_LABEL_QUEUE, DEFAULT_METRICS, DEFAULT_RANK_LAYOUT, encodePanels, normalizeCompare, normalizeInspectView,
  normalizeMetrics, normalizePair, normalizeQueue, normalizeRankLayout, parseCompare, parseInspectView, parseMetrics, parsePair, parseQueue, parseRankLayout,
  type ShareCompare, type ShareInspectView, type ShareLabelQueue, type ShareMetrics, type SharePair, type ShareRankLayout,
} from './share/panels';

export { cleanText } from './share/fields';
export * from './share/panels';

export const SHARE_VERSION = 1;

export interface ShareTiers {
  norm: NormMode;
  /** premium-zone truncation cutoff on the normalised score */
  cutoff: number;
  /** short-zone tier boundaries, descending */
  boundaries: number[];
  order: TierOrder;
  alpha: number;
  quotas: number[];
  /** relevant = grade ≥ threshold (1–3) */
  threshold: number;
  /** nDCG depth and Recall@k@m's k (1–1000); only a config file sets them */
  ndcgK: number;
  kmK: number;
  /** premium zone: at most this many forwarded per query; absent = no cap */
  maxForward?: number;
  /** short-video zone: at most this many forwarded per query; absent = no cap */
  total?: number;
}

export type TierQuerySetId = 'test' | 'valid' | 'labelled';
export type TierDetail = 'queries' | 'served' | 'calibration';

/** The tiers panel's inputs outside configs A and B (key `ts`). */
export interface ShareTierSetup {
  querySet: TierQuerySetId;
  /** candidates per query and model, 1–2000 */
  pool: number;
  /** first N queries of the set, 0 = all */
  limit: number;
  /** the suggestion's recall target, 0–1 */
  target: number;
  /** coarse model of A and of B; '' = the default */
  modelA: string;
  modelB: string;
  editing: 'A' | 'B';
  curve: ZoneFilter;
  detail: TierDetail;
}

export interface ShareState {
  query: string;
  models: string[];
  backend: BackendRequest;
  zone: ZoneFilter;
  panel: string;
  /** q = qid or query text */
  inspect: { q: string; doc: string } | null;
  labelSource: LabelSource;
  tiers: ShareTiers;
  topK: number;
  docsetHash: string;
  modelsetHash: string;
  /** The second tier config of the A/B comparison; absent = the lab's default B. */
  tiersB?: ShareTiers;
  tierSetup: ShareTierSetup;
  /** the metrics panel's knobs (`mx`) */
  metrics: ShareMetrics;
  /** the labelling queue's config (`lq`) and the pair on its card (`lp`; null = the top of the queue) */
  labelQueue: ShareLabelQueue;
  labelPos: SharePair | null;
  /** the inspect panel's models, toggles, selected map and ESIM view (`iv`) */
  inspectView: ShareInspectView;
  /** the ranking panel's compare bar (`rc`) */
  compare: ShareCompare;
  /** the ranking panel's pinned columns and compact rows (`rl`) */
  rankLayout: ShareRankLayout;
}

/**
 * NOTE: `hashChars` is above the longest link a valid state encodes to, so the
 * reader never refuses a link the writer made. Worst case (every field at its
 * cap, every text char astral, 12 chars percent-encoded): q 200·12, i (200+64)·12,
 * lp (64+64)·12, mx reference and baseline 100·12 each, four 64-char models,
 * compare and inspect ids, sixteen 64-char pinned columns, both tier configs
 * at their longest → 11,992 chars (built in
 * shareState.test.ts). Past the cap a link is refused whole, not cut: a cut
 * link would read its last field wrong without a word.
 * `topKMax` is the most rows the ranking panel shows (the store clamps to it too).
 */
export const SHARE_LIMITS = {
  hashChars: 16_384, query: 200, models: 4, modelId: 64, panel: 32, docid: 64, hashPrefix: 16,
  boundaries: 8, quotas: 9, quotaMax: 100_000, scoreAbs: 10, topKMin: 1, topKMax: 200, warnings: 20,
  thresholdMin: 1, thresholdMax: 3, depthMax: 1000, poolMax: 2000, limitMax: 100_000,
} as const;

const F = DEFAULT_FUNNEL_CONFIG;

export const DEFAULT_SHARE_STATE: Readonly<ShareState> = Object.freeze({
  query: '', models: Object.freeze([]) as unknown as string[], backend: 'auto', zone: 'all', panel: '', inspect: null, labelSource: 'truth',
  // NOTE: the lab's default config (core/domain.ts), so an untouched config writes no `t` key.
  tiers: Object.freeze({
    norm: F.norm, cutoff: F.premium.cutoff, boundaries: Object.freeze([...F.short.boundaries]) as unknown as number[], order: F.short.order,
    alpha: F.short.alpha, quotas: Object.freeze([...F.short.quotas]) as unknown as number[], threshold: F.threshold, ndcgK: F.ndcgK, kmK: F.kmK,
  }),
  // NOTE: the lab's one default top-K: the store starts at it, so a bare URL and a link without `k` open alike.
  topK: 20, docsetHash: '', modelsetHash: '',
  tierSetup: Object.freeze({
    querySet: 'test', pool: 100, limit: 0, target: 0.9, modelA: '', modelB: '', editing: 'A', curve: 'premium', detail: 'queries',
  }),
  metrics: DEFAULT_METRICS, labelQueue: DEFAULT_LABEL_QUEUE, labelPos: null, inspectView: DEFAULT_INSPECT_VIEW, compare: DEFAULT_COMPARE,
  rankLayout: DEFAULT_RANK_LAYOUT,
});

const BACKENDS: readonly BackendRequest[] = ['auto', 'webgpu', 'wasm'];
const ZONES: readonly ZoneFilter[] = ['all', 'premium', 'short'];
const LABEL_SOURCES: readonly LabelSource[] = ['truth', 'human', 'both'];
const NORMS: readonly NormMode[] = ['raw', 'minmax', 'percentile', 'zscore'];
const TIER_SETS: readonly TierQuerySetId[] = ['test', 'valid', 'labelled'];
const SIDES: readonly ('A' | 'B')[] = ['A', 'B'];
const CURVES: readonly ZoneFilter[] = ['premium', 'short', 'all'];
const DETAILS: readonly TierDetail[] = ['queries', 'served', 'calibration'];
const KEYS = ['v', 'q', 'm', 'b', 'z', 'p', 'i', 'ls', 't', 'k', 'ds', 'mh', 'tb', 'ts', 'mx', 'lq', 'lp', 'iv', 'rc', 'rl'] as const;

// ---- sanitisers: shared by encode (so a bad in-memory state cannot produce a bad link) and restore

const score = (x: number): number => round4(clampNum(x, -SHARE_LIMITS.scoreAbs, SHARE_LIMITS.scoreAbs));
const isPanel = (s: string): boolean => /^[a-z0-9-]{0,32}$/.test(s);
const isHashPrefix = (s: string): boolean => /^[0-9a-f]{0,16}$/.test(s);

const nums = (xs: unknown, cap: number): number[] =>
  Array.isArray(xs) ? xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).slice(0, cap) : [];

function normalizeTiers(tiers: unknown): ShareTiers {
  const d = DEFAULT_SHARE_STATE;
  const t = (tiers && typeof tiers === 'object' ? tiers : d.tiers) as Partial<ShareTiers>;
  const L = SHARE_LIMITS;
  return {
    norm: pick(t.norm, NORMS, d.tiers.norm),
    cutoff: finite(t.cutoff) ? score(t.cutoff) : d.tiers.cutoff,
    boundaries: nums(t.boundaries, L.boundaries).map(score).sort((a, b) => b - a),
    order: pick(t.order, TIER_ORDERS, d.tiers.order),
    alpha: finite(t.alpha) ? round4(clampNum(t.alpha, 0, 1)) : d.tiers.alpha,
    quotas: nums(t.quotas, L.quotas).map((q) => Math.round(clampNum(q, 0, L.quotaMax))),
    threshold: intIn(t.threshold, L.thresholdMin, L.thresholdMax, d.tiers.threshold),
    ndcgK: intIn(t.ndcgK, 1, L.depthMax, d.tiers.ndcgK),
    kmK: intIn(t.kmK, 1, L.depthMax, d.tiers.kmK),
    // NOTE: the caps are present only when set (absent = no cap, as in the core's FunnelConfig).
    ...(finite(t.maxForward) ? { maxForward: intIn(t.maxForward, 0, L.quotaMax, 0) } : {}),
    ...(finite(t.total) ? { total: intIn(t.total, 0, L.quotaMax, 0) } : {}),
  };
}

function normalizeSetup(setup: unknown): ShareTierSetup {
  const d = DEFAULT_SHARE_STATE.tierSetup;
  const t = (setup && typeof setup === 'object' ? setup : d) as Partial<ShareTierSetup>;
  const model = (m: unknown): string => (typeof m === 'string' && isModelId(m) ? m : '');
  return {
    querySet: pick(t.querySet, TIER_SETS, d.querySet),
    pool: intIn(t.pool, 1, SHARE_LIMITS.poolMax, d.pool),
    limit: intIn(t.limit, 0, SHARE_LIMITS.limitMax, d.limit),
    target: finite(t.target) ? round4(clampNum(t.target, 0, 1)) : d.target,
    modelA: model(t.modelA), modelB: model(t.modelB),
    editing: pick(t.editing, SIDES, d.editing),
    curve: pick(t.curve, CURVES, d.curve),
    detail: pick(t.detail, DETAILS, d.detail),
  };
}

/** Bring any object toward a valid ShareState (used on both sides). */
export function normalizeShareState(s: Partial<ShareState> | null | undefined): ShareState {
  const d = DEFAULT_SHARE_STATE;
  const src = (s && typeof s === 'object' ? s : {}) as Partial<ShareState>;
  const models = Array.isArray(src.models) ? [...new Set(src.models.filter((m) => typeof m === 'string' && isModelId(m)))] : [];
  const insp = src.inspect && typeof src.inspect === 'object' ? src.inspect : null;
  const iq = insp && typeof insp.q === 'string' ? cleanText(insp.q, SHARE_LIMITS.query) : '';
  const idoc = insp && typeof insp.doc === 'string' ? cleanText(insp.doc, SHARE_LIMITS.docid) : '';
  return {
    query: typeof src.query === 'string' ? cleanText(src.query, SHARE_LIMITS.query) : '',
    models: models.slice(0, SHARE_LIMITS.models),
    backend: pick(src.backend, BACKENDS, d.backend),
    zone: pick(src.zone, ZONES, d.zone),
    panel: typeof src.panel === 'string' && isPanel(src.panel) ? src.panel : '',
    inspect: iq && idoc ? { q: iq, doc: idoc } : null,
    labelSource: pick(src.labelSource, LABEL_SOURCES, d.labelSource),
    tiers: normalizeTiers(src.tiers),
    topK: typeof src.topK === 'number' && Number.isFinite(src.topK) ? Math.round(clampNum(src.topK, SHARE_LIMITS.topKMin, SHARE_LIMITS.topKMax)) : d.topK,
    docsetHash: typeof src.docsetHash === 'string' && isHashPrefix(src.docsetHash) ? src.docsetHash : '',
    modelsetHash: typeof src.modelsetHash === 'string' && isHashPrefix(src.modelsetHash) ? src.modelsetHash : '',
    // NOTE: only present when given, so states without it (v1 links before `tb`) stay identical.
    ...(src.tiersB && typeof src.tiersB === 'object' ? { tiersB: normalizeTiers(src.tiersB) } : {}),
    tierSetup: normalizeSetup(src.tierSetup),
    metrics: normalizeMetrics(src.metrics),
    labelQueue: normalizeQueue(src.labelQueue),
    labelPos: normalizePair(src.labelPos),
    inspectView: normalizeInspectView(src.inspectView),
    compare: normalizeCompare(src.compare),
    rankLayout: normalizeRankLayout(src.rankLayout),
  };
}

// ---- encode

const enc = encodeURIComponent;

// NOTE: the first six fields are always written (links before the caps were added read them positionally).
const tiersValue = (t: ShareTiers): string => {
  const d = DEFAULT_SHARE_STATE.tiers;
  const head = [t.norm, t.cutoff, t.order, t.alpha, t.boundaries.join(';'), t.quotas.join(';')].join(',');
  const tail = commaList([t.maxForward ?? '', t.total ?? '', t.threshold, t.ndcgK, t.kmK], ['', '', d.threshold, d.ndcgK, d.kmK]);
  return tail ? `${head},${tail}` : head;
};

const setupFields = (t: ShareTierSetup): (string | number)[] =>
  [t.querySet, t.pool, t.limit, t.target, t.modelA, t.modelB, t.editing, t.curve, t.detail];

/** Compact hash string (without '#'); defaults are omitted, `v` always written. */
export function encodeShareState(state: ShareState): string {
  const s = normalizeShareState(state);
  const d = DEFAULT_SHARE_STATE;
  const parts: string[] = [`v=${SHARE_VERSION}`];
  if (s.query) parts.push(`q=${enc(s.query)}`);
  if (s.models.length) parts.push(`m=${s.models.map(enc).join(',')}`);
  if (s.backend !== d.backend) parts.push(`b=${s.backend}`);
  if (s.zone !== d.zone) parts.push(`z=${s.zone}`);
  if (s.panel) parts.push(`p=${s.panel}`);
  if (s.inspect) parts.push(`i=${enc(s.inspect.q)},${enc(s.inspect.doc)}`);
  if (s.labelSource !== d.labelSource) parts.push(`ls=${s.labelSource}`);
  if (tiersValue(s.tiers) !== tiersValue(d.tiers)) parts.push(`t=${tiersValue(s.tiers)}`);
  if (s.topK !== d.topK) parts.push(`k=${s.topK}`);
  if (s.docsetHash) parts.push(`ds=${s.docsetHash}`);
  if (s.modelsetHash) parts.push(`mh=${s.modelsetHash}`);
  if (s.tiersB) parts.push(`tb=${tiersValue(s.tiersB)}`);
  const ts = commaList(setupFields(s.tierSetup), setupFields(d.tierSetup));
  if (ts) parts.push(`ts=${ts}`);
  parts.push(...encodePanels(s));
  return parts.join('&');
}

// ---- restore

function parseTiers(t: string, key: string, warn: Warn): ShareTiers {
  const f = t.split(',');
  const L = SHARE_LIMITS;
  const d = DEFAULT_SHARE_STATE.tiers;
  const list = (x: string | undefined, name: string): number[] => {
    if (!x) return [];
    const all = x.split(';').map(parseNum);
    const ok = all.filter((n): n is number => n !== null);
    if (ok.length < all.length) warn(`key "${key}": ${name} has entries that are not numbers; they are dropped`);
    return ok;
  };
  const num = (i: number, name: string, dflt: number): number => field(key, name, f[i], parseNum, dflt, 'a number', warn);
  const fitScore = (x: number, name: string): number => fitNum(key, name, x, -L.scoreAbs, L.scoreAbs, 1e-4, warn);
  const out: ShareTiers = {
    norm: field(key, 'score normalisation', f[0], oneOf(NORMS), d.norm, `one of ${NORMS.join('/')}`, warn),
    cutoff: fitScore(num(1, 'premium cutoff', d.cutoff), 'premium cutoff'),
    order: field(key, 'order inside a tier', f[2], oneOf(TIER_ORDERS), d.order, `one of ${TIER_ORDERS.join('/')}`, warn),
    alpha: fitNum(key, 'blend α', num(3, 'blend α', d.alpha), 0, 1, 1e-4, warn),
    boundaries: f.length > 4
      ? fitList(key, 'short-video boundaries', list(f[4], 'short-video boundaries'), L.boundaries, warn).map((b) => fitScore(b, 'short-video boundary'))
      : [...d.boundaries],
    quotas: f.length > 5
      ? fitList(key, 'short-video quotas', list(f[5], 'short-video quotas'), L.quotas, warn).map((q) => fitNum(key, 'short-video quota', q, 0, L.quotaMax, 1, warn))
      : [...d.quotas],
    threshold: field(key, 'relevance threshold', f[8], intRange(L.thresholdMin, L.thresholdMax), d.threshold, `a whole number ${L.thresholdMin}–${L.thresholdMax}`, warn),
    ndcgK: field(key, 'nDCG depth', f[9], intRange(1, L.depthMax), d.ndcgK, `a whole number 1–${L.depthMax}`, warn),
    kmK: field(key, 'Recall@k depth', f[10], intRange(1, L.depthMax), d.kmK, `a whole number 1–${L.depthMax}`, warn),
  };
  const cap = (i: number, name: string): number | undefined =>
    field<number | undefined>(key, name, f[i], intRange(0, L.quotaMax), undefined, `a whole number 0–${L.quotaMax}`, warn, 'no cap used');
  const maxForward = cap(6, 'premium max forwarded');
  const total = cap(7, 'short-video max forwarded');
  if (f.length > 11) warn(`key "${key}": ${f.length - 11} extra field${f.length === 12 ? '' : 's'} ignored`);
  return { ...out, ...(maxForward === undefined ? {} : { maxForward }), ...(total === undefined ? {} : { total }) };
}

function parseSetup(t: string, warn: Warn): ShareTierSetup {
  const f = t.split(',');
  const L = SHARE_LIMITS;
  const d = DEFAULT_SHARE_STATE.tierSetup;
  const model = (x: string): string | null => (isModelId(x) ? x : null);
  if (f.length > 9) warn(`key "ts": ${f.length - 9} extra field${f.length === 10 ? '' : 's'} ignored`);
  return {
    querySet: field('ts', 'tiers query set', f[0], oneOf(TIER_SETS), d.querySet, `one of ${TIER_SETS.join('/')}`, warn),
    pool: field('ts', 'tiers pool size', f[1], intRange(1, L.poolMax), d.pool, `a whole number 1–${L.poolMax}`, warn),
    limit: field('ts', 'tiers query limit', f[2], intRange(0, L.limitMax), d.limit, `a whole number 0–${L.limitMax}`, warn),
    target: fitNum('ts', 'suggestion target', field('ts', 'suggestion target', f[3], numRange(0, 1), d.target, 'a number 0–1', warn), 0, 1, 1e-4, warn),
    modelA: field('ts', 'coarse model of A', f[4], model, d.modelA, 'a model id', warn),
    modelB: field('ts', 'coarse model of B', f[5], model, d.modelB, 'a model id', warn),
    editing: field('ts', 'side being edited', f[6], oneOf(SIDES), d.editing, 'A or B', warn),
    curve: field('ts', 'trade-off zone', f[7], oneOf(CURVES), d.curve, `one of ${CURVES.join('/')}`, warn),
    detail: field('ts', 'detail view', f[8], oneOf(DETAILS), d.detail, `one of ${DETAILS.join('/')}`, warn),
  };
}

/** v0 (pre-release) links used long keys and a percent cutoff; proves the migration path. */
const MIGRATIONS: Record<number, (p: Map<string, string>, warn: Warn) => Map<string, string>> = {
  0: (p) => {
    const out = new Map<string, string>();
    const move = (from: string, to: string): void => { const v = p.get(from); if (v !== undefined) out.set(to, v); };
    move('query', 'q'); move('models', 'm'); move('backend', 'b'); move('topk', 'k');
    const pct = parseNum(p.get('cutoff'));
    if (pct !== null) out.set('t', `,${pct / 100}`); // other tier fields keep their defaults
    return out;
  },
};
const V0_KEYS = ['query', 'models', 'backend', 'cutoff', 'topk'];

export function restoreShareState(hash: unknown): { state: ShareState; warnings: string[] } {
  const L = SHARE_LIMITS;
  const warnings: string[] = [];
  const warn = (m: string): void => { if (warnings.length < SHARE_LIMITS.warnings) warnings.push(m); };
  try {
    let h = typeof hash === 'string' ? hash : '';
    const at = h.indexOf('#');
    if (at >= 0) h = h.slice(at + 1);
    // NOTE: refused whole (not cut): no link the lab writes is this long, and a cut one would misread its last field.
    if (h.length > L.hashChars) {
      warn(`link is ${h.length.toLocaleString('en')} characters, above the limit of ${L.hashChars.toLocaleString('en')}; not read, defaults used`);
      return { state: normalizeShareState(null), warnings };
    }
    let pairs = new Map<string, string>();
    for (const part of h.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const key = eq >= 0 ? part.slice(0, eq) : part;
      if (pairs.has(key)) { warn(`key "${cleanText(key, 20)}" repeated; the first is kept`); continue; }
      pairs.set(key, eq >= 0 ? part.slice(eq + 1) : '');
    }
    const vRaw = parseNum(pairs.get('v'));
    let version = vRaw !== null && Number.isInteger(vRaw) ? vRaw : pairs.has('v') ? SHARE_VERSION : V0_KEYS.some((k) => pairs.has(k)) ? 0 : SHARE_VERSION;
    if (pairs.has('v') && vRaw === null) warn('unreadable version; read as current');
    if (version > SHARE_VERSION) { warn(`link from a newer version (v${version}); known keys read`); version = SHARE_VERSION; }
    if (version < 0) version = 0;
    for (let v = version; v < SHARE_VERSION; v++) { pairs = MIGRATIONS[v](pairs, warn); warn(`migrated link from v${v} to v${v + 1}`); }
    for (const key of pairs.keys()) if (!(KEYS as readonly string[]).includes(key)) warn(`unknown key "${cleanText(key, 20)}" dropped`);

    const s: Partial<ShareState> = {};
    const get = (k: string): string | null => { const r = pairs.get(k); return r === undefined ? null : decode(r, k, warn); };
    const q = get('q'); if (q !== null) s.query = fitText('q', 'query', q, L.query, warn);
    const m = pairs.get('m');
    if (m !== undefined) {
      const ids = m.split(',').map((x) => decode(x, 'm', warn)).filter((x): x is string => x !== null && x !== '');
      const ok = ids.filter(isModelId);
      if (ok.length < ids.length) warn('key "m": invalid model ids dropped');
      const once = [...new Set(ok)];
      if (once.length < ok.length) warn('key "m": repeated model ids dropped');
      s.models = fitList('m', 'models', once, L.models, warn);
    }
    const enums: [string, keyof ShareState, readonly string[]][] = [['b', 'backend', BACKENDS], ['z', 'zone', ZONES], ['ls', 'labelSource', LABEL_SOURCES]];
    for (const [k, field, allowed] of enums) {
      const v = get(k);
      if (v === null) continue;
      if (allowed.includes(v)) (s as Record<string, unknown>)[field] = v; else warn(`key "${k}": unknown value, default used`);
    }
    const p = get('p'); if (p !== null) { if (isPanel(p)) s.panel = p; else warn('key "p": invalid panel id dropped'); }
    const i = pairs.get('i');
    if (i !== undefined) {
      const f = i.split(',');
      extraFields('i', f, 2, warn);
      const [iq, idoc] = f.map((x) => decode(x, 'i', warn));
      const pair = iq && idoc ? { q: fitText('i', 'inspected query', iq, L.query, warn), doc: fitText('i', 'inspected doc id', idoc, L.docid, warn) } : null;
      if (pair?.q && pair.doc) s.inspect = pair; else warn('key "i": needs "query,docid"; dropped');
    }
    const t = get('t');
    if (t !== null) s.tiers = parseTiers(t, 't', warn);
    const tb = get('tb');
    if (tb !== null) s.tiersB = parseTiers(tb, 'tb', warn);
    const ts = get('ts');
    if (ts !== null) s.tierSetup = parseSetup(ts, warn);
    // NOTE: the panel keys are read raw: each field is decoded on its own (run ids and doc ids may hold commas).
    const mx = pairs.get('mx'); if (mx !== undefined) s.metrics = parseMetrics(mx, warn);
    const lq = pairs.get('lq'); if (lq !== undefined) s.labelQueue = parseQueue(lq, warn);
    const lp = pairs.get('lp'); if (lp !== undefined) s.labelPos = parsePair(lp, warn);
    const iv = pairs.get('iv'); if (iv !== undefined) s.inspectView = parseInspectView(iv, warn);
    const rc = pairs.get('rc'); if (rc !== undefined) s.compare = parseCompare(rc, warn);
    const rl = pairs.get('rl'); if (rl !== undefined) s.rankLayout = parseRankLayout(rl, warn);
    const k = parseNum(get('k') ?? undefined);
    if (k !== null) s.topK = fitNum('k', 'top-K', k, L.topKMin, L.topKMax, 1, warn); else if (pairs.has('k')) warn('key "k": not a number; default used');
    for (const [key, field] of [['ds', 'docsetHash'], ['mh', 'modelsetHash']] as const) {
      const v = get(key);
      if (v === null) continue;
      const hex = v.toLowerCase();
      if (!/^[0-9a-f]*$/.test(hex)) { warn(`key "${key}": not a hex prefix; dropped`); continue; }
      if (hex.length > L.hashPrefix) warn(`key "${key}": hash prefix of ${hex.length} digits, above the lab's maximum ${L.hashPrefix}; the first ${L.hashPrefix} kept`);
      s[field] = hex.slice(0, L.hashPrefix);
    }
    return { state: normalizeShareState(s), warnings };
  } catch (e) {
    // NOTE: unreachable by design; the belt-and-braces keeps "never throws" true.
    warn(`link could not be read (${e instanceof Error ? e.message : 'error'}); defaults used`);
    return { state: normalizeShareState(null), warnings };
  }
}
