import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SHARE_STATE, LABEL_SPLITS, METRICS_OPTIONS, PANEL_LIMITS, QUEUE_KINDS, SHARE_LIMITS, cleanText, encodeShareState, normalizeShareState,
  restoreShareState, type ShareState,
} from './shareState';

const isValid = (s: ShareState): boolean => JSON.stringify(normalizeShareState(s)) === JSON.stringify(s);

// Valid states: every field already in canonical form.
const text = (max: number): fc.Arbitrary<string> => fc.string({ unit: 'grapheme', maxLength: max }).map((x) => cleanText(x, max));
const grid = (lo: number, hi: number): fc.Arbitrary<number> => fc.integer({ min: lo * 1e4, max: hi * 1e4 }).map((x) => x / 1e4 + 0);
const modelOrDefault = fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/));
// NOTE: '~' is the link's word for "no reference run", so it is not a run id.
const runId = text(PANEL_LIMITS.runId).filter((x) => x !== '~');
const panelArbs = {
  metrics: fc.record({
    split: fc.constantFrom(...METRICS_OPTIONS.splits), gain: fc.constantFrom(...METRICS_OPTIONS.gains),
    ndcgK: fc.constantFrom(...METRICS_OPTIONS.ndcgK), recallK: fc.constantFrom(...METRICS_OPTIONS.recallK),
    reference: fc.oneof(fc.constant('auto'), fc.constant(''), runId), groupMetric: fc.constantFrom(...METRICS_OPTIONS.groupMetrics),
    limit: fc.constantFrom(...METRICS_OPTIONS.limit),
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
};
const validState: fc.Arbitrary<ShareState> = fc.record({
  query: text(SHARE_LIMITS.query),
  models: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/), { maxLength: SHARE_LIMITS.models }),
  backend: fc.constantFrom('auto', 'webgpu', 'wasm'),
  zone: fc.constantFrom('all', 'premium', 'short'),
  panel: fc.stringMatching(/^[a-z0-9-]{0,32}$/),
  inspect: fc.option(fc.record({ q: text(SHARE_LIMITS.query).filter(Boolean), doc: text(SHARE_LIMITS.docid).filter(Boolean) }), { nil: null }),
  labelSource: fc.constantFrom('truth', 'human', 'both'),
  tiers: fc.record({
    norm: fc.constantFrom('raw', 'minmax', 'percentile', 'zscore'),
    cutoff: grid(-10, 10),
    boundaries: fc.array(grid(-10, 10), { maxLength: SHARE_LIMITS.boundaries }).map((b) => b.sort((x, y) => y - x)),
    order: fc.constantFrom('ctr', 'score', 'blend'),
    alpha: grid(0, 1),
    quotas: fc.array(fc.integer({ min: 0, max: SHARE_LIMITS.quotaMax }), { maxLength: SHARE_LIMITS.quotas }),
    threshold: fc.integer({ min: 1, max: 3 }),
    ndcgK: fc.integer({ min: 1, max: 1000 }),
    kmK: fc.integer({ min: 1, max: 1000 }),
    maxForward: fc.integer({ min: 0, max: SHARE_LIMITS.quotaMax }),
    total: fc.integer({ min: 0, max: SHARE_LIMITS.quotaMax }),
  }, { requiredKeys: ['norm', 'cutoff', 'boundaries', 'order', 'alpha', 'quotas', 'threshold', 'ndcgK', 'kmK'] }),
  topK: fc.integer({ min: 1, max: 1000 }),
  docsetHash: fc.stringMatching(/^[0-9a-f]{0,16}$/),
  modelsetHash: fc.stringMatching(/^[0-9a-f]{0,16}$/),
  tierSetup: fc.record({
    querySet: fc.constantFrom('test', 'valid', 'labelled'),
    pool: fc.integer({ min: 1, max: SHARE_LIMITS.poolMax }),
    limit: fc.integer({ min: 0, max: SHARE_LIMITS.limitMax }),
    target: grid(0, 1),
    modelA: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/)),
    modelB: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/)),
    editing: fc.constantFrom('A', 'B'),
    curve: fc.constantFrom('premium', 'short', 'all'),
    detail: fc.constantFrom('queries', 'served', 'calibration'),
  }),
  ...panelArbs,
}) as fc.Arbitrary<ShareState>;

function restoresSafely(h: string): void {
  const { state, warnings } = restoreShareState(h);
  expect(isValid(state)).toBe(true);
  expect(warnings.length).toBeLessThanOrEqual(SHARE_LIMITS.warnings);
  expect(encodeShareState(state).length).toBeLessThan(6000);
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
    expect(state.topK).toBe(1000);
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

describe('share state: properties (≥ 10,000 inputs)', () => {
  it('round-trip encode → restore is identity for valid states', () => {
    fc.assert(fc.property(validState, (s) => {
      expect(isValid(s)).toBe(true);
      const r = restoreShareState('#' + encodeShareState(s));
      expect(r.warnings).toEqual([]);
      expect(r.state).toEqual(s);
    }), { numRuns: 2500 });
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
