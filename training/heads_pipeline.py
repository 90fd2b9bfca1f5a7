"""Interaction heads, fusion and compression on top of a frozen tower: features → train → eval → export.

  python3 -m training.heads_pipeline --profile full --tower training/runs/full/student_d/model.pt --out models
  python3 -m training.heads_pipeline --profile full --tower models/student_d --out models   (exported tower)

1. features: the frozen tower encodes every doc and query once (pooled + token embeddings).
2. heads, each trained for a few minutes of one CPU core on the train split's click examples
   (listwise softmax over [clicked, skipped, in-batch others]) + KD from the fine ranker's logits
   when the tower's run has them (<run>/targets/targets.pt): multi-head, ESIM, fusion ablation,
   compressed variants (fewer heads, narrower FFN, pooling; int8 and fp16 without retraining).
3. evaluation with the recipe's protocol (training/evaluate.py: test split, candidate set =
   judged ∪ BM25 top-k, same metrics.py), so rows compare with models/REPORT.md.
4. export to <out>/<id>/, parity + latency in onnxruntime-node, merge into <out>/manifest.json,
   write <out>/REPORT.heads.md + <out>/report.heads.json.
Refuses: training on valid/test clicks or on qrels; changing the tower.
"""
from __future__ import annotations

import argparse
import sys

import torch

from .heads_lib import PROFILES


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profile", default="tiny", choices=sorted(PROFILES))
    ap.add_argument("--tower", default=None, help="tower checkpoint (<run>/<stage>/model.pt) or exported tower dir")
    ap.add_argument("--merge-only", action="store_true",
                    help="only merge the entries of the last run (<work>/manifest.heads.json) into <out>/manifest.json "
                         "— after the recipe's export rewrote it")
    ap.add_argument("--out", default=None, help="models folder (default: <work>/export)")
    ap.add_argument("--world", default="public/demo")
    ap.add_argument("--clicks", default="data/world/clicks.jsonl")
    ap.add_argument("--fine", default=None, help="fine-ranker checkpoint for N/M (default <run>/fine/model.pt)")
    ap.add_argument("--work", default=None, help="cache folder (default training/runs/heads-<profile>)")
    ap.add_argument("--variants", default=None, help="comma list (default: the profile's)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps-scale", type=float, default=1.0)
    ap.add_argument("--no-ort", action="store_true", help="skip onnxruntime-node parity/latency")
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--wasm", action="store_true", help="also time ORT-web WASM in headless Chromium (needs the models dir inside the repo)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.merge_only:
        from .heads_run import merge_only
        return merge_only(args, PROFILES[args.profile])
    if not args.tower:
        ap.error("--tower is required")
    from .heads_run import run_pipeline
    return run_pipeline(args, PROFILES[args.profile])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
