"""The recipe's plumbing: ranks, logging, files, batches, and the shared resumable training loop."""
from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn

from . import data as D
from .model import n_params
from .profiles import Profile, Stage
from .tokenizer import Tokenizer, pad_batch


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
    tmp = f"{path}.{os.getpid()}.tmp"   # unique: parallel stage processes may save the same file
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1)
    os.replace(tmp, path)


def atomic_save(obj, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


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
