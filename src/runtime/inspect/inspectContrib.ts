// Leave-one-token-out contributions to the two-tower score: the query with
// each of its tokens removed and the doc with each of its tokens removed,
// encoded together in one padded batch; each variant is scored against the
// other side's full embedding. change = logit(without token) − logit(full), on
// the raw q·d: a saturated sigmoid moves by 1e-7 where the logit moves by
// whole units, so changes of the probability coloured noise as if real. A
// token the match relies on shows a negative change.
// NOTE: [CLS] and [SEP] are never left out (the towers always see them).
import { sigmoid, type LogitAffine } from '../../core/score';
import { padBatch, type TokenBatch } from '../encode/tokenizer';

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
  /** q·d without this token */
  logit: number;
  /** logit(without) − logit(full) */
  change: number;
}

export interface Contributions {
  modelId: string;
  score: number;
  /** q·d of the full pair */
  logit: number;
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

export function contributionsFrom(modelId: string, b: LooBatch, vectors: Float32Array, dim: number, qTokens: string[], dTokens: string[], cal: LogitAffine = { scale: 1, bias: 0 }): Contributions {
  const row = (r: number) => vectors.subarray(r * dim, (r + 1) * dim);
  // logits: the tower's calibration applied to q·d, so scores and changes are on the calibrated scale
  const dot = (x: Float32Array, y: Float32Array) => { let s = 0; for (let k = 0; k < dim; k++) s += x[k] * y[k]; return cal.scale * s + cal.bias; };
  const q = row(b.qRow), d = row(b.dRow);
  const logit = dot(q, d), score = sigmoid(logit);
  const change = (pos: number, token: string, l: number): TokenChange => ({ pos, token, score: sigmoid(l), logit: l, change: l - logit });
  const query = b.qPositions.map((pos, k) => change(pos, qTokens[pos], dot(row(b.qRow + 1 + k), d)));
  const doc = b.dPositions.map((pos, k) => change(pos, dTokens[pos], dot(q, row(b.dRow + 1 + k))));
  return { modelId, score, logit, query, doc, batchRows: b.padded.batch };
}
