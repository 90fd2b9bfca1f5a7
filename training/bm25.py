"""BM25 lexical baseline: the same definition as src/core/bm25.ts.

terms(text) after NFKC + lower-case: each CJK char (U+3400–4DBF, 4E00–9FFF, F900–FAFF), each
adjacent CJK pair (punctuation, spaces and Latin break pairs), each [a-z0-9]+ run as one term.
idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)); k1 = 1.2, b = 0.75;
score(q, d) = Σ over the query's distinct terms of idf · tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl)).
Docs are docText(doc). (TS scores in float32, we in float64: rankings agree up to float ties.)
"""
from __future__ import annotations

import collections
import math
import unicodedata

import numpy as np


def _cjk(ch: str) -> bool:
    c = ord(ch)
    return 0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF


def _word(ch: str) -> bool:
    return "a" <= ch <= "z" or "0" <= ch <= "9"


def terms(text: str) -> list[str]:
    out: list[str] = []
    word, prev = "", ""
    for ch in unicodedata.normalize("NFKC", text).lower():
        if _word(ch):
            word += ch
            prev = ""
            continue
        if word:
            out.append(word)
            word = ""
        if _cjk(ch):
            out.append(ch)
            if prev:
                out.append(prev + ch)
            prev = ch
        else:
            prev = ""
    if word:
        out.append(word)
    return out


class BM25:
    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.tfs = [collections.Counter(terms(t)) for t in texts]
        self.lens = np.array([sum(tf.values()) for tf in self.tfs], dtype=np.float64)
        self.avgdl = float(self.lens.mean()) if len(texts) else 1.0
        df = collections.Counter()
        for tf in self.tfs:
            df.update(tf.keys())
        n = len(texts)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.postings: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
        for i, tf in enumerate(self.tfs):
            for t, c in tf.items():
                self.postings[t].append((i, c))

    def scores(self, query: str) -> np.ndarray:
        """[n_docs] scores of every doc."""
        s = np.zeros(len(self.tfs), dtype=np.float64)
        norm = self.k1 * (1 - self.b + self.b * self.lens / self.avgdl)
        for t in set(terms(query)):
            if t not in self.postings:
                continue
            idx = np.array([i for i, _ in self.postings[t]])
            tf = np.array([c for _, c in self.postings[t]], dtype=np.float64)
            s[idx] += self.idf[t] * tf * (self.k1 + 1) / (tf + norm[idx])
        return s
