import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SHARE_STATE, LABEL_SPLITS, METRICS_OPTIONS, PANEL_LIMITS, QUEUE_KINDS, SHARE_LIMITS, cleanText, encodeShareState, normalizeShareState,
  restoreShareState, type ShareState,
} from './shareState';

const isValid = (s: ShareState): boolean => JSON.stringify(normalizeShareState(s)) === JSON.stringify(s);

// Valid states: every field already in canonical form.
// NOTE: fast-check's default size keeps strings short; the links that broke were
// long ones, so texts also come at full length in the scripts that cost most
// (astral CJK Ext B and emoji: 12 chars each once percent-encoded), in Arabic,
// with combining marks, and with the link's own punctuation.
const rareChar = fc.oneof(
  fc.integer({ min: 0x20000, max: 0x2a6df }), fc.integer({ min: 0x1f300, max: 0x1faff }), fc.integer({ min: 0x0600, max: 0x06ff }),
  fc.integer({ min: 0x0300, max: 0x036f }), fc.constantFrom(...[...'&=#%+ ,;~?/\'"<>'].map((c) => c.codePointAt(0)!)),
  fc.integer({ min: 0x20, max: 0x10ffff }).filter((c) => c !== 0x7f && (c < 0xd800 || c > 0xdfff)),
).map((c) => String.fromCodePoint(c));
const rare = (max: number, min = 0): fc.Arbitrary<string> => fc.array(rareChar, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const text = (max: number): fc.Arbitrary<string> => fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: max }).map((x) => cleanText(x, max)), rare(max), rare(max, max));
const grid = (lo: number, hi: number): fc.Arbitrary<number> => fc.integer({ min: lo * 1e4, max: hi * 1e4 }).map((x) => x / 1e4 + 0);
const modelIdArb = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/), fc.stringMatching(/^[A-Za-z0-9_.-]{64}$/));
const modelOrDefault = fc.oneof(fc.constant(''), modelIdArb);
// NOTE: '~' is the link's word for "no reference run", so it is not a run id.
const runId = text(PANEL_LIMITS.runId).filter((x) => x !== '~');
const panelArbs = {
  metrics: fc.record({
    split: fc.constantFrom(...METRICS_OPTIONS.splits), gain: fc.constantFrom(...METRICS_OPTIONS.gains),
    ndcgK: fc.constantFrom(...METRICS_OPTIONS.ndcgK), recallK: fc.constantFrom(...METRICS_OPTIONS.recallK),
    reference: fc.oneof(fc.constant('auto'), fc.constant(''), runId), groupMetric: fc.constantFrom(...METRICS_OPTIONS.groupMetrics),
    limit: fc.constantFrom(...METRICS_OPTIONS.limit), baseline: fc.oneof(fc.constant(''), text(PANEL_LIMITS.runId)),
  }),
  labelQueue: fc.record({
    kind: fc.constantFrom(...QUEUE_KINDS), model: modelOrDefault, k: fc.integer({ min: 1, max: PANEL_LIMITS.queueK }),
    seed: fc.integer({ min: 0, max: PANEL_LIMITS.seedMax }), split: fc.constantFrom(...LABEL_SPLITS), blind: fc.boolean(),
  }),
  labelPos: fc.option(fc.record({ qid: text(PANEL_LIMITS.qid).filter(Boolean), docid: text(PANEL_LIMITS.docid).filter(Boolean) }), { nil: null }),
  inspectView: fc.record({
    tower: modelOrDefault, teacher: modelOrDefault, student: modelOrDefault,
    hideSpecial: fc.boolean(), meanHeads: fc.boolean(), rollout: fc.boolean(), source: fc.constantFrom('query', 'doc', 'fine'),
    layer: fc.integer({ min: 0, max: PANEL_LIMITS.layers - 1 }), head: fc.integer({ min: -1, max: PANEL_LIMITS.heads - 1 }),
    esim: fc.constantFrom('raw', 'queryToDoc', 'docToQuery'),
  }),
  compare: fc.record({ a: modelOrDefault, b: modelOrDefault }),
  rankLayout: fc.record({
    pinned: fc.oneof(fc.uniqueArray(modelIdArb, { maxLength: PANEL_LIMITS.pins }), fc.uniqueArray(modelIdArb, { minLength: PANEL_LIMITS.pins, maxLength: PANEL_LIMITS.pins }),
      fc.constant(['bm25', 'fine']), fc.constant(['fine', 'bm25'])),
    compact: fc.boolean(),
  }),
};
/** A list of any length up to `max`, or exactly `max` long (the default size rarely reaches it). */
const upTo = <T>(x: fc.Arbitrary<T>, max: number): fc.Arbitrary<T[]> => fc.oneof(fc.array(x, { maxLength: max }), fc.array(x, { minLength: max, maxLength: max }));
const hexPrefix = fc.oneof(fc.stringMatching(/^[0-9a-f]{0,16}$/), fc.stringMatching(/^[0-9a-f]{16}$/));
const tiersArb = fc.record({
  norm: fc.constantFrom('raw', 'minmax', 'percentile', 'zscore'),
  cutoff: grid(-10, 10),
  boundaries: upTo(grid(-10, 10), SHARE_LIMITS.boundaries).map((b) => b.sort((x, y) => y - x)),
  order: fc.constantFrom('ctr', 'score', 'blend'),
  alpha: grid(0, 1),
  quotas: upTo(fc.integer({ min: 0, max: SHARE_LIMITS.quotaMax }), SHARE_LIMITS.quotas),
  threshold: fc.integer({ min: 1, max: 3 }),
  ndcgK: fc.integer({ min: 1, max: 1000 }),
  kmK: fc.integer({ min: 1, max: 1000 }),
  maxForward: fc.integer({ min: 0, max: SHARE_LIMITS.quotaMax }),
  total: fc.integer({ min: 0, max: SHARE_LIMITS.quotaMax }),
}, { requiredKeys: ['norm', 'cutoff', 'boundaries', 'order', 'alpha', 'quotas', 'threshold', 'ndcgK', 'kmK'] });
const validState: fc.Arbitrary<ShareState> = fc.tuple(fc.record({
  query: text(SHARE_LIMITS.query),
  models: fc.oneof(fc.uniqueArray(modelIdArb, { maxLength: SHARE_LIMITS.models }), fc.uniqueArray(modelIdArb, { minLength: SHARE_LIMITS.models, maxLength: SHARE_LIMITS.models })),
  backend: fc.constantFrom('auto', 'webgpu', 'wasm'),
  zone: fc.constantFrom('all', 'premium', 'short'),
  panel: fc.oneof(fc.stringMatching(/^[a-z0-9-]{0,32}$/), fc.stringMatching(/^[a-z0-9-]{32}$/)),
  inspect: fc.option(fc.record({ q: text(SHARE_LIMITS.query).filter(Boolean), doc: text(SHARE_LIMITS.docid).filter(Boolean) }), { nil: null }),
  labelSource: fc.constantFrom('truth', 'human', 'both'),
  tiers: tiersArb,
  topK: fc.integer({ min: SHARE_LIMITS.topKMin, max: SHARE_LIMITS.topKMax }),
  docsetHash: hexPrefix,
  modelsetHash: hexPrefix,
  tierSetup: fc.record({
    querySet: fc.constantFrom('test', 'valid', 'labelled'),
    pool: fc.integer({ min: 1, max: SHARE_LIMITS.poolMax }),
    limit: fc.integer({ min: 0, max: SHARE_LIMITS.limitMax }),
    target: grid(0, 1),
    modelA: modelOrDefault,
    modelB: modelOrDefault,
    editing: fc.constantFrom('A', 'B'),
    curve: fc.constantFrom('premium', 'short', 'all'),
    detail: fc.constantFrom('queries', 'served', 'calibration'),
  }),
  ...panelArbs,
}), fc.option(tiersArb, { nil: undefined }))
  .map(([s, tiersB]) => (tiersB ? { ...s, tiersB } : s)) as fc.Arbitrary<ShareState>;

// The longest link a valid state writes: every field at its cap and every
// text char astral (4 UTF-8 bytes → 12 chars percent-encoded).
const ASTRAL = '\u{2A6D6}';
const id64 = (c: string): string => c.repeat(64);
const worstTiers = {
  norm: 'percentile', cutoff: -9.9999, boundaries: Array(SHARE_LIMITS.boundaries).fill(-9.9999), order: 'blend', alpha: 0.9999,
  quotas: Array(SHARE_LIMITS.quotas).fill(SHARE_LIMITS.quotaMax), threshold: 3, ndcgK: 1000, kmK: 1000, maxForward: SHARE_LIMITS.quotaMax, total: SHARE_LIMITS.quotaMax,
} as const;
const WORST = {
  query: ASTRAL.repeat(SHARE_LIMITS.query), models: ['a', 'b', 'c', 'd'].map(id64), backend: 'webgpu', zone: 'premium', panel: 'x'.repeat(32),
  inspect: { q: ASTRAL.repeat(SHARE_LIMITS.query), doc: ASTRAL.repeat(SHARE_LIMITS.docid) }, labelSource: 'human',
  tiers: worstTiers, topK: SHARE_LIMITS.topKMax, docsetHash: 'f'.repeat(16), modelsetHash: 'e'.repeat(16), tiersB: worstTiers,
  tierSetup: { querySet: 'labelled', pool: SHARE_LIMITS.poolMax, limit: SHARE_LIMITS.limitMax, target: 0.9999, modelA: id64('e'), modelB: id64('f'), editing: 'B', curve: 'short', detail: 'calibration' },
  metrics: { split: 'valid', gain: 'linear', ndcgK: 50, recallK: 200, reference: ASTRAL.repeat(PANEL_LIMITS.runId), groupMetric: 'kendall', limit: 400, baseline: ASTRAL.repeat(PANEL_LIMITS.runId) },
  labelQueue: { kind: 'disagreement', model: id64('g'), k: PANEL_LIMITS.queueK, seed: PANEL_LIMITS.seedMax, split: 'train', blind: true },
  labelPos: { qid: ASTRAL.repeat(PANEL_LIMITS.qid), docid: ASTRAL.repeat(PANEL_LIMITS.docid) },
  inspectView: {
    tower: id64('h'), teacher: id64('i'), student: id64('j'), hideSpecial: true, meanHeads: true, rollout: true, source: 'fine',
    layer: PANEL_LIMITS.layers - 1, head: PANEL_LIMITS.heads - 1, esim: 'queryToDoc',
  },
  compare: { a: id64('k'), b: id64('l') },
  rankLayout: { pinned: Array.from({ length: PANEL_LIMITS.pins }, (_, i) => id64(i.toString(16))), compact: true },
} as ShareState;
const WORST_LINK = encodeShareState(WORST).length;

function restoresSafely(h: string): void {
  const { state, warnings } = restoreShareState(h);
  expect(isValid(state)).toBe(true);
  expect(warnings.length).toBeLessThanOrEqual(SHARE_LIMITS.warnings);
  expect(encodeShareState(state).length).toBeLessThanOrEqual(SHARE_LIMITS.hashChars); // whatever comes in, what goes out is readable
}

describe('share state: hand cases', () => {
  it('empty hash → defaults, no warnings', () => {
    expect(restoreShareState('')).toEqual({ state: normalizeShareState(DEFAULT_SHARE_STATE), warnings: [] });
    expect(restoreShareState('#')).toEqual({ state: normalizeShareState(DEFAULT_SHARE_STATE), warnings: [] });
    expect(encodeShareState(DEFAULT_SHARE_STATE)).toBe('v=1');
  });
  it('encodes compactly and restores Chinese, commas and inspected pair', () => {
    const s: ShareState = {
      ...normalizeShareState(DEFAULT_SHARE_STATE), query: '庆余年 第二季, 全集', models: ['student-4l', 'teacher-12l'],
      backend: 'wasm', inspect: { q: 'q00012', doc: 'v000123' }, tiers: { ...DEFAULT_SHARE_STATE.tiers, cutoff: 0.35, order: 'blend', alpha: 0.7 },
      topK: 50, docsetHash: 'ab12', modelsetHash: '9f',
    };
    const h = encodeShareState(s);
    expect(h).toBe('v=1&q=%E5%BA%86%E4%BD%99%E5%B9%B4%20%E7%AC%AC%E4%BA%8C%E5%AD%A3%2C%20%E5%85%A8%E9%9B%86&m=student-4l,teacher-12l&b=wasm'
      + '&i=q00012,v000123&t=raw,0.35,blend,0.7,0.7;0.4,100;60;20&k=50&ds=ab12&mh=9f');
    expect(restoreShareState('#' + h)).toEqual({ state: s, warnings: [] });
    expect(restoreShareState('https://lab.example/#' + h).state).toEqual(s);
  });
  it('drops unknown keys, clamps numbers, caps lists and strings', () => {
    const { state, warnings } = restoreShareState(
      `v=1&zz=1&k=99999&m=a,b,c,d,e,bad%20id&t=zscore,-50,score,7,9;1;2;3;4;5;6;7;8;9,-5;1e9&q=${'x'.repeat(500)}&ds=ABCDEF0123456789ff&b=cuda&p=Bad!`);
    expect(state.topK).toBe(SHARE_LIMITS.topKMax);
    expect(state.models).toEqual(['a', 'b', 'c', 'd']);
    expect(state.tiers).toEqual({
      norm: 'zscore', cutoff: -10, order: 'score', alpha: 1, boundaries: [9, 7, 6, 5, 4, 3, 2, 1], quotas: [0, 100000], threshold: 2, ndcgK: 10, kmK: 10,
    });
    expect(state.query).toHaveLength(SHARE_LIMITS.query);
    expect(state.docsetHash).toBe('abcdef0123456789');
    expect(state.backend).toBe('auto');
    expect(state.panel).toBe('');
    expect(warnings.join('\n')).toMatch(/unknown key "zz"/);
    expect(warnings.join('\n')).toMatch(/invalid model ids/);
    expect(warnings.join('\n')).toMatch(/"b": unknown value/);
  });
  it('tier caps, threshold and depths: appended fields, defaults cost nothing, old links read as before', () => {
    const T = DEFAULT_SHARE_STATE.tiers;
    const s: ShareState = { ...normalizeShareState(null), tiers: { ...T, maxForward: 30, total: 50, threshold: 3 } };
    const h = encodeShareState(s);
    expect(h).toBe('v=1&t=raw,0.5,ctr,0.5,0.7;0.4,100;60;20,30,50,3');
    expect(restoreShareState(h)).toEqual({ state: s, warnings: [] });
    // only the short cap: the fields before it are empty, nothing after it is written
    expect(encodeShareState({ ...s, tiers: { ...T, total: 0 } })).toBe('v=1&t=raw,0.5,ctr,0.5,0.7;0.4,100;60;20,,0');
    expect(encodeShareState({ ...s, tiers: { ...T, kmK: 20 } })).toBe('v=1&t=raw,0.5,ctr,0.5,0.7;0.4,100;60;20,,,,,20');
    // a link from before the caps: no cap, threshold 2, no warning
    const old = restoreShareState('v=1&t=minmax,0.35,blend,0.7,0.8;0.5,120;60');
    expect(old.warnings).toEqual([]);
    expect(old.state.tiers).toEqual({ norm: 'minmax', cutoff: 0.35, order: 'blend', alpha: 0.7, boundaries: [0.8, 0.5], quotas: [120, 60], threshold: 2, ndcgK: 10, kmK: 10 });
  });
  it('a hand-edited tier value: each bad field is named, falls back to its default, the rest is kept', () => {
    const r = restoreShareState('v=1&q=keep&t=minmax,0.35,ctr,0.5,0.7;0.4,100;60;20,lots,-4,7,0,1.5&tb=raw,abc,bogus,0.5,,,2.5,9,x');
    expect(r.state.query).toBe('keep');
    expect(r.state.tiers).toEqual({ norm: 'minmax', cutoff: 0.35, order: 'ctr', alpha: 0.5, boundaries: [0.7, 0.4], quotas: [100, 60, 20], threshold: 2, ndcgK: 10, kmK: 10 });
    expect(r.state.tiersB).toEqual({ ...DEFAULT_SHARE_STATE.tiers, boundaries: [], quotas: [], total: 9 });
    const w = r.warnings.join('\n');
    expect(w).toContain('key "t": premium max forwarded "lots" is not a whole number 0–100000; no cap used');
    expect(w).toContain('key "t": short-video max forwarded "-4" is not a whole number 0–100000; no cap used');
    expect(w).toContain('key "t": relevance threshold "7" is not a whole number 1–3; default used');
    expect(w).toContain('key "t": nDCG depth "0" is not a whole number 1–1000; default used');
    expect(w).toContain('key "t": Recall@k depth "1.5"');
    expect(w).toContain('key "tb": premium cutoff "abc" is not a number; default used');
    expect(w).toContain('key "tb": order inside a tier "bogus"');
    expect(w).toContain('key "tb": premium max forwarded "2.5"');
    expect(w).toContain('key "tb": relevance threshold "x"');
    expect(encodeShareState(r.state)).not.toMatch(/lots|bogus/);
  });
  it('tiers panel setup (ts): round-trips, writes only what differs, bad fields named', () => {
    const D = DEFAULT_SHARE_STATE.tierSetup;
    const s: ShareState = { ...normalizeShareState(null), tierSetup: { ...D, querySet: 'labelled', pool: 200, target: 0.85, modelB: 'teacher-12l', editing: 'B' } };
    const h = encodeShareState(s);
    expect(h).toBe('v=1&ts=labelled,200,,0.85,,teacher-12l,B');
    expect(restoreShareState(h)).toEqual({ state: s, warnings: [] });
    expect(encodeShareState(normalizeShareState(null))).toBe('v=1');
    const r = restoreShareState('v=1&ts=everything,0,-1,2,bad%20id,,C,sideways,served,extra');
    expect(r.state.tierSetup).toEqual({ ...D, detail: 'served' });
    const w = r.warnings.join('\n');
    for (const f of ['tiers query set "everything"', 'tiers pool size "0"', 'tiers query limit "-1"', 'suggestion target "2"',
      'coarse model of A "bad id"', 'side being edited "C"', 'trade-off zone "sideways"', '1 extra field ignored']) expect(w).toContain(f);
  });
  it('bad percent-encoding is a warning, not a crash', () => {
    const r = restoreShareState('v=1&q=%E4%B8&i=%zz,v1&m=%');
    expect(r.state.query).toBe('');
    expect(r.state.inspect).toBeNull();
    expect(r.warnings.some((w) => /percent-encoding/.test(w))).toBe(true);
  });
  it('migrates v0 links (long keys, percent cutoff)', () => {
    const r = restoreShareState('#query=%E5%BA%86&models=a,b&cutoff=35&topk=50&backend=webgpu');
    expect(r.state).toMatchObject({ query: '庆', models: ['a', 'b'], topK: 50, backend: 'webgpu' });
    expect(r.state.tiers).toEqual({ ...DEFAULT_SHARE_STATE.tiers, cutoff: 0.35 });
    expect(r.warnings).toContain('migrated link from v0 to v1');
    expect(restoreShareState('v=0&query=x').state.query).toBe('x');
  });
  it('newer versions read known keys with a warning; non-string input', () => {
    const r = restoreShareState('v=9&q=a&new=1');
    expect(r.state.query).toBe('a');
    expect(r.warnings[0]).toMatch(/newer version/);
    expect(restoreShareState(undefined).state).toEqual(normalizeShareState(null));
    expect(restoreShareState(42).state).toEqual(normalizeShareState(null));
  });
  it('never puts doc text or embeddings in the URL: encode only writes whitelisted keys', () => {
    const sneaky = { ...normalizeShareState(null), docText: '秘密', embedding: [1, 2, 3] } as unknown as ShareState;
    expect(encodeShareState(sneaky)).toBe('v=1');
  });
});

describe('share state: every link the lab writes, it reads back', () => {
  it('the longest valid link is under the reader\'s limit and reads back whole', () => {
    expect(normalizeShareState(WORST)).toStrictEqual(WORST);
    expect(WORST_LINK).toBe(11992); // the figure in SHARE_LIMITS' note
    expect(WORST_LINK).toBeLessThanOrEqual(SHARE_LIMITS.hashChars);
    expect(restoreShareState(encodeShareState(WORST))).toStrictEqual({ state: WORST, warnings: [] });
  });
  it('each field alone, at its default or at its extreme, round-trips; defaults write nothing', () => {
    const d = normalizeShareState(null);
    expect(encodeShareState(d)).toBe('v=1');
    for (const key of Object.keys(WORST) as (keyof ShareState)[]) {
      const s = { ...d, [key]: WORST[key] } as ShareState;
      expect(restoreShareState(encodeShareState(s)), key).toStrictEqual({ state: s, warnings: [] });
      if (key !== 'tiersB') expect(encodeShareState({ ...s, [key]: d[key] }), key).toBe('v=1');
    }
  });
  it('one default top-K: a bare hash, #v=1 and #v=1&p=ranking open at the same top-K', () => {
    const bare = restoreShareState('').state.topK;
    expect(bare).toBe(DEFAULT_SHARE_STATE.topK);
    expect(restoreShareState('#v=1').state.topK).toBe(bare);
    expect(restoreShareState('#v=1&p=ranking').state.topK).toBe(bare);
  });
  it('an oversized or garbage hash: refused with the length and the limit named, never a throw', () => {
    const long = `v=1&k=50&q=${'%F0%AA%9B%96'.repeat(1500)}`;
    const r = restoreShareState(`https://lab.example/#${long}`);
    expect(r.state).toStrictEqual(normalizeShareState(null));
    expect(r.warnings).toEqual([`link is ${long.length.toLocaleString('en')} characters, above the limit of 16,384; not read, defaults used`]);
    const junk = fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }).filter((u) => !u.includes('#'));
    fc.assert(fc.property(fc.integer({ min: SHARE_LIMITS.hashChars + 1, max: 200_000 }), junk, (n, unit) => {
      const out = restoreShareState(unit.repeat(n).slice(0, n));
      expect(out.state).toStrictEqual(normalizeShareState(null));
      expect(out.warnings).toEqual([`link is ${n.toLocaleString('en')} characters, above the limit of 16,384; not read, defaults used`]);
    }), { numRuns: 50 });
  });
  it('every clamp says what it clamped: the key, the value given and the value used', () => {
    const w = (h: string): string[] => restoreShareState(h).warnings;
    expect(w('v=1&k=1000')).toEqual(['key "k": top-K 1000 in the link is above the lab\'s maximum 200; 200 used']);
    expect(w('v=1&k=0')).toEqual(['key "k": top-K 0 in the link is below the lab\'s minimum 1; 1 used']);
    expect(w('v=1&k=7.5')).toEqual(['key "k": top-K 7.5 in the link is not a whole number; 8 used']);
    expect(w('topk=5000')).toEqual(['migrated link from v0 to v1', 'key "k": top-K 5000 in the link is above the lab\'s maximum 200; 200 used']);
    expect(w(`v=1&q=${'x'.repeat(250)}`)).toEqual(['key "q": query is 250 characters, above the lab\'s maximum 200; the first 200 kept']);
    expect(w('v=1&q=a%0Ab')).toEqual(['key "q": query has control characters or broken surrogates; removed']);
    expect(w(`v=1&i=${'y'.repeat(201)},${'d'.repeat(65)}`)).toEqual([
      'key "i": inspected query is 201 characters, above the lab\'s maximum 200; the first 200 kept',
      'key "i": inspected doc id is 65 characters, above the lab\'s maximum 64; the first 64 kept']);
    expect(w('v=1&m=a,b,a,c,d,e,f')).toEqual(['key "m": repeated model ids dropped', 'key "m": 6 models, above the lab\'s maximum 4; the first 4 kept']);
    expect(w(`v=1&ds=${'a'.repeat(20)}`)).toEqual(['key "ds": hash prefix of 20 digits, above the lab\'s maximum 16; the first 16 kept']);
    expect(w('v=1&t=raw,0.12345,ctr,0.5,11;1;2;3;4;5;6;7;8,1;2;3;4;5;6;7;8;9;10;2.5')).toEqual([
      'key "t": premium cutoff 0.12345 in the link is finer than 4 decimals; 0.1235 used',
      'key "t": 9 short-video boundaries, above the lab\'s maximum 8; the first 8 kept',
      'key "t": short-video boundary 11 in the link is above the lab\'s maximum 10; 10 used',
      'key "t": 11 short-video quotas, above the lab\'s maximum 9; the first 9 kept']);
    expect(w('v=1&ts=,,,0.33333')).toEqual(['key "ts": suggestion target 0.33333 in the link is finer than 4 decimals; 0.3333 used']);
    expect(w(`v=1&mx=,,,,${'r'.repeat(101)}`)).toEqual(['key "mx": reference run is 101 characters, above the lab\'s maximum 100; the first 100 kept']);
    expect(w(`v=1&lp=${'q'.repeat(65)},d1`)).toEqual(['key "lp": labelling qid is 65 characters, above the lab\'s maximum 64; the first 64 kept']);
    // and what a clamp gives back is a link that reads without a word
    const r = restoreShareState('v=1&k=1000&q=a%0Ab&m=a,b,a,c,d,e');
    expect(restoreShareState(encodeShareState(r.state))).toStrictEqual({ state: r.state, warnings: [] });
  });
});

describe('share state: properties (≥ 10,000 inputs)', () => {
  it('round-trip encode → restore is identity for valid states (long and rare-script texts included), within the reader\'s limit', () => {
    let longest = 0;
    fc.assert(fc.property(validState, (s) => {
      expect(normalizeShareState(s)).toEqual(s); // the generator makes valid states only
      const h = encodeShareState(s);
      longest = Math.max(longest, h.length);
      expect(h.length).toBeLessThanOrEqual(WORST_LINK);
      const r = restoreShareState('#' + h);
      expect(r.warnings).toEqual([]);
      expect(r.state).toEqual(s);
      expect('tiersB' in r.state).toBe('tiersB' in s);
    }), { numRuns: 3000 });
    expect(longest).toBeGreaterThan(4096); // the old limit: links past it are exercised
  });
  it('random strings and bytes never crash and give a valid state', () => {
    fc.assert(fc.property(fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => String.fromCharCode(...b)),
      fc.array(fc.tuple(fc.constantFrom('v', 'q', 'm', 'b', 'z', 'p', 'i', 'ls', 't', 'k', 'ds', 'mh', 'tb', 'ts', 'mx', 'lq', 'lp', 'iv', 'rc', 'query', 'cutoff', 'x'), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 12 })
        .map((kv) => kv.map(([k, v]) => `${k}=${v}`).join('&')),
    ), restoresSafely), { numRuns: 3000 });
  });
  it('truncated and mutated valid links never crash', () => {
    fc.assert(fc.property(validState, fc.nat(), fc.nat(), fc.constantFrom('', '%', '%E4', '%zz', '&', '=', ',', ';', '#', '\u0000', '\ud800', '&&k=-1e999', '&t=,,,,,,,,'), (s, cut, at, junk) => {
      const h = encodeShareState(s);
      restoresSafely(h.slice(0, cut % (h.length + 1)));
      const p = at % (h.length + 1);
      restoresSafely(h.slice(0, p) + junk + h.slice(p + 1));
      restoresSafely(h.replace(/(^|&)([a-z]+)=/g, (_m, a: string, k: string) => `${a}${k.split('').reverse().join('')}=`));
    }), { numRuns: 2500 });
  });
  it('huge values and many keys stay bounded', () => {
    fc.assert(fc.property(fc.constantFrom('q', 'm', 't', 'tb', 'ts', 'i', 'k', 'mx', 'lq', 'lp', 'iv', 'rc', 'zz'), fc.integer({ min: 1, max: 20000 }), fc.string({ minLength: 1, maxLength: 3 }), (k, n, unit) => {
      restoresSafely(`v=1&${k}=${unit.repeat(n)}`);
      restoresSafely(Array.from({ length: Math.min(n, 3000) }, (_, i) => `k${i}=1`).join('&'));
    }), { numRuns: 500 });
  });
});
