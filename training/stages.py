"""The other stages: fine ranker, teacher MLM, distillation targets, evaluation, calibration."""
from __future__ import annotations

import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import data as D
from .artifacts import load_fine, load_tower
from .evaluate import encode_texts, evaluate_models
from .loop import Setup, atomic_save, barrier, batch_indices, run_loop, save_json, to_tensors
from .model import BertConfig, CrossEncoder, MLMHead, TwoTower
from .profiles import STUDENTS, Stage
from .tokenizer import CLS, MASK, PAD, SEP
from .towers import student_pool
from .validation import fine_valid


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
    extra = []
    if S.prof.mlm_extra_share > 0:
        from .corpus import mlm_extra_texts
        extra = mlm_extra_texts(S.log)
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
        if extra:   # the first share of the batch from real text (seeded by step, so a resume redraws the same)
            k = int(round(len(rows) * S.prof.mlm_extra_share))
            pick_x = np.random.RandomState(step * 7 + 3).randint(0, len(extra), k)
            rows[:k] = [tok.single(extra[i], S.prof.lens["doc"]) for i in pick_x]
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




# ============================================================== stage: distillation targets

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


# ============================================================== stage: calibration

def run_calibrate(S: Setup):
    """Platt scale/bias per model on the valid split, folded into its checkpoint (training/calibrate.py).
    After eval (ranking metrics do not change) and after targets (the students' KD temperature is the
    uncalibrated teacher's). A folded checkpoint carries its record, so a rerun never folds twice."""
    from . import calibrate as C
    from .bm25 import BM25
    path = os.path.join(S.run, "calibration.json")
    if os.path.exists(path):
        S.log("[calibrate] done already, skipping")
        return None
    bm = BM25(S.world.doc_texts)
    p = S.prof
    vp = C.split_pairs(S.world, "valid", p.valid_queries, p.valid_cand_k, bm)
    tp = C.split_pairs(S.world, "test", p.eval_queries, p.eval_cand_k, bm)
    out = {}
    for mid in ["teacher", *STUDENTS, "fine"]:
        ck = os.path.join(S.run, mid, "model.pt")
        obj = torch.load(ck)
        kind = "cross" if mid == "fine" else "tower"
        if "calibration" not in obj:
            model = load_fine(ck) if kind == "cross" else load_tower(ck)
            rec = C.calibrate_model(model, kind, S.world, S.tok, p.lens, vp, tp)
            obj["state_dict"] = C.fold(obj["state_dict"], kind, rec["scale"], rec["bias"])
            obj["calibration"] = rec
            atomic_save(obj, ck)
        out[mid] = obj["calibration"]
        S.log(f"[calibrate] {mid}: a={out[mid]['scale']:.4f} b={out[mid]['bias']:.4f} "
              f"test ECE {out[mid]['ece_raw']:.4f} → {out[mid]['ece']:.4f}")
    save_json(path, out)
    return True
