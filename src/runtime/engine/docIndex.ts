// One tower's doc embeddings for the loaded doc set, and brute-force scoring
// of a query against all of them: a WASM SIMD kernel (simdDot.ts; the plain
// typed-array loop where SIMD is missing) on WASM and in Node, or the
// docs·q graph on the GPU (WebGPU), where the doc matrix is uploaded once
// into a GPU buffer and fed to every run.
import { dotScores, dotScoresF16, dotScoresInt8, decodeF16, type DocStore, type LogitAffine } from '../../core/score';
import { scoringGraph } from '../../core/onnxProto';
import { SimdDocs } from './simdDot';
import { f32, SerialSession, type OrtApi, type OrtTensor, type Priority, type SessionOptions } from '../ort/ort';

/** Makes the [N, D] doc tensor once (WebGPU: a resident GPU buffer; tests: a CPU tensor). */
export type DocsTensorFactory = (data: Float32Array, dims: [number, number]) => Promise<OrtTensor> | OrtTensor;

export class DocIndex {
  private gpu: SerialSession | null = null;
  private simd: SimdDocs | null | undefined;
  private docsTensor: OrtTensor | null = null;
  readonly count: number;
  /** The tower's calibration (core/score.ts logitAffine): dots() returns logits scale · q·d + bias. */
  logit: LogitAffine = { scale: 1, bias: 0 };
  constructor(public store: DocStore) {
    this.count = store.data.length / store.dim;
  }

  get dim(): number {
    return this.store.dim;
  }

  /** fp16 files are decoded once: the f32 loop is ~2× faster than LUT decoding per query. */
  static fromStore(store: DocStore): DocIndex {
    return new DocIndex(store.kind === 'f16' ? { kind: 'f32', data: decodeF16(store.data), dim: store.dim } : store);
  }

  /** Moves scoring onto an ORT session (WebGPU): the docs become an initializer. */
  async useGraph(ort: OrtApi, options: SessionOptions, makeDocs?: DocsTensorFactory): Promise<void> {
    if (this.store.kind !== 'f32') return;
    const dims: [number, number] = [this.count, this.dim];
    this.docsTensor = makeDocs ? await makeDocs(this.store.data, dims) : new ort.Tensor('float32', this.store.data, dims);
    this.gpu = await SerialSession.create(ort, scoringGraph(this.dim), options, 'the GPU scoring graph');
    await this.dots(new Float32Array(this.dim)); // warm-up: compiles the shader once
  }

  get onGraph(): boolean {
    return this.gpu !== null;
  }

  /** Logits scale · q·d_i + bias for every doc; q is [dim]. */
  async dots(q: Float32Array, priority?: Priority): Promise<Float32Array> {
    const out = await this.rawDots(q, priority);
    const { scale, bias } = this.logit;
    if (scale !== 1 || bias !== 0) for (let i = 0; i < out.length; i++) out[i] = out[i] * scale + bias;
    return out;
  }

  private async rawDots(q: Float32Array, priority?: Priority): Promise<Float32Array> {
    if (this.gpu) {
      const out = await this.gpu.run({ docs: this.docsTensor!, q: new this.gpu.ort.Tensor('float32', q, [this.dim, 1]) }, priority);
      return f32(out.dots, 'dots'); // [N, 1]
    }
    const s = this.store;
    if (s.kind === 'f32') {
      this.toSimd(); // first query, unless done ahead (prepareCpuScoring)
      return this.simd ? this.simd.dots(q) : dotScores(q, s.data, s.dim);
    }
    if (s.kind === 'f16') return dotScoresF16(q, s.data, s.dim);
    return dotScoresInt8(q, s.data, s.dim, s.scale);
  }

  /**
   * Moves the matrix into WASM memory for the SIMD kernel now rather than on the first query
   * (cold start: while the tower's session is still being created).
   */
  prepareCpuScoring(): void {
    if (!this.gpu) this.toSimd();
  }

  private toSimd(): void {
    const s = this.store;
    if (this.simd !== undefined || s.kind !== 'f32') return;
    this.simd = SimdDocs.create(s.data, s.dim);
    if (this.simd) this.store = { kind: 'f32', data: this.simd.docs, dim: s.dim };
  }

  async release(): Promise<void> {
    await this.gpu?.release();
    this.gpu = null;
    this.docsTensor?.dispose();
    this.docsTensor = null;
  }
}
