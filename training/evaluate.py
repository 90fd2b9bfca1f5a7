"""Scoring and evaluation on the test split (and the valid split for model selection).

Protocol (stated in models/REPORT.md):
  * candidate set C(q) = every judged doc of q (qrels, any grade) ∪ the BM25 top-`cand_k`
    of the full catalog. Every model — BM25, towers, fine ranker — scores C(q); AUC,
    nDCG@10, Recall@100, N/M and Kendall τ (vs the fine ranker) are computed on C(q).
    Unjudged docs count as grade 0 (ideal DCG from all judged docs).
  * towers (and BM25) additionally rank the FULL catalog: `ndcg10_full`, `recall100_full`.
  * per model: the mean over queries, overall and per intent.
Refuses: training-split data (only the split it is asked for) and any score it did not compute.
"""
from __future__ import annotations

import time

import numpy as np
import torch

from . import metrics as M
from .bm25 import BM25
from .model import CrossEncoder, TwoTower, emb_dim
from .tokenizer import Tokenizer, pad_batch


# ---------------------------------------------------------------- batched scoring

def _tensor(rows):
    ids, mask = pad_batch(rows)
    return torch.tensor(ids, dtype=torch.long), torch.tensor(mask, dtype=torch.long)


@torch.no_grad()
def encode_texts(model: TwoTower, tok: Tokenizer, texts: list[str], max_len: int, batch: int = 256,
                 cache: dict | None = None) -> torch.Tensor:
    """[n, hidden] tower embeddings; sorts by length so batches carry little padding."""
    model.eval()
    rows = [cache[t] if cache is not None and t in cache else tok.single(t, max_len) for t in texts]
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    out = torch.zeros(len(rows), emb_dim(model.config))
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        ids, mask = _tensor([rows[i] for i in idx])
        out[idx] = model(ids, mask)
    return out


@torch.no_grad()
def cross_logits(model: CrossEncoder, tok: Tokenizer, pairs: list[tuple[str, str]], max_len: int,
                 q_max_len: int, batch: int = 256) -> np.ndarray:
    model.eval()
    enc = [tok.pair(q, d, max_len, q_max_len) for q, d in pairs]
    order = sorted(range(len(enc)), key=lambda i: len(enc[i][0]))
    out = np.zeros(len(enc), dtype=np.float64)
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        ids, mask = _tensor([enc[i][0] for i in idx])
        types, _ = pad_batch([enc[i][1] for i in idx])
        out[idx] = model(ids, mask, torch.tensor(types, dtype=torch.long)).numpy()
    return out


# ---------------------------------------------------------------- candidate sets

def candidate_sets(world, qids: list[str], bm25: BM25, cand_k: int) -> dict[str, list[int]]:
    out = {}
    for qid in qids:
        s = world.queries[qid]["text"]
        top = np.argsort(-bm25.scores(s), kind="stable")[:cand_k].tolist()
        judged = [world.doc_index[d] for d in world.qrels.get(qid, {}) if d in world.doc_index]
        out[qid] = sorted(set(top) | set(judged))
    return out


def eval_qids(world, split: str, max_queries: int) -> list[str]:
    qids = sorted(q for q in world.split_qids(split) if any(g >= M.REL_THRESHOLD for g in world.qrels.get(q, {}).values()))
    if max_queries and len(qids) > max_queries:
        step = len(qids) / max_queries
        qids = [qids[int(i * step)] for i in range(max_queries)]
    return qids


# ---------------------------------------------------------------- metrics

def query_metrics(world, qid: str, cands: list[int], scores: np.ndarray, fine: np.ndarray | None,
                  full_scores: np.ndarray | None = None) -> dict:
    judged = world.qrels.get(qid, {})
    ids = [world.doc_ids[i] for i in cands]
    run = list(zip(ids, scores.tolist()))
    out = {"auc": M.auc_of_query(judged, run), "ndcg10": M.ndcg_at_k(judged, run, 10),
           "recall100": M.recall_at_k(judged, run, 100), "nm": None, "kendall": None}
    if fine is not None:
        out["nm"] = M.nm_consistency(fine, scores)["share"]
        out["kendall"] = M.kendall_tau_b(scores, fine)
    if full_scores is not None:
        top = np.argsort(-full_scores, kind="stable")[:100]
        full_run = [(world.doc_ids[i], float(full_scores[i])) for i in top]
        out["ndcg10_full"] = M.ndcg_at_k(judged, full_run, 10)
        out["recall100_full"] = M.recall_at_k(judged, full_run, 100)
    return out


def aggregate(world, per_query: dict[str, dict]) -> dict:
    keys = ["auc", "ndcg10", "recall100", "nm", "kendall", "ndcg10_full", "recall100_full"]
    def agg(qids):
        res = {}
        for k in keys:
            vals = [per_query[q].get(k) for q in qids if k in per_query[q]]
            if vals:
                res[k] = M.mean_defined(vals)[0]
        res["queries"] = len(qids)
        return res
    out = {"all": agg(list(per_query))}
    # per query, for paired bootstrap CIs of the report's Δ columns (training/report.py)
    out["per_query"] = {q: {k: per_query[q][k] for k in ("auc", "ndcg10", "nm", "ndcg10_full")
                            if per_query[q].get(k) is not None} for q in per_query}
    intents = sorted({world.queries[q]["intent"] for q in per_query})
    out["by_intent"] = {i: agg([q for q in per_query if world.queries[q]["intent"] == i]) for i in intents}
    return out


def evaluate_models(world, tok: Tokenizer, towers: dict[str, TwoTower], fine: CrossEncoder | None,
                    split: str, lens: dict, max_queries: int, cand_k: int, full: bool = True,
                    doc_emb_cache: dict | None = None, log=print) -> dict:
    """{model_id: {"all": {...}, "by_intent": {...}}} with a `bm25` row and the fine ranker."""
    t0 = time.time()
    bm25 = BM25(world.doc_texts)
    qids = eval_qids(world, split, max_queries)
    cands = candidate_sets(world, qids, bm25, cand_k)
    qtexts = [world.queries[q]["text"] for q in qids]
    fine_scores = {}
    if fine is not None:
        pairs = [(world.queries[q]["text"], world.doc_texts[i]) for q in qids for i in cands[q]]
        flat = cross_logits(fine, tok, pairs, lens["pair"], lens["query"])
        o = 0
        for q in qids:
            fine_scores[q] = flat[o:o + len(cands[q])]; o += len(cands[q])
        log(f"  eval: fine ranker scored {len(pairs)} pairs ({time.time() - t0:.0f}s)")
    results = {}
    per_q = {}
    for q in qids:
        full_s = bm25.scores(world.queries[q]["text"])
        per_q[q] = query_metrics(world, q, cands[q], full_s[cands[q]], fine_scores.get(q), full_s if full else None)
    results["bm25"] = aggregate(world, per_q)
    if fine is not None:
        per_q = {q: query_metrics(world, q, cands[q], fine_scores[q], fine_scores[q]) for q in qids}
        results["fine"] = aggregate(world, per_q)
    for name, tower in towers.items():
        if doc_emb_cache is not None and name in doc_emb_cache:
            D = doc_emb_cache[name]
        else:
            D = encode_texts(tower, tok, world.doc_texts, lens["doc"])
        Q = encode_texts(tower, tok, qtexts, lens["query"])
        per_q = {}
        for qi, q in enumerate(qids):
            s = (D @ Q[qi]).double().numpy()  # [n_docs] logits; sigmoid is monotone
            per_q[q] = query_metrics(world, q, cands[q], s[cands[q]], fine_scores.get(q), s if full else None)
        results[name] = aggregate(world, per_q)
        log(f"  eval: {name} ndcg10={results[name]['all'].get('ndcg10', 0):.4f} ({time.time() - t0:.0f}s)")
    results["_protocol"] = {"split": split, "queries": len(qids), "cand_k": cand_k,
                            "mean_candidates": float(np.mean([len(c) for c in cands.values()])) if cands else 0}
    return results
