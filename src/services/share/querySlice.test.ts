// The query slice, the share codec and the view mapping agree on top-K: one default (a bare URL
// and a link without `k` open alike) and one range (a link cannot ask for
// more rows than the panel shows); texts held as a link carries them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHARE_STATE, SHARE_LIMITS, encodeShareState, restoreShareState } from '../../data/shareState';
import { applyView, viewFromState } from './viewState';
import { createLabStore } from '../../state/store';

describe('query slice: top-K', () => {
  it('a fresh store, a bare hash and #v=1&p=ranking open at the same top-K', () => {
    const fresh = createLabStore().getState().topK;
    expect(fresh).toBe(DEFAULT_SHARE_STATE.topK);
    for (const h of ['', '#v=1', '#v=1&p=ranking']) {
      const s = createLabStore();
      applyView(restoreShareState(h).state, s, () => 'ranking');
      expect(s.getState().topK, h).toBe(fresh);
    }
  });
  it('clamps to the codec\'s range, so every top-K the panel holds writes a link that reads back', () => {
    const s = createLabStore();
    for (const [k, want] of [[1000, SHARE_LIMITS.topKMax], [-5, SHARE_LIMITS.topKMin], [77.4, 77], [Number.NaN, DEFAULT_SHARE_STATE.topK], [0, DEFAULT_SHARE_STATE.topK]]) {
      s.getState().setTopK(k); // NOTE: 0 / NaN is an emptied number field: the default, as before
      expect(s.getState().topK, String(k)).toBe(want);
    }
    for (let k = SHARE_LIMITS.topKMin; k <= SHARE_LIMITS.topKMax; k++) {
      s.getState().setTopK(k);
      const r = restoreShareState(encodeShareState({ ...DEFAULT_SHARE_STATE, topK: s.getState().topK }));
      expect(r, String(k)).toEqual({ state: { ...DEFAULT_SHARE_STATE, topK: k }, warnings: [] });
    }
  });

  it('the query (and the inspected pair\'s) is held as a link carries it, so the link reopens what the writer showed', () => {
    const a = createLabStore();
    const long = '\u{2A6D6}'.repeat(250);
    a.getState().setQuery(long);
    a.getState().setPair({ query: long, docId: 'v000001' });
    expect([...a.getState().query]).toHaveLength(SHARE_LIMITS.query);
    expect([...a.getState().pair!.query]).toHaveLength(SHARE_LIMITS.query);
    const b = createLabStore();
    const h = encodeShareState(viewFromState(a.getState(), { docset: '', modelset: '' }));
    applyView(restoreShareState(h).state, b, () => 'ranking');
    expect([b.getState().query, b.getState().pair]).toEqual([a.getState().query, a.getState().pair]);
    const same = { query: 'q', docId: 'd' };
    a.getState().setPair(same);
    expect(a.getState().pair).toBe(same); // an unchanged pair keeps its identity
  });
});
