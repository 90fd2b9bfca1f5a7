// The two model kinds the lab runs: towers (query/doc encoders sharing
// weights) and the cross-encoder fine ranker. Same code in the worker
// (onnxruntime-web) and in Node (onnxruntime-node): the ORT build comes in
// through `OrtApi`, bytes through an `AssetSource`.
import { mark } from '../timeline';
import type { ManifestModel } from '../api';
import { verifiedBytes, jsonAsset, type AssetSource } from './assets';
import { inspectFile, leanFile, LabError } from './manifest';
import { f32, SerialSession, type OrtApi, type SessionOptions, type Feeds, type Priority } from '../ort/ort';
import { LabTokenizer, padBatch, type TokenBatch } from '../encode/tokenizer';
import { planTower } from '../../core/towerPlan';
import { logitAffine } from '../../core/score';
import { maxDiff, TowerKernel } from '../encode/towerKernel';
import { padRows, type EncodeResult, type SeqLens, type Tower } from './tower';

export interface LoadOptions {
  ort: OrtApi;
  sessionOptions: SessionOptions;
  /** Run one tiny batch after creation so the first real query is not the slow one. */
  warmup?: boolean;
  /**
   * Pad every batch to the model's max length and the batch to a multiple of
   * 8 (WebGPU: a new shape recompiles shaders, seconds on a software adapter).
   */
  fixedShapes?: boolean;
  /**
   * Towers start on the lab's own WASM kernel (towerKernel.ts) when their graph allows, and move to
   * their ORT session later (TowerModel.moveToOrt): the browser's WASM cold start, whose first
   * results then wait for neither ORT's 14 MB module nor a session.
   */
  kernel?: boolean;
}

/** Largest |kernel − ORT| on the probe texts, relative to the largest |value| (≥ 1); measured ~1e-6. */
const KERNEL_QUERY_TOLERANCE = 1e-4;
/** Texts both engines encode when a tower moves to ORT: empty, short, mixed, the longest query. */
const PROBES = ['', '琅琊榜', '预热 warm up', 'iphone 15 pro max 开箱 评测 对比 第二集 2024 高清 完整版 全集 免费'];

/** What runs a tower's padded batches: its ORT session or the lab's kernel. */
interface TowerRunner {
  run(b: TokenBatch, priority?: Priority): Promise<Float32Array>;
  release(): Promise<void>;
}

const ortRunner = (s: SerialSession, ort: OrtApi): TowerRunner => ({
  async run(b, priority) {
    const out = await s.run({ input_ids: intTensor(ort, b.ids, b), attention_mask: intTensor(ort, b.mask, b) }, priority);
    return f32(out.embedding, 'embedding'); // [batch, dim]
  },
  release: () => s.release(),
});

const kernelRunner = (k: TowerKernel): TowerRunner => ({
  run: async (b) => k.encode(b),
  release: async () => undefined,
});

const now = (): number => globalThis.performance.now();

function readLens(config: Record<string, unknown>): SeqLens {
  const t = (config.tokenization ?? {}) as Record<string, unknown>;
  const pick = (...ks: string[]): number | undefined => {
    for (const k of ks) {
      const v = t[k] ?? config[k];
      if (typeof v === 'number' && v > 2) return v;
    }
    return undefined;
  };
  return {
    query: pick('query_max_len', 'q_max_len') ?? 16,
    doc: pick('doc_max_len', 'd_max_len') ?? 32,
    pair: pick('pair_max_len') ?? 48,
  };
}

function modelDir(m: ManifestModel): string {
  return m.dir.replace(/^models\//, '').replace(/\/$/, '');
}

async function loadTokenizer(m: ManifestModel, src: AssetSource): Promise<{ tok: LabTokenizer; lens: SeqLens }> {
  const dir = modelDir(m);
  const [json, cfg, config] = await Promise.all([
    jsonAsset<object>(src, `${dir}/tokenizer.json`),
    jsonAsset<object>(src, `${dir}/tokenizer_config.json`),
    jsonAsset<Record<string, unknown>>(src, `${dir}/config.json`).catch(() => ({})),
  ]);
  const tok = new LabTokenizer(json, cfg);
  mark(`${m.id}: tokenizer ready`);
  return { tok, lens: readLens(config as Record<string, unknown>) };
}

async function createSession(m: ManifestModel, src: AssetSource, rel: string, opts: LoadOptions): Promise<{ s: SerialSession; bytes: number }> {
  const bytes = await verifiedBytes(src, rel, m.sha256[rel]);
  mark(`${m.id}: graph fetched and checked`);
  try {
    const s = await SerialSession.create(opts.ort, bytes, opts.sessionOptions, `model ${m.id} (${rel})`);
    mark(`${m.id}: session created`);
    return { s, bytes: bytes.length };
  } catch (e) {
    throw new LabError(`model ${m.id}: ${src.label}${rel} is not a graph ONNX Runtime can load (${(e as Error).message})`, rel);
  }
}

function intTensor(ort: OrtApi, data: Int32Array, b: TokenBatch) {
  return new ort.Tensor('int32', data, [b.batch, b.seq]);
}

export interface InspectResult {
  tokens: string[];
  ids: number[];
  outputs: Record<string, { dims: number[]; data: Float32Array }>;
}

/** A shipped tower: its ORT session, or the lab's kernel while it starts on it (moveToOrt). */
export class TowerModel implements Tower {
  private inspectSession: Promise<SerialSession> | null = null;
  private ortSession: SerialSession | null;
  /** 'kernel' until moveToOrt(); see ModelStatus.engine */
  engine: 'kernel' | 'ort' | 'kernel-only';
  engineNote?: string;
  private constructor(
    readonly entry: ManifestModel,
    readonly tok: LabTokenizer,
    readonly lens: SeqLens,
    private runner: TowerRunner,
    session: SerialSession | null,
    readonly bytes: number,
    readonly dim: number,
    private readonly src: AssetSource,
    private readonly opts: LoadOptions,
  ) {
    this.ortSession = session;
    this.engine = session ? 'ort' : 'kernel';
  }

  static async load(entry: ManifestModel, src: AssetSource, opts: LoadOptions): Promise<TowerModel> {
    let why: string | undefined;
    if (opts.kernel) {
      try {
        return await TowerModel.loadOnKernel(entry, src, opts);
      } catch (e) {
        if (e instanceof LabError) throw e; // a missing or corrupt file: the same error ORT would give
        why = `the lab's kernel does not run this graph (${(e as Error).message})`;
      }
    }
    const [{ tok, lens }, { s, bytes }] = await Promise.all([loadTokenizer(entry, src), createSession(entry, src, leanFile(entry), opts)]);
    const probe = padBatch([tok.single('', lens.query)]);
    const out = await s.run({ input_ids: intTensor(opts.ort, probe.ids, probe), attention_mask: intTensor(opts.ort, probe.mask, probe) });
    const dim = f32(out.embedding, 'embedding').length;
    const model = new TowerModel(entry, tok, lens, ortRunner(s, opts.ort), s, bytes, dim, src, opts);
    model.engineNote = why;
    if (opts.warmup) await model.encode(['预热 warm up'], 'query'); // the shape typing uses
    mark(`${entry.id}: warmed up`);
    return model;
  }

  /** The tower on the lab's kernel (no ORT session yet); throws a plain Error when the graph is not the kernel's. */
  private static async loadOnKernel(entry: ManifestModel, src: AssetSource, opts: LoadOptions): Promise<TowerModel> {
    const rel = leanFile(entry);
    const [{ tok, lens }, graph] = await Promise.all([loadTokenizer(entry, src), verifiedBytes(src, rel, entry.sha256[rel])]);
    mark(`${entry.id}: graph fetched and checked`);
    const kernel = new TowerKernel(planTower(graph));
    const model = new TowerModel(entry, tok, lens, kernelRunner(kernel), null, graph.length, kernel.dim, src, opts);
    model.engineNote = "the lab's WASM kernel until the ONNX Runtime session is ready";
    if (opts.warmup) await model.encode(['预热 warm up'], 'query');
    mark(`${entry.id}: ready on the lab's kernel`);
    return model;
  }

  /** The ORT session (Node tests run it directly); on the kernel there is none yet. */
  get session(): SerialSession {
    if (!this.ortSession) throw new LabError(`model ${this.entry.id} runs on the lab's kernel (no ORT session yet)`);
    return this.ortSession;
  }

  /**
   * A tower on the kernel moves to its ORT session: created, warmed up, and compared with the
   * kernel on PROBES; from then on every query runs there. If ORT cannot load the graph the
   * kernel stays ('kernel-only'); if the two disagree, ORT (the reference) is used and the note
   * says by how much.
   */
  async moveToOrt(): Promise<void> {
    if (this.engine !== 'kernel') return;
    const t0 = now();
    let s: SerialSession;
    try {
      ({ s } = await createSession(this.entry, this.src, leanFile(this.entry), this.opts));
    } catch (e) {
      this.engine = 'kernel-only';
      this.engineNote = `the lab's WASM kernel: ONNX Runtime could not take over (${(e as Error).message})`;
      return;
    }
    const ort = ortRunner(s, this.opts.ort);
    let diff: number, scale: number;
    try {
      const b = this.tokenize(PROBES, 'query');
      const want = await ort.run(b);
      ({ diff, scale } = maxDiff(await this.runner.run(b), want));
      await ort.run(this.tokenize(['预热 warm up'], 'query')); // the shape typing uses
    } catch (e) {
      await s.release().catch(() => undefined);
      this.engine = 'kernel-only';
      this.engineNote = `the lab's WASM kernel: ONNX Runtime's runs failed (${(e as Error).message})`;
      return;
    }
    const kernel = this.runner;
    this.runner = ort;
    this.ortSession = s;
    this.engine = 'ort';
    await kernel.release();
    const agreed = diff <= KERNEL_QUERY_TOLERANCE * scale;
    this.engineNote = agreed
      ? `ONNX Runtime since ${(t0 / 1000).toFixed(1)} s; the lab's kernel answered before, within ${diff.toExponential(1)} of it`
      : `ONNX Runtime; the lab's kernel, which answered before ${(t0 / 1000).toFixed(1)} s, differed from it by ${diff.toExponential(1)}`;
    mark(`${this.entry.id}: moved to ORT`);
  }

  tokenize(texts: readonly string[], side: 'query' | 'doc'): TokenBatch {
    const L = side === 'query' ? this.lens.query : this.lens.doc;
    return this.pad(texts.map((t) => this.tok.single(t, L)), L);
  }

  /** Pads rows into a batch (see LoadOptions.fixedShapes); `bucket` rounds the length up (see padBatch). */
  pad(rows: number[][], L: number, bucket = 8): TokenBatch {
    return this.opts.fixedShapes ? padBatch(padRows(rows), undefined, L, L) : padBatch(rows, undefined, bucket, L);
  }

  encodeBatch(b: TokenBatch, priority?: Priority): Promise<Float32Array> {
    return this.runner.run(b, priority);
  }

  /** `priority` 'urgent': a query someone is waiting for (ort.ts). */
  async encode(texts: readonly string[], side: 'query' | 'doc', priority?: Priority): Promise<EncodeResult> {
    const t0 = now();
    const b = this.tokenize(texts, side);
    const t1 = now();
    const vectors = (await this.encodeBatch(b, priority)).subarray(0, texts.length * this.dim);
    return { vectors, dim: this.dim, tokenizeMs: t1 - t0, encodeMs: now() - t1 };
  }

  /** The lean graph's bytes as shipped, read again (sha256-checked): for the browser's encoding workers. */
  graphBytes(): Promise<Uint8Array> {
    const rel = leanFile(this.entry);
    return verifiedBytes(this.src, rel, this.entry.sha256[rel]);
  }

  /** Runs the inspect graph (attentions + token embeddings) on one text. */
  async inspect(text: string, side: 'query' | 'doc'): Promise<InspectResult> {
    const rel = inspectFile(this.entry);
    if (!rel) throw new LabError(`model ${this.entry.id} ships no inspect graph`);
    this.inspectSession ??= createSession(this.entry, this.src, rel, this.opts).then((x) => x.s);
    const s = await this.inspectSession;
    const ids = this.tok.single(text, side === 'query' ? this.lens.query : this.lens.doc);
    const b = padBatch([ids], undefined, 1);
    const out = await s.run({ input_ids: intTensor(this.opts.ort, b.ids, b), attention_mask: intTensor(this.opts.ort, b.mask, b) });
    return { tokens: this.tok.tokens(ids), ids, outputs: plainOutputs(out) };
  }

  async release(): Promise<void> {
    await this.runner.release();
    if (this.inspectSession) await (await this.inspectSession).release();
  }
}

function plainOutputs(out: Record<string, unknown>): InspectResult['outputs'] {
  const res: InspectResult['outputs'] = {};
  for (const [k, v] of Object.entries(out)) {
    const t = v as { dims: readonly number[]; data: unknown };
    if (t.data instanceof Float32Array) res[k] = { dims: [...t.dims], data: t.data };
  }
  return res;
}

export class CrossModel {
  private inspectSession: Promise<SerialSession> | null = null;
  private constructor(
    readonly entry: ManifestModel,
    readonly tok: LabTokenizer,
    readonly lens: SeqLens,
    readonly session: SerialSession,
    readonly bytes: number,
    private readonly src: AssetSource,
    private readonly opts: LoadOptions,
  ) {}

  static async load(entry: ManifestModel, src: AssetSource, opts: LoadOptions): Promise<CrossModel> {
    const [{ tok, lens }, { s, bytes }] = await Promise.all([loadTokenizer(entry, src), createSession(entry, src, leanFile(entry), opts)]);
    const model = new CrossModel(entry, tok, lens, s, bytes, src, opts);
    if (opts.warmup) await model.logits('预热', ['warm up']);
    return model;
  }

  private feeds(b: TokenBatch): Feeds {
    const ort = this.opts.ort;
    return {
      input_ids: intTensor(ort, b.ids, b),
      attention_mask: intTensor(ort, b.mask, b),
      token_type_ids: intTensor(ort, b.types!, b),
    };
  }

  pairBatch(query: string, docTexts: readonly string[]): TokenBatch {
    const pairs = docTexts.map((d) => this.tok.pair(query, d, this.lens.pair, this.lens.query));
    const L = this.lens.pair;
    if (this.opts.fixedShapes) return padBatch(padRows(pairs.map((p) => p.ids)), padRows(pairs.map((p) => p.types)), L, L);
    return padBatch(pairs.map((p) => p.ids), pairs.map((p) => p.types), 8, L);
  }

  /** Logits for (query, doc text) pairs, in batches of `batch`. */
  async logits(query: string, docTexts: readonly string[], batch = 64, priority?: Priority): Promise<Float32Array> {
    const out = new Float32Array(docTexts.length);
    for (let i = 0; i < docTexts.length; i += batch) {
      const b = this.pairBatch(query, docTexts.slice(i, i + batch));
      const res = await this.session.run(this.feeds(b), priority);
      out.set(f32(res.logit, 'logit').subarray(0, Math.min(batch, docTexts.length - i)), i);
    }
    // calibrated logits (core/score.ts logitAffine): the manifest's scale/bias; identity when absent
    const { scale, bias } = logitAffine(this.entry);
    if (scale !== 1 || bias !== 0) for (let i = 0; i < out.length; i++) out[i] = out[i] * scale + bias;
    return out;
  }

  async inspect(query: string, docText: string): Promise<InspectResult> {
    const rel = inspectFile(this.entry);
    if (!rel) throw new LabError(`model ${this.entry.id} ships no inspect graph`);
    this.inspectSession ??= createSession(this.entry, this.src, rel, this.opts).then((x) => x.s);
    const s = await this.inspectSession;
    const p = this.tok.pair(query, docText, this.lens.pair, this.lens.query);
    const b = padBatch([p.ids], [p.types], 1);
    const out = await s.run(this.feeds(b));
    return { tokens: this.tok.tokens(p.ids), ids: p.ids, outputs: plainOutputs(out) };
  }

  async release(): Promise<void> {
    await this.session.release();
    if (this.inspectSession) await (await this.inspectSession).release();
  }
}
