// The runtime in Node with onnxruntime-node on the toy world: graph builder,
// serialised sessions, padding invariance, ranking plumbing, query-set scores.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoringGraph } from '../../core/onnxProto';
import { dotScores, sigmoid } from '../../core/score';
import { DocIndex } from './docIndex';
import type { Engine } from './engine';
import { nodeOrt, openNodeEngine } from '../ort/node';
import { SerialSession } from '../ort/ort';
import { QuerySetScorer } from '../queryset/querySetScorer';
import { SUPERSEDED } from '../api';
import { writeToyWorld } from '../testing/toyWorld';

let engine: Engine;
let world: { modelsDir: string; docsPath: string };

beforeAll(async () => {
  world = writeToyWorld(mkdtempSync(join(tmpdir(), 'prerank-engine-')));
  engine = await openNodeEngine({ modelsDir: world.modelsDir, docsPath: world.docsPath });
});

describe('scoring graph built in code', () => {
  it('computes docs·q like the typed-array loop', async () => {
    const dim = 8, n = 37;
    const docs = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i));
    const q = Float32Array.from({ length: dim }, (_, i) => Math.cos(i));
    const s = await SerialSession.create(nodeOrt, scoringGraph(dim), {});
    const out = (await s.run({ docs: new nodeOrt.Tensor('float32', docs, [n, dim]), q: new nodeOrt.Tensor('float32', q, [dim, 1]) })).dots.data as Float32Array;
    const ref = dotScores(q, docs, dim);
    out.forEach((x, i) => expect(x).toBeCloseTo(ref[i], 5));
  });

  it('DocIndex on the graph and on the loop agree', async () => {
    const dim = engine.tower('student').dim;
    const vectors = await engine.encodeDocs('student');
    const loop = DocIndex.fromStore({ kind: 'f32', data: vectors, dim });
    const graph = DocIndex.fromStore({ kind: 'f32', data: vectors, dim });
    await graph.useGraph(nodeOrt, {});
    const q = (await engine.tower('student').encode(['琅琊榜'], 'query')).vectors;
    const [a, b] = [await loop.dots(q), await graph.dots(q)];
    a.forEach((x, i) => expect(b[i]).toBeCloseTo(x, 5));
  });
});

describe('towers', () => {
  it('encode a doc set chunk by chunk to the same vectors, with progress from 0 to n', async () => {
    const whole = await engine.encodeDocs('student');
    const seen: number[] = [];
    const chunked = await engine.encodeDocs('student', { batch: 2, chunk: 3, onProgress: (d) => seen.push(d) });
    whole.forEach((x, i) => expect(chunked[i]).toBeCloseTo(x, 5));
    const n = whole.length / engine.tower('student').dim;
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(n);
    expect(seen.every((d, i) => i === 0 || d >= seen[i - 1])).toBe(true);
  });

  it('give the same vector whatever the padding and batch', async () => {
    const t = engine.tower('teacher');
    const one = (await t.encode(['庆余年'], 'query')).vectors;
    const many = (await t.encode(['庆余年', '一个长一点的查询 iphone15 评测 对比'], 'query')).vectors;
    one.forEach((x, i) => expect(many[i]).toBeCloseTo(x, 5));
  });

  it('serialise concurrent runs on one session (no interleaving errors)', async () => {
    const t = engine.tower('student');
    const texts = ['琅琊榜', '三体', '湖人', '红烧肉', '北京'];
    const all = await Promise.all(texts.map((x) => t.encode([x], 'query')));
    const seq: { vectors: Float32Array }[] = [];
    for (const x of texts) seq.push(await t.encode([x], 'query'));
    all.forEach((r, i) => expect(Array.from(r.vectors)).toEqual(Array.from(seq[i].vectors)));
  });
});

describe('rank', () => {
  it('returns a column per tower, BM25 and the fine ranker, with scores = sigmoid(q·d)', async () => {
    const r = await engine.rank({ query: '琅琊榜', models: [], topK: 5, zone: 'all' });
    expect(r.columns.map((c) => c.modelId)).toEqual(['teacher', 'student', 'bm25', 'fine']);
    const t = engine.tower('teacher');
    const q = (await t.encode(['琅琊榜'], 'query')).vectors;
    const d = (await t.encode(engine.docs!.texts, 'doc')).vectors;
    const ref = dotScores(q, d, t.dim);
    const col = r.columns[0];
    expect(col.results).toHaveLength(5);
    for (const x of col.results) expect(x.score).toBeCloseTo(sigmoid(ref[x.doc]), 5);
    for (let i = 1; i < col.results.length; i++) expect(col.results[i].score).toBeLessThanOrEqual(col.results[i - 1].score);
    // The BM25 column finds the two 琅琊榜 episodes first.
    expect(r.columns[2].results.slice(0, 2).map((x) => x.doc).sort()).toEqual([0, 1]);
    // Each column's fine ranks are a permutation of 1..K; the fine column is sorted by fine score.
    expect(col.results.map((x) => x.fineRank).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5]);
    const fine = r.columns[3].results;
    for (let i = 1; i < fine.length; i++) expect(fine[i].score).toBeLessThanOrEqual(fine[i - 1].score);
    expect(r.poolSize).toBeGreaterThanOrEqual(5);
  });

  it('filters by zone', async () => {
    const r = await engine.rank({ query: '集锦', models: ['student'], topK: 8, zone: 'short' });
    const rows = engine.docs!.rows;
    for (const c of r.columns) for (const x of c.results) expect(rows[x.doc].zone).toBe('short');
    expect(r.columns[0].results.length).toBe(rows.filter((d) => d.zone === 'short').length);
  });
});

describe('an index is bound to the doc set it was built for', () => {
  it('a new doc set drops every index; an index built for the old set is refused; the column says it waits', async () => {
    const e = await openNodeEngine({ modelsDir: world.modelsDir, docsPath: world.docsPath });
    const old = e.docs!;
    const oldIndex = DocIndex.fromStore({ kind: 'f32', data: await e.encodeDocs('student'), dim: e.tower('student').dim });
    expect(await e.setIndex('student', oldIndex, old.sha256)).toBe(true);
    expect((await e.rank({ query: '琅琊榜', models: ['student'], topK: 3, zone: 'all' })).columns[0].results).toHaveLength(3);
    const rows = old.rows.slice(0, 4), texts = old.texts.slice(0, 4);
    e.setDocs({ rows, texts, sha256: 'f'.repeat(64), byId: new Map(rows.map((r, i) => [r.id, i])) });
    const col = (await e.rank({ query: '琅琊榜', models: ['student'], topK: 3, zone: 'all' })).columns[0];
    expect(col.results).toEqual([]); // not the old set's row numbers under the new set's titles
    expect(col.waiting).toBe('index');
    const late = DocIndex.fromStore({ kind: 'f32', data: await e.encodeDocs('student'), dim: e.tower('student').dim });
    expect(await e.setIndex('student', oldIndex, old.sha256)).toBe(false); // a build of the old set finishing late
    expect(await e.setIndex('student', late, 'f'.repeat(64))).toBe(true);
    const now = (await e.rank({ query: '琅琊榜', models: ['student'], topK: 3, zone: 'all' })).columns[0];
    expect(now.results.every((r) => r.doc < 4)).toBe(true);
    await e.release();
  });

  it('the embedding cache key of a model of your own names its pooling and doc length', async () => {
    const { embeddingIdentity } = await import('./indexBuilder');
    const byo = { id: 'mine', role: 'student', kind: 'tower', dir: '', files: { model: 'model.onnx' }, sha256: { 'model.onnx': 'abc' }, byo: true, max_len: 64 } as const;
    const keys = new Set(['mean', 'cls', 'max'].map((pooling) => embeddingIdentity({ ...byo, pooling } as never)));
    expect(keys.size).toBe(3);
    expect(embeddingIdentity({ ...byo, byo: false, pooling: 'mean' } as never)).toBe('abc'); // shipped: the graph's hash, as the .emb files say
  });
});

describe('scoreQuerySet', () => {
  it('pools each model\'s top-N plus judged docs, and fine-scores the union', async () => {
    const s = new QuerySetScorer(engine, {
      text: new Map([['q1', '琅琊榜'], ['q2', '红烧肉']]),
      judged: new Map([['q1', ['v000007']], ['q2', ['v000003', 'v000005']]]),
    });
    const r = await s.score(['teacher', 'student'], ['q1', 'q2'], 2);
    expect(r.fineModelId).toBe('fine');
    const q1 = r.byModel.teacher.q1.map((x) => x.doc);
    expect(q1).toContain(7);
    expect(q1.length).toBeGreaterThanOrEqual(2);
    const union = new Set([...r.byModel.teacher.q2, ...r.byModel.student.q2].map((x) => x.doc));
    expect(new Set(r.byModel.fine.q2.map((x) => x.doc))).toEqual(union);
    const again = await s.score(['teacher'], ['q2'], 2);
    expect(again.byModel.teacher.q2).toEqual(r.byModel.teacher.q2);
    await expect(s.score(['teacher'], ['nope'], 2)).rejects.toThrow(/unknown qid/);
  });

  it('a superseded request stops before its next query, and a later one still completes', async () => {
    const s = new QuerySetScorer(engine, {
      text: new Map([['q1', '琅琊榜'], ['q2', '红烧肉']]),
      judged: new Map([['q1', ['v000007']], ['q2', ['v000003']]]),
    });
    let calls = 0;
    await expect(s.score(['teacher', 'student'], ['q1', 'q2'], 2, () => ++calls > 1)).rejects.toThrow(SUPERSEDED);
    const r = await s.score(['teacher', 'student'], ['q1', 'q2'], 2);
    expect(Object.keys(r.byModel.fine)).toEqual(['q1', 'q2']);
  });
});

describe('SIMD scoring kernel', () => {
  it('matches the typed-array loop on odd sizes, and refuses dims it cannot tile', async () => {
    const { SimdDocs } = await import('./simdDot');
    const dim = 48, n = 1001;
    const docs = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i * 0.37));
    const q = Float32Array.from({ length: dim }, (_, j) => Math.cos(j));
    const s = SimdDocs.create(docs, dim)!;
    const a = s.dots(q), b = dotScores(q, docs, dim);
    for (let i = 0; i < n; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    expect(Array.from(s.docs.subarray(0, 5))).toEqual(Array.from(docs.subarray(0, 5)));
    expect(SimdDocs.create(new Float32Array(24), 12)).toBeNull();
  });
});
