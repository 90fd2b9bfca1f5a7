// What the Engine needs of a tower, whoever made it: a shipped TowerModel
// (models.ts) or a model of your own (byo/byoTower.ts). Tokenizing, padding
// and encoding batches and texts; doc encoding, the IndexedDB cache, scoring
// and top-K are then the runtime's own for both.
import type { ManifestModel } from '../api';
import type { TokenBatch } from '../encode/tokenizer';
import type { Priority } from '../ort/ort';

export interface SeqLens {
  query: number;
  doc: number;
  pair: number;
}

export interface EncodeResult {
  /** [batch, dim] row-major. */
  vectors: Float32Array;
  dim: number;
  tokenizeMs: number;
  encodeMs: number;
}

export interface Tower {
  readonly entry: ManifestModel;
  readonly tok: { single(text: string, maxLen: number): number[] };
  readonly lens: SeqLens;
  /** The vector size (a model of your own: known once it has run). */
  readonly dim: number;
  /** The graph's size in bytes. */
  readonly bytes: number;
  /** Pads rows into a batch; `bucket` rounds the length up (see padBatch). */
  pad(rows: number[][], L: number, bucket?: number): TokenBatch;
  /** [batch, dim] vectors of a padded batch. */
  encodeBatch(b: TokenBatch, priority?: Priority): Promise<Float32Array>;
  /** `priority` 'urgent': a query someone is waiting for (ort.ts). */
  encode(texts: readonly string[], side: 'query' | 'doc', priority?: Priority): Promise<EncodeResult>;
  release(): Promise<void>;
}

/** Pads the batch dimension (beyond 1) to a multiple of 8 with two-token rows, whose outputs are
 * ignored (WebGPU: fewer shapes, fewer shader compiles). */
export function padRows(rows: number[][]): number[][] {
  const n = rows.length <= 1 ? rows.length : Math.ceil(rows.length / 8) * 8;
  return rows.length === n ? rows : [...rows, ...Array.from({ length: n - rows.length }, () => rows[0].slice(0, 2))];
}
