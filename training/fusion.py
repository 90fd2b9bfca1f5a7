"""Doc-side channels for the multi-modal fusion head: category id, raw numeric features, cover.

The fusion graph takes raw numbers (duration_s, ctr, age_days) and normalises inside, so the
lab feeds doc fields as they are in docs.jsonl; this module holds the one definition of those
fields (and of age_days) that training and the exported config share.
Refuses: per-query features (everything here is a property of the doc alone).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import torch

from .heads import FusionConfig


def _date(s) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        return None


def age_days(publish_date: str, ref_date: str) -> float:
    """Days from publish_date to ref_date (0 when unknown or in the future)."""
    a = _date(publish_date)
    return 0.0 if a is None else float(max(0, (dt.date.fromisoformat(ref_date) - a).days))


def fusion_config(docs: list[dict], hidden: int, channels=("category", "numeric", "cover"), width: int = 32) -> FusionConfig:
    """Category vocabulary (index 0 = unknown), reference date and numeric statistics from a doc set."""
    cats = ["<unk>"] + sorted({d.get("category") or "" for d in docs} - {""})
    dates = [x for x in (_date(d.get("publish_date")) for d in docs) if x is not None]
    ref = (max(dates) + dt.timedelta(days=1)).isoformat() if dates else "2026-01-01"
    raw = raw_numeric(docs, ref)
    x = np.stack([np.log1p(np.maximum(raw[:, 0], 0)), raw[:, 1], np.log1p(np.maximum(raw[:, 2], 0))], 1)
    cover_dim = len(docs[0].get("cover") or []) or 16
    return FusionConfig(hidden=hidden, categories=cats, cover_dim=cover_dim, width=width, channels=tuple(channels),
                        num_mean=[float(v) for v in x.mean(0)], num_std=[float(max(v, 1e-6)) for v in x.std(0)],
                        ref_date=ref)


def raw_numeric(docs: list[dict], ref_date: str) -> np.ndarray:
    # [n, 3] float32: duration_s, ctr, age_days (the fusion graph's `numeric` input)
    return np.array([[float(d.get("duration_s") or 0), float(d.get("ctr") or 0.0),
                      age_days(d.get("publish_date"), ref_date)] for d in docs], dtype=np.float32)


def doc_features(docs: list[dict], c: FusionConfig) -> dict[str, torch.Tensor]:
    """{category [n] long, numeric [n, 3], cover [n, cover_dim]} for every doc."""
    index = {name: i for i, name in enumerate(c.categories)}
    cat = torch.tensor([index.get(d.get("category") or "", 0) for d in docs], dtype=torch.long)
    covers = [(d.get("cover") or [0.0] * c.cover_dim)[: c.cover_dim] for d in docs]
    cover = torch.tensor([v + [0.0] * (c.cover_dim - len(v)) for v in covers], dtype=torch.float32)
    return {"category": cat, "numeric": torch.from_numpy(raw_numeric(docs, c.ref_date)), "cover": cover}
