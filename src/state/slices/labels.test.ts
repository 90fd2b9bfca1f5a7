import { describe, expect, it } from 'vitest';
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
});
