// What the head views say a head is: base tower, precision and the shipped
// checkpoint, from the manifest and the heads report — by hand, and on the
// shipped files (head_multi is its step-0 checkpoint, i.e. the dot product).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest, ManifestModel } from '../../runtime/api';
import { headFacts, parseHeadReport, shippedStep } from './headInfo';
import { pairTag } from './pair';

const head = (id: string, type: string, extra: Record<string, unknown> = {}) =>
  ({ id, role: 'head', kind: 'head', dir: id, files: {}, sha256: {}, description: `${type} head`, base_tower: 'student_d', precision: 'fp32', head: { type }, ...extra }) as ManifestModel;
const row = (id: string, hist: [number, number][], best: number) => ({ id, train: { steps: 400, valid_history: hist, best_valid_ndcg10: best } });

describe('head facts', () => {
  it('a head kept at step 0 says so, and that a zero-initialised head is then the dot product', () => {
    const f = headFacts(head('m', 'multihead'), row('m', [[0, 0.65], [200, 0.64], [400, 0.63]], 0.65));
    expect(f).toMatchObject({ baseTower: 'student_d', precision: 'fp32', type: 'multihead', step: { step: 0, steps: 400, lastStep: 400 } });
    expect(f.checkpoint).toBe('Shipped checkpoint: step 0 of 400 — checkpoint selection on the valid split kept the untrained starting point '
      + '(nDCG@10 0.6500 at step 0, 0.6300 at step 400), where the head\'s correction is zero: its score is the dot product sigmoid(q·d) of student_d, '
      + 'and every per-head similarity s_k is 0.');
    // ESIM's correction is not zero at step 0: no dot-product claim.
    const e = headFacts(head('e', 'esim'), row('e', [[0, 0.65], [400, 0.6]], 0.65));
    expect(e.checkpoint).not.toContain('dot product');
    expect(e.checkpoint).toContain('step 0 of 400');
  });

  it('a trained checkpoint names its step; missing or untrained rows say what is not known', () => {
    expect(headFacts(head('e', 'esim'), row('e', [[0, 0.6], [200, 0.7], [400, 0.7]], 0.7)).checkpoint).toBe('Shipped checkpoint: step 200 of 400 (best valid nDCG@10 0.7000).');
    expect(headFacts(head('e', 'esim'), undefined).checkpoint).toMatch(/not known \(no row in models\/report\.heads\.json\)/);
    expect(headFacts(head('e', 'esim'), { id: 'e', train: {} }).checkpoint).toMatch(/no checkpoint selection/);
    expect(shippedStep({ id: 'x', train: { valid_history: [[0, 0.5]], best_valid_ndcg10: 0.9 } })).toBeNull();
    expect(headFacts({ ...head('b', 'esim'), base_tower: undefined, precision: undefined }, undefined)).toMatchObject({ baseTower: null, precision: 'fp32' });
  });

  it('reads any report without throwing', () => {
    expect(parseHeadReport(null).size).toBe(0);
    expect(parseHeadReport({ rows: 'x' }).size).toBe(0);
    expect([...parseHeadReport({ rows: [null, { id: 3 }, { id: 'a' }] }).keys()]).toEqual(['a']);
  });

  const models = join(process.cwd(), 'models');
  it.skipIf(!existsSync(join(models, 'report.heads.json')))('on the shipped files: head_multi runs on student_d and is its step-0 checkpoint', () => {
    const manifest = JSON.parse(readFileSync(join(models, 'manifest.json'), 'utf8')) as Manifest;
    const report = parseHeadReport(JSON.parse(readFileSync(join(models, 'report.heads.json'), 'utf8')));
    const multi = manifest.models.find((m) => m.id === 'head_multi')!;
    const f = headFacts(multi, report.get('head_multi'));
    expect(f).toMatchObject({ baseTower: 'student_d', type: 'multihead', step: { step: 0 } });
    expect(f.checkpoint).toContain('the dot product sigmoid(q·d) of student_d');
  });
});

describe('export names', () => {
  it('name the pair: the query and the doc id, or a typed doc\'s first characters', () => {
    expect(pairTag({ query: ' 琅琊榜 ', docId: 'v000001', docText: '琅琊榜 第1集' })).toEqual(['琅琊榜', 'v000001']);
    expect(pairTag({ query: 'q'.repeat(40), docText: '一二三四五六七八九十一二三四五六七八' })).toEqual(['q'.repeat(24), '一二三四五六七八九十一二三四五六']);
  });
});
