"""Compression of exported graphs: int8 weight-only (QDQ) and fp16, built with the onnx package.

int8: every float initializer (≥ 2-D, ≥ MIN_QUANT elements) that feeds a MatMul / Gemm weight
or a Gather table is replaced by int8 codes + a per-channel fp32 scale and a DequantizeLinear
node (symmetric, zero point 0) — the weight-only QDQ form ONNX Runtime (native, WASM, WebGPU)
runs as DequantizeLinear → MatMul. NOTE: the channel is the weight's *input* feature (the
reduction axis). ONNX Runtime ≥ 1.2x rewrites a DQ(per-output-channel int8) → MatMul pair into
MatMulNBits(bits 8, accuracy_level 4), which also quantises the activations (scores move by
~1e-2, no longer the function PyTorch measured); per-input-feature scales are not expressible as
MatMulNBits blocks, so the graph keeps DequantizeLinear → MatMul in fp32, equal to PyTorch. The same rounding is applied to the PyTorch module first
(`fake_quant_`), so the int8 graph and the PyTorch module compute the same function and the
quality measured in PyTorch is the quality of the graph (the ORT parity check proves it).
fp16: all float tensors and compute in float16, float32 at the graph boundary (Casts), for
WebGPU adapters with `shader-f16`.
Refuses: activation quantisation (no calibration data in the lab), and graphs it cannot map.
"""
from __future__ import annotations

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import TensorProto, helper, numpy_helper

MIN_QUANT = 256


# ============================================================== PyTorch side

@torch.no_grad()
def fake_quant_(model: nn.Module) -> nn.Module:
    """Round the weights the ONNX quantiser will quantise onto their int8 grid, in place.

    Channel axis: nn.Linear [out, in] → its input feature (dim 1); nn.Embedding → the table row
    (dim 0, a Gather); any other ≥ 2-D parameter (a MatMul right operand [..., in, out]) → dim −2.
    """
    for mod in model.modules():
        for name, p in mod.named_parameters(recurse=False):
            if p.dim() < 2 or p.numel() < MIN_QUANT:
                continue
            axis = 0 if isinstance(mod, nn.Embedding) else (1 if isinstance(mod, nn.Linear) else p.dim() - 2)
            p.copy_(quant_dequant(p, axis))
    return model


def quant_dequant(w: torch.Tensor, axis: int) -> torch.Tensor:
    dims = [d for d in range(w.dim()) if d != axis]
    scale = w.abs().amax(dim=dims, keepdim=True).clamp(min=1e-12) / 127.0
    return torch.round(w / scale).clamp(-127, 127) * scale


# ============================================================== ONNX side

def _consumers(graph) -> dict[str, list[tuple[onnx.NodeProto, int]]]:
    out: dict[str, list] = {}
    for n in graph.node:
        for i, name in enumerate(n.input):
            out.setdefault(name, []).append((n, i))
    return out


def _weight_axis(node: onnx.NodeProto, idx: int, rank: int) -> int | None:
    # the weight's input-feature (reduction) axis; see the module note on MatMulNBits
    if node.op_type == "MatMul" and idx == 1:
        return rank - 2
    if node.op_type == "Gemm" and idx == 1:
        trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
        return 1 if trans_b else 0
    if node.op_type == "Gather" and idx == 0:
        return 0
    return None


def _drop_initializer_identities(g):
    """The exporter writes Identity(initializer) for a weight used twice; read the initializer directly."""
    inits = {i.name for i in g.initializer}
    outputs = {o.name for o in g.output}
    alias = {}
    for n in list(g.node):
        if n.op_type == "Identity" and n.input[0] in inits and n.output[0] not in outputs:
            alias[n.output[0]] = n.input[0]
            g.node.remove(n)
    for n in g.node:
        for k, name in enumerate(n.input):
            if name in alias:
                n.input[k] = alias[name]


def quantize_int8(src: str, dst: str) -> dict:
    """Weight-only int8 QDQ copy of an ONNX graph; returns {quantised, kept_float, bytes_before, bytes_after}."""
    m = onnx.load(src)
    g = m.graph
    _drop_initializer_identities(g)
    cons = _consumers(g)
    keep, new_nodes, n_q = [], [], 0
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        users = cons.get(init.name, [])
        axes = {_weight_axis(n, i, w.ndim) for n, i in users}
        if w.dtype != np.float32 or w.ndim < 2 or w.size < MIN_QUANT or not users or len(axes) != 1 or None in axes:
            keep.append(init)
            continue
        axis = axes.pop()
        red = tuple(d for d in range(w.ndim) if d != axis)
        scale = (np.maximum(np.abs(w).max(axis=red), 1e-12) / 127.0).astype(np.float32)     # [channels]
        shape = [1] * w.ndim
        shape[axis] = -1
        codes = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        base = init.name
        keep += [numpy_helper.from_array(codes, base + "_q"), numpy_helper.from_array(scale, base + "_scale"),
                 numpy_helper.from_array(np.zeros(len(scale), np.int8), base + "_zp")]
        new_nodes.append(helper.make_node("DequantizeLinear", [base + "_q", base + "_scale", base + "_zp"], [base],
                                          name=base + "_dq", axis=axis))
        n_q += 1
    del g.initializer[:]
    g.initializer.extend(keep)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(new_nodes + nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return {"quantised": n_q, "bytes_after": len(m.SerializeToString())}


def convert_fp16(src: str, dst: str) -> dict:
    """float16 compute everywhere inside, float32 at the inputs/outputs."""
    m = onnx.load(src)
    g = m.graph
    F32, F16 = TensorProto.FLOAT, TensorProto.FLOAT16
    for i, init in enumerate(g.initializer):
        if init.data_type == F32:
            a = numpy_helper.to_array(init).astype(np.float16)
            g.initializer[i].CopyFrom(numpy_helper.from_array(a, init.name))
    for n in g.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.TENSOR and a.t.data_type == F32:
                a.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(a.t).astype(np.float16), a.t.name))
            if n.op_type == "Cast" and a.name == "to" and a.i == F32:
                a.i = F16
    head, tail = [], []
    rename = {}
    for inp in g.input:
        if inp.type.tensor_type.elem_type == F32:
            new = inp.name + "_fp16"
            rename[inp.name] = new
            head.append(helper.make_node("Cast", [inp.name], [new], to=F16, name=inp.name + "_cast"))
    for n in g.node:
        for k, name in enumerate(n.input):
            if name in rename:
                n.input[k] = rename[name]
    for out in g.output:
        if out.type.tensor_type.elem_type == F32:
            inner = out.name + "_fp16"
            for n in g.node:
                for k, name in enumerate(n.output):
                    if name == out.name:
                        n.output[k] = inner
                for k, name in enumerate(n.input):
                    if name == out.name:
                        n.input[k] = inner
            tail.append(helper.make_node("Cast", [inner], [out.name], to=F32, name=out.name + "_cast"))
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(head + nodes + tail)
    del g.value_info[:]
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return {"bytes_after": len(m.SerializeToString())}
