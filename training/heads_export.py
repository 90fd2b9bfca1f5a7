"""Export the interaction heads (and compressed tower copies) to models/<id>/, check them in
onnxruntime-node, and merge their entries into models/manifest.json.

Per head folder (Hugging Face layout like every model folder, docs/CONTRACTS.md):
  config.json, vocab.txt, tokenizer.json, tokenizer_config.json,
  onnx/model.onnx   tower outputs → logit, score, inspection weights (the lab's entry point)
  onnx/doc.onnx     the offline doc side (what the index stores per doc)
  onnx/scorer.onnx  online scoring from the stored doc side (multi-head, ESIM)
  reference.json    fixture tensors + expected outputs; training/heads_check.mjs replays them.
I/O: int32 ids/masks/codes, float32 everything else; dynamic batch and seq axes; opset 14.
Refuses: touching a manifest entry it does not own (see merge_manifest).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import onnx
import torch
import torch.nn as nn

from .heads import EsimHead, FusionHead, MultiHeadHead, n_params

OPSET = 14
TOL = 1e-4
OWNER = "heads"


# ============================================================== graph wrappers

class MultiModel(nn.Module):
    def __init__(self, h: MultiHeadHead):
        super().__init__()
        self.h = h

    def forward(self, query_embedding, doc_embedding):
        logit, w, s = self.h(query_embedding, doc_embedding)
        return logit, torch.sigmoid(logit), w, s


class MultiDoc(MultiModel):
    def forward(self, doc_embedding):
        return self.h.doc_side(doc_embedding)                        # [B, K, P]


class MultiScorer(MultiModel):
    def forward(self, query_embedding, doc_embedding, doc_heads):
        h = self.h
        y = h.query_side(query_embedding)
        s = (y * doc_heads).sum(-1)
        w = torch.softmax(h.temp * s + h.prior(query_embedding), -1)
        logit = h.alpha * (query_embedding * doc_embedding).sum(-1) + (w * s).sum(-1) + h.beta
        return logit, torch.sigmoid(logit), w, s


class EsimModel(nn.Module):
    def __init__(self, h: EsimHead):
        super().__init__()
        self.h = h

    def forward(self, query_embedding, query_token_embeddings, query_attention_mask, doc_embedding,
                doc_token_embeddings, doc_attention_mask):
        logit, e, aq, ad = self.h(query_embedding, query_token_embeddings, query_attention_mask.float(), doc_embedding,
                                  doc_token_embeddings, doc_attention_mask.float())
        return logit, torch.sigmoid(logit), e, aq, ad


class EsimDoc(EsimModel):
    def forward(self, doc_token_embeddings):
        _, codes, scales = self.h.doc_side(doc_token_embeddings)
        return codes.to(torch.int32), scales                        # [B, Td, E] int32 (int8 range), [B, Td]


class EsimScorer(EsimModel):
    def forward(self, query_embedding, query_token_embeddings, query_attention_mask, doc_embedding, doc_codes,
                doc_scales, doc_attention_mask):
        b = doc_codes.float() * doc_scales.unsqueeze(-1)
        logit, e, aq, ad = self.h.score_from_doc(query_embedding, query_token_embeddings, query_attention_mask.float(),
                                                 doc_embedding, b, doc_attention_mask.float())
        return logit, torch.sigmoid(logit), e, aq, ad


class FusionModel(nn.Module):
    def __init__(self, h: FusionHead):
        super().__init__()
        self.h = h

    def forward(self, query_embedding, doc_embedding, category_id, numeric, cover):
        logit, parts, fused = self.h(query_embedding, doc_embedding, category_id.long(), numeric, cover)
        return logit, torch.sigmoid(logit), parts, fused


class FusionDoc(FusionModel):
    def forward(self, doc_embedding, category_id, numeric, cover):
        fused, prior, _ = self.h.doc_side(doc_embedding, category_id.long(), numeric, cover)
        return torch.cat([fused, prior.unsqueeze(-1)], -1)          # [B, H + 1]; query side appends 1


# name → (dtype, symbolic shape); the manifest documents these
def io_shapes(head: nn.Module) -> dict:
    c = head.config
    H = c.hidden
    # pooled embeddings: ESIM's hidden is the token width and its skip term reads the tower's
    # embedding (emb wide, attention-pooled towers); multi-head and fusion read pooled vectors only
    E = (getattr(c, "emb", 0) or H) if isinstance(head, EsimHead) else H
    # NOTE: the query side's batch is its own axis: 1 (one query broadcast against `batch` candidates)
    # or equal to `batch` (pairs). Sharing one symbol would let ORT assume equal sizes and reuse buffers.
    s = {"query_embedding": ("float32", ["q_batch", E]), "doc_embedding": ("float32", ["batch", E]),
         "query_token_embeddings": ("float32", ["q_batch", "q_seq", H]),
         "query_attention_mask": ("int32", ["q_batch", "q_seq"]),
         "doc_token_embeddings": ("float32", ["batch", "d_seq", H]), "doc_attention_mask": ("int32", ["batch", "d_seq"]),
         "logit": ("float32", ["batch"]), "score": ("float32", ["batch"])}
    if isinstance(head, MultiHeadHead):
        s.update({"head_weights": ("float32", ["batch", c.heads]), "head_scores": ("float32", ["batch", c.heads]),
                  "doc_heads": ("float32", ["batch", c.heads, c.proj])})
    if isinstance(head, EsimHead):
        s.update({"alignment": ("float32", ["batch", "q_seq", "d_seq"]),
                  "align_q2d": ("float32", ["batch", "q_seq", "d_seq"]),
                  "align_d2q": ("float32", ["batch", "d_seq", "q_seq"]),
                  "doc_codes": ("int32", ["batch", "d_seq", c.proj]), "doc_scales": ("float32", ["batch", "d_seq"])})
    if isinstance(head, FusionHead):
        n = 1 + len(c.channels)
        s.update({"category_id": ("int32", ["batch"]), "numeric": ("float32", ["batch", 3]),
                  "cover": ("float32", ["batch", c.cover_dim]), "channel_logits": ("float32", ["batch", n]),
                  "doc_fused": ("float32", ["batch", H]), "doc_vector": ("float32", ["batch", H + 1])})
    return s


def graphs_of(head: nn.Module) -> dict:
    """graph name → (wrapper, input names, output names)."""
    if isinstance(head, MultiHeadHead):
        outs = ["logit", "score", "head_weights", "head_scores"]
        return {"model": (MultiModel(head), ["query_embedding", "doc_embedding"], outs),
                "doc": (MultiDoc(head), ["doc_embedding"], ["doc_heads"]),
                "scorer": (MultiScorer(head), ["query_embedding", "doc_embedding", "doc_heads"], outs)}
    if isinstance(head, EsimHead):
        outs = ["logit", "score", "alignment", "align_q2d", "align_d2q"]
        q = ["query_embedding", "query_token_embeddings", "query_attention_mask", "doc_embedding"]
        return {"model": (EsimModel(head), q + ["doc_token_embeddings", "doc_attention_mask"], outs),
                "doc": (EsimDoc(head), ["doc_token_embeddings"], ["doc_codes", "doc_scales"]),
                "scorer": (EsimScorer(head), q + ["doc_codes", "doc_scales", "doc_attention_mask"], outs)}
    if isinstance(head, FusionHead):
        ins = ["query_embedding", "doc_embedding", "category_id", "numeric", "cover"]
        return {"model": (FusionModel(head), ins, ["logit", "score", "channel_logits", "doc_fused"]),
                "doc": (FusionDoc(head), ins[1:], ["doc_vector"])}
    raise TypeError(type(head))


def export_graph(wrapper: nn.Module, args: tuple, ins: list, outs: list, shapes: dict, path: str):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    dyn = {n: {i: d for i, d in enumerate(shapes[n][1]) if isinstance(d, str)} for n in ins + outs}
    wrapper.eval()
    with torch.no_grad():
        torch.onnx.export(wrapper, args, path, input_names=ins, output_names=outs, dynamic_axes=dyn,
                          opset_version=OPSET, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


# ============================================================== reference tensors

def tensor_json(t: torch.Tensor) -> dict:
    t = t.detach()
    if t.dtype in (torch.int32, torch.int64, torch.bool):
        return {"dtype": "int32", "dims": list(t.shape), "data": t.to(torch.int64).flatten().tolist()}
    return {"dtype": "float32", "dims": list(t.shape), "data": [float(f"{v:.7g}") for v in t.float().flatten().tolist()]}


def fixture_args(head: nn.Module, sample: dict) -> dict:
    """Graph inputs by name from a sample of real tower outputs (int32 masks / ids)."""
    out = {}
    for k, v in sample.items():
        out[k] = v.to(torch.int32) if k.endswith("_mask") or k == "category_id" else v.float()
    return out


@torch.no_grad()
def export_head(mid: str, head: nn.Module, sample: dict, out: str, tok_dir: str, config_extra: dict,
                tol: float = TOL, latency_batch: int = 1000, lens: dict | None = None, rtol: float = 0.0) -> dict:
    """Write models/<mid>/ for a head; returns the manifest entry (without metrics/sha256)."""
    head.eval()
    d = os.path.join(out, mid)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(os.path.join(d, "onnx"))
    for f in ("vocab.txt", "tokenizer.json", "tokenizer_config.json"):
        if os.path.exists(os.path.join(tok_dir, f)):
            shutil.copy(os.path.join(tok_dir, f), os.path.join(d, f))
    shapes = io_shapes(head)
    feeds = fixture_args(head, sample)
    tensors = {k: tensor_json(v) for k, v in feeds.items()}
    runs, files = [], {}
    produced = {}
    for gname, (wrapper, ins, outs) in graphs_of(head).items():
        args = tuple(produced.get(n, feeds.get(n)) for n in ins)
        path = os.path.join(d, "onnx", f"{gname}.onnx")
        export_graph(wrapper, args, ins, outs, shapes, path)
        files[gname] = f"{mid}/onnx/{gname}.onnx"
        res = wrapper(*args)
        res = res if isinstance(res, tuple) else (res,)
        run = {"graph": f"onnx/{gname}.onnx", "feeds": {n: n for n in ins}, "expect": {}}
        if "doc_codes" in outs:
            run["atol"] = {"doc_codes": 1.0}     # ±1 code where ORT and PyTorch round a tie differently
        for n, t in zip(outs, res):
            key = f"{gname}.{n}"
            if gname == "doc":
                produced[n] = t                                         # the scorer is fed these
                tensors[n] = tensor_json(t)
                run["expect"][n] = n
            else:
                tensors[key] = tensor_json(t)
                run["expect"][n] = key
        runs.append(run)
    lat_shapes = {"batch": latency_batch, "q_batch": 1, "q_seq": (lens or {}).get("query", 16), "d_seq": (lens or {}).get("doc", 32)}
    latency = []
    for gname in ("scorer",) if "scorer" in files else ("model",):   # the online path only: the CPU is shared
        _, ins, _ = graphs_of(head)[gname]
        spec = {}
        for n in ins:
            dtype, dims = shapes[n]
            spec[n] = {"dtype": dtype, "dims": [lat_shapes.get(x, x) for x in dims],
                       "fill": "mask" if n.endswith("_mask") else ("codes" if n == "doc_codes" else
                                                                   ("index" if n == "category_id" else "randn"))}
        latency.append({"label": f"{gname}_per_{latency_batch}_ms", "graph": f"onnx/{gname}.onnx", "feeds": spec,
                        "reps": 5})
    ref = {"tolerance": tol, "rtol": rtol, "tensors": tensors, "runs": runs, "latency": latency}
    with open(os.path.join(d, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(ref, f)
    io = lambda names: [{"name": n, "dtype": shapes[n][0], "shape": shapes[n][1]} for n in names]  # noqa: E731
    cfg = {"model_type": "prerank-head", "kind": "head", **head.config.to_dict(), **config_extra,
           "graphs": {g: {"file": f"onnx/{g}.onnx", "inputs": io(graphs_of(head)[g][1]),
                          "outputs": io(graphs_of(head)[g][2])} for g in files}}
    with open(os.path.join(d, "config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False, indent=1)
    _, ins, outs = graphs_of(head)["model"]
    return {"id": mid, "role": "head", "kind": "head", "owner": OWNER, "params": n_params(head), "dir": mid,
            "files": files,
            "inputs": io(ins), "outputs": io(outs), "graphs": cfg["graphs"]}


def rewrite_graphs(d: str, fn) -> None:
    """Apply fn(src, dst) to every onnx/*.onnx of a folder (int8 / fp16 conversion in place)."""
    for name in sorted(os.listdir(os.path.join(d, "onnx"))):
        p = os.path.join(d, "onnx", name)
        fn(p, p)


# ============================================================== onnxruntime-node check

def node_check(out: str, ids: list[str], latency: bool = True, log=print) -> dict:
    """training/heads_check.mjs: parity vs reference.json and CPU latency; raises on a parity failure."""
    here = os.path.dirname(os.path.abspath(__file__))
    res_path = os.path.join(out, ".heads_check.json")
    cmd = ["node", os.path.join(here, "heads_check.mjs"), out, res_path] + ids + (["--latency"] if latency else [])
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(here))
    if not os.path.exists(res_path):
        raise RuntimeError(f"heads_check failed:\n{r.stdout}\n{r.stderr}")
    with open(res_path) as f:
        res = json.load(f)
    os.remove(res_path)
    for mid, v in res.items():
        log(f"  ort: {mid} max|diff|={v.get('max_abs_diff')} ok={v.get('ok')} latency={v.get('latency')}")
    if r.returncode != 0:
        raise RuntimeError(f"heads_check: parity failed: {json.dumps(res)[:2000]}\n{r.stderr[-2000:]}")
    return res


def wasm_latency(out: str, ids: list[str], log=print, threads: int = 2) -> dict:
    """training/heads_wasm.mjs: ORT-web WASM latency in headless Chromium ({} when it cannot run)."""
    here = os.path.dirname(os.path.abspath(__file__))
    res_path = os.path.join(out, ".heads_wasm.json")
    cmd = ["node", os.path.join(here, "heads_wasm.mjs"), out, res_path, *ids, "--threads", str(threads)]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(here), timeout=900)
    except subprocess.TimeoutExpired:
        log("  wasm: timed out")
        return {}
    if r.returncode != 0 or not os.path.exists(res_path):
        log(f"  wasm: not measured ({(r.stderr or r.stdout)[-300:]})")
        return {}
    with open(res_path) as f:
        res = json.load(f)
    os.remove(res_path)
    for mid, v in res.items():
        log(f"  wasm: {mid} {v}")
    return res


# ============================================================== manifest

def merge_manifest(path: str, entries: list[dict]) -> dict:
    """Merge our entries into models/manifest.json: drop entries with one of our ids or our owner
    tag (stale variants of an earlier run), append ours, leave every other key and entry as it is."""
    manifest = {"version": 1, "models": []}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    ours = {e["id"] for e in entries}
    kept = [m for m in manifest.get("models", []) if m.get("id") not in ours and m.get("owner") != OWNER]
    manifest["models"] = kept + entries
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    os.replace(tmp, path)
    return manifest


def folder_bytes(d: str, only_onnx: bool = True) -> int:
    total = 0
    for root, _, fs in os.walk(d):
        for f in fs:
            if not only_onnx or f.endswith(".onnx"):
                total += os.path.getsize(os.path.join(root, f))
    return total
