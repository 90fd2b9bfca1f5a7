"""Export trained models to models/<id>/ in Hugging Face layout + ONNX, per docs/CONTRACTS.md.

Per model: config.json, tokenizer.json, tokenizer_config.json, vocab.txt, onnx/model.onnx
(lean), onnx/inspect.onnx (inspect, for some models), reference.json (fixture inputs with
ids / embeddings / logits / one attention map for the TS parity tests). Then
models/manifest.json with sha256 of every file and the test metrics. Inputs are int32 and
cast inside the graph; outputs float32; dynamic batch and seq axes; opset 14. Binary ops over
bool tensors that may broadcast are rewritten over float (see webgpu_safe_bool_ops).
Refuses: writing over a folder it does not own (only the model ids it exports).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time

import onnx
import torch
import torch.nn as nn

from .model import CrossEncoder, TwoTower, emb_dim, n_params
from .tokenizer import Tokenizer, pad_batch

OPSET = 14
OWNER = "recipe"   # manifest entries this exporter owns
INSPECT = {"teacher", "fine", "student_a", "student_d", "student_e"}  # the rest ship lean graphs only (size budget); student_e: the heads sit on it
ROLES = {"teacher": "teacher", "fine": "fine"}
TOL = 1e-4

REF_QUERIES = ["庆余年 第二季", "iPhone15 评测", "琅琊榜", "ｎｂａ 总决赛 2023"]
REF_DOCS = ["庆余年 第2集 电视剧 高清 热门", "iPhone 15 Pro 深度评测 科技 数码", "琅琊榜 第1集 电视剧 古装 经典", ""]


class TowerLean(nn.Module):
    def __init__(self, m: TwoTower):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask):
        emb, _, _ = self.m.encode(input_ids.long(), attention_mask.long())
        return emb                                                       # [B, H]


class TowerInspect(TowerLean):
    def forward(self, input_ids, attention_mask):
        emb, tokens, attn = self.m.encode(input_ids.long(), attention_mask.long(), with_attn=True)
        return emb, tokens, attn                                         # [B,H], [B,T,H], [B,L,h,T,T]


class CrossLean(nn.Module):
    def __init__(self, m: CrossEncoder):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.m(input_ids.long(), attention_mask.long(), token_type_ids.long())  # [B]


class CrossInspect(CrossLean):
    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.m(input_ids.long(), attention_mask.long(), token_type_ids.long(), with_attn=True)


def io_spec(kind: str, inspect: bool):
    dims = {0: "batch", 1: "seq"}
    if kind == "tower":
        ins = ["input_ids", "attention_mask"]
        outs = ["embedding"] + (["token_embeddings", "attentions"] if inspect else [])
    else:
        ins = ["input_ids", "attention_mask", "token_type_ids"]
        outs = ["logit"] + (["attentions"] if inspect else [])
    dyn = {n: dims for n in ins}
    dyn.update({"embedding": {0: "batch"}, "token_embeddings": dims, "logit": {0: "batch"},
                "attentions": {0: "batch", 3: "seq", 4: "seq"}})
    return ins, outs, {k: v for k, v in dyn.items() if k in ins + outs}


def export_onnx(model: nn.Module, kind: str, inspect: bool, path: str, seq: int = 12):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ins, outs, dyn = io_spec(kind, inspect)
    ids = torch.randint(5, 100, (2, seq), dtype=torch.int32)
    mask = torch.ones(2, seq, dtype=torch.int32)
    mask[1, seq - 3:] = 0
    args = (ids, mask) if kind == "tower" else (ids, mask, torch.zeros(2, seq, dtype=torch.int32))
    wrapper = (TowerInspect if inspect else TowerLean)(model) if kind == "tower" else \
        (CrossInspect if inspect else CrossLean)(model)
    wrapper.eval()
    with torch.no_grad():
        torch.onnx.export(wrapper, args, path, input_names=ins, output_names=outs, dynamic_axes=dyn,
                          opset_version=OPSET, do_constant_folding=True)
    m = onnx.load(path)
    if webgpu_safe_bool_ops(m):
        onnx.save(m, path)
    onnx.checker.check_model(onnx.load(path))


# Binary ops whose inputs may be bool (And, Or, Xor: T = bool; Equal: T includes bool).
BOOL_BINARY = ("And", "Or", "Xor", "Equal")


def _tensor_types(m: onnx.ModelProto) -> dict:
    """name → (elem_type, dims | None) for every tensor ONNX shape inference can type.

    dims: list of int (known size) or str (symbolic, e.g. "seq") or None (unknown) per axis."""
    inferred = onnx.shape_inference.infer_shapes(m)
    g = inferred.graph
    out = {}
    for v in list(g.input) + list(g.value_info) + list(g.output):
        t = v.type.tensor_type
        dims = None
        if t.HasField("shape"):
            dims = [d.dim_value if d.HasField("dim_value") else (d.dim_param or None) for d in t.shape.dim]
        out[v.name] = (t.elem_type, dims)
    for init in g.initializer:
        out[init.name] = (init.data_type, list(init.dims))
    for n in g.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            out[n.output[0]] = (n.attribute[0].t.data_type, list(n.attribute[0].t.dims))
    return out


def _same_shape(a, b) -> bool:
    """True only when both shapes are known and provably equal (no broadcasting)."""
    if a is None or b is None or len(a) != len(b):
        return False
    return all(x is not None and x == y for x, y in zip(a, b))


def bool_broadcast_ops(m: onnx.ModelProto) -> list:
    """Nodes of BOOL_BINARY with a bool input whose two input shapes are not provably equal."""
    types = _tensor_types(m)
    bad = []
    for n in m.graph.node:
        if n.op_type not in BOOL_BINARY or len(n.input) != 2:
            continue
        (ta, sa), (tb, sb) = (types.get(x, (0, None)) for x in n.input)
        is_bool = onnx.TensorProto.BOOL in (ta, tb) or n.op_type != "Equal"
        if is_bool and not _same_shape(sa, sb):
            bad.append(n)
    return bad


def webgpu_safe_bool_ops(m: onnx.ModelProto) -> int:
    """Rewrites bool binary ops that broadcast as the same op over float 0/1; returns how many.

    Why (measured in headless Chromium, SwiftShader adapter, ORT-web 1.30 `onnxruntime-web/webgpu`):
    one session holding both `x[B,T,T] & u[B,T,1]` and `x[B,T,T] & u[B,1,T]` (bool) computes the
    second wrong whenever T is a multiple of 4 — it reads u[b, j - j % 4] for every j — while each
    op alone, the same pattern over float, and WASM / onnxruntime-node are right. That matches
    ORT's binary_elementwise_ops.cc: a broadcasting op whose last (or shared trailing) dim is a
    multiple of 4 runs in "vectorised" mode, where the WGSL reads an operand as a vec4 or as one
    element splatted over 4 outputs; the compiled shader is cached under the hint "V" plus the
    inputs' types and component counts, and a bool input is always bound as u32 = 4 bools, so the
    two ops share one key and the second runs the first's shader. model.exact_match (the
    cross-encoder's match channel) is that pair; the lab pads pairs to 48 on WebGPU, so fine-ranker
    logits there were off by up to 7.7 (attention maps by 0.96).
    Exact: And = x·y, Or = max(x, y), Xor = (x − y) ≠ 0, Equal over the 0/1 floats.
    """
    bad = {n.output[0] for n in bool_broadcast_ops(m)}
    if not bad:
        return 0
    F, B = onnx.TensorProto.FLOAT, onnx.TensorProto.BOOL
    mk = onnx.helper.make_node
    nodes = []
    for k, n in enumerate(m.graph.node):
        if n.output[0] not in bad:
            keep = onnx.NodeProto()
            keep.CopyFrom(n)
            nodes.append(keep)
            continue
        base = f"{n.name or n.output[0]}/webgpu_safe_{k}"
        a, b = f"{base}/a_f", f"{base}/b_f"
        nodes += [mk("Cast", [n.input[0]], [a], name=f"{base}/cast_a", to=F),
                  mk("Cast", [n.input[1]], [b], name=f"{base}/cast_b", to=F)]
        if n.op_type == "Equal":
            nodes.append(mk("Equal", [a, b], [n.output[0]], name=f"{base}/equal"))
        else:
            op = {"And": "Mul", "Or": "Max", "Xor": "Sub"}[n.op_type]
            nodes += [mk(op, [a, b], [f"{base}/y_f"], name=f"{base}/{op.lower()}"),
                      mk("Cast", [f"{base}/y_f"], [n.output[0]], name=f"{base}/cast_y", to=B)]
    del m.graph.node[:]
    m.graph.node.extend(nodes)
    return len(bad)


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@torch.no_grad()
def reference(model, kind: str, tok: Tokenizer, lens: dict, inspect: bool) -> dict:
    """Fixture inputs with PyTorch outputs: batch-of-one cases + one right-padded batch."""
    model.eval()
    ref = {"kind": kind, "tolerance": TOL, "cases": []}
    if kind == "tower":
        texts = [(t, lens["query"]) for t in REF_QUERIES] + [(t, lens["doc"]) for t in REF_DOCS]
        rows = [tok.single(t, L) for t, L in texts]
        for (t, L), r in zip(texts, rows):
            emb, tokens, attn = model.encode(torch.tensor([r]), torch.ones(1, len(r), dtype=torch.long), with_attn=True)
            case = {"text": t, "max_len": L, "input_ids": r, "attention_mask": [1] * len(r),
                    "embedding": emb[0].tolist()}
            ref["cases"].append(case)
        ids, mask = pad_batch(rows)
        emb, tokens, attn = model.encode(torch.tensor(ids), torch.tensor(mask), with_attn=True)
        ref["batch"] = {"input_ids": ids, "attention_mask": mask, "embedding": emb.tolist()}
        q, d = model.encode(torch.tensor([rows[0]]), torch.ones(1, len(rows[0]), dtype=torch.long))[0], \
            model.encode(torch.tensor([rows[len(REF_QUERIES)]]), torch.ones(1, len(rows[len(REF_QUERIES)]), dtype=torch.long))[0]
        ref["score_example"] = {"query": REF_QUERIES[0], "doc": REF_DOCS[0],
                                "score": float(torch.sigmoid((q * d).sum()))}
    else:
        pairs = [(q, d) for q, d in zip(REF_QUERIES, REF_DOCS)]
        enc = [tok.pair(q, d, lens["pair"], lens["query"]) for q, d in pairs]
        for (q, d), (r, ty) in zip(pairs, enc):
            logit = model(torch.tensor([r]), torch.ones(1, len(r), dtype=torch.long), torch.tensor([ty]))
            ref["cases"].append({"query": q, "doc": d, "input_ids": r, "token_type_ids": ty,
                                 "attention_mask": [1] * len(r), "logit": float(logit[0])})
        ids, mask = pad_batch([e[0] for e in enc])
        types, _ = pad_batch([e[1] for e in enc])
        logit, attn = model(torch.tensor(ids), torch.tensor(mask), torch.tensor(types), with_attn=True)
        ref["batch"] = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types, "logit": logit.tolist()}
    if inspect:
        b = ref["batch"]
        if kind == "tower":
            _, tokens, attn = model.encode(torch.tensor(b["input_ids"]), torch.tensor(b["attention_mask"]), with_attn=True)
            ref["batch"]["token_embeddings_row0"] = tokens[0].tolist()
        ref["batch"]["attention"] = {"row": 0, "layer": attn.shape[1] - 1, "head": 0,
                                     "matrix": attn[0, -1, 0].tolist()}
    return ref


def export_model(mid: str, model, kind: str, out: str, tok_dir: str, tok: Tokenizer, lens: dict,
                 extra_config: dict, inspect: bool) -> dict:
    d = os.path.join(out, mid)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(os.path.join(d, "onnx"))
    for f in ("vocab.txt", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(tok_dir, f), os.path.join(d, f))
    c = model.config
    max_len = lens["pair"] if kind == "cross" else lens["doc"]
    config = {"model_type": "bert", "architectures": ["TwoTower" if kind == "tower" else "CrossEncoder"],
              "kind": kind, "vocab_size": c.vocab_size, "hidden_size": c.hidden, "num_hidden_layers": c.layers,
              "num_attention_heads": c.heads, "intermediate_size": c.ffn, "embedding_size": c.embed_dim or c.hidden,
              "max_position_embeddings": c.max_pos, "type_vocab_size": c.type_vocab, "hidden_act": "gelu",
              "layer_norm_eps": 1e-12, "pooling": c.pooling, "pool_heads": c.pool_heads,
              "embedding_dim": emb_dim(c) if kind == "tower" else None, "max_len": max_len,
              "query_max_len": lens["query"], "doc_max_len": lens["doc"], "pair_max_len": lens["pair"],
              "score": "sigmoid(dot(query_embedding, doc_embedding))" if kind == "tower" else "sigmoid(logit)",
              "tokenization": {
                  "single": "[CLS] + pieces(text)[:max_len-2] + [SEP]",
                  "pair": "qa = pieces(q)[:query_max_len-2]; db = pieces(d)[:pair_max_len-3-len(qa)]; "
                          "[CLS] qa [SEP] db [SEP]; token_type_ids 0 through the first [SEP], 1 after",
                  "padding": "right, [PAD]=0, attention_mask 0; outputs do not depend on padded length",
                  "pieces": "@huggingface/tokenizers encode(text, {add_special_tokens: false}).ids"},
              **extra_config}
    with open(os.path.join(d, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=1)
    export_onnx(model, kind, False, os.path.join(d, "onnx", "model.onnx"))
    files = {"lean": f"{mid}/onnx/model.onnx"}
    if inspect:
        export_onnx(model, kind, True, os.path.join(d, "onnx", "inspect.onnx"))
        files["inspect"] = f"{mid}/onnx/inspect.onnx"
    with open(os.path.join(d, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(reference(model, kind, tok, lens, inspect), f, ensure_ascii=False)
    ins, outs, _ = io_spec(kind, inspect)
    shapes = {"input_ids": ["batch", "seq"], "attention_mask": ["batch", "seq"], "token_type_ids": ["batch", "seq"],
              "embedding": ["batch", emb_dim(c)], "token_embeddings": ["batch", "seq", c.hidden],
              "attentions": ["batch", c.layers, c.heads, "seq", "seq"], "logit": ["batch"]}
    return {"id": mid, "kind": kind, "layers": c.layers, "hidden": c.hidden, "heads": c.heads, "ffn": c.ffn,
            "pooling": c.pooling, "pool_heads": c.pool_heads, "embedding_dim": emb_dim(c) if kind == "tower" else None,
            "max_len": max_len, "params": n_params(model), "dir": mid, "files": files,
            "inputs": [{"name": n, "dtype": "int32", "shape": shapes[n]} for n in ins],
            "outputs": [{"name": n, "dtype": "float32", "shape": shapes[n]} for n in outs]}


def ort_check(out: str, ids: list[str], latency: bool = True, log=print) -> dict:
    """Run training/ort_check.mjs: parity vs reference.json (≤ 1e-4) and CPU latency."""
    here = os.path.dirname(os.path.abspath(__file__))
    res_path = os.path.join(out, ".ort_check.json")
    cmd = ["node", os.path.join(here, "ort_check.mjs"), out, res_path] + ids + (["--latency"] if latency else [])
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(here))
    if r.returncode != 0:
        raise RuntimeError(f"ort_check failed:\n{r.stdout}\n{r.stderr}")
    with open(res_path) as f:
        res = json.load(f)
    os.remove(res_path)
    for mid, v in res.items():
        log(f"  ort: {mid} max|diff|={v['max_abs_diff']:.2e} latency={v.get('latency')}")
    return res


def export_all(run: str, out: str, prof, cfg, world, tok: Tokenizer, run_ort: bool = True, log=print) -> bool:
    from .train import STUDENTS, load_fine, load_tower  # noqa: avoid a cycle at import time
    os.makedirs(out, exist_ok=True)
    tok_dir = os.path.join(run, "tokenizer")
    evals = {}
    if os.path.exists(os.path.join(run, "eval.json")):
        with open(os.path.join(run, "eval.json")) as f:
            evals = json.load(f)
    choice = {}
    if os.path.exists(os.path.join(run, "teacher", "choice.json")):
        with open(os.path.join(run, "teacher", "choice.json")) as f:
            choice = json.load(f)
    ct = choice.get("child_tuning", prof.child_tuning)
    models = [("teacher", "teacher", load_tower(os.path.join(run, "teacher", "model.pt")), "tower",
               f"{prof.teacher_layers}-layer teacher tower: MLM + clicks, Child-Tuning {ct}")]
    models.append(("fine", "fine", load_fine(os.path.join(run, "fine", "model.pt")), "cross",
                   "cross-encoder fine ranker (clicks + human labels)"))
    for sid, spec in STUDENTS.items():
        models.append((sid, "student", load_tower(os.path.join(run, sid, "model.pt")), "tower", spec["desc"]))
    entries = []
    t0 = time.time()
    cal = {}
    if os.path.exists(os.path.join(run, "calibration.json")):
        with open(os.path.join(run, "calibration.json")) as f:
            cal = json.load(f)
    for mid, role, model, kind, desc in models:
        extra = {"role": role, "description": desc, "profile": prof.name}
        c = cal.get(mid)
        if c:   # training/calibrate.py: the scale is folded into the weights; a tower's bias is added at scoring
            extra["calibration"] = {"scale": c["scale"], "bias": c["bias"], "ece_test": c["ece"],
                                    "fitted_on": "valid split candidate sets, label grade >= 2"}
            if kind == "tower":
                extra["logit_bias"] = c["bias"]
                extra["score"] = "sigmoid(dot(query_embedding, doc_embedding) + logit_bias)"
        e = export_model(mid, model, kind, out, tok_dir, tok, prof.lens, extra, mid in INSPECT)
        if c and kind == "tower":
            e["logit_bias"] = c["bias"]
        e["role"] = role
        e["description"] = desc
        m = evals.get(mid, {}).get("all", {})
        e["metrics"] = {k: m.get(k) for k in ("auc", "ndcg10", "recall100", "nm", "kendall")}
        entries.append(e)
        log(f"[export] {mid}: {e['params'] / 1e6:.2f}M params ({time.time() - t0:.0f}s)")
    lat = ort_check(out, [e["id"] for e in entries], latency=run_ort, log=log) if run_ort else {}
    for e in entries:
        if e["id"] in lat:
            e["ort"] = lat[e["id"]]
        e["sha256"] = {}
        for root, _, fs in os.walk(os.path.join(out, e["id"])):
            for f in sorted(fs):
                p = os.path.join(root, f)
                e["sha256"][os.path.relpath(p, out)] = sha256(p)
    docs = os.path.join(world_dir_of(world), "docs.jsonl") if world_dir_of(world) else None
    manifest = {"version": 1, "profile": prof.name,
                "docset_sha256": sha256(docs) if docs and os.path.exists(docs) else None,
                "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "tokenizer": {"query_max_len": prof.lens["query"], "doc_max_len": prof.lens["doc"],
                              "pair_max_len": prof.lens["pair"], "vocab_size": len(tok.vocab)},
                "eval_protocol": evals.get("_protocol"), "models": entries}
    for e in entries:
        e["owner"] = OWNER
    path = os.path.join(out, "manifest.json")
    # NOTE: merge — other exporters (training/heads_export.py) keep their own entries in the same
    # manifest; we replace only entries with our ids or our owner tag.
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = json.load(f)
        ours = {e["id"] for e in entries}
        kept = [m for m in old.get("models", []) if m.get("id") not in ours and m.get("owner") != OWNER]
        manifest = {**{k: v for k, v in old.items() if k != "models"}, **manifest, "models": kept + entries}
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    os.replace(path + ".tmp", path)
    log(f"[export] wrote {path} ({len(entries)} models of ours)")
    return True


def world_dir_of(world):
    return getattr(world, "dir", None)
