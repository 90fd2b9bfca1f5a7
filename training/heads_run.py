"""The heads pipeline's body (entry point and options: training/heads_pipeline.py).

Order: tower → features (fp32, and int8 / fp16 tower copies when a variant needs them) → eval set
(+ fine-ranker scores for N/M) → train + evaluate each variant → export the shipped ones (others
to <work>/export-extra, measured but not shipped) → onnxruntime-node parity and latency →
manifest merge → REPORT.heads.md / report.heads.json.
"""
from __future__ import annotations

import copy
import glob
import hashlib
import json
import os
import time

import torch

from . import data as D
from .compress import convert_fp16, quantize_int8
from .fusion import doc_features, fusion_config
from .heads import EsimHead, FusionHead, build_head, n_params
from .heads_export import export_head, folder_bytes, merge_manifest, node_check, rewrite_graphs, wasm_latency
from .kd_lists import extra_candidates, fine_lists  # noqa: F401 (extra_candidates: re-exported)
from .heads_lib import (EvalSet, Feats, emulate_fp16, precision_copy, features, file_sha, human_lists, resolve_tower, tower_copy,
                             train_head, training_examples, variants)
from .model import emb_dim
from .tokenizer import Tokenizer


class Log:
    def __init__(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.f = open(path, "a", encoding="utf-8")

    def __call__(self, msg):
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        self.f.write(line + "\n"); self.f.flush()


def run_pipeline(args, P) -> int:
    from .train import PROFILES as TP
    tp = TP[P.name]
    lens = tp.lens
    work = args.work or os.path.join("training", "runs", f"heads-{P.name}")
    os.makedirs(work, exist_ok=True)
    log = Log(os.path.join(work, "heads.log"))
    t_start = time.time()
    tower, tok_dir, run, tower_id = resolve_tower(args.tower)
    tok = Tokenizer.load(tok_dir)
    sha = short_sha(args.tower)
    log(f"profile={P.name} tower={args.tower} ({tower_id}, sha {sha}) hidden={tower.config.hidden} "
        f"layers={tower.config.layers} threads={torch.get_num_threads()}")
    world = D.load_world(args.world, args.clicks)
    H, E = tower.config.hidden, emb_dim(tower.config)   # token width, embedding width
    fcfg = fusion_config(world.docs, E)
    V = variants(E, H, fcfg)
    wanted = args.variants.split(",") if args.variants else list(P.variants)
    fine = None
    fine_path = args.fine or (os.path.join(run, "fine", "model.pt") if run else "")
    if fine_path and os.path.exists(fine_path):
        from .train import load_fine
        fine = load_fine(fine_path)
    fine_sha = short_sha(fine_path) if fine is not None else "none"
    ev = EvalSet(world, tok, lens, tp.eval_queries, tp.eval_cand_k, fine,
                 os.path.join(work, f"fine-{fine_sha}-{tp.eval_queries}-{tp.eval_cand_k}.pt") if fine is not None else None, log)
    ex, fl, n_kd = training_examples(world, run, P.name, P.examples, log)
    valid = EvalSet(world, tok, lens, tp.valid_queries if P.valid_queries is None else P.valid_queries, tp.valid_cand_k,
                    None, None, log, split="valid", bm25=ev.bm25)
    lists = kd_lists(world, tok, lens, fine, ev.bm25, P, os.path.join(work, f"lists-{fine_sha}-{P.kd_lists}-{P.kd_cand_k}{f'+{P.kd_randoms}' if P.kd_randoms else ''}.pt"),
                     log) if fine is not None and P.kd_lists else None
    test_docs = sorted({i for c in ev.cands.values() for i in c})
    train_docs = sorted(set(test_docs) | {i for c in valid.cands.values() for i in c}
                        | {i for e in ex for i in (e.pos, e.neg)}
                        | (set(lists[1].flatten().tolist()) if lists is not None else set())
                        | ({world.doc_index[d] for q, j in world.human.items() if world.queries.get(q, {}).get("split") == "train"
                            for d in j if d in world.doc_index} if P.human > 0 else set()))
    key = lambda docs: hashlib.sha256(json.dumps(docs).encode()).hexdigest()[:8]  # noqa: E731
    earlier = sorted(glob.glob(os.path.join(work, f"feats-{sha}-fp32-*.pt")), key=os.path.getmtime, reverse=True)
    feats = {"fp32": features(tower, tok, world, lens, os.path.join(work, f"feats-{sha}-fp32-{key(train_docs)}.pt"), log,
                              docs=train_docs, reuse=earlier)}
    dfeat = doc_features(world.docs, fcfg)
    feats["fp32"].doc = dfeat
    human = human_lists(world, feats["fp32"]) if P.human > 0 else None

    def feats_for(precision):
        # compressed towers are only evaluated (no training): their test candidates suffice
        if precision not in feats:
            t = tower_copy(tower, precision)
            hooks = emulate_fp16(t) if precision == "fp16" else []
            feats[precision] = features(t, tok, world, lens, os.path.join(work, f"feats-{sha}-{precision}-{key(test_docs)}.pt"),
                                        log, docs=test_docs)
            feats[precision].doc = dfeat
            for h in hooks:
                h.remove()
        return feats[precision]

    heads, rows, trained = {}, {}, {}
    for vid in wanted:
        spec = V[vid]
        prec = spec.get("precision", "fp32")
        F_ = feats_for(prec)
        t0 = time.time()
        meta = {}
        head = None
        if spec["kind"] == "head":
            if spec.get("from_"):
                head = precision_copy(heads[spec["from_"]], prec)
            else:
                torch.manual_seed(args.seed)
                head = build_head(spec["cfg"])
                steps = P.fusion_steps if isinstance(head, FusionHead) else P.steps
                steps = max(2, int(steps * args.steps_scale))
                meta = train_head(head, F_, ex, fl, n_kd, P, steps, args.seed, log, vid,
                                  valid=lambda h, F_=F_: valid.ndcg10(h, F_), lists=lists, human=human)
                last = meta.pop("_last_state", None)
                if isinstance(head, FusionHead) and last is not None:
                    # what the channels do as trained (last step), whatever selection kept: the
                    # per-intent ablation the issue asks for, on valid and test
                    h2 = copy.deepcopy(head)
                    h2.load_state_dict(last)
                    h2.eval()
                    trained[vid] = {"test": ev.evaluate("head", h2, F_), "valid": valid.evaluate("head", h2, F_)}
            heads[vid] = head
        hooks = emulate_fp16(head) if head is not None and prec == "fp16" else []
        res = ev.evaluate("dot" if spec["kind"] == "dot" else "head", head, F_)
        for h in hooks:
            h.remove()
        rows[vid] = {"id": vid, "desc": spec["desc"], "group": spec["group"], "precision": prec,
                     "params": n_params(head) if head is not None else 0, "train": meta,
                     "config": spec.get("cfg") or (V[spec["from_"]]["cfg"] if spec.get("from_") else None),
                     "metrics": res, "eval_seconds": time.time() - t0 - meta.get("train_seconds", 0)}
        with open(os.path.join(work, "rows.partial.json"), "w", encoding="utf-8") as f:
            json.dump({k: {"desc": v["desc"], "all": v["metrics"]["all"], "train": v["train"]} for k, v in rows.items()}, f,
                      indent=1)
        a = res["all"]
        log(f"[{vid}] auc={fmt(a.get('auc'))} ndcg10={fmt(a.get('ndcg10'))} nm={fmt(a.get('nm'))} "
            f"({time.time() - t0:.0f}s)")

    exported, checks = [], {}
    out = args.out or os.path.join(work, "export")
    if not args.no_export:
        exported, checks = export_all(args, P, out, work, tower, tower_id, tok, tok_dir, lens, heads, rows, feats, ev,
                                      world, log)
    report = build_report(P, args, tower_id, tower, rows, checks, ev, feats["fp32"], lens, n_kd, len(ex),
                          time.time() - t_start, world)
    report["protocol_valid"] = valid.protocol
    if trained:
        slim = lambda res: {"ndcg10": res["all"].get("ndcg10"), "auc": res["all"].get("auc"),  # noqa: E731
                            "by_intent": {k: v.get("ndcg10") for k, v in res["by_intent"].items()}}
        report["fusion_trained"] = {
            "dot": {"test": slim(ev.evaluate("dot", None, feats["fp32"])), "valid": slim(valid.evaluate("dot", None, feats["fp32"]))},
            **{k: {"test": slim(v["test"]), "valid": slim(v["valid"]),
                   "selected_step": max(rows[k]["train"]["valid_history"], key=lambda x: x[1])[0]
                   if rows[k]["train"].get("valid_history") else None} for k, v in trained.items()}}
    if not args.no_export:
        entries = []
        for e in exported:
            r = rows.get(e["id"]) or rows.get(e.get("_row", ""))
            if r is not None:
                m = r["metrics"]["all"]
                e["metrics"] = {k: m.get(k) for k in ("auc", "ndcg10", "recall100", "nm", "kendall")}
            e.pop("_row", None)
            e["sha256"] = {}
            for root, _, fs in os.walk(os.path.join(out, e["id"])):
                for f in sorted(fs):
                    p = os.path.join(root, f)
                    e["sha256"][os.path.relpath(p, out)] = file_sha(p)
            entries.append(e)
        with open(os.path.join(work, "manifest.heads.json"), "w", encoding="utf-8") as f:
            json.dump({"out": out, "entries": entries}, f, ensure_ascii=False, indent=1)
        merge_manifest(os.path.join(out, "manifest.json"), entries)
        log(f"[manifest] merged {len(entries)} entries into {out}/manifest.json")
        write_report(out, report)
        log(f"[report] {out}/REPORT.heads.md, {out}/report.heads.json")
    log(f"done ({time.time() - t_start:.0f}s)")
    return 0


def kd_lists(world, tok, lens, fine, bm25, P, cache, log):
    """The fine ranker's logits over N train queries' BM25 lists (training/kd_lists.py)."""
    return fine_lists(world, tok, lens, fine, bm25, P.kd_lists, P.kd_cand_k, P.kd_randoms, cache, log)


def merge_only(args, P) -> int:
    """Re-merge the last run's manifest entries (the recipe's export rewrites manifest.json)."""
    work = args.work or os.path.join("training", "runs", f"heads-{P.name}")
    with open(os.path.join(work, "manifest.heads.json"), encoding="utf-8") as f:
        saved = json.load(f)
    out = args.out or saved["out"]
    missing = [p for e in saved["entries"] for p in e["files"].values() if not os.path.exists(os.path.join(out, p))]
    if missing:
        raise SystemExit(f"merge-only: exported files missing under {out}: {missing[:4]}")
    merge_manifest(os.path.join(out, "manifest.json"), saved["entries"])
    print(f"merged {len(saved['entries'])} head entries into {out}/manifest.json")
    return 0


def short_sha(path: str) -> str:
    """Cache key of a checkpoint file or an exported tower folder (its model.onnx)."""
    if os.path.isdir(path):
        p = os.path.join(path, "model.pt")
        path = p if os.path.exists(p) else os.path.join(path, "onnx", "model.onnx")
    return file_sha(path)[:12]


def fmt(v, nd=4):
    return "—" if v is None else f"{v:.{nd}f}"


# ============================================================== export

def pick_sample(head, F_: Feats, ev: EvalSet, n: int = 3, margin: float = 5e-4) -> dict:
    """A few real (query, doc) pairs from the eval set, right-padded, as graph inputs. For ESIM the
    docs are chosen so no int8 code sits within `margin` of a rounding tie (ORT and PyTorch may
    round such a tie differently; see heads_check.mjs)."""
    pairs = []
    for q in ev.qids:
        for di in ev.cands[q]:
            if isinstance(head, EsimHead) and head.config.int8_doc:
                L = int(F_.dmask[di].sum())
                with torch.no_grad():
                    x = head.proj(F_.dtok[di, :L])
                    s = x.abs().amax(-1, keepdim=True).clamp(min=1e-6) / 127.0
                    tie = (x / s - torch.floor(x / s) - 0.5).abs()     # distance to a .5 rounding tie
                if float(tie.min()) < margin:
                    continue
            pairs.append((F_.qindex[q], di))
            break
        if len(pairs) == n:
            break
    if not pairs:
        raise RuntimeError("pick_sample: no eval pair clear of int8 rounding ties")
    qi = torch.tensor([p[0] for p in pairs])
    di = torch.tensor([p[1] for p in pairs])
    Lq = int(F_.qmask[qi].sum(1).max())
    Ld = int(F_.dmask[di].sum(1).max())
    s = {"query_embedding": F_.q[qi], "doc_embedding": F_.d[di]}
    if isinstance(head, EsimHead):
        s.update({"query_token_embeddings": F_.qtok[qi, :Lq], "query_attention_mask": F_.qmask[qi, :Lq],
                  "doc_token_embeddings": F_.dtok[di, :Ld], "doc_attention_mask": F_.dmask[di, :Ld]})
    if isinstance(head, FusionHead):
        s.update({"category_id": F_.doc["category"][di], "numeric": F_.doc["numeric"][di], "cover": F_.doc["cover"][di]})
    return s


def export_all(args, P, out, work, tower, tower_id, tok, tok_dir, lens, heads, rows, feats, ev, world, log):
    from .heads_towers import export_tower_variant
    from .export import ort_check
    os.makedirs(out, exist_ok=True)
    extra = os.path.join(work, "export-extra")
    os.makedirs(extra, exist_ok=True)
    shipped, checks = [], {}
    head_ids = [h for h in heads if rows[h]["group"] != "fusion" or h == "head_fusion"]
    for hid in head_ids:
        head = heads[hid]
        row = rows[hid]
        prec = row["precision"]
        dest = out if hid in P.export else extra
        F_ = feats[prec]
        sample = pick_sample(head, F_, ev)
        tol, rtol = (2e-2, 2e-2) if prec == "fp16" else (1e-4, 0.0)
        e = export_head(hid, head, sample, dest, tok_dir, {"id": hid, "description": row["desc"], "base_tower": tower_id,
                                                           "precision": prec, "profile": P.name}, tol=tol, lens=lens, rtol=rtol)
        if prec == "int8":
            rewrite_graphs(os.path.join(dest, hid), quantize_int8)
        elif prec == "fp16":
            rewrite_graphs(os.path.join(dest, hid), convert_fp16)
        c = head.config
        e.update({"description": row["desc"], "base_tower": tower_id, "precision": prec,
                  "layers": 0, "hidden": c.hidden, "heads": getattr(c, "heads", 1),
                  "ffn": getattr(c, "comp", getattr(c, "mlp", getattr(c, "width", 0))),
                  "pooling": getattr(c, "pooling", "none"), "max_len": lens["doc"], "head": c.to_dict()})
        row["bytes_onnx"] = folder_bytes(os.path.join(dest, hid))
        row["bytes_model_graph"] = os.path.getsize(os.path.join(dest, hid, "onnx", "model.onnx"))
        row["shipped"] = dest == out
        if not args.no_ort:
            checks[hid] = node_check(dest, [hid], latency=True, log=log)[hid]
            e["ort"] = checks[hid]
        if dest == out:
            shipped.append(e)
        log(f"[export] {hid} → {dest}/{hid} ({row['bytes_model_graph'] / 1024:.0f} KB model graph)")
    # compressed towers (the recipe's tower format) + the fp32 tower for size/latency reference
    for mid, prec, inspect in (("cmp_tower_fp32", "fp32", True), ("cmp_tower_int8", "int8", True),
                               ("cmp_tower_fp16", "fp16", False)):
        dest = out if mid in P.export else extra
        if prec == "fp16" and "dot_fp16" not in rows and "head_esim_fp16" not in rows:
            continue
        t = tower_copy(tower, prec) if prec != "fp32" else tower
        desc = {"fp32": f"{tower_id} re-exported (size/latency reference)",
                "int8": f"{tower_id}, int8 weight-only QDQ (per-channel, symmetric)",
                "fp16": f"{tower_id}, fp16 compute (WebGPU shader-f16)"}[prec]
        if prec == "fp32":
            from .export import export_model
            e = export_model(mid, t, "tower", dest, tok_dir, tok, lens, {"role": "student", "description": desc}, inspect)
        else:
            e = export_tower_variant(mid, t, prec, dest, tok_dir, tok, lens, desc, inspect, tower_id)
        e.update({"role": "student", "owner": "heads", "description": desc, "precision": prec})
        e["_row"] = {"int8": "dot_int8", "fp16": "dot_fp16", "fp32": "dot"}[prec]
        size = {"lean": os.path.getsize(os.path.join(dest, mid, "onnx", "model.onnx"))}
        if inspect:
            size["inspect"] = os.path.getsize(os.path.join(dest, mid, "onnx", "inspect.onnx"))
        rows.setdefault("_towers", {})[mid] = {"precision": prec, "bytes": size, "shipped": dest == out,
                                               "params": e["params"]}
        if not args.no_ort:
            r = ort_check(dest, [mid], latency=True, log=log)[mid]
            rows["_towers"][mid]["ort"] = r
            e["ort"] = r
        if dest == out:
            shipped.append(e)
        log(f"[export] {mid} → {dest}/{mid} {size}")
    if getattr(args, "wasm", False):
        for dest in (out, extra):            # shipped models, and the fp32 tower for comparison
            ids = [d for d in sorted(os.listdir(dest)) if os.path.exists(os.path.join(dest, d, "reference.json"))
                   and (d in rows or d in rows.get("_towers", {})) and (dest == out or d == "cmp_tower_fp32")]
            for mid, v in wasm_latency(dest, ids, log=log).items():
                if mid in rows:
                    rows[mid]["wasm"] = v
                else:
                    rows["_towers"][mid]["wasm"] = v
            for e in shipped:
                if e["id"] in ids:
                    e.setdefault("latency_wasm", rows.get(e["id"], rows.get("_towers", {}).get(e["id"], {})).get("wasm"))
    return shipped, checks


# ============================================================== report

def bytes_per_doc(vid: str, row: dict, F_: Feats, H: int) -> dict:
    """What the offline index stores per doc for this scorer (fp32 vectors, int8 ESIM tokens)."""
    base = 4 * H
    c = row.get("config") or {}
    if c.get("type") == "multihead":
        return {"bytes": base + 4 * c["heads"] * c["proj"], "how": f"doc vector {base} B + {c['heads']}×{c['proj']} fp32 head vectors"}
    if c.get("type") == "esim":
        n_tok = F_.dmask.sum(1)
        avg_tok = float(n_tok[n_tok > 0].mean())             # over the docs encoded
        per_tok = c["proj"] + 4
        return {"bytes": base + avg_tok * per_tok + 1,
                "how": f"doc vector {base} B + {avg_tok:.1f} tokens × ({c['proj']} int8 + fp32 scale) + 1 B length"}
    if c.get("type") == "fusion":
        return {"bytes": 4 * (H + 1), "how": f"fused doc vector + prior, {H + 1} fp32"}
    return {"bytes": base, "how": f"doc vector, {H} fp32"}


def build_report(P, args, tower_id, tower, rows, checks, ev, F_, lens, n_kd, n_ex, seconds, world) -> dict:
    # NOTE: with kd_lists the heads train on the fine ranker's list scores only (see kd_lists)
    H = emb_dim(tower.config)   # the doc vector the dot product stores
    towers = rows.pop("_towers", {})
    out_rows = []
    for vid, r in rows.items():
        a = r["metrics"]["all"]
        ck = checks.get(vid) or {}
        lat = ck.get("latency") or {}
        tw = {"dot": "cmp_tower_fp32", "dot_int8": "cmp_tower_int8", "dot_fp16": "cmp_tower_fp16"}.get(vid)
        out_rows.append({
            "id": vid, "technique": r["desc"], "group": r["group"], "precision": r["precision"],
            "auc": a.get("auc"), "ndcg10": a.get("ndcg10"), "recall100": a.get("recall100"), "nm": a.get("nm"),
            "kendall": a.get("kendall"), "params": r["params"],
            "head_model_bytes": r.get("bytes_model_graph"), "head_onnx_bytes": r.get("bytes_onnx"),
            "tower_bytes": (towers.get(tw) or {}).get("bytes"),
            "head_ms_per_1000": lat.get("model_per_1000_ms"), "scorer_ms_per_1000": lat.get("scorer_per_1000_ms"),
            "wasm_ms_per_1000": (r.get("wasm") or {}).get("scorer_per_1000_ms", (r.get("wasm") or {}).get("model_per_1000_ms")),
            "parity_max_abs_diff": ck.get("max_abs_diff"), "parity_ok": ck.get("ok"),
            "bytes_per_doc": bytes_per_doc(vid, r, F_, H), "shipped": r.get("shipped", False),
            "train": r["train"], "by_intent": {k: {m: v.get(m) for m in ("auc", "ndcg10", "nm")}
                                               for k, v in r["metrics"]["by_intent"].items()}})
    return {"profile": P.name, "tower": tower_id, "tower_arg": args.tower, "hidden": H, "token_hidden": tower.config.hidden, "layers": tower.config.layers,
            "protocol": ev.protocol, "train_examples": n_ex, "kd_examples": n_kd,
            "settings": {"steps": P.steps, "fusion_steps": P.fusion_steps, "batch": P.batch, "lr": P.lr,
                         "kd_lists": P.kd_lists if ev.fine else 0, "kd_cand_k": P.kd_cand_k, "list_len": P.list_len,
                         "kd_randoms": P.kd_randoms, "kd_temp": P.kd_temp, "clicks": P.clicks, "human": P.human,
                         "randoms": P.randoms, "kd": P.kd, "threads": torch.get_num_threads()},
            "towers": towers, "rows": out_rows, "seconds": seconds,
            "load_average_at_report": [round(x, 1) for x in os.getloadavg()], "cpu_count": os.cpu_count(),
            "command": f"python3 -m training.heads_pipeline --profile {P.name} --tower {args.tower} --out {args.out or '<work>/export'}",
            "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def write_report(out: str, rep: dict):
    from .heads_report import render
    with open(os.path.join(out, "report.heads.json"), "w", encoding="utf-8") as f:
        json.dump(rep, f, ensure_ascii=False, indent=1)
    with open(os.path.join(out, "REPORT.heads.md"), "w", encoding="utf-8") as f:
        f.write(render(rep))
