// The inspect engine over onnxruntime-node: leave-one-out contributions on
// the toy world (one batch = the same numbers as encoding each variant
// alone), and — when trained models are present — the inspect graphs,
// ESIM alignments against the plain softmax math, and multi-head weights.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sigmoid } from '../../core/score';
import { softmax, maxAbsDiff } from '../../core/esim';
import { attentionFromOutput } from '../../core/attention';
import { writeToyWorld } from '../testing/toyWorld';
import { openInspectNode } from './inspectNode';
import { inputRole } from './inspectHeads';
import { leaveOneOutRows } from './inspectContrib';
import { rankAmong } from './inspectRank';

describe('leave-one-out contributions (toy world)', () => {
  const { modelsDir } = writeToyWorld(mkdtempSync(join(tmpdir(), 'inspect-')));
  const eng = openInspectNode(modelsDir);

  it('builds one batch: full query, query minus each inner token, full doc, doc minus each', () => {
    const b = leaveOneOutRows([2, 10, 11, 3], [2, 20, 3]);
    expect(b.padded.batch).toBe(1 + 2 + 1 + 1);
    expect(b.qPositions).toEqual([1, 2]);
    expect(b.dPositions).toEqual([1]);
    expect(b.dRow).toBe(3);
    expect(Array.from(b.padded.ids.subarray(b.padded.seq, b.padded.seq + 3))).toEqual([2, 11, 3]);
  });

  it('equals encoding each variant on its own', async () => {
    const c = await eng.contributions('student', '琅琊榜', '琅琊榜 第1集 电视剧');
    const t = await eng.tower('student');
    expect(c.query.map((x) => x.token)).toEqual(['琅', '琊', '榜']);
    expect(c.batchRows).toBe(1 + 3 + 1 + c.doc.length);
    const enc = async (ids: number[]) => t.encodeBatch({ batch: 1, seq: ids.length, ids: Int32Array.from(ids), mask: new Int32Array(ids.length).fill(1) });
    const q = t.tok.single('琅琊榜', 16), d = t.tok.single('琅琊榜 第1集 电视剧', 32);
    const dotv = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    const [qv, dv] = [await enc(q), await enc(d)];
    expect(c.score).toBeCloseTo(sigmoid(dotv(qv, dv)), 5);
    const q1 = await enc(q.filter((_, k) => k !== 2));
    // The change is on the logit (q·d), not the probability (which saturates).
    expect(c.logit).toBeCloseTo(dotv(qv, dv), 4);
    expect(c.query[1].change).toBeCloseTo(dotv(q1, dv) - dotv(qv, dv), 4);
    expect(c.query[1].score).toBeCloseTo(sigmoid(dotv(q1, dv)), 5);
  });

  it('says when a tower ships no inspect graph', async () => {
    await expect(eng.towerPair('student', 'a', 'b')).rejects.toThrow(/no inspect graph/);
  });
});

describe('rank of a doc', () => {
  it('is 1 + the docs that beat it, the doc itself not counted', () => {
    const dots = Float32Array.from([0.5, 0.9, 0.1, 0.7]);
    expect(rankAmong(dots, dots[3], 3)).toBe(2);
    expect(rankAmong(dots, 0.95)).toBe(1);
    expect(rankAmong(dots, 0)).toBe(5);
  });
});

describe('head input names', () => {
  it('maps names to tower outputs', () => {
    expect(['q', 'q_tok', 'q_mask', 'd', 'd_tok', 'd_mask'].map(inputRole)).toEqual(['q', 'q_tok', 'q_mask', 'd', 'd_tok', 'd_mask']);
    expect(inputRole('query_token_embeddings')).toBe('q_tok');
    expect(inputRole('doc_mask')).toBe('d_mask');
    expect(inputRole('other')).toBeNull();
  });
});

const MODELS = process.env.PRERANK_MODELS ?? join(process.cwd(), 'models');
describe.skipIf(!existsSync(join(MODELS, 'manifest.json')))('trained models (models/)', () => {
  const eng = existsSync(join(MODELS, 'manifest.json')) ? openInspectNode(MODELS) : null!;
  const q = '庆余年 第二季', d = '庆余年 第2集 电视剧 高清 热门';

  it('tower inspect graphs: attention rows sum to 1, embedding matches the lean graph', async () => {
    const tower = eng.manifest.models.find((m) => m.kind === 'tower' && m.files.inspect)!;
    const p = await eng.towerPair(tower.id, q, d);
    const a = attentionFromOutput(p.query.attentions.dims, p.query.attentions.data);
    expect(a.seq).toBe(p.query.tokens.length);
    for (let i = 0; i < a.seq; i++) expect(a.data.subarray(i * a.seq, (i + 1) * a.seq).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    const t = await eng.tower(tower.id);
    const lean = (await t.encode([q], 'query')).vectors;
    for (let k = 0; k < t.dim; k++) expect(Math.abs(lean[k] - p.query.embedding[k])).toBeLessThan(1e-4);
  });

  it('interaction heads: ESIM softmaxes equal softmax(e) both ways; multi-head weights sum to 1', async () => {
    // The interaction heads the inspect panel shows; a fusion head scores doc features
    // (category, numeric, cover), not a typed text pair.
    const typeOf = (m: object): string => String((m as { head?: { type?: string } }).head?.type ?? '');
    const heads = eng.manifest.models.filter((m) => m.kind === 'head' && ['esim', 'multihead'].includes(typeOf(m)));
    expect(heads.map(typeOf)).toEqual(expect.arrayContaining(['esim', 'multihead']));
    for (const h of heads) {
      const r = await eng.headPair(h.id, q, d);
      if (r.esim) {
        const e = { rows: r.esim.raw.dims[0], cols: r.esim.raw.dims[1], data: r.esim.raw.data };
        expect(e.rows).toBe(r.queryTokens.length);
        expect(e.cols).toBe(r.docTokens.length);
        const m = (t: typeof r.esim.raw) => ({ rows: t.dims[0], cols: t.dims[1], data: t.data });
        expect(maxAbsDiff(softmax(e, 'row'), m(r.esim.queryToDoc))).toBeLessThan(1e-4);
        expect(maxAbsDiff(softmax(e, 'col'), m(r.esim.docToQuery))).toBeLessThan(1e-4);
      }
      if (r.multihead) expect(r.multihead.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    }
  });
});
