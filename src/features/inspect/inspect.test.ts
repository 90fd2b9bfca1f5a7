import { describe, expect, it } from 'vitest';
import type { DocRow } from '../../runtime/docs/docset';
import type { ManifestModel } from '../../runtime/api';
import { attnView, pickMap } from './attentionMaps';
import { chooseId, defaultStudent, headOfType, inspectModels } from './models';
import { resolvePair, searchDocs } from './pair';

const row = (id: string, title: string): DocRow => ({
  id, zone: 'premium', category: '电视剧', title, tags: ['高清'], series: null, season: null, episode: null, uploader: null,
  cast: [], directors: [], year: 2024, genres: [], duration_s: 600, publish_date: null, ctr: 0.1, cover: null,
});
const rows = [row('v000001', '琅琊榜 第1集'), row('v000002', '庆余年 第2集'), row('v000010', '琅琊榜 第10集')];

describe('attention views', () => {
  // 2 layers, 2 heads, 3 tokens; every map uniform except layer 1 head 1.
  const dims = [1, 2, 2, 3, 3];
  const data = new Float32Array(36).fill(1 / 3);
  data.set([1, 0, 0, 0, 1, 0, 0, 0, 1], 27);
  const tokens = ['[CLS]', '琅', '[SEP]'];

  it('one map per layer and head, or one per layer for mean / rollout', () => {
    const v = attnView({ dims, data }, tokens, { hideSpecial: false, meanHeads: false, rollout: false });
    expect(v.maps).toHaveLength(4);
    expect(v.columns).toBe(2);
    expect(Array.from(pickMap(v, 1, 1).matrix.data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const m = attnView({ dims, data }, tokens, { hideSpecial: false, meanHeads: true, rollout: false });
    expect(m.maps.map((g) => g.head)).toEqual([-1, -1]);
    expect(pickMap(m, 1, 1).matrix.data[0]).toBeCloseTo((1 / 3 + 1) / 2, 6);
    expect(attnView({ dims, data }, tokens, { hideSpecial: false, meanHeads: false, rollout: true }).maps).toHaveLength(2);
  });

  it('hides special tokens by cropping', () => {
    const v = attnView({ dims, data }, tokens, { hideSpecial: true, meanHeads: false, rollout: false });
    expect(v.labels).toEqual(['琅']);
    expect(pickMap(v, 1, 1).matrix.rows).toBe(1);
    expect(pickMap(v, 1, 1).matrix.data[0]).toBe(1);
  });

  it('refuses tokens that do not match the map', () => {
    expect(() => attnView({ dims, data }, ['a'], { hideSpecial: false, meanHeads: false, rollout: false })).toThrow(/tokens/);
  });
});

describe('the pair', () => {
  it('resolves a doc of the set to its doc text and row', () => {
    const r = resolvePair({ query: ' 琅琊榜 ', docId: 'v000002' }, rows);
    expect(r).toMatchObject({ query: '琅琊榜', docText: '庆余年 第2集 电视剧 高清', docIndex: 1 });
    expect(resolvePair({ query: 'x', docId: 'v999999' }, rows)).toEqual({ error: 'doc v999999 is not in the loaded doc set' });
    expect(resolvePair({ query: 'x', docId: 'v000001' }, [])).toBeNull();
    expect(resolvePair({ query: 'x', docText: ' typed ' }, rows)).toMatchObject({ docText: 'typed' });
    expect(resolvePair({ query: '', docText: 'typed' }, rows)).toBeNull();
  });

  it('searches ids first, then titles', () => {
    expect(searchDocs(rows, 'v00001').map((m) => m.row.id)).toEqual(['v000010']);
    expect(searchDocs(rows, '琅琊').map((m) => m.index)).toEqual([0, 2]);
    expect(searchDocs(rows, ' ')).toEqual([]);
  });
});

describe('models', () => {
  const m = (id: string, role: ManifestModel['role'], kind: ManifestModel['kind'], extra: Partial<ManifestModel> = {}): ManifestModel =>
    ({ id, role, kind, dir: id, files: { lean: `${id}/onnx/model.onnx` }, sha256: {}, ...extra });
  const manifest = {
    version: 1,
    models: [
      m('teacher', 'teacher', 'tower', { files: { lean: 'a', inspect: 'b' } }),
      m('student_a', 'student', 'tower', { files: { lean: 'a', inspect: 'b' } }),
      m('student_b', 'student', 'tower'),
      m('student_d', 'student', 'tower', { files: { lean: 'a', inspect: 'b' } }),
      m('fine', 'fine', 'cross'),
      m('head_esim_int8', 'head', 'head', { head: { type: 'esim' }, precision: 'int8' }),
      m('head_esim', 'head', 'head', { head: { type: 'esim' }, precision: 'fp32' }),
      m('cmp_tower_int8', 'student', 'tower', { files: { lean: 'a', inspect: 'b' } }),
      m('head_mh', 'head', 'head', { description: 'multi-head soft attention' }),
    ],
  };
  it('offers towers with inspect graphs and picks defaults', () => {
    const im = inspectModels(manifest);
    expect(im.inspectTowers.map((x) => x.id)).toEqual(['teacher', 'student_a', 'student_d', 'cmp_tower_int8']);
    expect(chooseId(null, defaultStudent(im.students), 'last')).toBe('student_d');
    expect(chooseId('student_a', im.students, 'last')).toBe('student_a');
    expect(chooseId('gone', im.teachers)).toBe('teacher');
    expect(im.fine?.id).toBe('fine');
    expect(headOfType(im.heads, 'esim')).toBe('head_esim');
    expect(headOfType(im.heads, 'multihead')).toBe('head_mh');
  });
});
