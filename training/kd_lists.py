"""The fine ranker's scores over what retrieval returns for train-split queries ("KD lists").

Shared by the teacher/student stages (training/train.py) and the interaction heads
(training/heads_run.py): the reference's fine-ranker → coarse-ranker distillation, on the candidate
lists a coarse ranker really sees (BM25's top-k plus docs from outside it). No qrels, no clicks.
"""
from __future__ import annotations

import os
import time

import numpy as np
import torch
import torch.nn.functional as F


def fine_lists(world, tok, lens, fine, bm25, n_queries: int, cand_k: int, randoms: int, cache: str, log=print):
    """(query rows [N] (index in sorted(world.queries)), candidates [N, k], fine logits [N, k]) for N
    train-split queries, evenly spaced by qid; cached at `cache`."""
    from .evaluate import cross_logits
    if os.path.exists(cache):
        return torch.load(cache)
    t0 = time.time()
    qids = sorted(world.split_qids("train"))
    step = max(1, len(qids) // n_queries)
    qids = qids[::step][:n_queries]
    cands = [np.argsort(-bm25.scores(world.queries[q]["text"]), kind="stable")[:cand_k].tolist() for q in qids]
    if randoms:
        cands = [c + extra_candidates(world, c, randoms, seed=i) for i, c in enumerate(cands)]
    pairs = [(world.queries[q]["text"], world.doc_texts[i]) for q, c in zip(qids, cands) for i in c]
    logits = cross_logits(fine, tok, pairs, lens["pair"], lens["query"])
    qpos = {q: i for i, q in enumerate(sorted(world.queries))}
    out = (torch.tensor([qpos[q] for q in qids]), torch.tensor(cands, dtype=torch.long),
           torch.tensor(logits, dtype=torch.float32).view(len(qids), -1))
    os.makedirs(os.path.dirname(cache) or ".", exist_ok=True)
    torch.save(out, cache)
    log(f"[lists] fine-ranker logits for {len(qids)} train queries × ({cand_k} BM25 + {randoms} other) "
        f"candidates ({time.time() - t0:.0f}s)")
    return out


def extra_candidates(world, top: list[int], n: int, seed: int) -> list[int]:
    """n docs outside a query's BM25 list, half from the category of its BM25 top doc, half from the
    whole catalog — the kinds of negatives the eval candidate sets hold besides BM25's (judged
    same-category and random docs). Chosen without labels: retrieval output and doc fields only."""
    rng = np.random.RandomState(1_000_003 + seed)
    have = set(top)
    cat = world.docs[top[0]].get("category") if top else None
    same = [i for i in _by_category(world).get(cat, []) if i not in have]
    out = []
    if same:
        out += rng.choice(same, min(len(same), n // 2), replace=False).tolist()
    while len(out) < n:
        i = int(rng.randint(len(world.docs)))
        if i not in have and i not in out:
            out.append(i)
    return out


def _by_category(world) -> dict:
    if not hasattr(world, "_by_cat"):
        by = {}
        for i, d in enumerate(world.docs):
            by.setdefault(d.get("category"), []).append(i)
        world._by_cat = by
    return world._by_cat


def sample_lists(lists, n: int, length: int, rng: np.random.RandomState):
    """n random lists, each cut to `length` random candidates: (query rows [n], docs [n, L], logits [n, L])."""
    qidx, cands, fine = lists
    bi = rng.randint(0, len(qidx), n)
    L = min(length, cands.shape[1])
    cols = torch.from_numpy(np.stack([rng.choice(cands.shape[1], L, replace=False) for _ in bi]))
    rows = torch.arange(len(bi))[:, None]
    return qidx[bi], cands[bi][rows, cols], fine[bi][rows, cols]


def list_kl(logits: torch.Tensor, teacher: torch.Tensor, temp: float = 1.0) -> torch.Tensor:
    """KL(softmax(teacher / temp) || softmax(logits)) per list, averaged over lists."""
    return F.kl_div(torch.log_softmax(logits, -1), torch.softmax(teacher / temp, -1), reduction="batchmean")
