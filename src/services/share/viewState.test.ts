import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeShareState, restoreShareState } from '../../data/shareState';
import { createLabStore } from '../../state/store';
import { mangledLinks } from '../../data/share/mangle';
import { describeMismatch } from './shareNotices';
import { applyView, viewFromState } from './viewState';

const H = { docset: 'ab'.repeat(32), modelset: 'cd'.repeat(32) };
const panel = (id: string): string => (['ranking', 'inspect', 'tiers', 'labels', 'metrics', 'models', 'share'].includes(id) ? id : 'ranking');

describe('store ⇄ share state', () => {
  it('a fresh store writes a short link, and restoring it into another fresh store gives the same link', () => {
    const a = createLabStore();
    const h = encodeShareState(viewFromState(a.getState(), H));
    expect(h).toBe('v=1&p=ranking&ds=abababababab&mh=cdcdcdcdcdcd&tb=raw,0.6,ctr,0.5,0.7;0.4,100;60;20');
    const b = createLabStore();
    applyView(restoreShareState(h).state, b, panel);
    expect(encodeShareState(viewFromState(b.getState(), H))).toBe(h);
  });

  it('every view field goes through the slices and back', () => {
    const a = createLabStore();
    const s = a.getState();
    s.setQuery('庆余年 第2季');
    s.setSelectedModels(['student-4l', 'byo-1234abcd']);
    s.setBackendRequest('webgpu');
    s.setZone('short');
    s.setTopK(77);
    s.setPanel('inspect');
    s.setPair({ query: '庆余年', docId: 'v000001' });
    s.setLabelSource('human');
    s.setTierConfig('A', { ...s.tierConfigA, norm: 'percentile', premium: { cutoff: 0.42 }, short: { ...s.tierConfigA.short, boundaries: [0.9, 0.1], alpha: 0.25, order: 'blend', quotas: [10, 5] } });
    s.setTierConfig('B', { ...s.tierConfigB, premium: { cutoff: 0.9, maxForward: 12 }, short: { ...s.tierConfigB.short, total: 40 }, threshold: 3 });
    s.setTierQuerySet('valid');
    s.setTierEditing('B');
    const h = encodeShareState(viewFromState(a.getState(), H));
    const b = createLabStore();
    applyView(restoreShareState(h).state, b, panel);
    const t = b.getState();
    expect([t.query, t.selectedModels, t.backendRequest, t.zone, t.topK, t.panel, t.pair, t.labelSource]).toEqual(
      ['庆余年 第2季', ['student-4l', 'byo-1234abcd'], 'webgpu', 'short', 77, 'inspect', { query: '庆余年', docId: 'v000001' }, 'human']);
    expect(t.tierConfigA).toMatchObject({ norm: 'percentile', premium: { cutoff: 0.42 }, short: { boundaries: [0.9, 0.1], alpha: 0.25, order: 'blend', quotas: [10, 5] } });
    expect(t.tierConfigB).toMatchObject({ premium: { cutoff: 0.9, maxForward: 12 }, short: { total: 40 }, threshold: 3 });
    expect([t.tierQuerySet, t.tierEditing]).toEqual(['valid', 'B']);
    expect(encodeShareState(viewFromState(t, H))).toBe(h);
  });

  it('the panels\' view state — metrics knobs, labelling queue and position, inspect options, compare, column layout — goes through the slices and back', () => {
    const a = createLabStore();
    const s = a.getState();
    s.setMetricsKnobs({ split: 'valid', gain: 'linear', ndcgK: 5, recallK: 50, reference: 'my run, v2', groupMetric: 'rr', limit: 200, baseline: 'student-4l' });
    s.setQueue({ kind: 'disagreement', k: 40, split: 'train' });
    s.setBlind(true);
    s.setQueuePos({ qid: 'q00042', docid: 'v000777' });
    s.setInspectOptions({ towerId: 'teacher-12l', studentId: 'student-4l', hideSpecial: true, rollout: true, selected: { source: 'doc', layer: 7, head: 2 }, esimView: 'queryToDoc' });
    s.setCompare({ a: 'bm25', b: 'student-4l' });
    s.setRankLayout({ pinned: ['fine', 'teacher-12l'], compact: true });
    const h = encodeShareState(viewFromState(a.getState(), H));
    expect(h).toContain('&mx=valid,linear,5,50,my%20run%2C%20v2,rr,200,student-4l&lq=disagreement,,40,,train,1&lp=q00042,v000777'
      + '&iv=teacher-12l,,student-4l,1,,1,doc,8,3,queryToDoc&rc=bm25,student-4l&rl=fine;teacher-12l,1');
    const b = createLabStore();
    applyView(restoreShareState(h).state, b, panel);
    const t = b.getState();
    expect(t.metricsKnobs).toEqual({ split: 'valid', gain: 'linear', ndcgK: 5, recallK: 50, reference: 'my run, v2', groupMetric: 'rr', limit: 200, baseline: 'student-4l' });
    expect([t.queue, t.blind, t.queuePos]).toEqual([{ kind: 'disagreement', model: '', k: 40, seed: 1, split: 'train' }, true, { qid: 'q00042', docid: 'v000777' }]);
    expect(t.inspectOptions).toEqual({
      towerId: 'teacher-12l', teacherId: null, studentId: 'student-4l', hideSpecial: true, meanHeads: false, rollout: true,
      selected: { source: 'doc', layer: 7, head: 2 }, esimView: 'queryToDoc',
    });
    expect(t.compare).toEqual({ a: 'bm25', b: 'student-4l' });
    expect(t.rankLayout).toEqual({ pinned: ['fine', 'teacher-12l'], compact: true });
    expect(encodeShareState(viewFromState(t, H))).toBe(h);
    // a link that names none of them puts every one back to its default (the position too)
    applyView(restoreShareState('v=1').state, b, panel);
    expect(encodeShareState(viewFromState(b.getState(), H))).not.toMatch(/&(mx|lq|lp|iv|rc|rl)=/);
    expect(b.getState().queuePos).toBeNull();
  });

  it('a link\'s labelling position survives its own queue config being applied', () => {
    const b = createLabStore();
    b.getState().setQueuePos({ qid: 'old', docid: 'pos' });
    applyView(restoreShareState('v=1&lq=topk,teacher-12l&lp=q1,d1').state, b, panel);
    expect(b.getState().queuePos).toEqual({ qid: 'q1', docid: 'd1' });
    expect(b.getState().queue).toMatchObject({ kind: 'topk', model: 'teacher-12l' });
  });

  it('free-text inspected docs never go into a link', () => {
    const a = createLabStore();
    a.getState().setPair({ query: 'q', docText: '我的私人文档' });
    expect(encodeShareState(viewFromState(a.getState(), H))).not.toContain('i=');
  });

  it('any mangled link applied to a store leaves a state that writes a clean link', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
      const st = createLabStore();
      for (const h of mangledLinks(seed, 10)) {
        applyView(restoreShareState(h).state, st, panel);
        expect(restoreShareState(encodeShareState(viewFromState(st.getState(), H))).warnings).toEqual([]);
      }
    }), { numRuns: 40 });
  });
});

describe('what differs between a link and this lab', () => {
  const cur = { docsetHash: 'ab'.repeat(32), docsetName: 'the demo world', modelsetHash: 'cd'.repeat(32), models: ['student-4l', 'teacher-12l'] };
  it('names the doc set and the missing models', () => {
    const w = describeMismatch({ docsetHash: 'deadbeef0123', modelsetHash: 'ffff', models: ['student-4l', 'byo-1234abcd'] }, cur);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/another doc set \(deadbeef…\); this lab has “the demo world” \(abababab…\)/);
    expect(w[1]).toMatch(/another model set .*: model byo-1234abcd not available here/);
  });
  it('says nothing when the sets match or are unknown', () => {
    expect(describeMismatch({ docsetHash: 'abababababab', modelsetHash: 'cdcd', models: ['student-4l'] }, cur)).toEqual([]);
    expect(describeMismatch({ docsetHash: '', modelsetHash: '', models: [] }, cur)).toEqual([]);
    expect(describeMismatch({ docsetHash: 'ff', modelsetHash: 'ff', models: [] }, { ...cur, docsetHash: '', modelsetHash: '' })).toEqual([]);
    expect(describeMismatch(null, cur)).toEqual([]);
  });
  it('a link without a model-set hash still names models this lab lacks', () => {
    expect(describeMismatch({ docsetHash: '', modelsetHash: '', models: ['gone'] }, cur)).toEqual(['Model gone from the link is not available here.']);
  });
});
