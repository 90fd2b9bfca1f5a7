import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_METRICS } from '../../data/shareState';
import { createLabStore } from '../store';
import { LABELLER_KEY } from './labels';

describe('labels slice', () => {
  it('holds inputs only, with clamped queue numbers and a trimmed labeller', () => {
    const s = createLabStore();
    s.getState().setLabeller('  ana  ');
    expect(s.getState().labeller).toBe('ana');
    s.getState().setLabeller('   ');
    expect(s.getState().labeller).toBe('me');
    s.getState().setQueue({ kind: 'topk', k: 1e9, seed: -5 });
    expect(s.getState().queue).toMatchObject({ kind: 'topk', k: 1000, seed: 0, split: 'test' });
    s.getState().setQueue({ k: Number.NaN });
    expect(s.getState().queue.k).toBe(20);
    const v = s.getState().labelsVersion;
    s.getState().bumpLabels();
    expect(s.getState().labelsVersion).toBe(v + 1);
    s.getState().setBlind(true);
    expect(s.getState().blind).toBe(true);
  });
  it('keeps the queue position until the queue or the labeller changes', () => {
    const s = createLabStore();
    s.getState().setQueuePos({ qid: 'q1', docid: 'd1' });
    s.getState().setQueue({ k: 20, seed: 1 }); // the same config: the position stays
    s.getState().setLabeller('me');
    expect(s.getState().queuePos).toEqual({ qid: 'q1', docid: 'd1' });
    s.getState().setQueue({ seed: 2 });
    expect(s.getState().queuePos).toBeNull();
    s.getState().setQueuePos({ qid: 'q2', docid: 'd2' });
    s.getState().setLabeller('ana');
    expect(s.getState().queuePos).toBeNull();
    s.getState().setQueuePos({ qid: '', docid: 'd' });
    expect(s.getState().queuePos).toBeNull();
  });
});

describe('the labeller survives a reload', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });
  const memoryStorage = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
  };

  it('a name set on one page is the next page\'s (a fresh store reads localStorage)', () => {
    const ls = memoryStorage();
    vi.stubGlobal('localStorage', ls);
    expect(createLabStore().getState().labeller).toBe('me');
    createLabStore().getState().setLabeller('  ana ');
    expect(ls.m.get(LABELLER_KEY)).toBe('ana');
    expect(createLabStore().getState().labeller).toBe('ana');
    ls.m.set(LABELLER_KEY, `  ${'x'.repeat(60)}`); // edited by hand: cleaned as the setter cleans
    expect(createLabStore().getState().labeller).toBe('x'.repeat(40));
  });

  it('private mode or a full quota keep the name in memory, with no error', () => {
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } });
    const s = createLabStore();
    expect(() => s.getState().setLabeller('bo')).not.toThrow();
    expect(s.getState().labeller).toBe('bo');
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError'); } });
    const t = createLabStore();
    expect(t.getState().labeller).toBe('me');
    t.getState().setLabeller('cy');
    expect(t.getState().labeller).toBe('cy');
  });
});

describe('metrics slice', () => {
  it('starts at the share codec\'s defaults', () => {
    expect(createLabStore().getState().metricsKnobs).toEqual({ ...DEFAULT_METRICS });
  });
  it('takes offered values and puts anything else back to that knob\'s default', () => {
    const s = createLabStore();
    s.getState().setMetricsKnobs({ split: 'all', ndcgK: 50, limit: 400, reference: '' });
    expect(s.getState().metricsKnobs).toMatchObject({ split: 'all', ndcgK: 50, limit: 400, reference: '' });
    s.getState().setMetricsKnobs({ ndcgK: 7, limit: Number.NaN, split: 'dev' as never });
    expect(s.getState().metricsKnobs).toMatchObject({ split: 'test', ndcgK: 10, limit: 0, reference: '' });
  });
});

describe('query slice: compare bar', () => {
  it('sets each side alone', () => {
    const s = createLabStore();
    s.getState().setCompare({ b: 'bm25' });
    s.getState().setCompare({ a: 'student-4l' });
    expect(s.getState().compare).toEqual({ a: 'student-4l', b: 'bm25' });
  });
});

describe('query slice: column layout and "open in Ranking"', () => {
  it('starts with BM25 and the fine ranker pinned; keeps ids once, as a link carries them', () => {
    const s = createLabStore();
    expect(s.getState().rankLayout).toEqual({ pinned: ['bm25', 'fine'], compact: false });
    s.getState().setRankLayout({ compact: true });
    s.getState().setRankLayout({ pinned: ['fine', 'fine', 'a b', 'student_a'] });
    expect(s.getState().rankLayout).toEqual({ pinned: ['fine', 'student_a'], compact: true });
  });
  it('openInRanking types the query and shows the ranking panel in one update', () => {
    const s = createLabStore();
    s.getState().setPanel('metrics');
    const seen: [string, string][] = [];
    s.subscribe((x) => seen.push([x.panel, x.query]));
    s.getState().openInRanking('  琅琊榜 第3集');
    expect(seen).toEqual([['ranking', '  琅琊榜 第3集']]);
  });
});
