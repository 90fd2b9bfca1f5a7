// A toy model set and doc set written in code, for tests that must not depend
// on the trained models (CLI round trips, codec checks, the engine's plumbing).
// Towers: masked mean of a random embedding table, then a projection; the
// fine ranker the same over [CLS] q [SEP] d [SEP] with token types, then a
// linear head. Never shipped; never a stand-in for real numbers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { buildOnnxModel, type Node } from '../../core/onnxProto';
import { mulberry32 } from '../../core/stats';

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

export const TOY_DOCS = [
  { title: '琅琊榜 第1集', category: '电视剧', zone: 'premium', tags: ['高清', '经典'] },
  { title: '琅琊榜 第2集', category: '电视剧', zone: 'premium', tags: ['高清'] },
  { title: '庆余年 第5集', category: '电视剧', zone: 'premium', tags: ['热门'] },
  { title: '红烧肉做法 家常版', category: '美食', zone: 'short', tags: ['教程'] },
  { title: 'iPhone15 评测', category: '科技', zone: 'short', tags: ['评测', '4K'] },
  { title: 'NBA集锦 湖人', category: '体育', zone: 'short', tags: ['集锦'] },
  { title: '三体 第3集', category: '电视剧', zone: 'premium', tags: ['科幻'] },
  { title: '北京旅游 攻略', category: '旅游', zone: 'short', tags: ['攻略', 'vlog'] },
].map((d, i) => ({
  id: `v${String(i).padStart(6, '0')}`, zone: d.zone, category: d.category, title: d.title, tags: d.tags,
  series: null, season: null, episode: null, uploader: null, cast: [], directors: [], year: 2024, genres: [],
  duration_s: 600, publish_date: '2024-01-01', ctr: Math.round(((i * 37) % 100)) / 100, cover: new Array(16).fill(0),
}));

function vocabFor(texts: string[]): string[] {
  const chars = new Set<string>();
  for (const t of texts) for (const ch of t.toLowerCase()) if (!/\s/.test(ch)) chars.add(ch);
  const ascii = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  return [...SPECIALS, ...new Set([...ascii, ...chars]), ...ascii.map((c) => `##${c}`)];
}

function tokenizerFiles(vocab: string[]) {
  const json = {
    version: '1.0', truncation: null, padding: null,
    added_tokens: SPECIALS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  };
  const config = { do_lower_case: true, model_max_length: 32, unk_token: '[UNK]', pad_token: '[PAD]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]', tokenizer_class: 'BertTokenizer' };
  return { json, config };
}

function rand(n: number, seed: number, scale: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

/** Masked-mean pooling nodes: ids/mask → `pooled` [B, H]. */
function poolNodes(withTypes: boolean): Node[] {
  const nodes: Node[] = [
    { op: 'Gather', inputs: ['E', 'input_ids'], outputs: ['tok'] }, // [B, S, H]
    { op: 'Cast', inputs: ['attention_mask'], outputs: ['maskf'], attrs: { to: 1 } }, // [B, S]
    { op: 'Unsqueeze', inputs: ['maskf', 'axis_last'], outputs: ['mask3'] }, // [B, S, 1]
  ];
  if (withTypes) {
    nodes.push(
      { op: 'Gather', inputs: ['T', 'token_type_ids'], outputs: ['typ'] },
      { op: 'Add', inputs: ['tok', 'typ'], outputs: ['tok2'] },
      { op: 'Mul', inputs: ['tok2', 'mask3'], outputs: ['masked'] },
    );
  } else {
    nodes.push({ op: 'Mul', inputs: ['tok', 'mask3'], outputs: ['masked'] });
  }
  nodes.push(
    { op: 'ReduceSum', inputs: ['masked', 'axis_seq'], outputs: ['sum'], attrs: { keepdims: 0 } }, // [B, H]
    { op: 'ReduceSum', inputs: ['mask3', 'axis_seq'], outputs: ['cnt'], attrs: { keepdims: 0 } }, // [B, 1]
    { op: 'Div', inputs: ['sum', 'cnt'], outputs: ['mean'] },
    { op: 'Tanh', inputs: ['mean'], outputs: ['pooled'] },
  );
  return nodes;
}

const axes = [
  { name: 'axis_last', dims: [1], data: BigInt64Array.from([-1n]) },
  { name: 'axis_seq', dims: [1], data: BigInt64Array.from([1n]) },
];

function towerGraph(vocab: number, hidden: number, seed: number): Uint8Array {
  return buildOnnxModel({
    name: 'toy_tower',
    nodes: [...poolNodes(false), { op: 'MatMul', inputs: ['pooled', 'W'], outputs: ['embedding'] }],
    inputs: [
      { name: 'input_ids', type: 'int32', shape: ['batch', 'seq'] },
      { name: 'attention_mask', type: 'int32', shape: ['batch', 'seq'] },
    ],
    outputs: [{ name: 'embedding', type: 'float', shape: ['batch', hidden] }],
    initializers: [
      { name: 'E', dims: [vocab, hidden], data: rand(vocab * hidden, seed, 1) },
      { name: 'W', dims: [hidden, hidden], data: rand(hidden * hidden, seed + 1, 0.5) },
      ...axes,
    ],
  });
}

function crossGraph(vocab: number, hidden: number, seed: number): Uint8Array {
  return buildOnnxModel({
    name: 'toy_cross',
    nodes: [
      ...poolNodes(true),
      { op: 'MatMul', inputs: ['pooled', 'w'], outputs: ['logit2'] }, // [B, 1]
      { op: 'Squeeze', inputs: ['logit2', 'axis_last'], outputs: ['logit'] }, // [B]
    ],
    inputs: [
      { name: 'input_ids', type: 'int32', shape: ['batch', 'seq'] },
      { name: 'attention_mask', type: 'int32', shape: ['batch', 'seq'] },
      { name: 'token_type_ids', type: 'int32', shape: ['batch', 'seq'] },
    ],
    outputs: [{ name: 'logit', type: 'float', shape: ['batch'] }],
    initializers: [
      { name: 'E', dims: [vocab, hidden], data: rand(vocab * hidden, seed, 1) },
      { name: 'T', dims: [2, hidden], data: rand(2 * hidden, seed + 2, 0.3) },
      { name: 'w', dims: [hidden, 1], data: rand(hidden, seed + 1, 2) },
      ...axes,
    ],
  });
}

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** Writes `<dir>/models/…` (manifest + toy models) and `<dir>/docs.jsonl`. */
export function writeToyWorld(dir: string, hidden = 16, extraVocabText = ''): { modelsDir: string; docsPath: string } {
  const modelsDir = join(dir, 'models');
  const docsText = TOY_DOCS.map((d) => JSON.stringify(d)).join('\n') + '\n';
  const docsPath = join(dir, 'docs.jsonl');
  mkdirSync(dir, { recursive: true });
  writeFileSync(docsPath, docsText);
  const vocab = vocabFor([...TOY_DOCS.map((d) => `${d.title}${d.category}${d.tags.join('')}`), '预热 查询 湖人集锦', extraVocabText]);
  const tok = tokenizerFiles(vocab);
  const specs = [
    { id: 'teacher', role: 'teacher', kind: 'tower', graph: towerGraph(vocab.length, hidden, 11) },
    { id: 'student', role: 'student', kind: 'tower', graph: towerGraph(vocab.length, hidden, 23) },
    { id: 'fine', role: 'fine', kind: 'cross', graph: crossGraph(vocab.length, hidden, 37) },
  ] as const;
  const models = specs.map((s) => {
    const d = join(modelsDir, s.id);
    mkdirSync(join(d, 'onnx'), { recursive: true });
    writeFileSync(join(d, 'tokenizer.json'), JSON.stringify(tok.json));
    writeFileSync(join(d, 'tokenizer_config.json'), JSON.stringify(tok.config));
    writeFileSync(join(d, 'vocab.txt'), vocab.join('\n') + '\n');
    writeFileSync(join(d, 'config.json'), JSON.stringify({ hidden_size: hidden, tokenization: { query_max_len: 16, doc_max_len: 32, pair_max_len: 48 } }));
    const rel = `${s.id}/onnx/model_lean.onnx`;
    writeFileSync(join(modelsDir, rel), s.graph);
    return {
      id: s.id, role: s.role, kind: s.kind, layers: 0, hidden, heads: 0, ffn: 0, pooling: 'mean', max_len: 32,
      params: 0, dir: s.id, files: { lean: rel }, sha256: { [rel]: sha(s.graph) }, metrics: {},
    };
  });
  writeFileSync(join(modelsDir, 'manifest.json'), JSON.stringify({ version: 1, profile: 'toy', docset_sha256: sha(docsText), models }, null, 1));
  return { modelsDir, docsPath };
}
