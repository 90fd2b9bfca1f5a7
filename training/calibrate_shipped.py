"""Calibrate exported models in place, from their own scores (no checkpoints needed).

  python3 -m training.calibrate_shipped --models models --world public/demo

For models exported before the recipe's calibration stage (training/calibrate.py folds the scale into
the graph at export): scores the valid and test splits' candidate sets (judged ∪ BM25 top-50, the
eval protocol) with the CLI's `score` — the same onnxruntime-node code the lab runs — fits Platt's
scale and bias per model on valid, measures ECE (10 bins) on test before and after, and writes
  * manifest.json: each model's `logit_scale`, `logit_bias` (the runtime applies logit = a·raw + b,
    src/core/score.ts logitAffine) and `calibration` (ECE figures);
  * report.json["calibration"] and the "Calibration" section of REPORT.md.
The graphs are not touched (their sha256 stay valid). Rerunning refits from the raw scores: the CLI
prints calibrated logits, so the current scale/bias are undone first.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from . import calibrate as C
from . import data as D
from .bm25 import BM25


def cli_scores(models: str, pairs: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    """{model id: logits} for the pairs, via `npm run cli -- score` (one line out per line in)."""
    with tempfile.TemporaryDirectory() as tmp:
        f = os.path.join(tmp, "pairs.tsv")
        with open(f, "w", encoding="utf-8") as out:
            for q, d in pairs:
                out.write(f"{q.replace(chr(9), ' ')}\t{d.replace(chr(9), ' ')}\n")
        res = subprocess.run(["npx", "tsx", "src/cli/main.ts", "score", "--pairs", f, "--models", models],
                             capture_output=True, text=True, check=True)
    lines = res.stdout.rstrip("\n").split("\n")
    head = lines[0].split("\t")
    rows = np.array([[float(x) for x in ln.split("\t")] for ln in lines[1:]])
    if len(rows) != len(pairs):
        raise SystemExit(f"cli score gave {len(rows)} rows for {len(pairs)} pairs")
    return {h[: -len(".logit")]: rows[:, k] for k, h in enumerate(head) if h.endswith(".logit")}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="models")
    ap.add_argument("--world", default="public/demo")
    ap.add_argument("--queries", type=int, default=360)
    ap.add_argument("--cand-k", type=int, default=50)
    args = ap.parse_args(argv)
    t0 = time.time()
    world = D.load_world(args.world)
    bm = BM25(world.doc_texts)
    vp = C.split_pairs(world, "valid", args.queries, args.cand_k, bm)
    tp = C.split_pairs(world, "test", args.queries, args.cand_k, bm)
    text = lambda ps: [(world.queries[q]["text"], world.doc_texts[i]) for q, i, _ in ps]  # noqa: E731
    sv, st = cli_scores(args.models, text(vp)), cli_scores(args.models, text(tp))
    yv, yt = np.array([y for *_, y in vp]), np.array([y for *_, y in tp])
    mpath = os.path.join(args.models, "manifest.json")
    with open(mpath, encoding="utf-8") as f:
        manifest = json.load(f)
    by_id = {m["id"]: m for m in manifest["models"]}
    out = {}
    for mid in sv:
        e = by_id[mid]
        a0, b0 = float(e.get("logit_scale", 1.0)), float(e.get("logit_bias", 0.0))
        rv, rt = (sv[mid] - b0) / a0, (st[mid] - b0) / a0          # undo a previous calibration
        a, b = C.fit_platt(rv, yv)
        if a <= 0:
            raise SystemExit(f"{mid}: fitted scale {a} ≤ 0 — it ranks against the labels; refusing")
        sig = lambda z: 1 / (1 + np.exp(-np.clip(z, -40, 40)))  # noqa: E731
        before, after = C.reliability(sig(rt), yt), C.reliability(sig(a * rt + b), yt)
        out[mid] = {"scale": a, "bias": b, "ece": after["ece"], "bins": after["bins"], "ece_raw": before["ece"],
                    "bins_raw": before["bins"], "valid_pairs": len(vp), "test_pairs": len(tp),
                    "test_positive_share": float(yt.mean()), "where": "manifest (graph unchanged)"}
        e["logit_scale"], e["logit_bias"] = a, b
        e["calibration"] = {"ece_test": after["ece"], "ece_raw_test": before["ece"],
                            "fitted_on": "valid split candidate sets, label grade >= 2 (training/calibrate_shipped.py)"}
        print(f"{mid}: a={a:.4f} b={b:.3f} test ECE {before['ece']:.4f} → {after['ece']:.4f}")
    with open(mpath + ".tmp", "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    os.replace(mpath + ".tmp", mpath)
    write_report(args.models, out)
    print(f"calibrated {len(out)} models on {len(vp)} valid / {len(tp)} test pairs in {time.time() - t0:.0f}s")


def write_report(models: str, cal: dict):
    from .report import calibration_md
    rpath = os.path.join(models, "report.json")
    if os.path.exists(rpath):
        with open(rpath, encoding="utf-8") as f:
            rep = json.load(f)
        rep["calibration"] = cal
        with open(rpath, "w", encoding="utf-8") as f:
            json.dump(rep, f, ensure_ascii=False, indent=1)
    mdp = os.path.join(models, "REPORT.md")
    if os.path.exists(mdp):
        with open(mdp, encoding="utf-8") as f:
            md = f.read()
        sec = "\n".join(calibration_md(cal)).replace(
            "and folded into the exported graph (a tower's b is `logit_bias` in its config.json, added before the sigmoid)",
            "and stored in manifest.json (`logit_scale`, `logit_bias`; these models predate the recipe's calibration "
            "stage, so `training/calibrate_shipped.py` fitted them from the CLI's scores; a retrain folds the scale "
            "into the graph)").strip("\n") + "\n\n"
        start = md.find("## Calibration (test split")
        if start >= 0:
            end = md.find("\n## ", start + 3)
            md = md[:start] + sec + md[end + 1:]
        else:
            i = md.find("## Quality bar")
            md = md[:i] + sec + md[i:]
        with open(mdp, "w", encoding="utf-8") as f:
            f.write(md)


if __name__ == "__main__":
    main(sys.argv[1:])
