"""BERT-style tokenizer for Chinese video search, bit-identical to @huggingface/tokenizers.

Every CJK char is one token, text is lower-cased (accents stripped), Latin letters
and digits go through WordPiece (`##` continuation). The vocab is:
[PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4, all 6,763 GB2312 hanzi, punctuation
(full- and half-width), then ASCII word pieces learned from the corpus.

The Python encoder below mirrors the JS library (tokenizers.js 0.2.0) step by step,
including its quirks, because the lab tokenizes in the browser with that library:
  * normalizer = Sequence[NFKC, BertNormalizer(clean_text, handle_chinese_chars,
    lowercase, strip_accents)]. NFKC first is our choice for full-width text:
    `ＡＢＣ１２３` becomes `abc123` and `，` becomes `,`, so full-width input hits the
    same pieces as half-width input instead of UNK.
  * the CJK test looks at UTF-16 code units (JS `charCodeAt`), so only BMP CJK
    ranges are split apart; astral ideographs stay glued to their neighbours.
  * whitespace is JS `\\s`, control chars are Unicode Cc/Cf/Co/Cs except \\t\\n\\r.
Truncation and padding are NOT in tokenizer.json (the JS library ignores them); the
policy lives here and in config.json (`tokenization`), and the TS runtime mirrors it:
  single(text, L):  [CLS] + pieces[:L-2] + [SEP]
  pair(q, d, L, Lq): qa = pieces(q)[:Lq-2]; db = pieces(d)[:L-3-len(qa)];
                    [CLS] qa [SEP] db [SEP], token_type 0 up to the first [SEP], 1 after.
  padding: right-pad with [PAD]=0 to the longest row of the batch, attention_mask 0
  on pads; model outputs do not depend on the padded length.
Refuses: NFKC-only or Rust-only behaviours the JS library does not have.
"""
from __future__ import annotations

import collections
import json
import os
import unicodedata
from dataclasses import dataclass

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PAD, UNK, CLS, SEP, MASK = range(5)

# JS `\s` (ECMAScript WhiteSpace + LineTerminator)
JS_SPACE = set("\t\n\x0b\x0c\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {
    chr(c) for c in range(0x2000, 0x200B)}
ASCII_PUNCT = set(chr(c) for c in list(range(0x21, 0x30)) + list(range(0x3A, 0x41))
                  + list(range(0x5B, 0x61)) + list(range(0x7B, 0x7F)))
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕—–…·～￥・〜﹏｜"


def gb2312_hanzi() -> list[str]:
    """All 6,763 GB2312 hanzi: rows 0xB0–0xF7 × cells 0xA1–0xFE, undefined skipped."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def punctuation() -> list[str]:
    half = sorted(ASCII_PUNCT)
    full = [chr(ord(c) - 0x21 + 0xFF01) for c in half]  # ！＂＃… full-width forms
    out, seen = [], set()
    for c in half + full + list(CJK_PUNCT):
        if c not in seen:
            seen.add(c)
            out.append(c)
    return out


# ---------------------------------------------------------------- normalizer

def _is_cjk_unit(cp: int) -> bool:
    # the JS library's is_chinese_char, applied to UTF-16 code units: only BMP ranges can hit
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


def _is_control(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # clean_text
    out = []
    for ch in text:
        if ch == "\x00" or ch == "\ufffd" or _is_control(ch):
            continue
        out.append(" " if ch in JS_SPACE else ch)
    text = "".join(out)
    # handle_chinese_chars
    text = "".join(f" {ch} " if _is_cjk_unit(ord(ch)) else ch for ch in text)
    # lowercase + strip_accents
    text = text.lower()
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _is_punct(ch: str) -> bool:
    return ch in ASCII_PUNCT or unicodedata.category(ch).startswith("P")


def pre_tokenize(text: str) -> list[str]:
    """BertPreTokenizer as the JS regex `[^\\s P]+|[P]` after trim()."""
    words, cur = [], []
    for ch in text:
        if ch in JS_SPACE:
            if cur:
                words.append("".join(cur)); cur = []
        elif _is_punct(ch):
            if cur:
                words.append("".join(cur)); cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


# ---------------------------------------------------------------- tokenizer

@dataclass
class Tokenizer:
    vocab: list[str]
    max_input_chars_per_word: int = 100

    def __post_init__(self):
        self.ids = {t: i for i, t in enumerate(self.vocab)}

    @classmethod
    def load(cls, path: str) -> "Tokenizer":
        with open(os.path.join(path, "vocab.txt"), encoding="utf-8") as f:
            return cls([line.rstrip("\n") for line in f])

    def _wordpiece(self, word: str) -> list[int]:
        chars = list(word)
        if len(chars) > self.max_input_chars_per_word:
            return [UNK]
        out, start = [], 0
        while start < len(chars):
            end, cur = len(chars), None
            while start < end:
                sub = "".join(chars[start:end])
                if start > 0:
                    sub = "##" + sub
                if sub in self.ids:
                    cur = self.ids[sub]
                    break
                end -= 1
            if cur is None:
                return [UNK]
            out.append(cur)
            start = end
        return out

    def pieces(self, text: str) -> list[int]:
        """Token ids without specials (= JS encode(text, {add_special_tokens:false}).ids)."""
        ids: list[int] = []
        for section in _split_specials(text):
            if section in SPECIALS:
                ids.append(SPECIALS.index(section))
                continue
            for word in pre_tokenize(normalize(section)):
                ids.extend(self._wordpiece(word))
        return ids

    def single(self, text: str, max_len: int) -> list[int]:
        return [CLS] + self.pieces(text)[: max_len - 2] + [SEP]

    def pair(self, q: str, d: str, max_len: int, q_max_len: int) -> tuple[list[int], list[int]]:
        qa = self.pieces(q)[: q_max_len - 2]
        db = self.pieces(d)[: max(0, max_len - 3 - len(qa))]
        ids = [CLS] + qa + [SEP] + db + [SEP]
        types = [0] * (len(qa) + 2) + [1] * (len(db) + 1)
        return ids, types

    def tokens(self, ids: list[int]) -> list[str]:
        return [self.vocab[i] for i in ids]


def _split_specials(text: str) -> list[str]:
    """The JS DictionarySplitter over the (unnormalized) special tokens: leftmost-longest."""
    out, start, i, n = [], 0, 0, len(text)
    while i < n:
        match = None
        if text[i] == "[":
            for sp in SPECIALS:
                if text.startswith(sp, i):
                    match = sp
                    break
        if match:
            if i > start:
                out.append(text[start:i])
            out.append(match)
            i += len(match)
            start = i
        else:
            i += 1
    if start < n:
        out.append(text[start:])
    return out


def pad_batch(rows: list[list[int]], pad: int = PAD) -> tuple[list[list[int]], list[list[int]]]:
    """Right-pad to the longest row; returns (ids, attention_mask)."""
    n = max(1, max((len(r) for r in rows), default=1))
    ids = [r + [pad] * (n - len(r)) for r in rows]
    mask = [[1] * len(r) + [0] * (n - len(r)) for r in rows]
    return ids, mask


# ---------------------------------------------------------------- vocab building

def train_wordpiece(texts: list[str], n_pieces: int = 300) -> list[str]:
    """Learn ASCII word pieces: BPE-style merges over lower-cased ASCII alnum words.

    Returns every single letter/digit and its `##` form plus the merged pieces (up to
    n_pieces merges), so no ASCII letter or digit is ever UNK.
    """
    words = collections.Counter()
    for t in texts:
        for w in pre_tokenize(normalize(t)):
            if w.isascii() and w.isalnum():
                words[w] += 1
    base = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    vocab = base + ["##" + c for c in base]
    seen = set(vocab)
    splits = {w: [w[0]] + ["##" + c for c in w[1:]] for w in words}
    for _ in range(n_pieces):
        pairs = collections.Counter()
        for w, f in words.items():
            s = splits[w]
            for a, b in zip(s, s[1:]):
                pairs[(a, b)] += f
        if not pairs:
            break
        (a, b), f = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if f < 2:
            break
        merged = a + b[2:]
        for w in words:
            s = splits[w]
            i, new = 0, []
            while i < len(s):
                if i + 1 < len(s) and s[i] == a and s[i + 1] == b:
                    new.append(merged); i += 2
                else:
                    new.append(s[i]); i += 1
            splits[w] = new
        if merged not in seen:
            seen.add(merged)
            vocab.append(merged)
    return vocab


def build_vocab(texts: list[str], n_pieces: int = 300) -> list[str]:
    vocab, seen = [], set()
    for t in SPECIALS + gb2312_hanzi() + punctuation() + train_wordpiece(texts, n_pieces):
        if t not in seen:
            seen.add(t)
            vocab.append(t)
    return vocab


def save_hf(vocab: list[str], out_dir: str, model_max_length: int = 32) -> None:
    """vocab.txt + tokenizer.json + tokenizer_config.json in Hugging Face layout."""
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, t in enumerate(SPECIALS)]
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFKC"},
            {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
             "strip_accents": True, "lowercase": True}]},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [SPECIALS.index(t)], "tokens": [t]}
                               for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100,
                  "vocab": {t: i for i, t in enumerate(vocab)}},
    }
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    cfg = {
        "tokenizer_class": "BertTokenizer", "do_lower_case": True, "tokenize_chinese_chars": True,
        "strip_accents": True, "model_max_length": model_max_length,
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
        "mask_token": "[MASK]", "clean_up_tokenization_spaces": True,
    }
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False, indent=1)
