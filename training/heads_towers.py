"""Tower plumbing for the heads pipeline: rebuild a PyTorch tower from an exported ONNX folder,
and export compressed (int8 / fp16) copies of a tower in the recipe's own tower format.

tower_from_onnx maps the exported initialisers back onto TwoTower parameters — by name where the
exporter kept it, by the MatMul node's module path (transposed) where constant folding renamed
it — and proves the mapping against the folder's reference.json (≤ 1e-4) before returning.
Refuses: a folder whose reference embeddings it cannot reproduce.
"""
from __future__ import annotations

import json
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .model import BertConfig, TwoTower


def tower_from_onnx(folder: str) -> TwoTower:
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        c = json.load(f)
    cfg = BertConfig(vocab_size=c["vocab_size"], hidden=c["hidden_size"], layers=c["num_hidden_layers"],
                     heads=c["num_attention_heads"], ffn=c["intermediate_size"],
                     embed_dim=0 if c.get("embedding_size", c["hidden_size"]) == c["hidden_size"] else c["embedding_size"],
                     max_pos=c["max_position_embeddings"], type_vocab=c.get("type_vocab_size", 2), pooling=c["pooling"],
                     pool_heads=c.get("pool_heads", 1))
    tower = TwoTower(cfg)
    m = onnx.load(os.path.join(folder, "onnx", "model.onnx"))
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    for node in m.graph.node:                      # the exporter dedups equal tensors via Identity
        if node.op_type == "Identity" and node.input[0] in inits:
            inits[node.output[0]] = inits[node.input[0]]
    sd = tower.state_dict()
    found = {}
    for name in sd:
        for cand in (name, "m." + name):
            if cand in inits and inits[cand].shape == tuple(sd[name].shape):
                found[name] = inits[cand]
    for node in m.graph.node:                      # folded Linear weights: "/m/bert/layers.0/attn/qkv/MatMul"
        if node.op_type not in ("MatMul", "Gemm") or len(node.input) < 2 or node.input[1] not in inits:
            continue
        path = []
        for part in node.name.strip("/").split("/")[:-1]:   # "/bert/layers.0/ff/ff.0/MatMul"
            if path and part.startswith(path[-1] + "."):      # Sequential child: "ff", "ff.0" → "ff.0"
                path[-1] = part
            else:
                path.append(part)
        if path and path[0] == "m":
            path = path[1:]
        key = ".".join(path) + ".weight"
        w = inits[node.input[1]]
        if key in sd and key not in found:
            trans_b = any(a.name == "transB" and a.i for a in node.attribute)
            arr = w if (node.op_type == "Gemm" and trans_b) else w.T
            if arr.shape == tuple(sd[key].shape):
                found[key] = arr
    if "bert.emb.tok_type.weight" not in found and "bert.emb.tok_type.weight" in sd:
        found["bert.emb.tok_type.weight"] = np.zeros(tuple(sd["bert.emb.tok_type.weight"].shape), np.float32)
    missing = [k for k in sd if k not in found]
    if missing:
        raise ValueError(f"tower_from_onnx: cannot map {missing[:6]}… from {folder}")
    tower.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in found.items()})
    tower.eval()
    _check_reference(tower, folder)
    return tower


@torch.no_grad()
def _check_reference(tower: TwoTower, folder: str, tol: float = 1e-4):
    """The token-type row folds into a constant the exporter does not name: recover it from the
    reference embeddings if needed, then demand agreement with every reference case."""
    path = os.path.join(folder, "reference.json")
    if not os.path.exists(path):
        raise ValueError(f"tower_from_onnx: {folder} has no reference.json to check the mapping against")
    with open(path, encoding="utf-8") as f:
        ref = json.load(f)
    b = ref["batch"]
    ids, mask = torch.tensor(b["input_ids"]), torch.tensor(b["attention_mask"])
    want = torch.tensor(b["embedding"])
    diff = (tower(ids, mask) - want).abs().max().item()
    if diff > tol:
        _fit_token_type(tower, folder)
        diff = (tower(ids, mask) - want).abs().max().item()
    if diff > tol:
        raise ValueError(f"tower_from_onnx: rebuilt tower differs from reference.json by {diff:.2e}")


def _fit_token_type(tower: TwoTower, folder: str):
    # the exporter folds `pos + tok_type[0]` or keeps tok_type[0] as an unnamed [H] constant: find it
    m = onnx.load(os.path.join(folder, "onnx", "model.onnx"))
    H = tower.config.hidden
    for init in m.graph.initializer:
        a = numpy_helper.to_array(init)
        if a.shape == (H,) and init.name.startswith("onnx::"):
            tower.bert.emb.tok_type.weight.data[0] = torch.from_numpy(a.copy())
            return


def export_tower_variant(mid: str, tower: TwoTower, precision: str, out: str, tok_dir: str, tok, lens: dict,
                         desc: str, inspect: bool, base_id: str) -> dict:
    """models/<mid>/ in the recipe's tower format (export.export_model), graphs then rewritten to
    int8 QDQ or fp16; the reference is the PyTorch tower with the same rounding (int8: exact grid;
    fp16: weights rounded, compute fp32 → tolerance 2e-2)."""
    from .compress import convert_fp16, quantize_int8
    from .export import export_model
    e = export_model(mid, tower, "tower", out, tok_dir, tok, lens,
                     {"role": "student", "description": desc, "precision": precision, "base_tower": base_id}, inspect)
    conv = quantize_int8 if precision == "int8" else convert_fp16
    for f in sorted(os.listdir(os.path.join(out, mid, "onnx"))):
        p = os.path.join(out, mid, "onnx", f)
        conv(p, p)
    if precision == "fp16":
        rp = os.path.join(out, mid, "reference.json")
        with open(rp, encoding="utf-8") as f:
            ref = json.load(f)
        ref["tolerance"] = 2e-2
        with open(rp, "w", encoding="utf-8") as f:
            json.dump(ref, f, ensure_ascii=False)
    e.update({"role": "student", "description": desc, "precision": precision, "base_tower": base_id})
    return e
