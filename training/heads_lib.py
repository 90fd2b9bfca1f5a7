"""What the interaction-heads pipeline is made of: profiles and variants, tower features, the heads' losses
and training loop, and the evaluation set. training/heads_pipeline.py (the entry) and training/heads_run.py
(the run) both import it, so neither imports the other back."""
from __future__ import annotations

import copy
import dataclasses
import math
import os
import time
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from . import data as D
from .evaluate import aggregate, candidate_sets, cross_logits, eval_qids, query_metrics
from .heads import EsimHead, FusionHead, MultiHeadHead
from .model import BertConfig, TwoTower, emb_dim
from .tokenizer import Tokenizer, pad_batch


# ============================================================== profiles and variants

@dataclass
class HeadsProfile:
    name: str
    examples: int | None     # click examples for head training (None: the recipe's student pool)
    steps: int
    batch: int
    lr: float
    fusion_steps: int
    randoms: int = 4         # in-batch negatives per example, besides its skipped doc
    kd: float = 1.0          # weight of the fine-ranker KD term
    kd_lists: int = 0        # >0: train on the fine ranker's scores over this many train queries' BM25 lists
    kd_cand_k: int = 30      # BM25 candidates per train query (no qrels: retrieval only)
    kd_randoms: int = 0      # + this many docs outside the BM25 list (same category as its top doc, and random)
    list_len: int = 12       # candidates sampled per list per step
    kd_temp: float = 1.0
    clicks: float = 0.0      # with kd_lists: + this weight × the click loss (train-split aggregated click pairs)
    human: float = 0.0       # weight of a listwise loss on the train split's human labels (never valid/test)
    human_len: int = 24      # judged docs sampled per human-labelled query per step
    human_batch: int = 16    # human-labelled queries per step
    valid_queries: int | None = None  # valid-split queries for checkpoint selection (None: the recipe profile's; 0: all)
    variants: tuple = ()     # ids from VARIANTS to run, in order
    export: tuple = ()       # ids to export to <out>/


# most important first (the CPU is shared: if a run is cut short, the main rows exist)
FULL_VARIANTS = ("dot", "head_multi", "head_esim", "head_fusion", "dot_int8", "head_esim_int8", "fusion_category",
                 "fusion_numeric", "fusion_cover", "head_multi_k2", "head_esim_c16", "head_esim_avg", "head_esim_max",
                 "dot_fp16", "head_esim_fp16")
PROFILES = {
    "tiny": HeadsProfile("tiny", examples=None, steps=30, batch=16, lr=3e-3, fusion_steps=30, kd_lists=40, kd_cand_k=10,
                         list_len=6,
                         variants=("dot", "head_multi", "head_esim", "fusion_category", "head_fusion", "dot_int8",
                                   "head_esim_int8"),
                         export=("head_multi", "head_esim", "head_fusion", "head_esim_int8", "cmp_tower_int8")),
    # kd_lists: every train query (600 lists let the multi-head head fit them and lose on held-out
    # queries); kd_randoms: the eval candidate sets hold judged same-category/random docs, not only
    # BM25's; valid_queries 0: the whole valid split (360) selects — 60 queries picked a multi-head
    # checkpoint 2 points worse than step 0 on the other 300 valid queries and on test
    "full": HeadsProfile("full", examples=None, steps=400, batch=32, lr=2e-3, fusion_steps=600, kd_lists=2880,
                         kd_randoms=10, valid_queries=0,
                         variants=FULL_VARIANTS,
                         export=("head_multi", "head_esim", "head_fusion", "head_multi_k2", "head_esim_c16",
                                 "head_esim_avg", "head_esim_max", "head_esim_int8", "head_esim_fp16",
                                 "cmp_tower_int8", "cmp_tower_fp16")),
}


def variants(emb: int, hidden: int, fcfg) -> dict:
    """id → spec: kind (dot|head|fusion), head config, what it shows, which tower precision.
    emb: the tower embedding's width (multi-head and fusion read it); hidden: its token width (ESIM)."""
    mh = dict(type="multihead", hidden=emb, heads=4, proj=32, mlp=64)
    es = dict(type="esim", hidden=hidden, emb=emb, proj=32, comp=64, mlp=64, pooling="avgmax")
    fu = lambda ch: dict(fcfg.to_dict(), channels=list(ch))  # noqa: E731
    return {
        "dot": dict(kind="dot", desc="tower dot product sigmoid(q·d) (baseline)", group="head"),
        "head_multi": dict(kind="head", cfg=mh, desc="multi-head soft attention (4 heads × 32, Poly-encoder-style)", group="head"),
        "head_esim": dict(kind="head", cfg=es, desc="ESIM token matching (proj 32 int8, comp 64, avg+max)", group="head"),
        "fusion_category": dict(kind="head", cfg=fu(["category"]), desc="fusion: text + category", group="fusion"),
        "fusion_numeric": dict(kind="head", cfg=fu(["numeric"]), desc="fusion: text + numeric (duration, CTR, age)", group="fusion"),
        "fusion_cover": dict(kind="head", cfg=fu(["cover"]), desc="fusion: text + cover vector", group="fusion"),
        "head_fusion": dict(kind="head", cfg=fu(["category", "numeric", "cover"]), desc="fusion: all channels", group="fusion"),
        "head_multi_k2": dict(kind="head", cfg=dict(mh, heads=2), desc="multi-head, 2 heads (fewer heads)", group="compress"),
        "head_esim_c16": dict(kind="head", cfg=dict(es, comp=16, mlp=16), desc="ESIM, composition/MLP 16 (narrower FFN)", group="compress"),
        "head_esim_avg": dict(kind="head", cfg=dict(es, pooling="avg"), desc="ESIM, average pooling only", group="compress"),
        "head_esim_max": dict(kind="head", cfg=dict(es, pooling="max"), desc="ESIM, max pooling only", group="compress"),
        "dot_int8": dict(kind="dot", precision="int8", desc="int8 tower (weight-only QDQ), dot product", group="compress"),
        "head_esim_int8": dict(kind="head", from_="head_esim", precision="int8", desc="int8 tower + int8 ESIM head", group="compress"),
        "dot_fp16": dict(kind="dot", precision="fp16", desc="fp16 tower (weights rounded to fp16), dot product", group="compress"),
        "head_esim_fp16": dict(kind="head", from_="head_esim", precision="fp16", desc="fp16 tower + fp16 ESIM head", group="compress"),
    }


# ============================================================== towers

def file_sha(path: str) -> str:
    from .export import sha256   # one file hasher for the recipe (export writes the manifest's)
    return sha256(path)


def resolve_tower(path: str) -> tuple[TwoTower, str, str, str]:
    """(tower, tokenizer dir, run dir or "", tower id) from a checkpoint (<run>/<stage>/model.pt or its
    folder) or an exported tower folder (models/<id>/ with onnx/model.onnx + config.json)."""
    if os.path.isdir(path) and os.path.exists(os.path.join(path, "model.pt")):
        path = os.path.join(path, "model.pt")
    if path.endswith(".pt"):
        obj = torch.load(path)
        tower = TwoTower(BertConfig(**obj["config"]))
        tower.load_state_dict(obj["state_dict"])
        stage_dir = os.path.dirname(os.path.abspath(path))
        run = os.path.dirname(stage_dir)
        return tower.eval(), os.path.join(run, "tokenizer"), run, os.path.basename(stage_dir)
    from .heads_towers import tower_from_onnx
    return tower_from_onnx(path), path, "", os.path.basename(os.path.normpath(path))


def emulate_fp16(module) -> list:
    """Round every leaf module's output (Linear, LayerNorm, GELU, Embedding) to fp16 — the storage
    precision between kernels of an fp16 graph; returns hook handles (remove them before export).
    An approximation: products inside a kernel and the attention softmax stay fp32."""
    def hook(mod, inp, out):
        return out.half().float() if torch.is_tensor(out) else out
    return [m.register_forward_hook(hook) for m in module.modules() if not list(m.children())]


def precision_copy(module, precision: str):
    """An eval copy with its weights as `precision` stores them: int8 fake-quantised, fp16 rounded."""
    from .compress import fake_quant_
    t = copy.deepcopy(module).eval()
    if precision == "int8":
        fake_quant_(t)
    elif precision == "fp16":
        with torch.no_grad():
            for p in t.parameters():
                p.copy_(p.half().float())
    return t


def tower_copy(tower: TwoTower, precision: str) -> TwoTower:
    return precision_copy(tower, precision)


# ============================================================== features

@dataclass
class Feats:
    q: torch.Tensor          # [Nq, H] pooled query embeddings
    qtok: torch.Tensor       # [Nq, Tq, H]
    qmask: torch.Tensor      # [Nq, Tq] float
    d: torch.Tensor          # [Nd, H]
    dtok: torch.Tensor       # [Nd, Td, H]
    dmask: torch.Tensor      # [Nd, Td] float
    qindex: dict = field(default_factory=dict)
    doc: dict = field(default_factory=dict)    # fusion channels


@torch.no_grad()
def encode_all(tower: TwoTower, tok: Tokenizer, texts: list[str], max_len: int, batch: int = 256):
    rows = [tok.single(t, max_len) for t in texts]
    n, H = len(rows), tower.config.hidden
    pooled = torch.zeros(n, emb_dim(tower.config))
    tokens = torch.zeros(n, max_len, H)
    mask = torch.zeros(n, max_len)
    order = sorted(range(n), key=lambda i: len(rows[i]))
    for s in range(0, n, batch):
        idx = order[s:s + batch]
        ids, m = pad_batch([rows[i] for i in idx])
        ids, m = torch.tensor(ids), torch.tensor(m)
        emb, tk, _ = tower.encode(ids, m)
        L = ids.shape[1]
        pooled[idx] = emb
        tokens[idx, :L] = tk * m.unsqueeze(-1)
        mask[idx, :L] = m.float()
    return pooled, tokens, mask


def features(tower: TwoTower, tok: Tokenizer, world: D.World, lens: dict, cache: str | None, log,
             docs: list[int] | None = None, reuse: list[str] | None = None) -> Feats:
    """Every query, and the docs in `docs` (default all; rows of other docs stay zero) — the CPU is
    shared, so only docs some training example or candidate set uses are encoded."""
    if cache and os.path.exists(cache):
        log(f"[features] cached {cache}")
        return Feats(**torch.load(cache))
    t0 = time.time()
    qids = sorted(world.queries)
    docs = sorted(set(docs)) if docs is not None else list(range(len(world.doc_texts)))
    n, H = len(world.doc_texts), tower.config.hidden
    base = None
    for other in reuse or []:                 # an earlier run's features of the same tower: encode only the rest
        if os.path.exists(other):
            base = Feats(**torch.load(other))
            break
    if base is not None:
        q, qt, qm, d, dt, dm = base.q, base.qtok, base.qmask, base.d, base.dtok, base.dmask
        have = set((dm.sum(1) > 0).nonzero().flatten().tolist())
        todo = [i for i in docs if i not in have]
    else:
        q, qt, qm = encode_all(tower, tok, [world.queries[x]["text"] for x in qids], lens["query"])
        d, dt, dm = torch.zeros(n, emb_dim(tower.config)), torch.zeros(n, lens["doc"], H), torch.zeros(n, lens["doc"])
        todo = docs
    if todo:
        ds, dts, dms = encode_all(tower, tok, [world.doc_texts[i] for i in todo], lens["doc"])
        idx = torch.tensor(todo, dtype=torch.long)
        d[idx], dt[idx], dm[idx] = ds, dts, dms
    f = Feats(q, qt, qm, d, dt, dm, {x: i for i, x in enumerate(qids)})
    log(f"[features] {len(qids)} queries, {len(docs)} of {n} docs ({len(todo)} encoded now, {time.time() - t0:.0f}s)")
    if cache:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        torch.save(dataclasses.asdict(f), cache + ".tmp")
        os.replace(cache + ".tmp", cache)
    return f


# ============================================================== scoring

def _trim(tok, mask):
    L = max(1, int(mask.sum(1).max().item()))
    return tok[:, :L], mask[:, :L]


def score_pairs(kind: str, head, F_: Feats, qi, di, chunk: int = 4096) -> torch.Tensor:
    """Logits for pairs (query row qi[k], doc row di[k]); [N]."""
    qi, di = torch.as_tensor(qi), torch.as_tensor(di)
    out = []
    for s in range(0, len(qi), chunk):
        a, b = qi[s:s + chunk], di[s:s + chunk]
        q, d = F_.q[a], F_.d[b]
        if kind == "dot":
            out.append((q * d).sum(-1))
        elif isinstance(head, MultiHeadHead):
            out.append(head(q, d)[0])
        elif isinstance(head, EsimHead):
            qt, qm = _trim(F_.qtok[a], F_.qmask[a])
            dt, dm = _trim(F_.dtok[b], F_.dmask[b])
            out.append(head(q, qt, qm, d, dt, dm)[0])
        elif isinstance(head, FusionHead):
            out.append(head(q, d, F_.doc["category"][b], F_.doc["numeric"][b], F_.doc["cover"][b])[0])
        else:
            raise TypeError(type(head))
    return torch.cat(out) if out else torch.zeros(0)


# ============================================================== training

def training_examples(world: D.World, run: str, prof_name: str, n: int | None, log):
    """Click examples of the train split in the recipe's order, with the fine ranker's logits for
    the (clicked, skipped) pair where the tower's run computed them (targets stage). n=None: the
    recipe's student pool — the very examples the students were trained on, so a head's gain is
    the interaction's, not more data's."""
    from .train import PROFILES as TP
    tp = TP[prof_name]
    ex = D.training_pairs(world, "train", 0, tp.click_labels)[0][: tp.max_examples]
    if n is None:
        n = min(len(ex), getattr(tp, "student_pool", len(ex)))
    fl = None
    tpath = os.path.join(run, "targets", "targets.pt") if run else ""
    if tpath and os.path.exists(tpath):
        t = torch.load(tpath)["fine_logits"]
        if len(t) == len(ex):
            have = (t.abs().sum(1) > 0).nonzero().flatten().tolist()
            rest = [i for i in range(len(ex)) if t[i].abs().sum() == 0]
            order = (have + rest)[:n]
            ex, fl = [ex[i] for i in order], t[order]
            log(f"[train] {len(ex)} click examples, {min(len(have), n)} with fine-ranker logits (KD)")
            return ex, fl, min(len(have), n)
    log(f"[train] {min(n, len(ex))} click examples, no fine-ranker logits (no KD)")
    return ex[:n], None, 0


def lr_at(step: int, steps: int, lr: float, warmup: int = 20) -> float:
    if step < warmup:
        return lr * (step + 1) / warmup
    return lr * max(0.05, 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup))))


def click_loss(head, F_: Feats, ex, fl, n_kd: int, rng, P: HeadsProfile):
    """Listwise softmax over [clicked, skipped, other examples' clicked docs] + KL to the fine ranker on (clicked, skipped)."""
    bi = rng.randint(0, len(ex), P.batch)
    B = len(bi)
    qi = torch.tensor([F_.qindex[ex[i].qid] for i in bi])
    pos = torch.tensor([ex[i].pos for i in bi])
    neg = torch.tensor([ex[i].neg for i in bi])
    others = [pos.roll(k) for k in range(1, P.randoms + 1)]         # other examples' clicked docs
    docs = torch.stack([pos, neg] + others, 1)                      # [B, G]
    G = docs.shape[1]
    logits = score_pairs("head", head, F_, qi.repeat_interleave(G), docs.flatten()).view(B, G)
    same = torch.tensor([[ex[bi[(j - k) % B]].qid == ex[bi[j]].qid for k in range(1, P.randoms + 1)] for j in range(B)])
    logits = torch.cat([logits[:, :2], logits[:, 2:].masked_fill(same, -1e4)], 1)
    loss = F.cross_entropy(logits, torch.zeros(B, dtype=torch.long))
    if fl is not None and P.kd > 0:
        has = torch.tensor([i < n_kd for i in bi])
        if has.any():
            t = torch.softmax(fl[bi][has], -1)                      # [b, 2] fine ranker (pos, neg)
            loss = loss + P.kd * F.kl_div(torch.log_softmax(logits[has, :2], -1), t, reduction="batchmean")
    return loss


def list_kd_loss(head, F_: Feats, lists, rng, P: HeadsProfile):
    """KL(softmax(fine ranker) || softmax(head)) over a train query's BM25 candidate list — the
    reference's fine-ranker distillation, with the click loss dropped (its late-training regime)."""
    from .kd_lists import list_kl, sample_lists
    q, docs, t = sample_lists(lists, P.batch, P.list_len, rng)            # [B], [B, L], [B, L]
    L = docs.shape[1]
    logits = score_pairs("head", head, F_, q.repeat_interleave(L), docs.flatten()).view(len(q), L)
    return list_kl(logits, t, P.kd_temp)


def human_lists(world: D.World, F_: Feats, splits=("train",)):
    """(query rows [N], judged docs [N, k] (-1 padded), grades [N, k]) for the human-labelled queries of
    `splits` — the clean labels; the judged docs (relevant, BM25 hard negatives, same-category and
    random negatives) are the kind of candidate set the evaluation ranks. Refuses valid/test."""
    if set(splits) - {"train"}:
        raise ValueError("human labels of valid/test never feed training")
    rows = []
    for qid in sorted(world.human):
        q = world.queries.get(qid)
        if not q or q["split"] not in splits:
            continue
        items = sorted((world.doc_index[d], g) for d, g in world.human[qid].items() if d in world.doc_index)
        if any(g > 0 for _, g in items) and any(g == 0 for _, g in items):
            rows.append((F_.qindex[qid], items))
    if not rows:
        return None
    k = max(len(it) for _, it in rows)
    docs = torch.full((len(rows), k), -1, dtype=torch.long)
    grades = torch.zeros(len(rows), k)
    for r, (_, it) in enumerate(rows):
        docs[r, :len(it)] = torch.tensor([d for d, _ in it])
        grades[r, :len(it)] = torch.tensor([float(g) for _, g in it])
    return torch.tensor([qi for qi, _ in rows]), docs, grades


def human_loss(head, F_: Feats, hl, rng, P: HeadsProfile):
    """ListNet on human grades: cross-entropy between softmax(head logits) and the gain
    distribution (2^g - 1) over up to human_len judged docs of a labelled train query."""
    qidx, docs, grades = hl
    bi = rng.randint(0, len(qidx), P.human_batch)
    L = P.human_len
    sel_d, sel_g, sel_m = [], [], []
    for b in bi:
        n = int((docs[b] >= 0).sum())
        pos = [i for i in range(n) if grades[b, i] > 0]
        neg = [i for i in range(n) if grades[b, i] == 0]
        p = rng.choice(pos, min(len(pos), max(1, L // 3)), replace=False).tolist()
        cols = p + rng.choice(neg, min(len(neg), L - len(p)), replace=False).tolist()
        cols = cols + [cols[0]] * (L - len(cols))
        m = [1.0] * min(L, len(p) + len(neg)) + [0.0] * (L - min(L, len(p) + len(neg)))
        sel_d.append(docs[b, cols]); sel_g.append(grades[b, cols]); sel_m.append(torch.tensor(m))
    d, g, m = torch.stack(sel_d), torch.stack(sel_g), torch.stack(sel_m)
    logits = score_pairs("head", head, F_, qidx[bi].repeat_interleave(L), d.flatten()).view(len(bi), L)
    logits = logits.masked_fill(m == 0, -1e4)
    t = (2.0 ** g - 1.0) * m
    t = t / t.sum(-1, keepdim=True).clamp(min=1e-6)
    return -(t * torch.log_softmax(logits, -1)).sum(-1).mean()


def train_head(head, F_: Feats, ex, fl, n_kd: int, P: HeadsProfile, steps: int, seed: int, log, name: str,
               valid=None, lists=None, human=None) -> dict:
    """AdamW, warmup + cosine; with `valid` (head → valid-split nDCG@10) the best of 5 checkpoints
    is kept, as the recipe's run_loop selects its towers."""
    t0 = time.time()
    best, best_state, history = -1.0, None, []

    def check(step):
        nonlocal best, best_state
        if valid is None:
            return
        head.eval()
        v = valid(head)
        head.train()
        history.append((step, v))
        if v > best:
            best, best_state = v, copy.deepcopy(head.state_dict())
    rng = np.random.RandomState(seed)
    opt = torch.optim.AdamW(head.parameters(), lr=P.lr, weight_decay=0.01)
    head.train()
    losses = []
    check(0)
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, P.lr)
        if lists is not None:
            loss = list_kd_loss(head, F_, lists, rng, P)
            if P.clicks > 0 and ex:
                loss = loss + P.clicks * click_loss(head, F_, ex, fl, n_kd, rng, P)
        else:
            loss = click_loss(head, F_, ex, fl, n_kd, rng, P)
        if human is not None and P.human > 0:
            loss = loss + P.human * human_loss(head, F_, human, rng, P)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(head.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        if (step + 1) % max(1, steps // 5) == 0 or step + 1 == steps:
            check(step + 1)
            log(f"[{name}] step {step + 1}/{steps} loss {np.mean(losses[-20:]):.4f} "
                f"valid={history[-1][1] if history else float('nan'):.4f} ({time.time() - t0:.0f}s)")
    last_state = copy.deepcopy(head.state_dict())
    if best_state is not None:
        head.load_state_dict(best_state)
    head.eval()
    k = max(1, len(losses) // 10)
    return {"_last_state": last_state, "steps": steps, "batch": P.batch, "loss_first": float(np.mean(losses[:k])),
            "loss_last": float(np.mean(losses[-k:])), "train_seconds": time.time() - t0,
            "valid_history": history, "best_valid_ndcg10": best if history else None}


# ============================================================== evaluation

class EvalSet:
    def __init__(self, world, tok, lens, max_queries, cand_k, fine, cache, log, split="test", bm25=None):
        from .bm25 import BM25
        t0 = time.time()
        self.world = world
        self.bm25 = bm25 or BM25(world.doc_texts)
        self.qids = eval_qids(world, split, max_queries)
        self.cands = candidate_sets(world, self.qids, self.bm25, cand_k)
        self.fine = {}
        if cache and os.path.exists(cache):
            self.fine = torch.load(cache)
        elif fine is not None:
            pairs = [(world.queries[q]["text"], world.doc_texts[i]) for q in self.qids for i in self.cands[q]]
            flat = cross_logits(fine, tok, pairs, lens["pair"], lens["query"])
            o = 0
            for q in self.qids:
                self.fine[q] = flat[o:o + len(self.cands[q])]; o += len(self.cands[q])
            if cache:
                torch.save(self.fine, cache)
        self.protocol = {"split": split, "queries": len(self.qids), "cand_k": cand_k,
                         "mean_candidates": float(np.mean([len(c) for c in self.cands.values()])),
                         "nm_reference": "fine ranker" if self.fine else None}
        log(f"[eval] {len(self.qids)} {split} queries, {self.protocol['mean_candidates']:.0f} candidates each, "
            f"fine scores {'yes' if self.fine else 'no'} ({time.time() - t0:.0f}s)")

    def evaluate(self, kind, head, F_: Feats) -> dict:
        with torch.no_grad():
            qi = [F_.qindex[q] for q in self.qids for _ in self.cands[q]]
            di = [i for q in self.qids for i in self.cands[q]]
            flat = score_pairs(kind, head, F_, qi, di).double().numpy()
        per_q, o = {}, 0
        for q in self.qids:
            n = len(self.cands[q])
            per_q[q] = query_metrics(self.world, q, self.cands[q], flat[o:o + n], self.fine.get(q))
            o += n
        return aggregate(self.world, per_q)

    def ndcg10(self, head, F_: Feats) -> float:
        """Mean nDCG@10 over the set (model selection on the valid split)."""
        return self.evaluate("head", head, F_)["all"].get("ndcg10") or 0.0


# ============================================================== main
