// Bring-your-own models in Node (onnxruntime-node): the plan from graph
// metadata, and the committed standard-export fixture (e2e/fixtures/byo,
// made by its own script, not by training/) registered in an Engine and ranking.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toDocsJsonl } from '../../data/importDocs';
import type { DocRow } from '../../data';
import { planByo, poolingFromConfig, type ByoIo } from './byoPlan';
import { ByoHost, type ByoContext } from './byoHost';
import type { ByoAdded, ByoFiles, ByoOpened } from './byoProtocol';
import { normalizeRows, poolTokens } from './byoTower';
import { loadDocSet } from '../docs/docset';
import { Engine } from '../engine/engine';
import { nodeOrt, nodeSessionOptions } from '../ort/node';
import type { WorkerEvent } from '../lab/protocol';

const FIX = join(import.meta.dirname, '../../../e2e/fixtures/byo');
const t = (name: string, type = 'int64', shape: (number | string)[] = ['batch', 'seq']) => ({ name, type, shape });
const STD: ByoIo = {
  inputs: [t('input_ids'), t('attention_mask'), t('token_type_ids')],
  outputs: [{ name: 'last_hidden_state', type: 'float32', shape: ['batch', 'seq', 32] }],
};

describe('planning a graph', () => {
  it('a standard BERT export: int64 inputs, token states → asks for pooling, suggests mean', () => {
    const r = planByo(STD, { max_position_embeddings: 64, hidden_size: 32 }, null);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan).toMatchObject({
      ids: { name: 'input_ids', type: 'int64' }, mask: { type: 'int64' }, tokenTypes: { name: 'token_type_ids' },
      output: { name: 'last_hidden_state', kind: 'tokens' }, pooling: 'mean', ask: true, choices: ['mean', 'cls', 'max'], maxLen: 64,
    });
    const picked = planByo(STD, {}, null, 'cls');
    expect(picked.ok && picked.plan).toMatchObject({ pooling: 'cls', ask: false, maxLen: 512 });
  });
  it('pooled outputs and sentence-transformers configs need no question', () => {
    const st = planByo(STD, {}, { pooling_mode_mean_tokens: false, pooling_mode_cls_token: true });
    expect(st.ok && st.plan).toMatchObject({ pooling: 'cls', ask: false });
    const pooled = planByo({ inputs: STD.inputs.slice(0, 2), outputs: [{ name: 'sentence_embedding', type: 'float32', shape: ['b', 384] }] }, {}, null);
    expect(pooled.ok && pooled.plan).toMatchObject({ pooling: 'output', output: { kind: 'pooled' }, ask: false });
    const both = planByo({ ...STD, outputs: [...STD.outputs, { name: 'pooler_output', type: 'float32', shape: ['b', 32] }] }, {}, null);
    expect(both.ok && both.plan).toMatchObject({ ask: true, choices: ['mean', 'cls', 'max', 'output'] });
    expect(poolingFromConfig({ pooling_mode_mean_tokens: true, pooling_mode_max_tokens: true })).toBeNull();
    const int32 = planByo({ ...STD, inputs: [t('input_ids', 'int32'), t('attention_mask', 'int32')] }, {}, null, 'mean');
    expect(int32.ok && int32.plan.ids.type).toBe('int32');
  });
  it('incompatible graphs: the message names what is missing', () => {
    const r = planByo({ inputs: [t('tokens')], outputs: [{ name: 'logits', type: 'float32', shape: ['batch', 2] }] }, {}, null);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/no "input_ids" input \(its inputs: tokens\)/);
    expect(r.problems.join('\n')).toMatch(/no "attention_mask"/);
    expect(r.problems.join('\n')).toMatch(/cannot fill input "tokens"/);
    const noOut = planByo({ inputs: STD.inputs, outputs: [{ name: 'logits', type: 'float32', shape: ['batch', 2] }] }, {}, null);
    expect(!noOut.ok && noOut.problems[0]).toMatch(/no "last_hidden_state".*its outputs: logits \[batch, 2\]/);
    const floatIds = planByo({ inputs: [t('input_ids', 'float32'), t('attention_mask')], outputs: STD.outputs }, {}, null);
    expect(!floatIds.ok && floatIds.problems[0]).toMatch(/input "input_ids" is float32/);
  });
  it('pooling math', () => {
    const states = Float32Array.from([1, 2, 3, 4, 100, 100]); // [1, 3, 2], last token padded
    const mask = Int32Array.from([1, 1, 0]);
    expect([...poolTokens(states, [1, 3, 2], mask, 'mean')]).toEqual([2, 3]);
    expect([...poolTokens(states, [1, 3, 2], mask, 'cls')]).toEqual([1, 2]);
    expect([...poolTokens(states, [1, 3, 2], mask, 'max')]).toEqual([3, 4]);
    expect([...normalizeRows(Float32Array.from([3, 4]), 2)].map((x) => +x.toFixed(6))).toEqual([0.6, 0.8]);
  });
});

function folder(name: string): ByoFiles {
  const d = join(FIX, name);
  const read = (f: string) => readFileSync(join(d, f), 'utf8');
  return { name, config: read('config.json'), tokenizer: read('tokenizer.json'), tokenizerConfig: read('tokenizer_config.json'), model: new Uint8Array(readFileSync(join(d, 'onnx/model.onnx'))) };
}

const doc = (id: string, title: string): DocRow => ({
  id, zone: 'short', category: '其他', title, tags: [], series: null, season: null, episode: null, uploader: null,
  cast: [], directors: [], year: null, genres: [], duration_s: null, publish_date: null, ctr: null, cover: null,
});

describe('the standard-export fixture in an Engine', () => {
  it('opens, asks for pooling, registers as a tower, encodes the docs and ranks', async () => {
    const engine = new Engine({ ort: nodeOrt, sessionOptions: nodeSessionOptions(1), models: { label: '', bytes: async () => new Uint8Array() } }, { version: 1, models: [] });
    const rows = [doc('a', '红烧牛肉面做法'), doc('b', '独特标题测试'), doc('c', '手机评测视频'), doc('d', '<img src=x onerror=alert(1)>')];
    engine.setDocs(await loadDocSet(new TextEncoder().encode(toDocsJsonl(rows))));
    const events: WorkerEvent[] = [];
    const indexed: string[] = [];
    const ctx: ByoContext = {
      ort: () => nodeOrt, sessionOptions: () => nodeSessionOptions(1), fixedShapes: () => false, engine: () => engine,
      emit: (e) => events.push(e),
      prepareIndex: async (m) => { indexed.push(m.id); const { DocIndex } = await import('../engine/docIndex'); await engine.setIndex(m.id, DocIndex.fromStore({ kind: 'f32', data: await engine.encodeDocs(m.id), dim: engine.tower(m.id).dim })); },
    };
    const host = new ByoHost(ctx);
    const bad = await host.handle({ op: 'open', files: folder('not-an-encoder') }) as ByoOpened;
    expect(bad.plan).toBeUndefined();
    expect(bad.problems!.join(' ')).toMatch(/no "input_ids" input \(its inputs: tokens\)/);

    // A broken tokenizer is named when the folder is opened, not at "Run as a tower".
    const badTok = await host.handle({ op: 'open', files: { ...folder('tiny-bert-zh'), tokenizer: '{"model": 7}' } }) as ByoOpened;
    expect(badTok.plan).toBeUndefined();
    expect(badTok.problems!.join(' ')).toMatch(/tiny-bert-zh: the tokenizer \(tokenizer.json, tokenizer_config.json\) cannot be used/);

    const opened = await host.handle({ op: 'open', files: folder('tiny-bert-zh') }) as ByoOpened;
    expect(opened.id).toMatch(/^byo-[0-9a-f]{8}$/);
    expect(opened.io.inputs.map((i) => `${i.name}:${i.type}`)).toEqual(['input_ids:int64', 'attention_mask:int64', 'token_type_ids:int64']);
    expect(opened.plan).toMatchObject({ ask: true, pooling: 'mean' });
    await expect(host.handle({ op: 'add', key: opened.key })).rejects.toThrow(/pick a pooling/);
    const added = await host.handle({ op: 'add', key: opened.key, pooling: 'mean' }) as ByoAdded;
    expect(added).toMatchObject({ id: opened.id, dim: 32, pooling: 'mean' });
    expect(indexed).toEqual([opened.id]);
    expect(events.map((e) => e.type)).toEqual(['manifest', 'status']);
    await new Promise((r) => setTimeout(r, 0));
    await expect.poll(() => engine.indexes.has(opened.id)).toBe(true);

    // Random weights, but the same text gives the same unit vector: that doc ranks first (cosine 1).
    const res = await engine.rank({ query: '独特标题测试 其他', models: [opened.id], topK: 4, zone: 'all' });
    const col = res.columns.find((c) => c.modelId === opened.id)!;
    expect(col.results).toHaveLength(4);
    expect(col.results[0].doc).toBe(1);
    expect(col.results[0].score).toBeCloseTo(1 / (1 + Math.exp(-1)), 4);

    // Padding and batching do not change a vector: the same doc alone and in a batch.
    const tower = engine.tower(opened.id);
    const one = (await tower.encode(['手机评测视频 其他'], 'doc')).vectors;
    const many = (await tower.encode(['红烧牛肉面做法 其他', '手机评测视频 其他'], 'doc')).vectors;
    one.forEach((x, i) => expect(many[32 + i]).toBeCloseTo(x, 5));

    await host.handle({ op: 'remove', id: opened.id });
    expect(engine.manifest.models).toEqual([]);
  });
});
