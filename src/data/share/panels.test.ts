// The panel keys of the share codec (mx, lq, lp, iv, rc): every field
// round-trips, defaults cost nothing, a bad field is named and falls back
// alone, and the rest of the link is kept.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INSPECT_VIEW, DEFAULT_LABEL_QUEUE, DEFAULT_METRICS, encodeShareState, normalizeShareState, restoreShareState, type ShareState,
} from '../shareState';

const base = (): ShareState => normalizeShareState(null);
const roundTrip = (s: ShareState): void => expect(restoreShareState(encodeShareState(s))).toEqual({ state: s, warnings: [] });

describe('metrics knobs (mx)', () => {
  it('every knob round-trips; defaults write nothing', () => {
    expect(encodeShareState(base())).toBe('v=1');
    const s = { ...base(), metrics: { split: 'all', gain: 'linear', ndcgK: 20, recallK: 200, reference: 'student-4l', groupMetric: 'kendall', limit: 400, baseline: 'bm25, v2' } } as ShareState;
    expect(encodeShareState(s)).toBe('v=1&mx=all,linear,20,200,student-4l,kendall,400,bm25%2C%20v2');
    roundTrip(s);
    const one = { ...base(), metrics: { ...DEFAULT_METRICS, recallK: 50 } };
    expect(encodeShareState(one)).toBe('v=1&mx=,,,50');
    roundTrip(one);
  });
  it('reference: auto (default), none, and an imported run id with commas and spaces', () => {
    const none = { ...base(), metrics: { ...DEFAULT_METRICS, reference: '' } };
    expect(encodeShareState(none)).toBe('v=1&mx=,,,,~');
    roundTrip(none);
    const run = { ...base(), metrics: { ...DEFAULT_METRICS, reference: 'bm25, tuned (2)' } };
    expect(encodeShareState(run)).toBe('v=1&mx=,,,,bm25%2C%20tuned%20(2)');
    roundTrip(run);
  });
  it('bad fields are named and fall back alone', () => {
    const r = restoreShareState('v=1&q=keep&mx=weekly,cubic,7,200,,median,401,,extra&ls=human');
    expect(r.state.query).toBe('keep');
    expect(r.state.labelSource).toBe('human');
    expect(r.state.metrics).toEqual({ ...DEFAULT_METRICS, recallK: 200 });
    const w = r.warnings.join('\n');
    for (const f of ['key "mx": metrics split "weekly" is not one of test/valid/train/all; default used', 'key "mx": nDCG gain "cubic"',
      'key "mx": nDCG K "7" is not one of 5/10/20/50; default used', 'key "mx": group metric "median"',
      'key "mx": metrics query limit "401" is not one of 0/20/50/100/200/400', 'key "mx": 1 extra field ignored']) expect(w).toContain(f);
    expect(encodeShareState(r.state)).toBe('v=1&q=keep&ls=human&mx=,,,200');
  });
});

describe('labelling queue (lq) and position (lp)', () => {
  it('the queue config and blind flag round-trip; the position keeps ids with commas', () => {
    const s: ShareState = { ...base(), labelQueue: { kind: 'topk', model: 'teacher-12l', k: 50, seed: 7, split: 'valid', blind: true }, labelPos: { qid: 'q00012', docid: 'v,000 123' } };
    expect(encodeShareState(s)).toBe('v=1&lq=topk,teacher-12l,50,7,valid,1&lp=q00012,v%2C000%20123');
    roundTrip(s);
    const seedOnly = { ...base(), labelQueue: { ...DEFAULT_LABEL_QUEUE, seed: 42 } };
    expect(encodeShareState(seedOnly)).toBe('v=1&lq=,,,42');
    roundTrip(seedOnly);
  });
  it('bad fields are named and fall back alone; a half position is dropped', () => {
    const r = restoreShareState('v=1&lq=sorted,bad%20id,0,-1,dev,yes&lp=q1');
    expect(r.state.labelQueue).toEqual(DEFAULT_LABEL_QUEUE);
    expect(r.state.labelPos).toBeNull();
    const w = r.warnings.join('\n');
    for (const f of ['key "lq": queue strategy "sorted"', 'key "lq": queue model "bad id" is not a model id', 'key "lq": queue K "0" is not a whole number 1–1000',
      'key "lq": queue seed "-1"', 'key "lq": queue split "dev"', 'key "lq": blind judging "yes" is not 0 or 1', 'key "lp": needs "qid,docid"; dropped']) expect(w).toContain(f);
    const k = restoreShareState('v=1&lq=disagreement,,30');
    expect(k).toEqual({ state: { ...base(), labelQueue: { ...DEFAULT_LABEL_QUEUE, kind: 'disagreement', k: 30 } }, warnings: [] });
  });
});

describe('inspect view (iv)', () => {
  it('models, toggles, the selected map (1-based in the link) and the ESIM view round-trip', () => {
    const s: ShareState = {
      ...base(),
      inspectView: { tower: 'student-4l', teacher: 'teacher-12l', student: 'student-2l', hideSpecial: true, meanHeads: false, rollout: true, source: 'fine', layer: 2, head: 3, esim: 'docToQuery' },
    };
    expect(encodeShareState(s)).toBe('v=1&iv=student-4l,teacher-12l,student-2l,1,,1,fine,3,4,docToQuery');
    roundTrip(s);
    const mean = { ...base(), inspectView: { ...DEFAULT_INSPECT_VIEW, layer: 5, head: -1 } };
    expect(encodeShareState(mean)).toBe('v=1&iv=,,,,,,,6,0');
    roundTrip(mean);
  });
  it('bad fields are named and fall back alone', () => {
    const r = restoreShareState('v=1&iv=<b>,,,2,1,,side,0,99,both');
    expect(r.state.inspectView).toEqual({ ...DEFAULT_INSPECT_VIEW, meanHeads: true });
    const w = r.warnings.join('\n');
    for (const f of ['key "iv": inspect tower "<b>" is not a model id', 'key "iv": hide [CLS]/[SEP] "2" is not 0 or 1',
      'key "iv": attention source "side"', 'key "iv": layer "0" is not a whole number 1–64; default used', 'key "iv": head "99" is not a whole number 0–64',
      'key "iv": ESIM view "both"']) expect(w).toContain(f);
  });
});

describe('ranking compare (rc)', () => {
  it('round-trips, one side alone, and names a bad id', () => {
    const s = { ...base(), compare: { a: 'bm25', b: 'teacher-12l' } };
    expect(encodeShareState(s)).toBe('v=1&rc=bm25,teacher-12l');
    roundTrip(s);
    const b = { ...base(), compare: { a: '', b: 'student-4l' } };
    expect(encodeShareState(b)).toBe('v=1&rc=,student-4l');
    roundTrip(b);
    const r = restoreShareState('v=1&rc=a%20b,student-4l');
    expect(r.state.compare).toEqual({ a: '', b: 'student-4l' });
    expect(r.warnings).toEqual(['key "rc": compare column A "a b" is not a model id; default used']);
  });
});

describe('metrics: auto query count and the paired baseline (mx, appended fields)', () => {
  it('auto (0) is the default and writes nothing; a fixed count and a baseline round-trip', () => {
    expect(DEFAULT_METRICS.limit).toBe(0);
    const fixed = { ...base(), metrics: { ...DEFAULT_METRICS, limit: 50 } };
    expect(encodeShareState(fixed)).toBe('v=1&mx=,,,,,,50');
    roundTrip(fixed);
    const b = { ...base(), metrics: { ...DEFAULT_METRICS, baseline: 'student_a' } };
    expect(encodeShareState(b)).toBe('v=1&mx=,,,,,,,student_a');
    roundTrip(b);
  });
  it('a link written before the baseline field reads with the reference run as baseline', () => {
    expect(restoreShareState('v=1&mx=valid,,,,,,200')).toEqual({ state: { ...base(), metrics: { ...DEFAULT_METRICS, split: 'valid', limit: 200 } }, warnings: [] });
  });
});

describe('ranking layout (rl)', () => {
  it('the default pins (BM25, the fine ranker) and plain rows write nothing; other pins, none and compact round-trip', () => {
    expect(base().rankLayout).toEqual({ pinned: ['bm25', 'fine'], compact: false });
    const s = { ...base(), rankLayout: { pinned: ['fine', 'student_a', 'bm25'], compact: true } };
    expect(encodeShareState(s)).toBe('v=1&rl=fine;student_a;bm25,1');
    roundTrip(s);
    const none = { ...base(), rankLayout: { pinned: [], compact: false } };
    expect(encodeShareState(none)).toBe('v=1&rl=~');
    roundTrip(none);
    const compact = { ...base(), rankLayout: { pinned: ['bm25', 'fine'], compact: true } };
    expect(encodeShareState(compact)).toBe('v=1&rl=,1');
    roundTrip(compact);
  });
  it('a bad id or flag is named and falls back alone; repeats are dropped with a word', () => {
    const r = restoreShareState('v=1&q=keep&rl=bm25;a%20b,2');
    expect(r.state.query).toBe('keep');
    expect(r.state.rankLayout).toEqual({ pinned: ['bm25', 'fine'], compact: false });
    expect(r.warnings).toEqual([
      'key "rl": pinned columns "bm25;a b" is not model ids joined by \';\' or ~; default used',
      'key "rl": compact rows "2" is not 0 or 1; default used',
    ]);
    const d = restoreShareState('v=1&rl=fine;fine;teacher');
    expect(d.state.rankLayout.pinned).toEqual(['fine', 'teacher']);
    expect(d.warnings).toEqual(['key "rl": repeated pinned columns dropped']);
  });
});

describe('all panel keys together', () => {
  it('bad percent-encoding in one field drops that field alone', () => {
    const r = restoreShareState('v=1&mx=valid,%E4,20&lp=%zz,v1&rc=%,x');
    expect(r.state.metrics).toEqual({ ...DEFAULT_METRICS, split: 'valid', ndcgK: 20 });
    expect(r.state.labelPos).toBeNull();
    expect(r.state.compare).toEqual({ a: '', b: 'x' });
    expect(r.warnings.filter((w) => /percent-encoding/.test(w)).length).toBe(3);
  });
});
