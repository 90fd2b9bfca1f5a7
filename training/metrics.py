"""Relevance and consistency metrics; the same definitions as src/core/metrics.ts and
src/core/rankCompare.ts (checked against src/core/__fixtures__/metric-cases.json).

  * ranking order: score desc, ties by docid asc; NaN last.
  * nDCG@k: gain 2^rel − 1 (default, 'exp') or rel ('linear'); ideal from ALL judged docs of
    the query; unjudged = gain 0; None when no judged doc has positive gain.
  * Recall@k: relevant (grade ≥ 2) in top k / all relevant judged; None when none relevant.
  * AUC per query: judged docs the run scored, positive = grade ≥ 2; ties 0.5; None if a
    class is empty.
  * N/M: of the pairs the reference (fine ranker) orders strictly, the share the model
    orders the same way strictly (a model tie is not concordant).
  * Kendall τ-b between model and reference scores.
Undefined per-query values are None and skipped by aggregates.
"""
from __future__ import annotations

import math

import numpy as np

REL_THRESHOLD = 2


def sort_run(docs: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return sorted(docs, key=lambda d: (math.isnan(d[1]), -d[1] if not math.isnan(d[1]) else 0.0, d[0]))


def gain_of(grade: float, gain: str = "exp") -> float:
    if not grade > 0:
        return 0.0
    return 2.0 ** grade - 1 if gain == "exp" else float(grade)


def dcg(grades: list[float], k: int, gain: str = "exp") -> float:
    return sum(gain_of(g, gain) / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg_at_k(judged: dict[str, float], docs: list[tuple[str, float]], k: int, gain: str = "exp"):
    if k <= 0:
        return None
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)
    idcg = dcg(ideal, k, gain)
    if idcg == 0:
        return None
    ranked = [judged.get(d, 0) for d, _ in sort_run(docs)[:k]]
    return dcg(ranked, k, gain) / idcg


def recall_at_k(judged: dict[str, float], docs: list[tuple[str, float]], k: int, thr: float = REL_THRESHOLD):
    total = sum(1 for g in judged.values() if g >= thr)
    if total == 0:
        return None
    hit = sum(1 for d, _ in sort_run(docs)[:max(0, k)] if judged.get(d, -math.inf) >= thr)
    return hit / total


def reciprocal_rank(judged, docs, thr: float = REL_THRESHOLD, k: float = math.inf):
    if not any(g >= thr for g in judged.values()):
        return None
    for i, (d, _) in enumerate(sort_run(docs)):
        if i >= k:
            break
        if judged.get(d, -math.inf) >= thr:
            return 1.0 / (i + 1)
    return 0.0


def auc_of_labels(scores, positive):
    s = np.asarray(scores, dtype=np.float64)
    p = np.asarray(positive, dtype=bool)
    n_pos = int(p.sum()); n_neg = len(s) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    order = np.argsort(s, kind="mergesort")
    ss = s[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and ss[j + 1] == ss[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[p].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def auc_of_query(judged, docs, thr: float = REL_THRESHOLD):
    seen, scores, pos = set(), [], []
    for d, s in docs:
        g = judged.get(d)
        if g is None or d in seen or math.isnan(s):
            continue
        seen.add(d)
        scores.append(s); pos.append(g >= thr)
    return auc_of_labels(scores, pos)


def _tie_pairs(v: np.ndarray) -> float:
    _, counts = np.unique(v, return_counts=True)
    return float((counts * (counts - 1) / 2).sum())


def pair_counts(x, y) -> dict:
    """Concordant / discordant / tied pair counts (O(n²) vectorised; n ≤ a few thousand)."""
    x = np.asarray(x, dtype=np.float64); y = np.asarray(y, dtype=np.float64)
    if len(x) != len(y):
        raise ValueError("pair_counts: lengths differ")
    n = len(x)
    iu = np.triu_indices(n, 1)
    dx = np.sign(x[:, None] - x[None, :])[iu]
    dy = np.sign(y[:, None] - y[None, :])[iu]
    prod = dx * dy
    return {"concordant": float((prod > 0).sum()), "discordant": float((prod < 0).sum()),
            "tiedX": _tie_pairs(x), "tiedY": _tie_pairs(y), "total": n * (n - 1) / 2}


def nm_consistency(reference, model) -> dict:
    c = pair_counts(reference, model)
    m = c["total"] - c["tiedX"]
    return {"n": c["concordant"], "m": m, "share": c["concordant"] / m if m > 0 else None}


def kendall_tau_b(x, y):
    c = pair_counts(x, y)
    den = math.sqrt((c["total"] - c["tiedX"]) * (c["total"] - c["tiedY"]))
    return (c["concordant"] - c["discordant"]) / den if den > 0 else None


def top_k(scores, k: int) -> list[int]:
    """Indices of the k best scores, best first; ties: lower index first; NaN last."""
    s = list(scores)
    order = sorted(range(len(s)), key=lambda i: (math.isnan(s[i]), -s[i] if not math.isnan(s[i]) else 0.0, i))
    return order[:max(0, min(int(k), len(s)))]


def recall_at_k_at_m(reference, model, k: int, m: int):
    ref_top = top_k(reference, k)
    if not ref_top:
        return None
    kept = set(top_k(model, m))
    return sum(1 for i in ref_top if i in kept) / len(ref_top)


def rbo(a: list[str], b: list[str], p: float = 0.9, depth: float = math.inf):
    k = int(min(len(a), len(b), depth))
    if k <= 0 or not (0 < p < 1):
        return None
    seen_a, seen_b, overlap, total = set(), set(), 0, 0.0
    for d in range(1, k + 1):
        x, y = a[d - 1], b[d - 1]
        if x == y:
            overlap += 1
        else:
            if x in seen_b:
                overlap += 1
            if y in seen_a:
                overlap += 1
        seen_a.add(x); seen_b.add(y)
        total += overlap / d * p ** d
    return overlap / k * p ** k + (1 - p) / p * total


def mean_defined(values) -> tuple[float | None, int]:
    """Mean over the defined (non-None) values and how many were undefined."""
    vals = [v for v in values if v is not None]
    return (float(np.mean(vals)) if vals else None), len(values) - len(vals)


# ---------------------------------------------------------------- whole-run evaluation (metricsAggregate.ts)

def align_scores(reference: list[tuple[str, float]], model: list[tuple[str, float]]):
    """Common docids (NaN dropped, first score wins), sorted by docid."""
    m = {}
    for d, s in model:
        if not math.isnan(s) and d not in m:
            m[d] = s
    pairs, seen = [], set()
    for d, s in reference:
        if math.isnan(s) or d in seen:
            continue
        seen.add(d)
        if d in m:
            pairs.append((d, s, m[d]))
    pairs.sort(key=lambda p: p[0])
    return [p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs]


def evaluate_run(qrels: dict, run: dict, reference: dict | None = None, threshold: float = 2, gain: str = "exp",
                 ndcg_k: int = 10, recall_k: int = 100, km_k: int = 10, km_m: int = 100, rbo_p: float = 0.9) -> list[dict]:
    rows = []
    for qid in sorted(qrels):
        judged = qrels[qid]
        docs = run.get(qid, [])
        row = {"qid": qid, "auc": auc_of_query(judged, docs, threshold), "ndcg": ndcg_at_k(judged, docs, ndcg_k, gain),
               "recall": recall_at_k(judged, docs, recall_k, threshold), "rr": reciprocal_rank(judged, docs, threshold)}
        if reference is not None:
            ref = reference.get(qid, [])
            _, r, m = align_scores(ref, docs)
            nm = nm_consistency(r, m)
            row.update({"nmN": nm["n"], "nmM": nm["m"], "nm": nm["share"], "kendall": kendall_tau_b(r, m),
                        "recallKM": recall_at_k_at_m(r, m, km_k, km_m),
                        "rbo": rbo([d for d, _ in sort_run(ref)], [d for d, _ in sort_run(docs)], rbo_p)})
        rows.append(row)
    return rows


METRIC_KEYS = ["auc", "ndcg", "recall", "rr", "nm", "kendall", "recallKM", "rbo"]


def mulberry32(seed: int):
    s = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def rand():
        nonlocal s
        s = (s + 0x6D2B79F5) & 0xFFFFFFFF
        t = s
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return rand


def quantile_sorted(xs, q: float) -> float:
    n = len(xs)
    if n == 0:
        return math.nan
    h = (n - 1) * min(1.0, max(0.0, q))
    lo = math.floor(h)
    hi = min(n - 1, lo + 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def bootstrap_mean_ci(values, samples: int = 1000, seed: int = 0x5EED, level: float = 0.95):
    xs = [v for v in values if v is not None and not math.isnan(v)]
    n = len(xs)
    if n < 2:
        return None
    B = max(1, int(samples))
    rand = mulberry32(seed)
    means = []
    for _ in range(B):
        s = 0.0
        for _ in range(n):
            s += xs[math.floor(rand() * n)]
        means.append(s / n)
    means.sort()
    a = (1 - level) / 2
    return {"lo": quantile_sorted(means, a), "hi": quantile_sorted(means, 1 - a)}


def summarize(rows: list[dict], bootstrap: dict | None = None) -> dict:
    out: dict = {"queries": len(rows)}
    for key in METRIC_KEYS:
        if not any(key in r for r in rows):
            continue
        vals = [r.get(key) for r in rows]
        defined = [v for v in vals if v is not None and not math.isnan(v)]
        s = 0.0
        for v in defined:
            s += v
        out[key] = {"mean": s / len(defined) if defined else None, "n": len(defined), "skipped": len(vals) - len(defined)}
        if bootstrap:
            out[key]["ci"] = bootstrap_mean_ci(vals, bootstrap.get("samples", 1000), bootstrap.get("seed", 0x5EED),
                                               bootstrap.get("level", 0.95))
    if any("nmM" in r for r in rows):
        n = sum(r.get("nmN", 0) for r in rows)
        m = sum(r.get("nmM", 0) for r in rows)
        out["nmMicro"] = n / m if m > 0 else None
    return out
