import { describe, expect, it } from 'vitest';
import { createLabStore } from './store';

describe('lab store', () => {
  it('starts on the ranking panel with an automatic backend request', () => {
    const s = createLabStore().getState();
    expect(s.panel).toBe('ranking');
    expect(s.backendRequest).toBe('auto');
  });
  it('keeps stores independent', () => {
    const a = createLabStore();
    const b = createLabStore();
    a.getState().setPanel('tiers');
    expect(a.getState().panel).toBe('tiers');
    expect(b.getState().panel).toBe('ranking');
  });
});
