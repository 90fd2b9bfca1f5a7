"""Train every Prerank Lab model, top-down, in resumable stages.

  python3 -m training.train --profile full --world public/demo --out models
  torchrun --nproc_per_node 2 -m training.train --profile tiny ...   (same code, DDP)

Stages (each writes <run>/<stage>/model.pt and is skipped when that exists; inside a stage a
checkpoint every `ckpt_every` steps lets an interrupted run continue where it stopped):
  tokenizer → fine (cross-encoder) → teacher_mlm → ct_none / ct_F / ct_D (short Child-Tuning
  comparison runs from the MLM checkpoint) → teacher (continues the best of them on valid)
  → targets (teacher embeddings, fine-ranker logits) → student_a..d → eval → export → report.
Refuses: test-split clicks or labels in training; anything but rank 0 writing files.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os

# NOTE: before torch loads OpenMP. On a CPU shared with other jobs, libgomp's default spin-waiting
# made 2-thread training 4x slower than 1 thread (measured); passive waiting fixes that.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import random
import sys
import time
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

from . import data as D
from .evaluate import encode_texts, evaluate_models
from .model import BertConfig, CrossEncoder, MLMHead, TwoTower, n_params
from .tokenizer import CLS, MASK, PAD, SEP, Tokenizer, build_vocab, pad_batch, save_hf


# ============================================================== profiles

@dataclass
class Stage:
    steps: int
    batch: int
    lr: float
    max_minutes: float = 1e9   # safety cap on a shared CPU; the report states when it hit
    warmup: int = 50


@dataclass
class Profile:
    name: str
    hidden: int
    heads: int
    ffn: int
    embed_dim: int
    teacher_layers: int
    student_layers: int
    fine_layers: int
    pooling: str = "attn"            # towers: cls | mean | max | attn (model.AttnPool)
    pool_heads: int = 4              # attn: the embedding is pool_heads * hidden wide
    fine_pooling: str = "mean"       # the cross-encoder's pooling before its head (one vector per pair)
    fine_match: bool = True          # fine ranker: exact-match channel computed in the graph (model.exact_match)
    lens: dict = field(default_factory=lambda: {"query": 16, "doc": 32, "pair": 48})
    vocab_pieces: int = 300
    fine: Stage = None
    mlm: Stage = None
    teacher: Stage = None
    student: Stage = None
    compare: Stage = None
    mask_ratio: float = 0.2
    child_tuning: str = "auto"       # none | F | D | auto (= best ct_* run on valid)
    child_p: float = 0.3             # F: keep probability; D: share of params updated
    ct_margin: float = 0.01          # auto: a Child-Tuning mode must beat "none" on valid by this much
    fisher_batches: int = 20
    valid_every: int = 200
    valid_queries: int = 60
    valid_cand_k: int = 30
    eval_queries: int = 300
    eval_cand_k: int = 100
    ckpt_every: int = 100
    log_every: int = 20
    max_examples: int = 300_000
    student_pool: int = 8000
    click_labels: str = "aggregated"  # aggregated (debiased CTR per query-doc) | impressions (one example per click)
    student_init: str = "none"       # none | mlm | teacher: students start from these layers (see student_init_ckpt)


PROFILES = {
    "tiny": Profile(
        name="tiny", hidden=32, heads=2, ffn=64, embed_dim=16, teacher_layers=2, student_layers=1, pool_heads=2,
        fine_layers=1, vocab_pieces=40,
        fine=Stage(steps=80, batch=16, lr=2e-3, warmup=10),
        mlm=Stage(steps=40, batch=32, lr=2e-3, warmup=10),
        # NOTE: at 2e-3 the attention-pooled tiny teacher sat on the small-init saddle after MLM
        # (loss 4.116 → 4.118 in 80 steps, 5th session's CI); at 5e-3 it falls to ~3.1.
        teacher=Stage(steps=80, batch=32, lr=5e-3, warmup=10),
        student=Stage(steps=80, batch=32, lr=2e-3, warmup=10),
        compare=Stage(steps=20, batch=32, lr=2e-3, warmup=5),
        fisher_batches=3, valid_every=10**9, valid_queries=12, valid_cand_k=20, eval_queries=20,
        eval_cand_k=30, ckpt_every=20, log_every=20, student_pool=2000),
    # Sized for the 2-core machine by STEPS (about two hours idle), so a retrain gives the same models
    # however busy the CPU is; each stage's wall-clock cap is a safety net at ~2x its expected time
    # (the LR / distillation schedules follow whichever is nearer; models/REPORT.md says if one hit).
    # Hidden 64 (FFN 256, 4 heads): hidden 128 ran ~2.3x slower per example (2nd session). Towers pool
    # with 4 attention heads (a 256-d embedding): valid nDCG@10 .59 vs .50 mean-pooled after ~820 click
    # steps of a 4-layer tower; 8 heads or an n-gram convolution did not beat it at equal steps (4th
    # session's scratch trials). Students start from every 3rd layer of the trained teacher
    # (DistilBERT/TinyBERT's uniform mapping), all five from the same weights.
    "full": Profile(
        name="full", hidden=64, heads=4, ffn=256, embed_dim=0, teacher_layers=12, student_layers=4,
        fine_layers=4, vocab_pieces=400,
        fine=Stage(steps=6000, batch=32, lr=1e-3, max_minutes=50),
        mlm=Stage(steps=500, batch=64, lr=1e-3, max_minutes=15),
        teacher=Stage(steps=4000, batch=64, lr=1e-3, max_minutes=100, warmup=50),
        student=Stage(steps=2500, batch=64, lr=2e-3, max_minutes=30),
        compare=Stage(steps=150, batch=64, lr=1e-3, max_minutes=5, warmup=20),
        fisher_batches=6, valid_every=10**9, valid_queries=360, valid_cand_k=50, eval_queries=360,
        eval_cand_k=50, ckpt_every=50, log_every=10, student_pool=100000, student_init="teacher"),
}

STUDENTS = {
    "student_a": dict(teacher_kd=0.0, fine_kd=False, matrix_kd=0.0, desc="clicks only"),
    "student_b": dict(teacher_kd=1.0, fine_kd=False, matrix_kd=0.0, desc="+ teacher-score KD"),
    "student_c": dict(teacher_kd=1.0, fine_kd=True, matrix_kd=0.0, desc="+ fine-ranker distillation (late schedule)"),
    "student_d": dict(teacher_kd=1.0, fine_kd=True, matrix_kd=1.0, desc="+ in-batch score-matrix KD (on top of c)"),
    # a branch off (a), added after the first full run showed teacher KD hurting: fine-ranker
    # distillation alone, so its effect is not confounded with the (weak) teacher's
    "student_e": dict(teacher_kd=0.0, fine_kd=True, matrix_kd=0.0, desc="clicks + fine-ranker distillation only"),
}


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
            timings[name] = timings.get(name, 0) + (time.time() - t0)
            save_json(os.path.join(run, "timings.json"), timings)
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
    # -- 3. teacher tower: MLM pre-training, then clicks with in-batch negatives + Child-Tuning
    if todo("teacher_mlm"):
        timed("teacher_mlm", lambda: train_mlm(S, cfg(prof.teacher_layers)))
    # Child-Tuning comparison: short runs from the MLM checkpoint; the teacher continues the best
    mlm_ckpt = os.path.join(run, "teacher_mlm", "model.pt")
    if not args.skip_compare:
        for mode in ("none", "F", "D"):
            if todo(f"ct_{mode}") or todo("ct_compare"):
                timed(f"ct_{mode}", lambda: train_tower(S, f"ct_{mode}", cfg(prof.teacher_layers), prof.compare,
                                                        init=mlm_ckpt, child=mode, mid_valid=False))
    if todo("teacher"):
        mode, init = pick_child_tuning(S, mlm_ckpt)
        timed("teacher", lambda: train_tower(S, "teacher", cfg(prof.teacher_layers), prof.teacher,
                                             init=init, child=mode))
    # -- 4. distillation targets: teacher embeddings of every doc / query, fine logits per example
    if todo("targets"):
        timed("targets", lambda: make_targets(S, cfg))
    # -- 5. students on the same data budget
    for sid, spec in STUDENTS.items():
        if todo(sid):
            init = student_init_ckpt(S, prof.student_layers)
            timed(sid, lambda: train_tower(S, sid, cfg(prof.student_layers), prof.student, init=init, kd=spec))
    # -- 6.-8. evaluate, export, report (rank 0)
    if ctx.rank == 0:
        if todo("eval"):
            timed("eval", lambda: run_eval(S, cfg))
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


# ============================================================== plumbing

@dataclass
class Ctx:
    rank: int = 0
    world: int = 1
    device: str = "cpu"


@dataclass
class Setup:
    prof: Profile
    world: D.World
    tok: Tokenizer
    train_ex: list
    run: str
    ctx: Ctx
    log: object
    stop_after: int = 0
    progress: float = 0.0


def setup_distributed(threads: int) -> Ctx:
    ws = int(os.environ.get("WORLD_SIZE", "1"))
    if ws > 1:
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend)
        rank = dist.get_rank()
        torch.set_num_threads(max(1, threads // ws))
        dev = f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if backend == "nccl" else "cpu"
        if backend == "nccl":
            torch.cuda.set_device(dev)
        return Ctx(rank, ws, dev)
    torch.set_num_threads(threads)
    return Ctx(0, 1, "cuda" if torch.cuda.is_available() else "cpu")


def barrier(ctx: Ctx):
    if ctx.world > 1:
        dist.barrier()


class Logger:
    def __init__(self, path, rank):
        self.f = open(path, "a", encoding="utf-8") if path else None
        self.rank = rank

    def __call__(self, msg):
        if self.rank != 0:
            return
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        if self.f:
            self.f.write(line + "\n"); self.f.flush()


def load_json(path, default):
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return default


def save_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1)
    os.replace(tmp, path)


def atomic_save(obj, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)


def batch_indices(n: int, batch: int, step: int, seed: int, rank: int = 0, world: int = 1) -> list[int]:
    """Deterministic batch `step` of an epoch-wise shuffled stream (so resuming needs no state).
    Under DDP each rank takes its slice of the global batch."""
    start = step * batch
    out = []
    while len(out) < batch:
        epoch, off = divmod(start + len(out), n)
        perm = np.random.RandomState(seed * 1000 + epoch).permutation(n)
        out.extend(perm[off: off + batch - len(out)].tolist())
    return out[rank::world]


def to_tensors(rows, device):
    ids, mask = pad_batch(rows)
    return torch.tensor(ids, dtype=torch.long, device=device), torch.tensor(mask, dtype=torch.long, device=device)


def lr_at(step, st: Stage, progress: float | None = None):
    """Linear warmup, then cosine to 5% over the stage's progress (steps or time cap, whichever is nearer)."""
    if step < st.warmup:
        return st.lr * (step + 1) / st.warmup
    p = progress if progress is not None else (step - st.warmup) / max(1, st.steps - st.warmup)
    return st.lr * max(0.05, 0.5 * (1 + math.cos(math.pi * min(1.0, p))))


def wrap(model, ctx: Ctx):
    model.to(ctx.device)
    if ctx.world > 1:
        return nn.parallel.DistributedDataParallel(model)
    return model


def unwrap(model):
    return model.module if isinstance(model, nn.parallel.DistributedDataParallel) else model


def run_loop(S: Setup, name: str, model: nn.Module, st: Stage, step_fn, valid_fn=None, grad_hook=None,
             save_model=None, mid_valid: bool = True):
    """Shared training loop: AdamW, warmup+cosine LR, checkpoints, resume, progress, model selection.

    step_fn(step) → (loss tensor, samples in the global batch). valid_fn() → metric (higher is better).
    The stage's output is <run>/<name>/model.pt holding the best (by valid_fn) state dict.
    """
    out_dir = os.path.join(S.run, name)
    final = os.path.join(out_dir, "model.pt")
    if os.path.exists(final):
        S.log(f"[{name}] done already ({final}), skipping")
        return None
    ckpt_path = os.path.join(out_dir, "ckpt.pt")
    net = wrap(model, S.ctx)
    opt = torch.optim.AdamW([p for p in net.parameters() if p.requires_grad], lr=st.lr, weight_decay=0.01)
    state = {"step": 0, "best": -1e9, "best_state": None, "history": [], "elapsed": 0.0, "losses": []}
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=S.ctx.device)
        unwrap(net).load_state_dict(ck["model"]); opt.load_state_dict(ck["opt"])
        state = ck["state"]
        S.log(f"[{name}] resuming at step {state['step']}")
    S.log(f"[{name}] {n_params(unwrap(net)) / 1e6:.2f}M params, {st.steps} steps × batch {st.batch}")
    t0, s0 = time.time(), state["step"]
    samples = 0
    capped = False
    step = state["step"]

    def validate():
        if valid_fn is None or S.ctx.rank != 0 or (state["history"] and state["history"][-1][0] == step):
            return
        unwrap(net).eval()
        v = valid_fn(unwrap(net))
        unwrap(net).train()
        state["history"].append((step, v))
        if v > state["best"]:
            state["best"] = v
            state["best_state"] = {k: t.detach().cpu().clone() for k, t in unwrap(net).state_dict().items()}
        S.log(f"[{name}] step {step} valid={v:.4f} best={state['best']:.4f}")

    def checkpoint():
        if S.ctx.rank == 0:
            state["elapsed"] += time.time() - t_mark[0]; t_mark[0] = time.time()
            atomic_save({"model": unwrap(net).state_dict(), "opt": opt.state_dict(), "state": state}, ckpt_path)

    t_mark = [time.time()]
    net.train()
    def progress():
        """Share of the stage done: by steps, or by the time cap when that comes first (same on all ranks)."""
        p = max(step / st.steps, (state["elapsed"] + time.time() - t_mark[0]) / 60 / st.max_minutes)
        if S.ctx.world > 1:
            t = torch.tensor([p])
            dist.all_reduce(t, op=dist.ReduceOp.MAX)
            p = float(t.item())
        return min(1.0, p)

    next_valid = [0.5 if mid_valid else 2.0]   # also validate half-way through (by progress), whatever valid_every says
    while step < st.steps:
        S.progress = progress()
        for g in opt.param_groups:
            g["lr"] = lr_at(step, st, S.progress if st.max_minutes < 1e8 else None)
        loss, n = step_fn(net, step)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        if grad_hook is not None:
            grad_hook(unwrap(net), step)
        opt.step()
        step += 1
        state["step"] = step
        state["losses"].append(float(loss.item()))
        samples += n
        if S.stop_after and step - s0 >= S.stop_after and step < st.steps:
            checkpoint()
            S.log(f"[{name}] --stop-after: stopping at step {step} (checkpoint saved)")
            raise SystemExit(3)
        if step % S.prof.log_every == 0 or step == st.steps:
            dt = time.time() - t0
            rate = samples / max(dt, 1e-9)
            eta = (st.steps - step) * (dt / max(1, step - s0))
            S.log(f"[{name}] step {step}/{st.steps} loss {loss.item():.4f} lr {opt.param_groups[0]['lr']:.2e} "
                  f"{rate:.1f} samples/s ETA {int(eta // 60)}:{int(eta % 60):02d}")
        if valid_fn is not None and (step % S.prof.valid_every == 0 or S.progress >= next_valid[0]):
            next_valid[0] = 2.0 if next_valid[0] >= 0.5 else 0.5
            validate()
        if step % S.prof.ckpt_every == 0:
            checkpoint()
        over = progress() >= 1.0
        if over and step < st.steps:
            S.log(f"[{name}] time cap {st.max_minutes} min reached at step {step}/{st.steps}")
            capped = True
            break
    validate()
    if S.ctx.rank == 0:
        best_state = state["best_state"] or unwrap(net).state_dict()
        ls = state["losses"]
        k = max(1, len(ls) // 10)
        meta = {"steps_done": step, "steps_planned": st.steps, "batch": st.batch, "capped": capped,
                "loss_first": float(np.mean(ls[:k])) if ls else None, "loss_last": float(np.mean(ls[-k:])) if ls else None,
                "best_valid": state["best"], "history": state["history"],
                "train_seconds": state["elapsed"] + time.time() - t_mark[0],
                "samples_per_s": samples / max(1e-9, time.time() - t0), "params": n_params(unwrap(net))}
        save = save_model or (lambda sd: {"state_dict": sd})
        obj = save(best_state)
        obj.update({"config": unwrap(net).config.to_dict() if hasattr(unwrap(net), "config") else None, "meta": meta})
        atomic_save(obj, final)
        save_json(os.path.join(out_dir, "meta.json"), meta)
        if os.path.exists(ckpt_path):
            os.remove(ckpt_path)
    barrier(S.ctx)
    return True


# ============================================================== validation (valid split, model selection)

_valid_cache = {}


def valid_sets(S: Setup):
    if "sets" not in _valid_cache:
        from .bm25 import BM25
        from .evaluate import candidate_sets, eval_qids
        bm = BM25(S.world.doc_texts)
        qids = eval_qids(S.world, "valid", S.prof.valid_queries)
        _valid_cache["sets"] = (qids, candidate_sets(S.world, qids, bm, S.prof.valid_cand_k))
    return _valid_cache["sets"]


def valid_ndcg(S: Setup, scorer) -> float:
    """Mean nDCG@10 over valid queries' candidate sets; scorer(qid, doc_indices) → scores."""
    from . import metrics as M
    qids, cands = valid_sets(S)
    vals = []
    for q in qids:
        s = scorer(q, cands[q])
        run = list(zip([S.world.doc_ids[i] for i in cands[q]], [float(x) for x in s]))
        vals.append(M.ndcg_at_k(S.world.qrels.get(q, {}), run, 10))
    return M.mean_defined(vals)[0] or 0.0


def tower_valid(S: Setup):
    def fn(model):
        qids, cands = valid_sets(S)
        docs = sorted({i for q in qids for i in cands[q]})
        pos = {d: k for k, d in enumerate(docs)}
        with torch.no_grad():
            De = encode_texts(model, S.tok, [S.world.doc_texts[i] for i in docs], S.prof.lens["doc"])
            Qe = encode_texts(model, S.tok, [S.world.queries[q]["text"] for q in qids], S.prof.lens["query"])
        qpos = {q: k for k, q in enumerate(qids)}
        return valid_ndcg(S, lambda q, c: (De[[pos[i] for i in c]] @ Qe[qpos[q]]).numpy())
    return fn


def fine_valid(S: Setup):
    from .evaluate import cross_logits
    def fn(model):
        qids, cands = valid_sets(S)
        pairs = [(S.world.queries[q]["text"], S.world.doc_texts[i]) for q in qids for i in cands[q]]
        flat = cross_logits(model, S.tok, pairs, S.prof.lens["pair"], S.prof.lens["query"])
        offs, o = {}, 0
        for q in qids:
            offs[q] = o; o += len(cands[q])
        return valid_ndcg(S, lambda q, c: flat[offs[q]: offs[q] + len(c)])
    return fn


# ============================================================== stage: fine ranker

def train_fine(S: Setup, c: BertConfig, init: str | None = None, st: Stage | None = None):
    """Listwise softmax over groups [clicked, shown-below-the-last-click (or random), random doc]; a quarter of
    the groups come from the clean human labels of train-split queries ([better, worse, worse])."""
    model = CrossEncoder(c)
    if init:  # continue an earlier fine-ranker run (fresh warmup + cosine)
        model.load_state_dict(torch.load(init)["state_dict"])
        S.log(f"[fine] initialised from {init}")
    st, lens, w, tok = st or S.prof.fine, S.prof.lens, S.world, S.tok
    human = D.human_groups(w)
    qcache, dcache = {}, {}
    n_docs = len(w.doc_ids)

    def groups_for(step):
        idx = batch_indices(len(S.train_ex), st.batch, step, 11, S.ctx.rank, S.ctx.world)
        rng = random.Random(step * 7919 + S.ctx.rank)
        out = []
        for k, i in enumerate(idx):
            if human and k % 4 == 3:
                qid, better, worse = human[rng.randrange(len(human))]
                out.append((qid, [better, rng.choice(worse), rng.randrange(n_docs)]))
            else:
                e = S.train_ex[i]
                out.append((e.qid, [e.pos, e.neg, rng.randrange(n_docs)]))
        return out

    def step_fn(net, step):
        groups = groups_for(step)
        rows, types = [], []
        for qid, docs in groups:
            for di in docs:
                ids, ty = tok.pair(w.queries[qid]["text"], w.doc_texts[di], lens["pair"], lens["query"])
                rows.append(ids); types.append(ty)
        ids, mask = to_tensors(rows, S.ctx.device)
        ty, _ = to_tensors(types, S.ctx.device)
        logits = net(ids, mask, ty).view(len(groups), 3)                 # [B, 3]
        loss = F.cross_entropy(logits, torch.zeros(len(groups), dtype=torch.long, device=logits.device))
        return loss, len(groups) * S.ctx.world

    return run_loop(S, "fine", model, st, step_fn, fine_valid(S))


# ============================================================== stage: teacher MLM

def train_mlm(S: Setup, c: BertConfig):
    """Masked-LM on catalog doc texts + query texts (all splits' query *texts*, no labels)."""
    tower = TwoTower(c)
    head = MLMHead(tower.bert)
    st, tok = S.prof.mlm, S.tok
    texts = S.world.doc_texts + [q["text"] for q in S.world.queries.values()]
    ratio = S.prof.mask_ratio
    vocab = len(tok.vocab)

    class MLM(nn.Module):
        def __init__(self):
            super().__init__()
            self.bert, self.head = tower.bert, head                    # (no tower.dense: DDP wants every param used)
            self.config = c

        def forward(self, ids, mask, labels):
            tokens, _ = self.bert(ids, mask)                           # [B, T, H]
            sel = labels >= 0
            logits = self.head(tokens[sel])                            # [N, vocab]
            return F.cross_entropy(logits, labels[sel])

    def step_fn(net, step):
        idx = batch_indices(len(texts), st.batch, step, 21, S.ctx.rank, S.ctx.world)
        g = torch.Generator().manual_seed(step * 31 + S.ctx.rank)
        rows = [tok.single(texts[i], S.prof.lens["doc"]) for i in idx]
        ids, mask = to_tensors(rows, "cpu")
        special = (ids == PAD) | (ids == CLS) | (ids == SEP)
        pick = (torch.rand(ids.shape, generator=g) < ratio) & ~special
        for r in range(ids.shape[0]):                                  # at least one masked token per row
            if not pick[r].any() and (~special[r]).any():
                cand = (~special[r]).nonzero().flatten()
                pick[r, cand[torch.randint(len(cand), (1,), generator=g)]] = True
        labels = torch.where(pick, ids, torch.full_like(ids, -100))
        u = torch.rand(ids.shape, generator=g)
        ids = torch.where(pick & (u < 0.8), torch.full_like(ids, MASK), ids)
        rnd = torch.randint(5, vocab, ids.shape, generator=g)
        ids = torch.where(pick & (u >= 0.8) & (u < 0.9), rnd, ids)
        d = S.ctx.device
        return net(ids.to(d), mask.to(d), labels.to(d)), len(idx) * S.ctx.world

    def valid(model):  # higher is better: −loss on a fixed batch of held-out-ish texts
        with torch.no_grad():
            return -float(np.mean([step_fn(model, 10_000 + k)[0].item() for k in range(3)]))

    return run_loop(S, "teacher_mlm", MLM(), st, step_fn, valid,
                    save_model=lambda sd: {"state_dict": {k: v for k, v in sd.items() if k.startswith("bert.")}})


# ============================================================== stage: towers on clicks (+ KD)

class TowerPair(nn.Module):
    """One forward for query and doc batches (DDP wants one forward per backward)."""

    def __init__(self, tower: TwoTower):
        super().__init__()
        self.tower = tower
        self.config = tower.config

    def forward(self, q_ids, q_mask, d_ids, d_mask):
        return self.tower(q_ids, q_mask), self.tower(d_ids, d_mask)   # [B, H], [2B, H]


def pick_child_tuning(S: Setup, mlm_ckpt: str) -> tuple[str, str]:
    """The teacher's Child-Tuning mode and init: the profile's mode, or with 'auto' the ct_* run with
    the best valid nDCG@10, continued from its weights (so the comparison budget is not wasted).
    NOTE: a Child-Tuning mode must beat plain training by `ct_margin` to be chosen. The comparison
    runs are short, and a mask that freezes 70% of the weights for the whole teacher stage is a
    costly bet on a tie (4th session: D .2889 vs none .2886 after 150 steps)."""
    mode = S.prof.child_tuning
    metas = {m: load_json(os.path.join(S.run, f"ct_{m}", "meta.json"), None) for m in ("none", "F", "D")}
    if mode == "auto":
        done = {m: v["best_valid"] for m, v in metas.items() if v}
        mode = max(done, key=done.get) if done else "F"
        if "none" in done and mode != "none" and done[mode] < done["none"] + S.prof.ct_margin:
            mode = "none"
    init = os.path.join(S.run, f"ct_{mode}", "model.pt")
    if not os.path.exists(init):
        init = mlm_ckpt
    if S.ctx.rank == 0:
        os.makedirs(os.path.join(S.run, "teacher"), exist_ok=True)
        save_json(os.path.join(S.run, "teacher", "choice.json"), {"child_tuning": mode, "init": init,
                  "valid": {m: (v or {}).get("best_valid") for m, v in metas.items()}})
    S.log(f"[teacher] Child-Tuning mode {mode}, init {init}")
    return mode, init


def pair_kl(student, teacher):
    """KL(softmax(teacher) || softmax(student)) per row over (pos, neg): shift-invariant score KD.

    NOTE: the first full run matched σ(student) to σ(teacher) pointwise (BCE). Both teachers are
    trained with softmax losses, whose logits have an arbitrary per-query offset, so absolute σ
    targets were noise: every KD student fell below the clicks-only one (test nDCG@10 0.24-0.29 vs
    0.39). Distilling the within-row preference (a 2-way listwise KL, RocketQA-v2 style) fixes that.
    """
    return F.kl_div(F.log_softmax(student, -1), F.log_softmax(teacher, -1), log_target=True, reduction="batchmean")


def student_pool(S: Setup) -> int:
    """Students all draw from the same first `student_pool` examples (the fine-ranker logits are
    precomputed for exactly these), so every variant sees the same data."""
    return min(len(S.train_ex), S.prof.student_pool)


def student_init_ckpt(S: Setup, layers: int) -> str | None:
    """Every student starts from the same weights: the embeddings plus `layers` evenly spaced layers
    (the top one included) of the MLM-pretrained 12-layer tower ("mlm") or of the trained teacher
    ("teacher") — the uniform layer mapping of TinyBERT / DistilBERT. Written once to the run dir."""
    src = {"mlm": "teacher_mlm", "teacher": "teacher"}.get(S.prof.student_init)
    if src is None:
        return None
    out = os.path.join(S.run, f"student_init_{src}_{layers}.pt")
    if S.ctx.rank == 0 and not os.path.exists(out):
        sd = torch.load(os.path.join(S.run, src, "model.pt"))["state_dict"]
        n = 1 + max(int(k.split(".")[2]) for k in sd if k.startswith("bert.layers."))
        pick = [round((i + 1) * n / layers) - 1 for i in range(layers)]   # 12 → 4: [2, 5, 8, 11]
        new = {}
        for k, v in sd.items():
            if k.startswith("bert.layers."):
                i = int(k.split(".")[2])
                if i in pick:
                    new[k.replace(f"bert.layers.{i}.", f"bert.layers.{pick.index(i)}.", 1)] = v
            else:
                new[k] = v
        atomic_save({"state_dict": new, "from": src, "layers": pick}, out)
        S.log(f"[students] init from {src} layers {pick}")
    barrier(S.ctx)
    return out


def fisher_mask(S: Setup, tower: TwoTower, loss_fn, p: float) -> dict:
    """Child-Tuning-D: keep the top-p share of encoder params by accumulated grad² on the click task."""
    pair = TowerPair(tower)
    fisher = {n: torch.zeros_like(t) for n, t in pair.named_parameters()}
    for b in range(S.prof.fisher_batches):
        pair.zero_grad()
        loss_fn(pair, 50_000 + b)[0].backward()
        for n, t in pair.named_parameters():
            if t.grad is not None:
                fisher[n] += t.grad.detach() ** 2
    flat = torch.cat([f.flatten() for f in fisher.values()])
    k = max(1, int(len(flat) * p))
    thr = flat.kthvalue(len(flat) - k + 1).values
    pair.zero_grad()
    return {n: (f >= thr).float() for n, f in fisher.items()}


def train_tower(S: Setup, name: str, c: BertConfig, st: Stage, init: str | None = None,
                child: str = "none", kd: dict | None = None, mid_valid: bool = True):
    if os.path.exists(os.path.join(S.run, name, "model.pt")):
        S.log(f"[{name}] done already, skipping")
        return None
    tower = TwoTower(c)
    if init:
        missing, unexpected = tower.load_state_dict(torch.load(init)["state_dict"], strict=False)
        # an MLM checkpoint has no pooling head: the tower's dense (and attention pooling) start fresh
        assert not unexpected and all(k.startswith(("dense.", "attn_pool.")) for k in missing), (missing, unexpected)
        S.log(f"[{name}] initialised from {init}")
    w, tok, lens = S.world, S.tok, S.prof.lens
    pos_of = D.positives_by_query(S.train_ex)
    kd = kd or {}
    tg = None
    if kd:
        tg = torch.load(os.path.join(S.run, "targets", "targets.pt"))
    qrow = {q: tok.single(r["text"], lens["query"]) for q, r in w.queries.items()}
    drow_cache = {}

    def drow(i):
        if i not in drow_cache:
            drow_cache[i] = tok.single(w.doc_texts[i], lens["doc"])
        return drow_cache[i]

    pool = len(S.train_ex) if not kd and name.startswith(("teacher", "ct_")) else student_pool(S)

    def loss_fn(net, step):
        idx = batch_indices(pool, st.batch, step, 5, S.ctx.rank, S.ctx.world)
        ex = [S.train_ex[i] for i in idx]
        B = len(ex)
        dev = S.ctx.device
        q_ids, q_mask = to_tensors([qrow[e.qid] for e in ex], dev)
        d_ids, d_mask = to_tensors([drow(e.pos) for e in ex] + [drow(e.neg) for e in ex], dev)
        Q, Dm = net(q_ids, q_mask, d_ids, d_mask)
        Sm = Q @ Dm.t()                                                      # [B, 2B] logits
        cols = [e.pos for e in ex] + [e.neg for e in ex]
        false_neg = torch.tensor([[j != i and cols[j] in pos_of.get(e.qid, ()) for j in range(2 * B)]
                                  for i, e in enumerate(ex)], device=dev)
        Sm = Sm.masked_fill(false_neg, -1e4)
        target = torch.arange(B, device=dev)
        click = F.cross_entropy(Sm, target)
        if not kd:
            return click, B * S.ctx.world
        r = max(S.progress, step / max(1, st.steps))
        total = 0.0
        w_click = 1.0
        diag = torch.arange(B, device=dev)
        pair_s = torch.stack([Sm[diag, diag], Sm[diag, diag + B]], 1)       # [B, 2] (pos, neg) logits
        if kd.get("teacher_kd") or kd.get("matrix_kd"):
            tq = tg["teacher_q"][[tg["qid_index"][e.qid] for e in ex]].to(dev)
            td = tg["teacher_d"][torch.tensor(cols)].to(dev)
            T = (tq @ td.t()).masked_fill(false_neg, -1e4)                  # [B, 2B]
            if kd.get("teacher_kd"):
                pair_t = torch.stack([T[diag, diag], T[diag, diag + B]], 1)          # [B, 2] (pos, neg)
                keep_t = ~false_neg[diag, diag + B]
                if keep_t.any():
                    total = total + kd["teacher_kd"] * pair_kl(pair_s[keep_t], pair_t[keep_t])
            if kd.get("matrix_kd"):
                total = total + kd["matrix_kd"] * F.kl_div(F.log_softmax(Sm, -1), F.log_softmax(T, -1),
                                                           log_target=True, reduction="batchmean")
        if kd.get("fine_kd"):
            # the reference's schedule: distillation weight raised late, click loss dropped at the end
            w_fine = 0.5 if r < 0.5 else (0.5 + 1.5 * min(1.0, (r - 0.5) / 0.3))
            w_click = 1.0 if r < 0.8 else 0.0
            fl = tg["fine_logits"][torch.tensor(idx)].to(dev)                # [B, 2] (pos, neg)
            # NOTE: rows whose negative is a click of the same query elsewhere are masked (-1e4) in the
            # student matrix; the fine ranker's logits are not, so distil only the unmasked rows.
            keep = ~false_neg[diag, diag + B]
            if keep.any():
                total = total + w_fine * pair_kl(pair_s[keep], fl[keep])
        return w_click * click + total, B * S.ctx.world

    hook = None
    if child == "F":
        p = S.prof.child_p

        def hook(model, step):
            g = torch.Generator().manual_seed(1234 + step)
            for prm in model.parameters():
                if prm.grad is not None:
                    prm.grad.mul_((torch.rand(prm.grad.shape, generator=g) < p).to(prm.grad.dtype) / p)
    elif child == "D":
        mask = fisher_mask(S, tower, loss_fn, S.prof.child_p)
        names = [n for n, _ in TowerPair(tower).named_parameters()]

        def hook(model, step):
            for n, prm in zip(names, model.parameters()):
                if prm.grad is not None:
                    prm.grad.mul_(mask[n])
        S.log(f"[{name}] Child-Tuning-D: updating {S.prof.child_p:.0%} of params by Fisher information")

    return run_loop(S, name, TowerPair(tower), st, loss_fn, lambda m: tower_valid(S)(m.tower), grad_hook=hook,
                    mid_valid=mid_valid,
                    save_model=lambda sd: {"state_dict": {k[len("tower."):]: v for k, v in sd.items()}})


# ============================================================== stage: distillation targets

def load_tower(path: str) -> TwoTower:
    obj = torch.load(path)
    m = TwoTower(BertConfig(**obj["config"]))
    m.load_state_dict(obj["state_dict"])
    return m.eval()


def load_fine(path: str) -> CrossEncoder:
    obj = torch.load(path)
    m = CrossEncoder(BertConfig(**obj["config"]))
    m.load_state_dict(obj["state_dict"])
    return m.eval()


def make_targets(S: Setup, cfg):
    path = os.path.join(S.run, "targets", "targets.pt")
    if os.path.exists(path) or S.ctx.rank != 0:
        barrier(S.ctx)
        return None
    from .evaluate import cross_logits
    t0 = time.time()
    teacher = load_tower(os.path.join(S.run, "teacher", "model.pt"))
    fine = load_fine(os.path.join(S.run, "fine", "model.pt"))
    lens = S.prof.lens
    qids = sorted(S.world.queries)
    tq = encode_texts(teacher, S.tok, [S.world.queries[q]["text"] for q in qids], lens["query"])
    S.log(f"[targets] teacher query embeddings {tuple(tq.shape)} ({time.time() - t0:.0f}s)")
    td = encode_texts(teacher, S.tok, S.world.doc_texts, lens["doc"])
    S.log(f"[targets] teacher doc embeddings {tuple(td.shape)} ({time.time() - t0:.0f}s)")
    n_needed = student_pool(S)
    used = list(range(n_needed))
    fl = torch.zeros(len(S.train_ex), 2)
    pairs = []
    for i in used:
        e = S.train_ex[i]
        pairs += [(S.world.queries[e.qid]["text"], S.world.doc_texts[e.pos]),
                  (S.world.queries[e.qid]["text"], S.world.doc_texts[e.neg])]
    logits = cross_logits(fine, S.tok, pairs, lens["pair"], lens["query"])
    fl[torch.tensor(used)] = torch.tensor(logits, dtype=torch.float32).view(-1, 2)
    S.log(f"[targets] fine logits for {len(used)} examples (~{n_needed} planned) ({time.time() - t0:.0f}s)")
    atomic_save({"teacher_q": tq, "teacher_d": td, "qid_index": {q: i for i, q in enumerate(qids)},
                 "fine_logits": fl}, path)
    barrier(S.ctx)
    return True


# ============================================================== stage: evaluation

def run_eval(S: Setup, cfg):
    path = os.path.join(S.run, "eval.json")
    if os.path.exists(path):
        S.log("[eval] done already, skipping")
        return None
    towers = {"teacher": load_tower(os.path.join(S.run, "teacher", "model.pt"))}
    for sid in STUDENTS:
        towers[sid] = load_tower(os.path.join(S.run, sid, "model.pt"))
    fine = load_fine(os.path.join(S.run, "fine", "model.pt"))
    cache = {}
    tpath = os.path.join(S.run, "targets", "targets.pt")
    if os.path.exists(tpath):
        cache["teacher"] = torch.load(tpath)["teacher_d"]
    S.log("[eval] test split")
    res = evaluate_models(S.world, S.tok, towers, fine, "test", S.prof.lens, S.prof.eval_queries,
                          S.prof.eval_cand_k, doc_emb_cache=cache, log=S.log)
    save_json(path, res)
    return True


if __name__ == "__main__":
    main(sys.argv[1:])
