"""Exported graphs hold no binary op over bool tensors that broadcasts (ORT-web WebGPU EP bug).

ORT-web 1.30's WebGPU EP caches a vectorised broadcasting binary op's shader under a key that
cannot tell `x[B,T,T] & u[B,T,1]` from `x[B,T,T] & u[B,1,T]` when the inputs are bool; the
cross-encoder's exact-match channel has exactly that pair, and with T a multiple of 4 (the lab
pads pairs to 48) the fine ranker's logits on WebGPU moved by up to 7.7. export.py rewrites such
ops over float (training/export.py: webgpu_safe_bool_ops); these tests keep it that way.
"""
import onnx
import pytest
import torch
from onnx import TensorProto as P
from onnx import helper as h

from training import export
from training.model import BertConfig, CrossEncoder, TwoTower, exact_match


def cfg(**kw):
    base = dict(vocab_size=100, hidden=32, layers=1, heads=2, ffn=64, embed_dim=16, dropout=0.0)
    base.update(kw)
    return BertConfig(**base)


@pytest.mark.parametrize("inspect", [False, True])
def test_cross_encoder_export_has_no_bool_broadcast(tmp_path, monkeypatch, inspect):
    m = CrossEncoder(cfg(match_channel=True)).eval()
    path = str(tmp_path / "fine.onnx")
    export.export_onnx(m, "cross", inspect, path)
    g = onnx.load(path)
    assert export.bool_broadcast_ops(g) == []
    ops = [n.op_type for n in g.graph.node]
    assert "Equal" in ops and "ReduceMax" in ops          # the exact-match channel is in the graph

    # Without the rewrite, torch's export of model.exact_match has the two broadcasting Ands.
    raw = str(tmp_path / "raw.onnx")
    monkeypatch.setattr(export, "webgpu_safe_bool_ops", lambda _m: 0)
    export.export_onnx(m, "cross", inspect, raw)
    found = export.bool_broadcast_ops(onnx.load(raw))
    assert [n.op_type for n in found] == ["And", "And"]


def test_tower_export_untouched(tmp_path):
    path = str(tmp_path / "tower.onnx")
    export.export_onnx(TwoTower(cfg()).eval(), "tower", False, path)
    g = onnx.load(path)
    assert export.bool_broadcast_ops(g) == []
    assert not any("webgpu_safe" in n.name for n in g.graph.node)


def _graph(op, sa, sb, ta=P.BOOL, tb=P.BOOL, so=("B", "T", "T")):
    nodes = [h.make_node(op, ["a", "b"], ["y"])]
    return h.make_model(h.make_graph(nodes, "g", [h.make_tensor_value_info("a", ta, sa), h.make_tensor_value_info("b", tb, sb)],
                                     [h.make_tensor_value_info("y", P.BOOL, list(so))]), opset_imports=[h.make_opsetid("", 14)])


def test_detector_and_rewrite_cases():
    same = _graph("And", ["B", "T"], ["B", "T"], so=("B", "T"))
    assert export.bool_broadcast_ops(same) == [] and export.webgpu_safe_bool_ops(same) == 0
    assert len(export.bool_broadcast_ops(_graph("Equal", ["B", "T", 1], ["B", 1, "T"], P.INT64, P.INT64))) == 0
    for op, float_op in (("And", "Mul"), ("Or", "Max"), ("Xor", "Sub")):
        g = _graph(op, ["B", "T", "T"], ["B", 1, "T"])
        assert len(export.bool_broadcast_ops(g)) == 1
        assert export.webgpu_safe_bool_ops(g) == 1
        assert [n.op_type for n in g.graph.node] == ["Cast", "Cast", float_op, "Cast"]
        assert g.graph.node[-1].output[0] == "y" and export.bool_broadcast_ops(g) == []
        onnx.checker.check_model(g)
    g = _graph("Equal", ["B", "T", 1], ["B", 1, "T"])
    assert export.webgpu_safe_bool_ops(g) == 1
    assert [n.op_type for n in g.graph.node] == ["Cast", "Cast", "Equal"]


def test_float_rewrite_is_exact_for_exact_match():
    """The rewrite's arithmetic (0/1 floats: And = product) gives model.exact_match's flags."""
    ids = torch.tensor([[2, 10, 11, 3, 10, 12, 3, 0], [2, 5, 3, 5, 5, 3, 0, 0]])
    mask = (ids != 0).long()
    types = torch.tensor([[0, 0, 0, 0, 1, 1, 1, 0], [0, 0, 0, 1, 1, 1, 0, 0]])
    real = ((mask > 0) & (ids > 4)).float()
    same = (ids[:, :, None] == ids[:, None, :]) & (types[:, :, None] != types[:, None, :])
    hit = same.float() * real[:, :, None] * real[:, None, :]
    assert torch.equal(hit.amax(-1).long(), exact_match(ids, mask, types))
    assert exact_match(ids, mask, types).tolist() == [[0, 1, 0, 0, 1, 0, 0, 0], [0, 1, 0, 1, 1, 0, 0, 0]]
