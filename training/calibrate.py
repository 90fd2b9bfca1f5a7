"""Calibrated scores: sigmoid(a · raw + b) ≈ P(grade ≥ 2), fitted on the valid split, folded into the graphs.

Towers and the fine ranker are trained with softmax losses, whose logits carry an arbitrary scale and
per-query offset: the raw sigmoid said 1.0000 for a whole top 20 and could not be cut at a threshold.
Platt scaling (two parameters, logistic regression of grade ≥ 2 on the raw score over the valid
split's candidate sets, unjudged = grade 0 as in the eval protocol) fixes the scale without changing
any ranking. Where it lives:
  * tower: q·d → a·q·d + b. √a is folded into the tower's last linear layer (both sides are the same
    graph, so q·d scales by a); b cannot live in a symmetric dot product, so it is stored as
    `logit_bias` in config.json / manifest.json and the runtime adds it before the sigmoid.
  * fine ranker: folded entirely into its output layer (logit' = a·logit + b).
ECE (10 equal-width bins) and a reliability table per model, on the TEST split's candidate sets,
go to <run>/calibration.json and report.json["calibration"].
"""
from __future__ import annotations

import math

import numpy as np
import torch

from . import metrics as M
from .evaluate import candidate_sets, cross_logits, encode_texts, eval_qids


def fit_platt(raw: np.ndarray, y: np.ndarray, iters: int = 100) -> tuple[float, float]:
    """(a, b) minimising the log loss of sigmoid(a·raw + b) against y ∈ {0, 1} (Newton's method)."""
    x = np.asarray(raw, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    p0 = min(max(y.mean(), 1e-6), 1 - 1e-6)
    a, b = 1.0 / max(x.std(), 1e-6), math.log(p0 / (1 - p0)) - x.mean() / max(x.std(), 1e-6)
    for _ in range(iters):
        z = np.clip(a * x + b, -40, 40)
        p = 1 / (1 + np.exp(-z))
        g = np.array([np.sum((p - y) * x), np.sum(p - y)])
        w = p * (1 - p) + 1e-12
        H = np.array([[np.sum(w * x * x), np.sum(w * x)], [np.sum(w * x), np.sum(w)]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(H, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-10:
            break
    return float(a), float(b)


def fit_bias(z: np.ndarray, y: np.ndarray, iters: int = 60) -> float:
    """b minimising the log loss of sigmoid(z + b) (Newton's method, one parameter)."""
    b = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(z + b, -40, 40)))
        step = np.sum(p - y) / (np.sum(p * (1 - p)) + 1e-12)
        b -= step
        if abs(step) < 1e-10:
            break
    return float(b)


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> dict:
    """ECE over `bins` equal-width probability bins, and the table [{lo, hi, n, mean_p, frac_pos}]."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    rows, ece = [], 0.0
    for k in range(bins):
        sel = idx == k
        n = int(sel.sum())
        mp = float(p[sel].mean()) if n else None
        fp = float(y[sel].mean()) if n else None
        if n:
            ece += n / len(p) * abs(mp - fp)
        rows.append({"lo": k / bins, "hi": (k + 1) / bins, "n": n, "mean_p": mp, "frac_pos": fp})
    return {"ece": float(ece), "bins": rows}


def split_pairs(world, split: str, n_queries: int, cand_k: int, bm25):
    """[(qid, doc index, label)] over the split's eval candidate sets; label = grade ≥ 2."""
    qids = eval_qids(world, split, n_queries)
    cands = candidate_sets(world, qids, bm25, cand_k)
    out = []
    for q in qids:
        judged = world.qrels.get(q, {})
        for i in cands[q]:
            out.append((q, i, int(judged.get(world.doc_ids[i], 0) >= M.REL_THRESHOLD)))
    return out


@torch.no_grad()
def raw_scores(model, kind: str, world, tok, lens, pairs) -> np.ndarray:
    if kind == "cross":
        return cross_logits(model, tok, [(world.queries[q]["text"], world.doc_texts[i]) for q, i, _ in pairs],
                            lens["pair"], lens["query"])
    qids = sorted({q for q, _, _ in pairs})
    docs = sorted({i for _, i, _ in pairs})
    Q = encode_texts(model, tok, [world.queries[q]["text"] for q in qids], lens["query"])
    Dm = encode_texts(model, tok, [world.doc_texts[i] for i in docs], lens["doc"])
    qp = {q: k for k, q in enumerate(qids)}
    dp = {d: k for k, d in enumerate(docs)}
    qi = torch.tensor([qp[q] for q, _, _ in pairs])
    di = torch.tensor([dp[i] for _, i, _ in pairs])
    return (Q[qi] * Dm[di]).sum(-1).double().numpy()


def calibrate_model(model, kind: str, world, tok, lens, valid_pairs, test_pairs) -> dict:
    """Fit on valid, measure on test (before and after); returns the record (model unchanged)."""
    yv = np.array([y for *_, y in valid_pairs])
    yt = np.array([y for *_, y in test_pairs])
    rv = raw_scores(model, kind, world, tok, lens, valid_pairs)
    a, b = fit_platt(rv, yv)
    clamped = a <= 0
    if clamped:   # a model that ranks against its labels (tiny smoke runs): keep its order, fit the bias only
        a = 1e-3
        b = fit_bias(a * rv, yv)
    rt = raw_scores(model, kind, world, tok, lens, test_pairs)
    before = reliability(1 / (1 + np.exp(-np.clip(rt, -40, 40))), yt)
    after = reliability(1 / (1 + np.exp(-np.clip(a * rt + b, -40, 40))), yt)
    return {"scale": a, "bias": b, "ece": after["ece"], "bins": after["bins"], "ece_raw": before["ece"],
            "bins_raw": before["bins"], "valid_pairs": len(valid_pairs), "test_pairs": len(test_pairs),
            "test_positive_share": float(yt.mean()), "scale_clamped": clamped}


def fold(state_dict: dict, kind: str, a: float, b: float) -> dict:
    """A copy of the state dict with the scale (towers: √a in `dense`; cross: a, b in the last layer) folded in."""
    sd = {k: v.clone() for k, v in state_dict.items()}
    if a <= 0:
        raise ValueError(f"calibration scale {a} ≤ 0: the model ranks against its labels; refusing to fold")
    if kind == "tower":
        r = math.sqrt(a)
        sd["dense.weight"] *= r
        sd["dense.bias"] *= r
    else:
        last = max(k for k in sd if k.startswith("head.") and k.endswith(".weight"))
        bias = last[: -len("weight")] + "bias"
        sd[last] *= a
        sd[bias] = sd[bias] * a + b
    return sd
