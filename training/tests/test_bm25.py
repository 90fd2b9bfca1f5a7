"""training/bm25.py == src/core/bm25.ts (terms exactly, scores to float32 precision)."""
import json
import os
import shutil
import subprocess

import numpy as np
import pytest

from training.bm25 import BM25, terms
from training.data import load_world

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TSX = os.path.join(ROOT, "node_modules", ".bin", "tsx")


def test_terms_hand_worked():
    assert terms("iPhone15 发布会！深海传 第1季") == ["iphone15", "发", "布", "发布", "会", "布会", "深", "海", "深海",
                                                 "传", "海传", "第", "1", "季"]
    assert terms("ＡＢＣ１２") == ["abc12"]


@pytest.mark.skipif(not (os.path.exists(TSX) and os.path.exists(os.path.join(ROOT, "src/core/bm25.ts"))),
                    reason="tsx or src/core/bm25.ts missing")
def test_matches_typescript_bm25(fixture_world):
    world_dir, paths = fixture_world
    w = load_world(world_dir, paths["clicks"])
    queries = [q["text"] for q in w.queries.values()][:40] + ["Ｐｙｔｈｏｎ教程 3", "红烧肉，做法!", "", "  "]
    r = subprocess.run([TSX, os.path.join(ROOT, "training", "bm25_check.ts")], input=json.dumps(
        {"docs": w.doc_texts, "queries": queries}, ensure_ascii=False), capture_output=True, text=True, cwd=ROOT,
        timeout=120)
    assert r.returncode == 0, r.stderr
    ts = json.loads(r.stdout)
    bm = BM25(w.doc_texts)
    for q, t, s in zip(queries, ts["terms"], ts["scores"]):
        assert terms(q) == t, q
        np.testing.assert_allclose(bm.scores(q), np.array(s), rtol=1e-5, atol=1e-5)
