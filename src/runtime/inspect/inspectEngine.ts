// What the inspect panel asks of the models for one (query, doc text) pair:
// tower inspect graphs on both sides (tokens, attentions, token embeddings,
// the two-tower score), the fine ranker's inspect graph, leave-one-token-out
// score changes (one batch), and the interaction heads. The same class runs
// in the inspect worker (onnxruntime-web) and in Node (onnxruntime-node), so
// the browser's numbers can be checked against native ones.
// Refuses: models the manifest does not list, and towers without an inspect
// graph (the error says so; the panel shows it).
import { logitAffine, sigmoid } from '../../core/score';
import type { Manifest, ManifestModel } from '../api';
import type { AssetSource } from '../engine/assets';
import { fineModel, LabError } from '../engine/manifest';
import { CrossModel, TowerModel, type InspectResult, type LoadOptions } from '../engine/models';
import type { OrtApi, SessionOptions } from '../ort/ort';
import { leaveOneOutRows, contributionsFrom, type Contributions } from './inspectContrib';
import { HeadModel, type HeadResult } from './inspectHeads';
import type { Tensor32 } from './inspectTypes';

export interface InspectEnv {
  ort: OrtApi;
  sessionOptions: SessionOptions;
  models: AssetSource;
}

export interface TowerSide {
  tokens: string[];
  ids: number[];
  attentions: Tensor32; // [1, layers, heads, seq, seq]
  tokenEmbeddings: Tensor32; // [1, seq, hidden]
  embedding: Float32Array; // [hidden]
}

export interface TowerPair {
  modelId: string;
  query: TowerSide;
  doc: TowerSide;
  /** q · d and sigmoid(q · d) from the inspect graphs. */
  dot: number;
  score: number;
}

export interface CrossInspect {
  modelId: string;
  tokens: string[];
  ids: number[];
  /** Index of the first [SEP]: query tokens are 1..sep-1. */
  sep: number;
  attentions: Tensor32;
  logit: number;
  score: number;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function need(out: InspectResult['outputs'], name: string, modelId: string): Tensor32 {
  const t = out[name];
  if (!t) throw new LabError(`model ${modelId}: its inspect graph has no "${name}" output`);
  return { dims: t.dims, data: t.data };
}

export class InspectEngine {
  private towers = new Map<string, Promise<TowerModel>>();
  private fine: Promise<CrossModel> | null = null;
  private heads = new Map<string, Promise<HeadModel>>();

  constructor(readonly env: InspectEnv, readonly manifest: Manifest) {}

  private opts(): LoadOptions {
    return { ort: this.env.ort, sessionOptions: this.env.sessionOptions, warmup: false };
  }

  entry(id: string): ManifestModel {
    const m = this.manifest.models.find((x) => x.id === id);
    if (!m) throw new LabError(`unknown model ${id}`);
    return m;
  }

  private cached<T>(map: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> {
    let p = map.get(id);
    if (!p) {
      p = load();
      map.set(id, p);
      p.catch(() => map.delete(id)); // a failed load is retried next time
    }
    return p;
  }

  tower(id: string): Promise<TowerModel> {
    const e = this.entry(id);
    if (e.kind !== 'tower') throw new LabError(`${id} is not a tower model`);
    return this.cached(this.towers, id, () => TowerModel.load(e, this.env.models, this.opts()));
  }

  cross(): Promise<CrossModel> {
    const e = fineModel(this.manifest);
    if (!e) return Promise.reject(new LabError('the manifest lists no fine ranker'));
    if (!this.fine) {
      this.fine = CrossModel.load(e, this.env.models, this.opts());
      this.fine.catch(() => { this.fine = null; });
    }
    return this.fine;
  }

  head(id: string): Promise<HeadModel> {
    const e = this.entry(id);
    if (e.kind !== 'head') throw new LabError(`${id} is not an interaction head`);
    return this.cached(this.heads, id, () => HeadModel.load(e, this.env.models, this.env.ort, this.env.sessionOptions));
  }

  private async side(t: TowerModel, text: string, side: 'query' | 'doc'): Promise<TowerSide> {
    const r = await t.inspect(text, side);
    const emb = need(r.outputs, 'embedding', t.entry.id);
    return {
      tokens: r.tokens, ids: r.ids,
      attentions: need(r.outputs, 'attentions', t.entry.id),
      tokenEmbeddings: need(r.outputs, 'token_embeddings', t.entry.id),
      embedding: emb.data.slice(0, emb.dims[emb.dims.length - 1]),
    };
  }

  /** Both towers' inspect graphs on the pair, and the two-tower score. */
  async towerPair(modelId: string, query: string, docText: string): Promise<TowerPair> {
    const t = await this.tower(modelId);
    const q = await this.side(t, query, 'query');
    const d = await this.side(t, docText, 'doc');
    const x = dot(q.embedding, d.embedding);
    const { scale, bias } = logitAffine(t.entry);
    return { modelId, query: q, doc: d, dot: x, score: sigmoid(scale * x + bias) };
  }

  /** The fine ranker's inspect graph on `[CLS] query [SEP] doc [SEP]`. */
  async crossPair(query: string, docText: string): Promise<CrossInspect> {
    const c = await this.cross();
    const r = await c.inspect(query, docText);
    const logit = need(r.outputs, 'logit', c.entry.id).data[0];
    return {
      modelId: c.entry.id, tokens: r.tokens, ids: r.ids, sep: r.ids.indexOf(3),
      attentions: need(r.outputs, 'attentions', c.entry.id), logit, score: sigmoid(logit),
    };
  }

  /** Score change when each query or doc token is left out, all variants in one batch (lean graph). */
  async contributions(modelId: string, query: string, docText: string): Promise<Contributions> {
    const t = await this.tower(modelId);
    const q = t.tok.single(query, t.lens.query);
    const d = t.tok.single(docText, t.lens.doc);
    const batch = leaveOneOutRows(q, d);
    const vectors = await t.encodeBatch(batch.padded); // [rows, dim]
    return contributionsFrom(modelId, batch, vectors, t.dim, t.tok.tokens(q), t.tok.tokens(d), logitAffine(t.entry));
  }

  /** An interaction head on the token embeddings of its base tower. */
  async headPair(headId: string, query: string, docText: string): Promise<HeadResult> {
    const h = await this.head(headId);
    const pair = await this.towerPair(h.baseTower(this.manifest), query, docText);
    return h.run(pair);
  }

  async release(): Promise<void> {
    for (const p of this.towers.values()) await (await p.catch(() => null))?.release();
    if (this.fine) await (await this.fine.catch(() => null))?.release();
    for (const p of this.heads.values()) await (await p.catch(() => null))?.release();
  }
}
