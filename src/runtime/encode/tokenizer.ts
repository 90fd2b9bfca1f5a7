// The BERT WordPiece tokenizer shared by every model, loaded from the model's
// Hugging Face files with @huggingface/tokenizers, plus the truncation and
// padding policy of training/tokenizer.py (the JS library does not apply it):
//   single(text, L):  [CLS] + pieces[:L-2] + [SEP]
//   pair(q, d, L, Lq): [CLS] q[:Lq-2] [SEP] d[:L-3-|q|] [SEP], types 0 … 0 1 … 1
//   padding: right-pad with [PAD]=0, attention_mask 0 on pads.
import { Tokenizer } from '@huggingface/tokenizers';

export const PAD = 0, CLS = 2, SEP = 3;

/** A padded batch: int32 [batch, seq] tensors' data. */
export interface TokenBatch {
  batch: number;
  seq: number;
  ids: Int32Array;
  mask: Int32Array;
  types?: Int32Array;
}

export class LabTokenizer {
  private readonly tok: Tokenizer;
  constructor(tokenizerJson: object, tokenizerConfig: object) {
    this.tok = new Tokenizer(tokenizerJson, tokenizerConfig);
  }

  pieces(text: string): number[] {
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  single(text: string, maxLen: number): number[] {
    return [CLS, ...this.pieces(text).slice(0, maxLen - 2), SEP];
  }

  pair(q: string, d: string, maxLen: number, qMaxLen: number): { ids: number[]; types: number[] } {
    const qa = this.pieces(q).slice(0, qMaxLen - 2);
    const db = this.pieces(d).slice(0, Math.max(0, maxLen - 3 - qa.length));
    return {
      ids: [CLS, ...qa, SEP, ...db, SEP],
      types: [...qa.map(() => 0), 0, 0, ...db.map(() => 1), 1],
    };
  }

  tokens(ids: readonly number[]): string[] {
    return ids.map((id) => this.tok.id_to_token(id) ?? `[${id}]`);
  }
}

/**
 * Pads rows to one length. `bucket` rounds the length up (to a multiple of 8
 * by default) so a session sees few distinct shapes — WebGPU recompiles
 * shaders per new shape; outputs do not depend on the padded length.
 */
export function padBatch(rows: number[][], types?: number[][], bucket = 8, cap = Infinity): TokenBatch {
  const longest = rows.reduce((m, r) => Math.max(m, r.length), 1);
  const seq = Math.min(Math.max(longest, Math.ceil(longest / bucket) * bucket), Math.max(cap, longest));
  const batch = rows.length;
  const ids = new Int32Array(batch * seq);
  const mask = new Int32Array(batch * seq);
  const tt = types ? new Int32Array(batch * seq) : undefined;
  rows.forEach((r, b) => {
    for (let j = 0; j < r.length; j++) {
      ids[b * seq + j] = r[j];
      mask[b * seq + j] = 1;
      if (tt && types) tt[b * seq + j] = types[b][j];
    }
  });
  return { batch, seq, ids, mask, types: tt };
}
