// Leave-one-token-out contributions to the two-tower score: the query with
// each of its tokens removed and the doc with each of its tokens removed,
// encoded together in one padded batch; each variant is scored against the
// other side's full embedding. change = score(without token) − score(full),
// so a token the match relies on shows a negative change.
// NOTE: [CLS] and [SEP] are never left out (the towers always see them).
import { sigmoid } from '../core/score';
import { padBatch, type TokenBatch } from './tokenizer';

export interface LooBatch {
  padded: TokenBatch;
  /** Row of the full query, of the full doc. */
  qRow: number;
  dRow: number;
  /** Token positions left out, in row order after the full row. */
  qPositions: number[];
  dPositions: number[];
}

export interface TokenChange {
  /** Position in the tokenised text ([CLS] = 0). */
  pos: number;
  token: string;
  /** sigmoid score without this token. */
  score: number;
  change: number;
}

export interface Contributions {
  modelId: string;
  score: number;
  query: TokenChange[];
  doc: TokenChange[];
  /** Rows encoded in the one batch. */
  batchRows: number;
}

const inner = (ids: readonly number[]): number[] => Array.from({ length: Math.max(0, ids.length - 2) }, (_, k) => k + 1);

export function leaveOneOutRows(q: readonly number[], d: readonly number[]): LooBatch {
  const qPositions = inner(q), dPositions = inner(d);
  const drop = (ids: readonly number[], p: number) => ids.filter((_, k) => k !== p);
  const rows = [[...q], ...qPositions.map((p) => drop(q, p)), [...d], ...dPositions.map((p) => drop(d, p))];
  return { padded: padBatch(rows, undefined, 8), qRow: 0, dRow: 1 + qPositions.length, qPositions, dPositions };
}

export function contributionsFrom(modelId: string, b: LooBatch, vectors: Float32Array, dim: number, qTokens: string[], dTokens: string[]): Contributions {
  const row = (r: number) => vectors.subarray(r * dim, (r + 1) * dim);
  const dot = (x: Float32Array, y: Float32Array) => { let s = 0; for (let k = 0; k < dim; k++) s += x[k] * y[k]; return s; };
  const q = row(b.qRow), d = row(b.dRow);
  const score = sigmoid(dot(q, d));
  const query = b.qPositions.map((pos, k) => {
    const s = sigmoid(dot(row(b.qRow + 1 + k), d));
    return { pos, token: qTokens[pos], score: s, change: s - score };
  });
  const doc = b.dPositions.map((pos, k) => {
    const s = sigmoid(dot(q, row(b.dRow + 1 + k)));
    return { pos, token: dTokens[pos], score: s, change: s - score };
  });
  return { modelId, score, query, doc, batchRows: b.padded.batch };
}
