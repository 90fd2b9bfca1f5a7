"""A tiny synthetic world in the contract format, for tests (never the real demo world).

Docs are series episodes / clips whose titles share the query words, clicks follow
relevance with position bias, so a model can learn something in a few hundred steps.
"""
from __future__ import annotations

import json
import os
import random

SERIES = ["琅琊榜", "庆余年", "甄嬛传", "三体", "狂飙", "繁花", "人世间", "山海情", "漫长的季节", "隐秘的角落",
          "iPhone评测", "NBA集锦", "英雄联盟", "王者荣耀", "红烧肉做法", "北京旅游", "Python教程", "钢琴入门"]
CATS = ["电视剧", "电影", "综艺", "美食", "游戏", "体育", "科技", "旅游", "教育", "音乐"]
TAGS = ["高清", "热门", "经典", "搞笑", "教程", "解说", "花絮", "完整版", "4K", "原声"]
INTENTS = ["navigational", "series_episode", "topic", "typo", "mixed_en"]


def make_world(out_dir: str, n_docs: int = 240, n_queries: int = 90, n_impressions: int = 1500,
               seed: int = 0) -> dict[str, str]:
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    docs = []
    for i in range(n_docs):
        s = rng.randrange(len(SERIES))
        ep = rng.randint(1, 40)
        cat = CATS[s % len(CATS)]
        title = f"{SERIES[s]} 第{ep}集" if rng.random() < 0.6 else f"{SERIES[s]}{rng.choice(['精彩片段', '幕后花絮', '解说'])}"
        docs.append({"id": f"v{i:06d}", "zone": "premium" if s < 10 else "short", "category": cat,
                     "title": title, "tags": rng.sample(TAGS, 3), "series": SERIES[s], "season": 1,
                     "episode": ep, "uploader": None, "cast": [], "directors": [], "year": 2020,
                     "genres": [], "duration_s": 600, "publish_date": "2024-01-01",
                     "ctr": round(rng.random(), 3), "cover": [0.0] * 16})
    queries, qrels, human = [], [], []
    by_series = {}
    for i, d in enumerate(docs):
        by_series.setdefault(d["series"], []).append(i)
    for q in range(n_queries):
        s = SERIES[q % len(SERIES)]
        ep = rng.randint(1, 40)
        text = f"{s} {ep}" if q % 3 == 0 else (s if q % 3 == 1 else f"{s[:2]}{rng.choice(['解说', '花絮'])}")
        split = "train" if q % 10 < 7 else ("valid" if q % 10 == 7 else "test")
        qid = f"q{q:05d}"
        queries.append({"qid": qid, "text": text, "intent": INTENTS[q % len(INTENTS)], "split": split,
                        "human": q % 9 == 0})
        rels = {}
        for i in by_series.get(s, []):
            rels[i] = 3 if docs[i]["episode"] == ep and str(ep) in text else 2
        for i in rng.sample(range(n_docs), 6):
            rels.setdefault(i, 0)
        for i, r in rels.items():
            qrels.append(f"{qid} 0 {docs[i]['id']} {r}")
            if q % 9 == 0:
                human.append(f"{qid} 0 {docs[i]['id']} {r}")
    rel_of = {}
    for line in qrels:
        qid, _, did, r = line.split()
        rel_of.setdefault(qid, {})[did] = int(r)
    clicks = []
    for _ in range(n_impressions):
        qrow = rng.choice(queries)
        judged = rel_of[qrow["qid"]]
        pool = list(judged) + [docs[rng.randrange(n_docs)]["id"] for _ in range(4)]
        shown = rng.sample(sorted(set(pool)), min(8, len(set(pool))))
        cl = [p for p, d in enumerate(shown)
              if rng.random() < (0.15 + 0.25 * judged.get(d, 0)) / (1 + 0.3 * p)]
        clicks.append({"qid": qrow["qid"], "split": qrow["split"], "shown": shown, "clicks": cl})
    paths = {"docs": os.path.join(out_dir, "docs.jsonl"), "queries": os.path.join(out_dir, "queries.jsonl"),
             "qrels": os.path.join(out_dir, "qrels.trec"), "human": os.path.join(out_dir, "human.qrels.trec"),
             "clicks": os.path.join(out_dir, "clicks.jsonl")}
    for key, rows in (("docs", docs), ("queries", queries), ("clicks", clicks)):
        with open(paths[key], "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    for key, rows in (("qrels", qrels), ("human", human)):
        with open(paths[key], "w", encoding="utf-8") as f:
            f.writelines(r + "\n" for r in rows)
    return paths
