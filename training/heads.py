"""Interaction heads that sit after the (frozen) towers: multi-head soft attention, ESIM, fusion.

Each head reads what the towers already output — pooled embeddings [B, H], token embeddings
[B, T, H] and their masks — so the doc side stays precomputable offline, and returns a logit
(score = sigmoid(logit)) plus the weights a person wants to see. Every head keeps the tower's
own dot product as a skip term (logit = alpha * q.d + correction), so a head starts at the
tower's ranking and training only has to learn what the dot product misses.
Refuses: anything that does not export to plain ONNX ops (MatMul, Softmax, Gather, Round…), and
any doc-side computation that needs the query (the doc side must be storable per doc).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -10000.0


def _init(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, std=0.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)


# ============================================================== multi-head soft attention

@dataclass
class MultiHeadConfig:
    hidden: int = 128
    heads: int = 4          # K small networks = K "senses" of the query
    proj: int = 32          # width of each head's embedding space (doc stores heads * proj floats)
    mlp: int = 64           # hidden width of each small query network

    def to_dict(self) -> dict:
        return {"type": "multihead", **asdict(self)}


class MultiHeadHead(nn.Module):
    """Poly-encoder-style head over pooled tower vectors (the reference's "several small networks").

    query q [B, H] → K small MLPs → y_k [B, K, P]   (online, per query)
    doc   d [B, H] → K linear maps → z_k [B, K, P]  (offline, stored per doc: K * P floats)
    s_k = y_k · z_k; w = softmax_k(t * s_k + u_k(q))   (doc-conditioned soft attention, as the
    Poly-encoder's candidate attends over its m context codes, plus a query-side prior)
    logit = alpha * (q · d) + sum_k w_k s_k + beta
    A query batch of 1 broadcasts against B docs.
    """

    def __init__(self, c: MultiHeadConfig):
        super().__init__()
        self.config = c
        K, H, P, M = c.heads, c.hidden, c.proj, c.mlp
        self.q1 = nn.Linear(H, K * M)                          # K first layers, batched
        self.q2 = nn.Parameter(torch.randn(K, M, P) * 0.02)     # K second layers
        self.q2b = nn.Parameter(torch.zeros(K, P))
        self.d = nn.Linear(H, K * P)                            # K doc maps, batched
        self.prior = nn.Linear(H, K)
        self.temp = nn.Parameter(torch.tensor(1.0))
        self.alpha = nn.Parameter(torch.tensor(1.0))
        self.beta = nn.Parameter(torch.tensor(0.0))
        self.apply(_init)
        # the doc maps start at zero: z = 0 → every s_k = 0 → logit = q·d exactly at step 0 (the
        # selection's step-0 checkpoint IS the dot product); their gradient y_k·w_k·∂L is not zero
        nn.init.zeros_(self.d.weight)

    def doc_side(self, d):
        # d [B, H] → z [B, K, P]  (what the offline index stores per doc)
        c = self.config
        return self.d(d).view(-1, c.heads, c.proj)

    def query_side(self, q):
        # q [B, H] → y [B, K, P]
        c = self.config
        h = F.gelu(self.q1(q)).view(-1, c.heads, 1, c.mlp)     # [B, K, 1, M]
        return (h @ self.q2).squeeze(2) + self.q2b              # [B, K, P]

    def forward(self, q, d):
        # q, d [B, H] → logit [B], head weights [B, K], head scores [B, K]
        y, z = self.query_side(q), self.doc_side(d)
        s = (y * z).sum(-1)                                      # [B, K]
        w = torch.softmax(self.temp * s + self.prior(q), -1)     # [B, K]
        logit = self.alpha * (q * d).sum(-1) + (w * s).sum(-1) + self.beta
        return logit, w, s


# ============================================================== ESIM

@dataclass
class EsimConfig:
    hidden: int = 128
    proj: int = 32          # token embeddings are projected to this width (doc side stored at it)
    comp: int = 64          # composition FFN width
    mlp: int = 64           # final MLP width
    pooling: str = "avgmax"  # avgmax | avg | max  (over each side's composed tokens)
    int8_doc: bool = True   # doc tokens pass through the int8 round trip they are stored in
    emb: int = 0            # width of the pooled tower embeddings of the q·d skip term (0 → hidden)

    def to_dict(self) -> dict:
        return {"type": "esim", **asdict(self)}


def int8_roundtrip(x, straight_through: bool = True):
    """Symmetric per-token int8: scale = max|x_t| / 127, codes = round(x / scale).

    x [B, T, P] → (dequantised [B, T, P], codes [B, T, P] as float, scales [B, T]).
    NOTE: this is the exact storage format of the offline doc index (int8 codes + one fp32
    scale per token), so scores from the stored index equal the graph's scores.
    """
    scale = x.abs().amax(-1).clamp(min=1e-6) / 127.0            # [B, T]; 1e-6 survives fp16
    codes = torch.round(x / scale.unsqueeze(-1)).clamp(-127, 127)
    deq = codes * scale.unsqueeze(-1)
    if straight_through:
        deq = x + (deq - x).detach()
    return deq, codes, scale


class EsimHead(nn.Module):
    """ESIM matching after the towers (Chen et al. 2017, with a feed-forward composition layer).

    a = P(query tokens) [B, Tq, E]; b = P(doc tokens) [B, Td, E]  (shared projection, as the
    towers share weights; b is stored offline as int8 + a scale per token)
    e_ij = a_i · b_j;  ã = softmax_j(e) b;  b̃ = softmax_i(e)ᵀ a
    m = [x; x̃; x − x̃; x ⊙ x̃] → composition FFN (shared by both sides) → avg + max pooling
    → MLP → r;  logit = alpha * (q · d) + r + beta.
    Why a feed-forward composition rather than ESIM's BiLSTM: the towers already contextualise
    the tokens, and a position-wise FFN is one MatMul (compression note 1 of the reference).
    """

    def __init__(self, c: EsimConfig):
        super().__init__()
        self.config = c
        E, C, M = c.proj, c.comp, c.mlp
        self.proj = nn.Linear(c.hidden, E)
        self.comp = nn.Linear(4 * E, C)
        n_pool = 2 if c.pooling == "avgmax" else 1
        self.mlp = nn.Sequential(nn.Linear(2 * n_pool * C, M), nn.GELU(), nn.Linear(M, 1))
        self.alpha = nn.Parameter(torch.tensor(1.0))
        self.beta = nn.Parameter(torch.tensor(0.0))
        self.apply(_init)
        nn.init.normal_(self.proj.weight, std=c.hidden ** -0.5)

    def doc_side(self, d_tok):
        # d_tok [B, Td, H] → b [B, Td, E] (dequantised), codes [B, Td, E], scales [B, Td]
        b = self.proj(d_tok)
        if self.config.int8_doc:
            return int8_roundtrip(b, self.training)
        return b, b, torch.ones(b.shape[:2], dtype=b.dtype)

    def _pool(self, v, mask):
        # v [B, T, C], mask [B, T] float → [B, n_pool * C]
        m = mask.unsqueeze(-1)
        out = []
        if self.config.pooling in ("avgmax", "avg"):
            out.append((v * m).sum(1) / m.sum(1).clamp(min=1.0))
        if self.config.pooling in ("avgmax", "max"):
            out.append((v + (m - 1.0) * -NEG).max(1).values)
        return torch.cat(out, -1)

    def score_from_doc(self, q, q_tok, q_mask, d, b, d_mask):
        """q [B, H], q_tok [B, Tq, H], q_mask [B, Tq], d [B, H], b [B, Td, E] (doc side), d_mask [B, Td].
        The query side may have batch 1 against B docs (one query, B candidates): it broadcasts."""
        qm, dm = q_mask.to(b.dtype), d_mask.to(b.dtype)
        a = self.proj(q_tok).expand(b.shape[0], -1, -1)          # [B, Tq, E]
        e = a @ b.transpose(1, 2)                                # [B, Tq, Td]
        att_q = torch.softmax(e + (1.0 - dm)[:, None, :] * NEG, -1)                  # [B, Tq, Td]
        att_d = torch.softmax(e.transpose(1, 2) + (1.0 - qm)[:, None, :] * NEG, -1)  # [B, Td, Tq]
        a_t = att_q @ b                                          # [B, Tq, E]
        b_t = att_d @ a                                          # [B, Td, E]
        va = F.gelu(self.comp(torch.cat([a, a_t, a - a_t, a * a_t], -1)))           # [B, Tq, C]
        vb = F.gelu(self.comp(torch.cat([b, b_t, b - b_t, b * b_t], -1)))           # [B, Td, C]
        r = self.mlp(torch.cat([self._pool(va, qm), self._pool(vb, dm)], -1)).squeeze(-1)  # [B]
        logit = self.alpha * (q * d).sum(-1) + r + self.beta
        return logit, e, att_q, att_d

    def forward(self, q, q_tok, q_mask, d, d_tok, d_mask):
        b = self.doc_side(d_tok)[0]
        return self.score_from_doc(q, q_tok, q_mask, d, b, d_mask)


# ============================================================== multi-modal doc fusion

NUMERIC = ("duration_s", "ctr", "age_days")


@dataclass
class FusionConfig:
    hidden: int = 128
    categories: list = field(default_factory=list)   # index 0 = unknown
    cover_dim: int = 16
    width: int = 32
    channels: tuple = ("category", "numeric", "cover")
    # raw numeric → standardised: x' = (f(x) - mean) / std with f = log1p for duration and age
    num_mean: list = field(default_factory=lambda: [0.0, 0.0, 0.0])
    num_std: list = field(default_factory=lambda: [1.0, 1.0, 1.0])
    ref_date: str = "2026-01-01"     # age_days = ref_date − publish_date

    def to_dict(self) -> dict:
        d = asdict(self)
        d["channels"] = list(self.channels)
        return {"type": "fusion", **d}


class FusionHead(nn.Module):
    """Doc tower with separate channels, fused into the doc representation (on top of the frozen
    text tower's doc embedding):

    d' = d_text + E_cat[c] + MLP_num(x) + MLP_cover(v)   [B, H]   (each channel's term starts at 0)
    prior(d) = w · [onehot-free numeric, cover features]  — a query-independent doc prior
    logit = q · d' + prior  (= [q; 1] · [d'; prior]: still one dot product, doc side offline)
    Channels not in config.channels are absent (the ablation).
    """

    def __init__(self, c: FusionConfig):
        super().__init__()
        self.config = c
        H, W = c.hidden, c.width
        ch = set(c.channels)
        self.cat = nn.Embedding(max(1, len(c.categories)), H) if "category" in ch else None
        self.cat_prior = nn.Embedding(max(1, len(c.categories)), 1) if "category" in ch else None
        self.num = nn.Sequential(nn.Linear(3, W), nn.GELU(), nn.Linear(W, H + 1)) if "numeric" in ch else None
        self.cov = nn.Sequential(nn.Linear(c.cover_dim, W), nn.GELU(), nn.Linear(W, H + 1)) if "cover" in ch else None
        self.register_buffer("mean", torch.tensor(c.num_mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(c.num_std, dtype=torch.float32))
        self.apply(_init)
        for m in (self.cat, self.cat_prior):
            if m is not None:
                nn.init.zeros_(m.weight)
        for seq in (self.num, self.cov):
            if seq is not None:
                # input layer at unit scale (standardised inputs → GELU features of order 1, so the
                # zero-initialised output layer gets a gradient of order 1 from step 0); output at 0
                nn.init.normal_(seq[0].weight, std=seq[0].in_features ** -0.5)
                nn.init.zeros_(seq[2].weight)

    def numeric(self, raw):
        # raw [B, 3] = duration_s, ctr, age_days → standardised [B, 3]
        x = torch.stack([torch.log1p(raw[:, 0].clamp(min=0)), raw[:, 1], torch.log1p(raw[:, 2].clamp(min=0))], -1)
        return (x - self.mean) / self.std

    def doc_side(self, d, cat, raw, cover):
        """→ fused doc [B, H], prior [B], per-channel doc terms [(name, vec [B, H], prior [B])]."""
        terms = [("text", d, torch.zeros_like(d[:, 0]))]
        if self.cat is not None:
            terms.append(("category", self.cat(cat), self.cat_prior(cat).squeeze(-1)))
        if self.num is not None:
            o = self.num(self.numeric(raw))
            terms.append(("numeric", o[:, :-1], o[:, -1]))
        if self.cov is not None:
            o = self.cov(cover)
            terms.append(("cover", o[:, :-1], o[:, -1]))
        fused = sum(t[1] for t in terms)
        prior = sum(t[2] for t in terms)
        return fused, prior, terms

    def forward(self, q, d, cat, raw, cover):
        # q, d [B, H]; cat [B] long; raw [B, 3]; cover [B, 16] → logit [B], channel logits [B, n]
        fused, prior, terms = self.doc_side(d, cat, raw, cover)
        parts = torch.stack([(q * v).sum(-1) + p for _, v, p in terms], -1)       # [B, n_channels]
        return parts.sum(-1), parts, fused


def build_head(cfg: dict) -> nn.Module:
    kind = cfg["type"]
    args = {k: v for k, v in cfg.items() if k != "type"}
    if kind == "multihead":
        return MultiHeadHead(MultiHeadConfig(**args))
    if kind == "esim":
        return EsimHead(EsimConfig(**args))
    if kind == "fusion":
        args["channels"] = tuple(args.get("channels", ()))
        return FusionHead(FusionConfig(**args))
    raise ValueError(f"unknown head type {kind}")


def n_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
