"""Model selection on the valid split: nDCG@10 over judged ∪ BM25 top-k candidate sets."""
from __future__ import annotations

import torch

from .evaluate import encode_texts
from .loop import Setup


# ============================================================== validation (valid split, model selection)

_valid_cache = {}


def valid_sets(S: Setup):
    if "sets" not in _valid_cache:
        from .bm25 import BM25
        from .evaluate import candidate_sets, eval_qids
        bm = BM25(S.world.doc_texts)
        qids = eval_qids(S.world, "valid", S.prof.valid_queries)
        _valid_cache["sets"] = (qids, candidate_sets(S.world, qids, bm, S.prof.valid_cand_k))
    return _valid_cache["sets"]


def valid_ndcg(S: Setup, scorer) -> float:
    """Mean nDCG@10 over valid queries' candidate sets; scorer(qid, doc_indices) → scores."""
    from . import metrics as M
    qids, cands = valid_sets(S)
    vals = []
    for q in qids:
        s = scorer(q, cands[q])
        run = list(zip([S.world.doc_ids[i] for i in cands[q]], [float(x) for x in s]))
        vals.append(M.ndcg_at_k(S.world.qrels.get(q, {}), run, 10))
    return M.mean_defined(vals)[0] or 0.0


def tower_valid(S: Setup):
    def fn(model):
        qids, cands = valid_sets(S)
        docs = sorted({i for q in qids for i in cands[q]})
        pos = {d: k for k, d in enumerate(docs)}
        with torch.no_grad():
            De = encode_texts(model, S.tok, [S.world.doc_texts[i] for i in docs], S.prof.lens["doc"])
            Qe = encode_texts(model, S.tok, [S.world.queries[q]["text"] for q in qids], S.prof.lens["query"])
        qpos = {q: k for k, q in enumerate(qids)}
        return valid_ndcg(S, lambda q, c: (De[[pos[i] for i in c]] @ Qe[qpos[q]]).numpy())
    return fn


def fine_valid(S: Setup):
    from .evaluate import cross_logits
    def fn(model):
        qids, cands = valid_sets(S)
        pairs = [(S.world.queries[q]["text"], S.world.doc_texts[i]) for q in qids for i in cands[q]]
        flat = cross_logits(model, S.tok, pairs, S.prof.lens["pair"], S.prof.lens["query"])
        offs, o = {}, 0
        for q in qids:
            offs[q] = o; o += len(cands[q])
        return valid_ndcg(S, lambda q, c: flat[offs[q]: offs[q] + len(c)])
    return fn
