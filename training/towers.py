"""Tower stages: the teacher (and its Child-Tuning runs) and the students, on clicks plus distillation."""
from __future__ import annotations

import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import data as D
from .artifacts import load_lists
from .kd_lists import list_kl, sample_lists
from .loop import Setup, atomic_save, barrier, batch_indices, load_json, run_loop, save_json, to_tensors
from .model import BertConfig, TwoTower
from .profiles import Stage
from .validation import tower_valid


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
                child: str = "none", kd: dict | None = None, mid_valid: bool = True, list_kd: float = 0.0):
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
    lists = load_lists(S) if list_kd else None
    qsorted = sorted(w.queries)

    def loss_fn(net, step):
        idx = batch_indices(pool, st.batch, step, 5, S.ctx.rank, S.ctx.world)
        ex = [S.train_ex[i] for i in idx]
        B = len(ex)
        dev = S.ctx.device
        qrows = [qrow[e.qid] for e in ex]
        drows = [drow(e.pos) for e in ex] + [drow(e.neg) for e in ex]
        if lists is not None:   # the KD lists ride in the same forward (DDP: one forward per backward)
            lq, ld, lt = sample_lists(lists, S.prof.list_batch, S.prof.list_len, np.random.RandomState(97 + step))
            qrows += [qrow[qsorted[i]] for i in lq.tolist()]
            drows += [drow(i) for i in ld.flatten().tolist()]
        q_ids, q_mask = to_tensors(qrows, dev)
        d_ids, d_mask = to_tensors(drows, dev)
        Q, Dm = net(q_ids, q_mask, d_ids, d_mask)
        list_loss = 0.0
        if lists is not None:
            n, L = ld.shape
            ls = (Q[B:].unsqueeze(1) * Dm[2 * B:].view(n, L, -1)).sum(-1)          # [n, L] list logits
            list_loss = list_kl(ls, lt.to(dev))
            Q, Dm = Q[:B], Dm[:2 * B]
        Sm = Q @ Dm.t()                                                      # [B, 2B] logits
        cols = [e.pos for e in ex] + [e.neg for e in ex]
        false_neg = torch.tensor([[j != i and cols[j] in pos_of.get(e.qid, ()) for j in range(2 * B)]
                                  for i, e in enumerate(ex)], device=dev)
        Sm = Sm.masked_fill(false_neg, -1e4)
        target = torch.arange(B, device=dev)
        click = F.cross_entropy(Sm, target)
        if not kd:
            return click + list_kd * list_loss, B * S.ctx.world
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
            total = total + list_kd * w_fine * list_loss
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
