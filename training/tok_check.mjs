// Tokenize strings with @huggingface/tokenizers (the library the lab uses) so pytest
// can compare ids with training/tokenizer.py. Also holds the reference JS version of
// the truncation policy (single / pair) that src/runtime must mirror.
// usage: node training/tok_check.mjs <tokenizer_dir> <in.json> <out.json>
//   in.json: {"texts": [..], "pairs": [[q, d], ..], "max_len": 32, "pair_max_len": 48, "query_max_len": 16}
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

const [dir, inPath, outPath] = process.argv.slice(2);
const tok = new Tokenizer(
  JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')),
  JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')),
);
const CLS = 2, SEP = 3;
const pieces = (t) => tok.encode(t, { add_special_tokens: false }).ids;
const single = (t, maxLen) => [CLS, ...pieces(t).slice(0, maxLen - 2), SEP];
function pair(q, d, maxLen, qMaxLen) {
  const qa = pieces(q).slice(0, qMaxLen - 2);
  const db = pieces(d).slice(0, Math.max(0, maxLen - 3 - qa.length));
  return { ids: [CLS, ...qa, SEP, ...db, SEP], types: [...qa.map(() => 0), 0, 0, ...db.map(() => 1), 1] };
}
const inp = JSON.parse(readFileSync(inPath, 'utf8'));
const out = {
  pieces: inp.texts.map(pieces),
  template: inp.texts.map((t) => tok.encode(t).ids),
  single: inp.texts.map((t) => single(t, inp.max_len)),
  pair: inp.pairs.map(([q, d]) => pair(q, d, inp.pair_max_len, inp.query_max_len)),
  template_pair: inp.pairs.filter(([, d]) => d.length > 0)
    .map(([q, d]) => tok.encode(q, { text_pair: d, return_token_type_ids: true }))
    .map((e) => ({ ids: e.ids, types: e.token_type_ids })),
};
writeFileSync(outPath, JSON.stringify(out));
