// Interaction heads (training/heads.py) as the inspect panel runs them: the
// head's ONNX graph fed with its base tower's pooled and token embeddings of
// one (query, doc) pair. ESIM returns the alignment e [Tq, Td] and both
// softmaxes; the multi-head head returns its weights over heads and each
// head's similarity. Inputs and outputs are matched by name (see ROLE and
// OUT below), and input dtypes come from the graph's own metadata.
// Refuses: a head whose inputs it cannot name (the error lists them).
import { sigmoid } from '../../core/score';
import type { Manifest, ManifestModel } from '../api';
import { verifiedBytes, type AssetSource } from '../engine/assets';
import { LabError, leanFile } from '../engine/manifest';
import { SerialSession, type Feeds, type OrtApi, type SessionOptions } from '../ort/ort';
import type { TowerPair } from './inspectEngine';
import type { Tensor32 } from './inspectTypes';

type Role = 'q' | 'd' | 'q_tok' | 'd_tok' | 'q_mask' | 'd_mask';

/** Which tower output an input name stands for. */
export function inputRole(name: string): Role | null {
  const n = name.toLowerCase();
  const side = /^(q|query)(_|$)|query/.test(n) ? 'q' : /^(d|doc)(_|$)|doc/.test(n) ? 'd' : null;
  if (!side) return null;
  if (n.includes('mask')) return `${side}_mask`;
  if (n.includes('tok')) return `${side}_tok`;
  return side;
}

export type HeadType = 'esim' | 'multihead' | 'other';

export interface HeadResult {
  headId: string;
  type: HeadType;
  baseTower: string;
  queryTokens: string[];
  docTokens: string[];
  logit: number;
  score: number;
  /** sigmoid(q · d) of the base tower: what the head's skip term starts from. */
  dotScore: number;
  /** ESIM: e, α (query → doc) and β (doc → query), all [Tq, Td]. */
  esim?: { raw: Tensor32; queryToDoc: Tensor32; docToQuery: Tensor32 };
  /** Multi-head: weights over heads (sum 1) and each head's own similarity. */
  multihead?: { weights: Float32Array; scores: Float32Array };
  /** Every graph output, by name. */
  outputs: Record<string, Tensor32>;
}

function transpose2(t: Tensor32): Tensor32 {
  const [r, c] = t.dims.slice(-2);
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = t.data[i * c + j];
  return { dims: [c, r], data: out };
}

const last2 = (t: Tensor32): Tensor32 => ({ dims: t.dims.slice(-2), data: t.data });

function pick(outputs: Record<string, Tensor32>, ...names: string[]): Tensor32 | undefined {
  for (const n of names) if (outputs[n]) return outputs[n];
  return undefined;
}

export class HeadModel {
  private constructor(readonly entry: ManifestModel, readonly session: SerialSession, private readonly ort: OrtApi) {}

  static async load(entry: ManifestModel, src: AssetSource, ort: OrtApi, options: SessionOptions): Promise<HeadModel> {
    const rel = entry.files.inspect ?? leanFile(entry);
    const bytes = await verifiedBytes(src, rel, entry.sha256[rel]);
    const s = await SerialSession.create(ort, bytes, options, `head ${entry.id}`);
    const unknown = s.session.inputNames.filter((n) => !inputRole(n));
    if (unknown.length) throw new LabError(`head ${entry.id}: cannot tell what to feed input(s) ${unknown.join(', ')}`);
    return new HeadModel(entry, s, ort);
  }

  /** The tower whose embeddings the head reads (manifest `base_tower`, else the first tower with an inspect graph). */
  baseTower(manifest: Manifest): string {
    const e = this.entry as ManifestModel & { base?: unknown; tower?: unknown; base_tower?: unknown };
    const named = [e.base_tower, e.base, e.tower].find((x): x is string => typeof x === 'string');
    if (named) return named;
    const t = manifest.models.find((m) => m.kind === 'tower' && m.files.inspect && m.role === 'student')
      ?? manifest.models.find((m) => m.kind === 'tower' && m.files.inspect);
    if (!t) throw new LabError(`head ${this.entry.id}: no tower with an inspect graph to feed it`);
    return t.id;
  }

  private tensor(name: string, values: Float32Array, dims: number[]) {
    const meta = this.session.session.inputMetadata?.find((m) => m.name === name);
    const type = meta && meta.isTensor ? meta.type : 'float32';
    if (type === 'int32') return new this.ort.Tensor('int32', Int32Array.from(values), dims);
    if (type === 'int64') return new this.ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
    return new this.ort.Tensor('float32', values, dims);
  }

  async run(p: TowerPair): Promise<HeadResult> {
    const tq = p.query.tokens.length, td = p.doc.tokens.length, h = p.query.embedding.length;
    // NOTE: an attention-pooled tower's embedding (pool_heads × hidden) is wider than its token states.
    const ht = p.query.tokenEmbeddings.data.length / tq;
    const src: Record<Role, [Float32Array, number[]]> = {
      q: [p.query.embedding, [1, h]],
      d: [p.doc.embedding, [1, h]],
      q_tok: [p.query.tokenEmbeddings.data, [1, tq, ht]],
      d_tok: [p.doc.tokenEmbeddings.data, [1, td, ht]],
      q_mask: [new Float32Array(tq).fill(1), [1, tq]],
      d_mask: [new Float32Array(td).fill(1), [1, td]],
    };
    const feeds: Feeds = {};
    for (const name of this.session.session.inputNames) {
      const [v, dims] = src[inputRole(name)!];
      feeds[name] = this.tensor(name, v, dims);
    }
    const raw = await this.session.run(feeds);
    const outputs: Record<string, Tensor32> = {};
    for (const [k, v] of Object.entries(raw)) {
      const t = v as { dims: readonly number[]; data: unknown };
      if (t.data instanceof Float32Array) outputs[k] = { dims: [...t.dims], data: t.data };
    }
    const logitT = pick(outputs, 'logit', 'score', 'logits');
    if (!logitT) throw new LabError(`head ${this.entry.id}: no "logit" output (has ${Object.keys(outputs).join(', ')})`);
    const logit = logitT.data[0];
    let dq = 0;
    for (let i = 0; i < h; i++) dq += p.query.embedding[i] * p.doc.embedding[i];
    const res: HeadResult = {
      headId: this.entry.id, type: 'other', baseTower: p.modelId, queryTokens: p.query.tokens, docTokens: p.doc.tokens,
      logit, score: sigmoid(logit), dotScore: sigmoid(dq), outputs,
    };
    const e = pick(outputs, 'e', 'alignment', 'align');
    const aq = pick(outputs, 'align_q2d', 'att_q', 'query_to_doc');
    const ad = pick(outputs, 'align_d2q', 'att_d', 'doc_to_query');
    if (e && aq && ad) {
      // NOTE: align_d2q comes as [Td, Tq] (rows = doc tokens); shown as [Tq, Td] like the others.
      res.type = 'esim';
      res.esim = { raw: last2(e), queryToDoc: last2(aq), docToQuery: transpose2(ad) };
    }
    const w = pick(outputs, 'weights', 'head_weights', 'w');
    const s = pick(outputs, 'head_scores', 'scores', 's');
    if (w && s) {
      res.type = 'multihead';
      res.multihead = { weights: w.data, scores: s.data };
    }
    return res;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
