// A bring-your-own model's tokenizer: its own tokenizer.json through
// @huggingface/tokenizers, with its own special tokens (a standard BERT vocab
// has [CLS]=101, not the lab's 2). Same truncation policy as the lab's
// LabTokenizer: [CLS] + pieces[:L-2] + [SEP].
import { Tokenizer } from '@huggingface/tokenizers';

const first = (tok: Tokenizer, names: (string | undefined)[]): number | undefined => {
  for (const n of names) {
    const id = n ? tok.token_to_id(n) : undefined;
    if (id !== undefined) return id;
  }
  return undefined;
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string' ? (v as { content: string }).content : undefined);

export class ByoTokenizer {
  private readonly tok: Tokenizer;
  readonly cls: number;
  readonly sep: number;
  readonly pad: number;

  constructor(tokenizerJson: object, tokenizerConfig: Record<string, unknown>, config: Record<string, unknown>) {
    this.tok = new Tokenizer(tokenizerJson, tokenizerConfig);
    const cls = first(this.tok, [str(tokenizerConfig.cls_token), str(tokenizerConfig.bos_token), '[CLS]', '<s>', '<cls>']);
    const sep = first(this.tok, [str(tokenizerConfig.sep_token), str(tokenizerConfig.eos_token), '[SEP]', '</s>', '<sep>']);
    if (cls === undefined || sep === undefined) {
      throw new Error(`tokenizer.json has no ${cls === undefined ? 'CLS / <s>' : 'SEP / </s>'} token; the lab wraps every text in them`);
    }
    this.cls = cls;
    this.sep = sep;
    const padId = typeof config.pad_token_id === 'number' ? config.pad_token_id : first(this.tok, [str(tokenizerConfig.pad_token), '[PAD]', '<pad>']);
    this.pad = padId ?? 0;
  }

  pieces(text: string): number[] {
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  single(text: string, maxLen: number): number[] {
    return [this.cls, ...this.pieces(text).slice(0, maxLen - 2), this.sep];
  }

  tokens(ids: readonly number[]): string[] {
    return ids.map((id) => this.tok.id_to_token(id) ?? `[${id}]`);
  }
}
