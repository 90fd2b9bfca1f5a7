"""Interaction heads, fusion, compression: unit checks, and the tiny profile end to end
(features → train → eval → export → onnxruntime-node parity ≤ 1e-4 → manifest merge → report)."""
import dataclasses
import json
import os
import shutil
import subprocess

import pytest
import torch

from training.compress import fake_quant_, quantize_int8
from training.heads import (EsimConfig, EsimHead, FusionConfig, FusionHead, MultiHeadConfig, MultiHeadHead,
                            int8_roundtrip)
from training.heads_export import merge_manifest

HAVE_NODE = shutil.which("node") is not None and os.path.isdir(
    os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "onnxruntime-node"))


def _esim_inputs(B=3, Tq=5, Td=7, H=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    qm = torch.ones(B, Tq); qm[1, 3:] = 0
    dm = torch.ones(B, Td); dm[2, 4:] = 0
    return (torch.randn(B, H, generator=g), torch.randn(B, Tq, H, generator=g), qm,
            torch.randn(B, H, generator=g), torch.randn(B, Td, H, generator=g), dm)


def test_merge_manifest_keeps_others_and_replaces_ours(tmp_path):
    p = tmp_path / "manifest.json"
    p.write_text(json.dumps({"version": 1, "docset_sha256": "abc", "models": [
        {"id": "student_d", "role": "student"}, {"id": "head_esim", "role": "head", "owner": "heads", "v": 1},
        {"id": "head_old", "role": "head", "owner": "heads"}]}))
    m = merge_manifest(str(p), [{"id": "head_esim", "role": "head", "owner": "heads", "v": 2},
                                {"id": "head_multi", "role": "head", "owner": "heads"}])
    assert m["docset_sha256"] == "abc" and m["version"] == 1
    assert [e["id"] for e in m["models"]] == ["student_d", "head_esim", "head_multi"]
    assert m["models"][1]["v"] == 2
    assert json.loads(p.read_text()) == m
    fresh = merge_manifest(str(tmp_path / "none.json"), [{"id": "head_multi", "owner": "heads"}])
    assert fresh == {"version": 1, "models": [{"id": "head_multi", "owner": "heads"}]}


def test_esim_shapes_masks_and_alignment():
    torch.manual_seed(0)
    h = EsimHead(EsimConfig(hidden=16, proj=8, comp=12, mlp=10)).eval()
    q, qt, qm, d, dt, dm = _esim_inputs()
    logit, e, aq, ad = h(q, qt, qm, d, dt, dm)
    assert logit.shape == (3,) and e.shape == (3, 5, 7) and aq.shape == (3, 5, 7) and ad.shape == (3, 7, 5)
    assert torch.allclose(aq.sum(-1), torch.ones(3, 5), atol=1e-5)
    assert aq[2, :, 4:].abs().max() < 1e-6                     # padded doc tokens get no attention
    # padding more does not change the scores
    pad = lambda x, n: torch.cat([x, torch.zeros(x.shape[0], n, *x.shape[2:])], 1)  # noqa: E731
    l2 = h(q, pad(qt, 2), pad(qm, 2), d, pad(dt, 3), pad(dm, 3))[0]
    assert torch.allclose(logit, l2, atol=1e-5)
    # one query against three docs broadcasts (the scorer's serving shape)
    l1 = h(q[:1], qt[:1], qm[:1], d, dt, dm)[0]
    tiled = h(q[:1].expand(3, -1), qt[:1].expand(3, -1, -1), qm[:1].expand(3, -1), d, dt, dm)[0]
    assert l1.shape == (3,) and torch.allclose(l1, tiled, atol=1e-5)


def test_int8_roundtrip_is_the_storage_format():
    x = torch.randn(2, 4, 8)
    deq, codes, scale = int8_roundtrip(x, straight_through=False)
    assert codes.abs().max() <= 127 and torch.equal(codes, codes.round())
    assert torch.allclose(deq, codes * scale.unsqueeze(-1))
    assert (deq - x).abs().max() <= scale.max() / 2 + 1e-7


def test_multihead_and_fusion_start_at_the_dot_product():
    torch.manual_seed(0)
    q, d = torch.randn(4, 16), torch.randn(4, 16)
    mh = MultiHeadHead(MultiHeadConfig(hidden=16, heads=3, proj=4, mlp=8)).eval()
    logit, w, s = mh(q, d)
    assert w.shape == (4, 3) and s.shape == (4, 3) and torch.allclose(w.sum(-1), torch.ones(4))
    # step 0 IS the dot product (selection's step-0 checkpoint must score exactly as `dot` does)
    assert torch.allclose(logit, (q * d).sum(-1), atol=1e-6)
    fu = FusionHead(FusionConfig(hidden=16, categories=["<unk>", "a"])).eval()
    lf, parts, fused = fu(q, d, torch.tensor([0, 1, 1, 0]), torch.tensor([[60., .1, 3.]] * 4), torch.zeros(4, 16))
    assert parts.shape == (4, 4) and torch.allclose(lf, (q * d).sum(-1), atol=1e-5)


def test_int8_graph_keeps_the_pytorch_function(tmp_path):
    import onnx
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(64, 48), torch.nn.GELU(), torch.nn.Linear(48, 64))
    fake_quant_(m)
    x = torch.randn(2, 5, 64)
    src, dst = str(tmp_path / "f.onnx"), str(tmp_path / "q.onnx")
    torch.onnx.export(m, (x,), src, input_names=["x"], output_names=["y"], opset_version=14)
    info = quantize_int8(src, dst)
    assert info["quantised"] == 2
    q = onnx.load(dst)
    assert sum(n.op_type == "DequantizeLinear" for n in q.graph.node) == 2
    assert os.path.getsize(dst) < os.path.getsize(src) / 3
    from onnx import numpy_helper
    inits = {i.name: numpy_helper.to_array(i) for i in q.graph.initializer}
    f = {i.name: numpy_helper.to_array(i) for i in onnx.load(src).graph.initializer}
    for n in q.graph.node:                          # codes × scale reproduce the fake-quantised weights
        if n.op_type == "DequantizeLinear":
            axis = n.attribute[0].i
            shape = [1] * inits[n.input[0]].ndim
            shape[axis] = -1
            deq = inits[n.input[0]].astype("float32") * inits[n.input[1]].reshape(shape)
            assert abs(deq - f[n.output[0]]).max() < 1e-6


def _make_run(root):
    from training import data as D
    from training.fixture import make_world
    from training.model import BertConfig, CrossEncoder, TwoTower
    from training.tokenizer import Tokenizer, build_vocab, save_hf
    paths = make_world(os.path.join(root, "world"))
    w = D.load_world(os.path.join(root, "world"), paths["clicks"])
    run = os.path.join(root, "run")
    save_hf(build_vocab(w.doc_texts + [q["text"] for q in w.queries.values()], 40), os.path.join(run, "tokenizer"), 32)
    tok = Tokenizer.load(os.path.join(run, "tokenizer"))
    torch.manual_seed(0)
    # the tower pools with 2 attention heads (embedding 64 wide, tokens 32): the shipped towers' shape
    c = BertConfig(vocab_size=len(tok.vocab), hidden=32, layers=1, heads=2, ffn=64, embed_dim=16, max_pos=64,
                   pooling="attn", pool_heads=2)
    cf = dataclasses.replace(c, pooling="mean", pool_heads=1)
    for stage, m in (("student_d", TwoTower(c)), ("fine", CrossEncoder(cf))):
        os.makedirs(os.path.join(run, stage))
        torch.save({"state_dict": m.state_dict(), "config": m.config.to_dict()}, os.path.join(run, stage, "model.pt"))
    return paths, run


@pytest.mark.skipif(not HAVE_NODE, reason="node + onnxruntime-node needed for the parity check")
def test_tiny_pipeline_end_to_end(tmp_path):
    from training.heads_pipeline import main
    paths, run = _make_run(str(tmp_path))
    out = tmp_path / "models"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"version": 1, "docset_sha256": "x",
                                                   "models": [{"id": "student_d", "role": "student"}]}))
    rc = main(["--profile", "tiny", "--tower", os.path.join(run, "student_d", "model.pt"),
               "--world", os.path.dirname(paths["docs"]), "--clicks", paths["clicks"], "--work", str(tmp_path / "work"),
               "--out", str(out), "--threads", "1"])
    assert rc == 0
    man = json.loads((out / "manifest.json").read_text())
    ids = [e["id"] for e in man["models"]]
    assert ids[0] == "student_d" and man["docset_sha256"] == "x"
    assert {"head_multi", "head_esim", "head_fusion", "head_esim_int8", "cmp_tower_int8"} <= set(ids)
    heads = {e["id"]: e for e in man["models"] if e.get("role") == "head"}
    for e in heads.values():
        assert e["kind"] == "head" and e["ort"]["ok"] and e["ort"]["max_abs_diff"] <= 1e-4
        assert all(os.path.exists(out / p) for p in e["files"].values())
        assert {i["dtype"] for i in e["inputs"]} <= {"int32", "float32"}
    sh = heads["head_esim"]["ort"]["shapes"]
    assert sh["onnx/model.onnx:align_q2d"][1:] == sh["onnx/model.onnx:alignment"][1:]
    assert sh["onnx/model.onnx:align_d2q"][1:] == sh["onnx/model.onnx:alignment"][1:][::-1]
    assert sh["onnx/model.onnx:logit"] == [3]
    assert len(heads["head_multi"]["ort"]["shapes"]["onnx/model.onnx:head_weights"]) == 2
    rep = json.loads((out / "report.heads.json").read_text())
    assert {r["id"] for r in rep["rows"]} >= {"dot", "head_multi", "head_esim", "head_fusion", "dot_int8"}
    assert all(r["ndcg10"] is not None for r in rep["rows"])
    assert "ESIM ≥ multi-head ≥ dot" in (out / "REPORT.heads.md").read_text()
    # the recipe's export rewrites manifest.json; --merge-only puts our entries back
    (out / "manifest.json").write_text(json.dumps({"version": 1, "models": [{"id": "student_d", "role": "student"}]}))
    assert main(["--merge-only", "--work", str(tmp_path / "work"), "--out", str(out)]) == 0
    assert [e["id"] for e in json.loads((out / "manifest.json").read_text())["models"]] == ids
    # the exported fp32 tower folder (recipe format) maps back onto a PyTorch tower
    from training.heads_towers import tower_from_onnx
    from training.train import load_tower
    t = tower_from_onnx(str(tmp_path / "work" / "export-extra" / "cmp_tower_fp32"))
    ref = load_tower(os.path.join(run, "student_d", "model.pt"))
    ids_ = torch.tensor([[2, 10, 11, 3, 0]]); m_ = torch.tensor([[1, 1, 1, 1, 0]])
    assert torch.allclose(t(ids_, m_), ref(ids_, m_), atol=1e-5)
    # the standalone checker agrees (what a reviewer would run)
    r = subprocess.run(["node", "training/heads_check.mjs", str(out), str(tmp_path / "chk.json"), "head_esim"],
                       cwd=os.path.join(os.path.dirname(__file__), "..", ".."), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_fusion_features_and_config():
    from training.fusion import age_days, doc_features, fusion_config
    docs = [{"category": "美食", "duration_s": 60, "ctr": 0.1, "publish_date": "2024-01-01", "cover": [0.5] * 16},
            {"category": "电影", "duration_s": 6000, "ctr": 0.3, "publish_date": "2024-03-01", "cover": [1.0] * 16},
            {"category": None, "duration_s": None, "ctr": None, "publish_date": "bad", "cover": None}]
    c = fusion_config(docs, hidden=8)
    assert c.categories[0] == "<unk>" and set(c.categories[1:]) == {"美食", "电影"}
    assert c.ref_date == "2024-03-02" and age_days("2024-03-01", c.ref_date) == 1.0
    f = doc_features(docs, c)
    assert f["category"].tolist() == [c.categories.index("美食"), c.categories.index("电影"), 0]
    assert f["numeric"].shape == (3, 3) and f["cover"].shape == (3, 16) and f["cover"][2].abs().sum() == 0


@pytest.mark.skipif(not HAVE_NODE, reason="node + onnxruntime-node needed")
def test_esim_fp16_graph_runs_in_ort(tmp_path):
    from training.compress import convert_fp16
    from training.heads_export import export_head, node_check, rewrite_graphs
    torch.manual_seed(0)
    h = EsimHead(EsimConfig(hidden=16, proj=8, comp=12, mlp=10)).eval()
    with torch.no_grad():
        for p in h.parameters():
            p.copy_(p.half().float())
    q, qt, qm, d, dt, dm = _esim_inputs()
    sample = {"query_embedding": q, "query_token_embeddings": qt, "query_attention_mask": qm, "doc_embedding": d,
              "doc_token_embeddings": dt, "doc_attention_mask": dm}
    export_head("esim16", h, sample, str(tmp_path), str(tmp_path / "no-tokenizer"), {}, tol=2e-2, rtol=2e-2)
    rewrite_graphs(str(tmp_path / "esim16"), convert_fp16)
    import onnx
    m = onnx.load(str(tmp_path / "esim16" / "onnx" / "model.onnx"))
    assert {i.type.tensor_type.elem_type for i in m.graph.input} <= {onnx.TensorProto.FLOAT, onnx.TensorProto.INT32}
    assert any(i.data_type == onnx.TensorProto.FLOAT16 for i in m.graph.initializer)
    res = node_check(str(tmp_path), ["esim16"], latency=False, log=lambda *_: None)["esim16"]
    assert res["ok"], res


def _fusion_batch(B=8, H=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    q, d = torch.randn(B, H, generator=g), torch.randn(B, H, generator=g)
    cat = torch.tensor([1, 2, 1, 0, 2, 1, 2, 1][:B])
    raw = torch.stack([torch.rand(B, generator=g) * 3000 + 30, torch.rand(B, generator=g) * 0.2,
                       torch.rand(B, generator=g) * 2000], -1)
    cover = torch.randn(B, 16, generator=g) * 1.5
    return q, d, cat, raw, cover


def _fusion_head(H=16):
    from training.fusion import fusion_config
    import math
    docs = [{"category": c, "duration_s": 60 * (i + 1) ** 2, "ctr": 0.01 * (i + 1), "publish_date": f"2024-0{1 + i % 9}-01",
             "cover": [math.sin(i + k) for k in range(16)]} for i, c in enumerate(["a", "b", "a", "b", "a", "b"])]
    torch.manual_seed(0)
    return FusionHead(fusion_config(docs, hidden=H))


def test_every_fusion_channel_gets_a_gradient_from_step_0():
    """The fusion starts at the text dot product, yet each channel (category embedding + prior,
    numeric MLP, cover MLP) must receive a real gradient at step 0 — a zero-init output layer over
    a near-zero input layer learns nothing (issue #5: the cover channel's share was exactly 0)."""
    h = _fusion_head()
    q, d, cat, raw, cover = _fusion_batch()
    logit, parts, _ = h(q, d, cat, raw, cover)
    assert torch.allclose(logit, (q * d).sum(-1), atol=1e-6)          # step 0 = text only
    target = torch.softmax(torch.randn(8, generator=torch.Generator().manual_seed(1)), -1)
    loss = -(target * torch.log_softmax(logit, -1)).sum()
    loss.backward()
    for name, p in (("cat", h.cat.weight), ("cat_prior", h.cat_prior.weight), ("num.out", h.num[2].weight),
                    ("num.out.bias", h.num[2].bias), ("cover.out", h.cov[2].weight), ("cover.out.bias", h.cov[2].bias)):
        assert p.grad is not None and float(p.grad.abs().sum()) > 0, name
    # the MLPs' hidden features are of order 1 at init (standardised numeric in, unit-scale input layer),
    # so their output layers' gradients are not orders of magnitude below the category table's
    with torch.no_grad():
        hn = h.num[1](h.num[0](h.numeric(raw)))
        hc = h.cov[1](h.cov[0](cover))
    assert float(hn.std()) > 0.1 and float(hc.std()) > 0.1
    g_cat = float(h.cat.weight.grad.norm())
    assert float(h.num[2].weight.grad.norm()) > 0.05 * g_cat and float(h.cov[2].weight.grad.norm()) > 0.05 * g_cat
    # after one step the input layers learn too, and every channel's logit share moves off 0
    opt = torch.optim.SGD(h.parameters(), lr=0.1)
    opt.step(); opt.zero_grad()
    logit, parts, _ = h(q, d, cat, raw, cover)
    (-(target * torch.log_softmax(logit, -1)).sum()).backward()
    assert float(h.num[0].weight.grad.abs().sum()) > 0 and float(h.cov[0].weight.grad.abs().sum()) > 0
    assert (parts[:, 1:].abs().sum(0) > 0).all()                     # category, numeric, cover all non-zero


def test_multihead_gets_a_gradient_from_step_0():
    torch.manual_seed(0)
    mh = MultiHeadHead(MultiHeadConfig(hidden=16, heads=3, proj=4, mlp=8))
    q, d = torch.randn(6, 16), torch.randn(6, 16)
    logit = mh(q, d)[0]
    (-(torch.softmax(torch.arange(6.0), -1) * torch.log_softmax(logit, -1)).sum()).backward()
    assert float(mh.d.weight.grad.abs().sum()) > 0               # the zero-init doc maps learn at once
    assert float(mh.alpha.grad.abs()) > 0


def test_kd_list_extras_and_human_labels_stay_on_train():
    from types import SimpleNamespace
    from training.heads_lib import human_lists
    from training.kd_lists import extra_candidates
    docs = [{"category": "a" if i % 2 else "b"} for i in range(40)]
    w = SimpleNamespace(docs=docs)
    top = [1, 3, 5, 7]
    x = extra_candidates(w, top, 6, seed=3)
    assert len(x) == 6 == len(set(x)) and not set(x) & set(top)
    assert sum(docs[i]["category"] == "a" for i in x[:3]) == 3            # half from the top doc's category
    assert x == extra_candidates(w, top, 6, seed=3)                       # deterministic
    with pytest.raises(ValueError):
        human_lists(w, None, splits=("train", "valid"))
