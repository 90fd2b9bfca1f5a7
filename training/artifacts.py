"""Loading finished stages' checkpoints, and the fine-ranker KD lists stage (training/kd_lists.py)."""
from __future__ import annotations

import os

import torch

from .kd_lists import fine_lists
from .loop import Setup, barrier
from .model import BertConfig, CrossEncoder, TwoTower


# ============================================================== the fine-ranker KD lists

def lists_path(S: Setup) -> str:
    return os.path.join(S.run, "lists", "lists.pt")


def make_lists(S: Setup):
    if os.path.exists(lists_path(S)) or S.ctx.rank != 0:
        barrier(S.ctx)
        return None
    from .bm25 import BM25
    p = S.prof
    fine_lists(S.world, S.tok, p.lens, load_fine(os.path.join(S.run, "fine", "model.pt")), BM25(S.world.doc_texts),
               p.list_queries, p.list_cand_k, p.list_randoms, lists_path(S), S.log)
    barrier(S.ctx)
    return True


def load_lists(S: Setup):
    if not os.path.exists(lists_path(S)):
        make_lists(S)
    return torch.load(lists_path(S))




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
