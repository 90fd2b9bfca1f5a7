// The query-set scorer's slices, progress and pool cache, on the toy world
// (tiny towers and cross-encoder built in code): a second scorer over the same
// store reads every unit and computes nothing, with the same scores; any key
// part that changes misses; a bad entry is recomputed, never trusted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuerySetProgress } from '../api';
import type { Engine } from '../engine/engine';
import { openNodeEngine } from '../ort/node';
import { memoryPoolStore, poolKeyText, type PoolKeyParts } from './poolCache';
import { QuerySetScorer } from './querySetScorer';
import { writeToyWorld } from '../testing/toyWorld';

let engine: Engine;
const data = {
  text: new Map([['q1', '琅琊榜'], ['q2', '红烧肉'], ['q3', '琅琊榜 第1集']]),
  judged: new Map([['q1', ['v000007']], ['q2', ['v000003', 'v000005']]]),
};
const sources = { queries: 'a'.repeat(64), qrels: 'b'.repeat(64) };
const QIDS = ['q1', 'q2', 'q3'];

beforeAll(async () => {
  const world = writeToyWorld(mkdtempSync(join(tmpdir(), 'prerank-scorer-')));
  engine = await openNodeEngine({ modelsDir: world.modelsDir, docsPath: world.docsPath });
});

describe('pool cache keys', () => {
  it('every part of the key changes it', () => {
    const base: PoolKeyParts = {
      kind: 'coarse', model: 'student', graph: 'g', tokenizer: 't', docs: 'd', qids: 'q', queries: 'x', pool: { size: 100, judged: 'j' },
    };
    const variants: PoolKeyParts[] = [
      { ...base, kind: 'fine' }, { ...base, model: 'teacher' }, { ...base, graph: 'g2' }, { ...base, tokenizer: 't2' },
      { ...base, docs: 'd2' }, { ...base, qids: 'q2' }, { ...base, queries: 'x2' },
      { ...base, pool: { size: 200, judged: 'j' } }, { ...base, pool: { size: 100, judged: 'j2' } },
    ];
    const keys = new Set([base, ...variants].map(poolKeyText));
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('QuerySetScorer', () => {
  it('reports progress per slice up to the whole set, with every unit computed', async () => {
    const store = memoryPoolStore();
    const seen: QuerySetProgress[] = [];
    // a zero budget: every unit of work ends a slice
    const s = new QuerySetScorer(engine, data, { store, sources, sliceMs: 0 });
    const r = await s.score(['teacher', 'student'], QIDS, 2, undefined, { onProgress: (p) => seen.push(p) });
    expect(seen[0]).toMatchObject({ done: 0, total: 3, etaS: null });
    expect(seen.at(-1)).toMatchObject({ done: 3, total: 3, etaS: 0 });
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    expect(r.slices!.count).toBeGreaterThan(3);
    expect(r.cache).toEqual({ read: [], computed: ['teacher', 'student', 'fine'] });
    expect(store.entries.size).toBe(3);
  });

  it('a second scorer over the same store (a reload) reads every unit, computes nothing, and gives the same scores', async () => {
    const store = memoryPoolStore();
    const first = await new QuerySetScorer(engine, data, { store, sources }).score(['teacher', 'student'], QIDS, 2);
    const again = await new QuerySetScorer(engine, data, { store, sources }).score(['teacher', 'student'], QIDS, 2);
    expect(again.cache).toEqual({ read: ['teacher', 'student', 'fine'], computed: [] });
    expect(again.byModel).toEqual(first.byModel);
    // a subset of the towers: their units and the fine one (a superset of the pools) still serve it
    const one = await new QuerySetScorer(engine, data, { store, sources }).score(['student'], QIDS, 2);
    expect(one.cache!.computed).toEqual([]);
    expect(one.byModel.student).toEqual(first.byModel.student);
  });

  it('cached(): the whole answer from the store with no model run, or null when any part needs scoring', async () => {
    const store = memoryPoolStore();
    const s0 = new QuerySetScorer(engine, data, { store, sources });
    expect(await s0.cached(['teacher', 'student'], QIDS, 2)).toBeNull();
    const first = await s0.score(['teacher', 'student'], QIDS, 2);
    expect(await s0.cached(['teacher', 'student'], QIDS, 2)).toMatchObject({ byModel: first.byModel, cache: { read: [], computed: [] } });
    const reload = new QuerySetScorer(engine, data, { store, sources });
    const c = await reload.cached(['teacher', 'student'], QIDS, 2);
    expect(c!.byModel).toEqual(first.byModel);
    expect(c!.cache).toEqual({ read: ['teacher', 'student', 'fine'], computed: [] });
    expect(await reload.cached(['teacher', 'student'], QIDS, 3)).toBeNull();
    // another query set is another key (a part of this one is in memory, though: per query)
    expect(await new QuerySetScorer(engine, data, { store, sources }).cached(['teacher', 'student'], ['q1', 'q2'], 2)).toBeNull();
    expect((await reload.cached(['teacher', 'student'], ['q1', 'q2'], 2))!.byModel.fine.q2).toEqual(first.byModel.fine.q2);
  });

  it('misses when the pool, the query set or a source file changes', async () => {
    const store = memoryPoolStore();
    await new QuerySetScorer(engine, data, { store, sources }).score(['student'], QIDS, 2);
    const miss = async (qids: string[], pool: number, src = sources) =>
      (await new QuerySetScorer(engine, data, { store, sources: src }).score(['student'], qids, pool)).cache!.read;
    expect(await miss(QIDS, 3)).toEqual([]);
    expect(await miss(['q1', 'q2'], 2)).toEqual([]);
    expect(await miss(QIDS, 2, { ...sources, qrels: 'c'.repeat(64) })).toEqual([]);
    expect(await miss(QIDS, 2)).toEqual(['student', 'fine']);
  });

  it('a damaged entry is recomputed to the same scores, and a failing store only costs the cache', async () => {
    const store = memoryPoolStore();
    const first = await new QuerySetScorer(engine, data, { store, sources }).score(['student'], QIDS, 2);
    for (const [id, v] of store.entries) {
      const bad = { ...(v as object), docs: Int32Array.from((v as { docs: Int32Array }).docs, () => 1e9) };
      store.entries.set(id, bad);
    }
    const again = await new QuerySetScorer(engine, data, { store, sources }).score(['student'], QIDS, 2);
    expect(again.cache!.read).toEqual([]);
    expect(again.byModel).toEqual(first.byModel);
    const broken = { getMany: async () => { throw new Error('IndexedDB is gone'); }, put: async () => { throw new Error('quota'); } };
    const r = await new QuerySetScorer(engine, data, { store: broken, sources }).score(['student'], QIDS, 2);
    expect(r.byModel).toEqual(first.byModel);
    expect(r.cache!.writeError).toMatch(/quota/);
  });
});
