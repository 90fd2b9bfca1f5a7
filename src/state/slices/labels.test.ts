import { describe, expect, it } from 'vitest';
import { DEFAULT_METRICS } from '../../data/shareState';
import { DEFAULT_SETTINGS } from '../../features/metrics/evaluate';
import { createLabStore } from '../store';

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

describe('metrics slice', () => {
  it('starts at the share codec\'s defaults, the panel\'s former ones', () => {
    const k = createLabStore().getState().metricsKnobs;
    expect(k).toEqual({ ...DEFAULT_METRICS });
    expect([k.gain, k.ndcgK, k.recallK]).toEqual([DEFAULT_SETTINGS.gain, DEFAULT_SETTINGS.ndcgK, DEFAULT_SETTINGS.recallK]);
  });
  it('takes offered values and puts anything else back to that knob\'s default', () => {
    const s = createLabStore();
    s.getState().setMetricsKnobs({ split: 'all', ndcgK: 50, limit: 400, reference: '' });
    expect(s.getState().metricsKnobs).toMatchObject({ split: 'all', ndcgK: 50, limit: 400, reference: '' });
    s.getState().setMetricsKnobs({ ndcgK: 7, limit: Number.NaN, split: 'dev' as never });
    expect(s.getState().metricsKnobs).toMatchObject({ split: 'test', ndcgK: 10, limit: 50, reference: '' });
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
