"""Model shapes, padding invariance, attention outputs, Child-Tuning masks."""
import torch

from training.model import AttnPool, BertConfig, CrossEncoder, MLMHead, TwoTower, emb_dim, pool


def cfg(**kw):
    base = dict(vocab_size=100, hidden=32, layers=2, heads=2, ffn=64, embed_dim=16, dropout=0.0)
    base.update(kw)
    return BertConfig(**base)


def test_tower_shapes_and_padding_invariance():
    for pooling in ("cls", "mean", "max", "attn"):
        m = TwoTower(cfg(pooling=pooling, pool_heads=3)).eval()
        ids = torch.tensor([[2, 10, 11, 3]])
        emb, tokens, attn = m.encode(ids, torch.ones_like(ids), with_attn=True)
        width = 96 if pooling == "attn" else 32      # attn: pool_heads * hidden
        assert emb_dim(m.config) == width
        assert emb.shape == (1, width) and tokens.shape == (1, 4, 32) and attn.shape == (1, 2, 2, 4, 4)
        assert torch.allclose(attn.sum(-1), torch.ones(1, 2, 2, 4), atol=1e-5)
        padded = torch.tensor([[2, 10, 11, 3, 0, 0]])
        mask = torch.tensor([[1, 1, 1, 1, 0, 0]])
        emb2, _, _ = m.encode(padded, mask)
        assert torch.allclose(emb, emb2, atol=1e-5), pooling
        s = TwoTower.score(emb, emb2)
        assert s.shape == (1,) and 0 < float(s) < 1   # small-init dense: not saturated


def test_cross_encoder_and_mlm_head():
    c = CrossEncoder(cfg(pooling="cls")).eval()
    ids = torch.tensor([[2, 10, 3, 20, 21, 3], [2, 10, 3, 20, 3, 0]])
    mask = (ids != 0).long()
    types = torch.tensor([[0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 0]])
    logit, attn = c(ids, mask, types, with_attn=True)
    assert logit.shape == (2,) and attn.shape == (2, 2, 2, 6, 6)
    assert float(attn[1, :, :, :, 5].abs().max()) < 1e-4       # nothing attends to a pad
    t = TwoTower(cfg())
    head = MLMHead(t.bert)
    tokens, _ = t.bert(ids, mask)
    assert head(tokens[mask.bool()]).shape == (int(mask.sum()), 100)


def test_pool_modes():
    x = torch.tensor([[[1.0, 5.0], [3.0, -1.0], [100.0, 100.0]]])
    m = torch.tensor([[1, 1, 0]])
    assert pool(x, m, "cls").tolist() == [[1.0, 5.0]]
    assert pool(x, m, "mean").tolist() == [[2.0, 2.0]]
    assert pool(x, m, "max").tolist() == [[3.0, 5.0]]


def test_attention_pooling_by_hand():
    """Two heads over three tokens, one a pad: each head is a softmax over the real tokens of its
    own linear score, and the heads are concatenated in order."""
    c = cfg(hidden=2, heads=1, pooling="attn", pool_heads=2)
    p = AttnPool(c)
    with torch.no_grad():
        p.score.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 0.0]]))   # head 0 scores by x[0]; head 1 uniform
        p.score.bias.zero_()
    x = torch.tensor([[[1.0, 5.0], [3.0, -1.0], [100.0, 100.0]]])
    m = torch.tensor([[1, 1, 0]])
    w0 = torch.softmax(torch.tensor([1.0, 3.0]), 0)
    want0 = w0[0] * x[0, 0] + w0[1] * x[0, 1]
    want1 = (x[0, 0] + x[0, 1]) / 2
    assert torch.allclose(p(x, m), torch.cat([want0, want1]).unsqueeze(0), atol=1e-6)
