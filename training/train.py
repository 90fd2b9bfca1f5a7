"""Train every Prerank Lab model, top-down, in resumable stages.

  python3 -m training.train --profile full --world public/demo --out models
  torchrun --nproc_per_node 2 -m training.train --profile tiny ...   (same code, DDP)

Stages (each writes <run>/<stage>/model.pt and is skipped when that exists; inside a stage a
checkpoint every `ckpt_every` steps lets an interrupted run continue where it stopped):
  tokenizer → fine (cross-encoder) → lists (the fine ranker's logits over train queries' retrieval
  lists, training/kd_lists.py) → teacher_mlm (world texts + real Chinese text, training/corpus.py)
  → ct_none / ct_F / ct_D (short Child-Tuning comparison runs from the MLM checkpoint, when the
  profile has them) → teacher (clicks + list KD; continues the best ct run on valid)
  → targets (teacher embeddings, fine-ranker logits) → student_a..e → eval → calibrate
  (training/calibrate.py) → export → report.
Refuses: test-split clicks or labels in training; anything but rank 0 writing files.
"""
from __future__ import annotations

import argparse
import dataclasses
import os

# NOTE: before torch loads OpenMP. On a CPU shared with other jobs, libgomp's default spin-waiting
# made 2-thread training 4x slower than 1 thread (measured); passive waiting fixes that.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import random
import sys
import time

import numpy as np
import torch
import torch.distributed as dist

from . import data as D
from .artifacts import load_fine, load_tower, make_lists  # noqa: F401 (load_*: the recipe's public loaders)
from .loop import Logger, Setup, barrier, load_json, save_json, setup_distributed
from .model import BertConfig
from .profiles import PROFILES, STUDENTS, Profile, Stage  # noqa: F401 (re-exported for export/heads/tests)
from .stages import make_targets, run_calibrate, run_eval, train_fine, train_mlm
from .tokenizer import Tokenizer, build_vocab, save_hf
from .towers import pick_child_tuning, student_init_ckpt, train_tower


# ============================================================== main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profile", default="tiny", choices=sorted(PROFILES))
    ap.add_argument("--world", default="public/demo")
    ap.add_argument("--clicks", default="data/world/clicks.jsonl")
    ap.add_argument("--out", default=None, help="models folder to export into (tiny: a temp dir unless given)")
    ap.add_argument("--run-dir", default=None, help="checkpoints (default training/runs/<profile>)")
    ap.add_argument("--stages", default="all", help="comma list, or 'all'")
    ap.add_argument("--skip-compare", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every stage's steps (quick trials)")
    ap.add_argument("--no-ort", action="store_true", help="skip onnxruntime-node parity/latency at export")
    ap.add_argument("--stop-after", type=int, default=0, help="(tests) stop each stage after N steps, as if killed")
    args = ap.parse_args(argv)

    ctx = setup_distributed(args.threads)
    prof = dataclasses.replace(PROFILES[args.profile])
    if args.scale != 1.0:
        for s in ("fine", "mlm", "teacher", "student", "compare"):
            st = getattr(prof, s)
            setattr(prof, s, dataclasses.replace(st, steps=max(2, int(st.steps * args.scale))))
    run = args.run_dir or os.path.join("training", "runs", prof.name)
    os.makedirs(run, exist_ok=True)
    log = Logger(os.path.join(run, "train.log") if ctx.rank == 0 else None, ctx.rank)
    log(f"profile={prof.name} world={args.world} run={run} ranks={ctx.world} threads={torch.get_num_threads()}")
    torch.manual_seed(args.seed); random.seed(args.seed); np.random.seed(args.seed)

    world = D.load_world(args.world, args.clicks)
    train_ex, label_kind = D.training_pairs(world, "train", args.seed, prof.click_labels)
    if label_kind != prof.click_labels:
        log(f"click labels: too few impressions per query to aggregate; {label_kind} instead")
    train_ex = train_ex[: prof.max_examples]
    if ctx.rank == 0 and not os.path.exists(os.path.join(run, "labels.json")):
        save_json(os.path.join(run, "labels.json"), {"kind": label_kind, **D.label_quality(world, train_ex)})
    log(f"world: {len(world.docs)} docs, {len(world.queries)} queries, {len(world.clicks)} impressions, "
        f"{len(train_ex)} train click examples")
    if not train_ex:
        raise SystemExit("no train click examples: generate clicks with `npm run gen:world -- --clicks`")
    wanted = set(args.stages.split(",")) if args.stages != "all" else None
    todo = lambda s: wanted is None or s in wanted  # noqa: E731
    timings = load_json(os.path.join(run, "timings.json"), {})

    def timed(name, fn):
        t0 = time.time()
        r = fn()
        if r is not None and ctx.rank == 0:
            # NOTE: re-read first: stages may run in parallel processes (--stages student_a / student_b …)
            # that share this file, and each must add its own entry without dropping the others'.
            cur = load_json(os.path.join(run, "timings.json"), {})
            cur[name] = cur.get(name, 0) + (time.time() - t0)
            timings.clear(); timings.update(cur)
            save_json(os.path.join(run, "timings.json"), cur)
        return r

    # -- 1. tokenizer: one vocab for every model
    tok_dir = os.path.join(run, "tokenizer")
    if ctx.rank == 0 and not os.path.exists(os.path.join(tok_dir, "vocab.txt")):
        texts = world.doc_texts + [q["text"] for q in world.queries.values()]
        save_hf(build_vocab(texts, prof.vocab_pieces), tok_dir, prof.lens["doc"])
        log(f"tokenizer: saved to {tok_dir}")
    barrier(ctx)
    tok = Tokenizer.load(tok_dir)
    cfg = lambda layers: BertConfig(vocab_size=len(tok.vocab), hidden=prof.hidden, layers=layers,  # noqa: E731
                                    heads=prof.heads, ffn=prof.ffn, embed_dim=prof.embed_dim,
                                    max_pos=max(64, prof.lens["pair"]), pooling=prof.pooling,
                                    pool_heads=prof.pool_heads)
    S = Setup(prof, world, tok, train_ex, run, ctx, log, args.stop_after)

    # -- 2. fine ranker (cross-encoder): clicks + human labels; the strongest model
    if todo("fine"):
        timed("fine", lambda: train_fine(S, dataclasses.replace(cfg(prof.fine_layers), match_channel=prof.fine_match,
                                                                pooling=prof.fine_pooling, pool_heads=1)))
    # -- 2b. the fine ranker's scores over train queries' retrieval lists (teacher and student KD)
    if prof.list_queries and (todo("lists") or todo("teacher") or todo("targets")):
        timed("lists", lambda: make_lists(S))
    # -- 3. teacher tower: MLM pre-training, then clicks with in-batch negatives + Child-Tuning
    if todo("teacher_mlm"):
        timed("teacher_mlm", lambda: train_mlm(S, cfg(prof.teacher_layers)))
    # Child-Tuning comparison: short runs from the MLM checkpoint; the teacher continues the best
    mlm_ckpt = os.path.join(run, "teacher_mlm", "model.pt")
    if not args.skip_compare and prof.ct_compare:
        for mode in ("none", "F", "D"):
            if todo(f"ct_{mode}") or todo("ct_compare"):
                timed(f"ct_{mode}", lambda: train_tower(S, f"ct_{mode}", cfg(prof.teacher_layers), prof.compare,
                                                        init=mlm_ckpt, child=mode, mid_valid=False))
    if todo("teacher"):
        mode, init = pick_child_tuning(S, mlm_ckpt)
        timed("teacher", lambda: train_tower(S, "teacher", cfg(prof.teacher_layers), prof.teacher,
                                             init=init, child=mode, list_kd=prof.teacher_list_kd))
    # -- 4. distillation targets: teacher embeddings of every doc / query, fine logits per example
    if todo("targets"):
        timed("targets", lambda: make_targets(S, cfg))
    # -- 5. students on the same data budget
    for sid, spec in STUDENTS.items():
        if todo(sid):
            init = student_init_ckpt(S, prof.student_layers)
            lk = prof.student_list_kd if spec["fine_kd"] else 0.0
            timed(sid, lambda: train_tower(S, sid, cfg(prof.student_layers), prof.student, init=init, kd=spec,
                                           list_kd=lk))
    # -- 6.-8. evaluate, export, report (rank 0)
    if ctx.rank == 0:
        if todo("eval"):
            timed("eval", lambda: run_eval(S, cfg))
        if todo("calibrate"):
            timed("calibrate", lambda: run_calibrate(S))
        out = args.out
        if out is None and prof.name != "full":
            out = os.path.join(run, "export")
        if todo("export") and out:
            from .export import export_all
            timed("export", lambda: export_all(run, out, prof, cfg, world, tok, run_ort=not args.no_ort, log=log))
        if todo("report") and out:
            from .report import write_report
            write_report(run, out, prof, log=log)
    barrier(ctx)
    log("done")
    if ctx.world > 1:
        dist.destroy_process_group()




if __name__ == "__main__":
    main(sys.argv[1:])
