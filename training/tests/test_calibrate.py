"""Calibration (training/calibrate.py) and the fine-ranker KD lists' sampling (training/kd_lists.py)."""
import math

import numpy as np
import torch

from training import calibrate as C
from training.kd_lists import list_kl, sample_lists
from training.model import BertConfig, CrossEncoder, TwoTower


def test_platt_recovers_a_known_scale_and_bias():
    rng = np.random.RandomState(0)
    x = rng.randn(20000) * 3
    y = (rng.rand(len(x)) < 1 / (1 + np.exp(-(0.5 * x - 2.0)))).astype(float)
    a, b = C.fit_platt(x, y)
    assert abs(a - 0.5) < 0.05 and abs(b + 2.0) < 0.1


def test_reliability_by_hand():
    p = np.array([0.05, 0.15, 0.15, 0.95])
    y = np.array([0, 1, 0, 1])
    r = C.reliability(p, y, bins=10)
    # bins: [0,.1) one pair conf .05 acc 0; [.1,.2) two pairs conf .15 acc .5; [.9,1] one pair conf .95 acc 1
    want = 0.25 * 0.05 + 0.5 * 0.35 + 0.25 * 0.05
    assert math.isclose(r["ece"], want, rel_tol=1e-9)
    assert [b["n"] for b in r["bins"]] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert C.reliability(np.array([1.0]), np.array([1]))["bins"][9]["n"] == 1   # p = 1 lands in the last bin


def test_fit_bias_alone():
    z = np.zeros(1000)
    y = np.r_[np.ones(250), np.zeros(750)]
    assert abs(1 / (1 + math.exp(-C.fit_bias(z, y))) - 0.25) < 1e-6


def tiny_cfg(**kw):
    return BertConfig(vocab_size=50, hidden=16, layers=1, heads=2, ffn=32, max_pos=16, **kw)


def test_fold_scales_tower_logits_by_a_and_keeps_order():
    torch.manual_seed(0)
    t = TwoTower(tiny_cfg(pooling="mean")).eval()
    ids = torch.randint(5, 50, (6, 8)); mask = torch.ones_like(ids)
    with torch.no_grad():
        q, d = t(ids[:1], mask[:1]), t(ids[1:], mask[1:])
        before = (q * d).sum(-1)
        t2 = TwoTower(tiny_cfg(pooling="mean")).eval()
        t2.load_state_dict(C.fold(t.state_dict(), "tower", 2.5, -1.0))
        after = (t2(ids[:1], mask[:1]) * t2(ids[1:], mask[1:])).sum(-1)
    assert torch.allclose(after, 2.5 * before, atol=1e-5)   # the bias is the runtime's (logit_bias)


def test_fold_puts_scale_and_bias_in_the_cross_encoder():
    torch.manual_seed(1)
    m = CrossEncoder(tiny_cfg()).eval()
    ids = torch.randint(5, 50, (4, 10)); mask = torch.ones_like(ids); types = torch.zeros_like(ids)
    with torch.no_grad():
        before = m(ids, mask, types)
        m2 = CrossEncoder(tiny_cfg()).eval()
        m2.load_state_dict(C.fold(m.state_dict(), "cross", 0.7, 0.3))
        after = m2(ids, mask, types)
    assert torch.allclose(after, 0.7 * before + 0.3, atol=1e-5)


def test_fold_refuses_a_non_positive_scale():
    t = TwoTower(tiny_cfg(pooling="mean"))
    try:
        C.fold(t.state_dict(), "tower", -0.1, 0.0)
    except ValueError as e:
        assert "scale" in str(e)
    else:
        raise AssertionError("a negative scale would reverse the ranking")


def test_sample_lists_shapes_and_targets_line_up():
    qidx = torch.arange(5)
    cands = torch.arange(50).view(5, 10)
    fine = cands.float() * 10
    q, docs, t = sample_lists((qidx, cands, fine), 7, 4, np.random.RandomState(3))
    assert q.shape == (7,) and docs.shape == (7, 4) and t.shape == (7, 4)
    assert torch.equal(t, docs.float() * 10)                          # each logit stays with its doc
    assert all(int(d) // 10 == int(qq) for qq, row in zip(q, docs) for d in row)   # docs of the query's own list
    assert all(len(set(row.tolist())) == 4 for row in docs)           # no candidate twice in a list


def test_list_kl_is_zero_only_when_the_orders_match_in_softmax():
    x = torch.tensor([[1.0, 2.0, 3.0]])
    assert list_kl(x, x).item() < 1e-7
    assert list_kl(x, x.flip(-1)).item() > 0.1
