"""Aggregated click labels: position-debiased CTR per (query, doc) over every impression."""
import random

from training import data as D


def _world(impressions):
    docs = [{"id": f"d{i}", "title": f"t{i}"} for i in range(6)]
    ids = [d["id"] for d in docs]
    return D.World(docs=docs, doc_ids=ids, doc_index={d: i for i, d in enumerate(ids)}, doc_texts=ids,
                   queries={"q1": {"qid": "q1", "text": "x", "split": "train"}}, qrels={}, human={},
                   clicks=impressions)


def _simulate(rel, n=400, seed=1):
    """A position-based click model: P(click) = examine(pos) x rel(doc); shown order shuffled."""
    rng = random.Random(seed)
    examine = [1.0, 0.6, 0.45, 0.35, 0.3, 0.25]
    out = []
    for _ in range(n):
        shown = list(rel)
        rng.shuffle(shown)
        clicks = [i for i, d in enumerate(shown) if rng.random() < examine[i] * rel[d]]
        out.append({"qid": "q1", "split": "train", "shown": shown, "clicks": clicks})
    return out


def test_debiased_ctr_recovers_relevance_order():
    rel = {"d0": 0.9, "d1": 0.7, "d2": 0.4, "d3": 0.1, "d4": 0.05, "d5": 0.02}
    w = _world(_simulate(rel))
    st = D.click_stats(w, "train")
    ctr = {w.doc_ids[d]: c / e for (q, d), (c, e) in st.items()}
    order = sorted(ctr, key=ctr.get, reverse=True)
    assert order[:3] == ["d0", "d1", "d2"]
    assert abs(ctr["d0"] - 0.9) < 0.15  # the propensity correction puts CTR on the relevance scale


def test_pairs_prefer_the_better_doc_and_skip_other_splits():
    rel = {"d0": 0.9, "d1": 0.8, "d2": 0.05, "d3": 0.05, "d4": 0.02, "d5": 0.02}
    imps = _simulate(rel) + [{"qid": "q1", "split": "valid", "shown": ["d5"], "clicks": [0]}] * 50
    w = _world(imps)
    ex = D.aggregated_click_examples(w, "train")
    assert ex, "a query with 400 impressions gives pairs"
    good = {w.doc_index["d0"], w.doc_index["d1"]}
    assert all(e.pos in good for e in ex)
    assert all(e.neg not in good for e in ex)


def test_too_few_impressions_give_no_pairs():
    w = _world([{"qid": "q1", "split": "train", "shown": ["d0", "d1"], "clicks": [0]}])
    assert D.aggregated_click_examples(w, "train", min_exam=1.5) == []
