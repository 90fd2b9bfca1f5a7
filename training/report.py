"""Write models/REPORT.md + models/report.json from a run's eval, metas, timings and manifest.

The table has the reference's shape: each technique, its delta over the row before, and the
absolute numbers. Prose that needs judgement lives in the NOTES block below and in
training/REPORT_NOTES.md (if present), which is appended verbatim.
Refuses: inventing numbers — a missing value prints as "—".
"""
from __future__ import annotations

import json
import os
import time

ROWS = [  # (model id, technique) in table order; deltas are against the previous row
    ("bm25", "BM25 (chars + char bigrams)"),
    ("student_a", "{S}-layer student, clicks only (in-batch negatives)"),
    ("student_b", "+ KD from the {T}-layer teacher's scores"),
    ("student_c", "+ fine-ranker distillation (weight raised late, click loss dropped at the end)"),
    ("student_d", "+ in-batch score-matrix distillation from the teacher (row-wise KL)"),
    ("student_e", "branch: clicks + fine-ranker distillation only (no teacher KD)"),
    ("teacher", "{T}-layer teacher tower (MLM + clicks + Child-Tuning)"),
    ("fine", "fine ranker (cross-encoder, clicks + human labels)"),
]


def _load(path, default=None):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return default


def fmt(v, nd=4):
    return "—" if v is None else f"{v:.{nd}f}"


def delta(a, b):
    return None if a is None or b is None else a - b


def write_report(run: str, out: str, prof, log=print) -> dict:
    ev = _load(os.path.join(run, "eval.json"), {})
    choice = _load(os.path.join(run, "teacher", "choice.json"), {})
    ct = {f"ct_{m}": _load(os.path.join(run, f"ct_{m}", "meta.json"), None) for m in ("none", "F", "D")}
    ct = {k: v for k, v in ct.items() if v} or None
    if ct:
        ct["chosen"] = choice.get("child_tuning")
    timings = _load(os.path.join(run, "timings.json"), {})
    labels = _load(os.path.join(run, "labels.json"), None)
    manifest = _load(os.path.join(out, "manifest.json"), {"models": []})
    by_id = {m["id"]: m for m in manifest.get("models", [])}
    rows = []
    prev = None
    for mid, tech in ROWS:
        tech = tech.replace("{S}", str(prof.student_layers)).replace("{T}", str(prof.teacher_layers))
        m = (ev.get(mid) or {}).get("all", {})
        meta = _load(os.path.join(run, mid, "meta.json"), {}) if mid != "bm25" else {}
        man = by_id.get(mid, {})
        row = {"id": mid, "technique": tech, **{k: m.get(k) for k in
               ("auc", "ndcg10", "recall100", "nm", "kendall", "ndcg10_full", "recall100_full")},
               "params": man.get("params"), "layers": man.get("layers"),
               "latency": (man.get("ort") or {}).get("latency"),
               "train_seconds": meta.get("train_seconds"), "steps": meta.get("steps_done"),
               "steps_planned": meta.get("steps_planned"), "capped": meta.get("capped"),
               "best_valid_ndcg10": meta.get("best_valid")}
        if mid == "teacher":  # MLM + the chosen Child-Tuning comparison run it continued + its own stage
            parts = [_load(os.path.join(run, d, "meta.json"), {}).get("train_seconds") or 0
                     for d in ("teacher_mlm", f"ct_{choice.get('child_tuning')}", "teacher")]
            row["train_seconds"] = sum(parts) or None
        base = prev if mid not in ("teacher", "fine", "student_e") else rows[0]
        if mid == "student_e":
            base = next((x for x in rows if x["id"] == "student_a"), None)
        row["delta_vs"] = base["id"] if base else None
        for k in ("auc", "ndcg10", "nm"):
            row["d_" + k] = delta(row[k], base[k]) if base else None
        if base:   # paired bootstrap over queries (same resamples for every row: seeded)
            for k in ("auc", "ndcg10", "nm", "ndcg10_full"):
                row["ci_d_" + k] = paired_ci(ev, mid, base["id"], k)
        rows.append(row)
        if mid not in ("teacher", "fine", "student_e"):
            prev = row
    by_intent = {mid: (ev.get(mid) or {}).get("by_intent", {}) for mid, _ in ROWS}
    rep = {"profile": prof.name, "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "protocol": ev.get("_protocol"), "rows": rows, "by_intent": by_intent,
           "child_tuning": ct, "timings_s": timings, "labels": labels, "quality_bar": quality_bar(rows),
           "calibration": _load(os.path.join(run, "calibration.json"), None),
           "targets": issue_targets(rows), "teacher_minus_bm25_by_intent": intent_gaps(by_intent)}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "report.json"), "w", encoding="utf-8") as f:
        json.dump(rep, f, ensure_ascii=False, indent=1)
    with open(os.path.join(out, "REPORT.md"), "w", encoding="utf-8") as f:
        f.write(markdown(rep, prof))
    log(f"[report] wrote {out}/REPORT.md")
    return rep


def calibration_md(cal) -> list[str]:
    L = ["\n## Calibration (test split, 10 bins)\n"]
    if not cal:
        return L + ["Not run."]
    L.append("Each model's score is sigmoid(a · raw + b), a and b fitted on the valid split's candidate sets "
             "against grade ≥ 2 (Platt scaling, `training/calibrate.py`; ranking unchanged) and folded into the "
             "exported graph (a tower's b is `logit_bias` in its config.json, added before the sigmoid). ECE on "
             "the test split's candidate sets, before (raw sigmoid) and after:\n")
    L.append("| model | a | b | ECE raw | ECE calibrated |")
    L.append("|---|---|---|---|---|")
    for mid, c in cal.items():
        L.append(f"| {mid} | {c['scale']:.4f} | {c['bias']:.3f} | {c['ece_raw']:.4f} | {c['ece']:.4f} |")
    t = cal.get("teacher")
    if t:
        L.append("\nReliability of the teacher (calibrated): share of grade ≥ 2 per predicted-probability bin.\n")
        L.append("| bin | pairs | mean p | share grade ≥ 2 |")
        L.append("|---|---|---|---|")
        for b in t["bins"]:
            L.append(f"| {b['lo']:.1f}–{b['hi']:.1f} | {b['n']} | {fmt(b['mean_p'], 3)} | {fmt(b['frac_pos'], 3)} |")
    return L


def paired_ci(ev: dict, a: str, b: str, k: str):
    """95% bootstrap CI of mean(a − b) over the queries both have metric k for (training/metrics.py)."""
    from . import metrics as M
    pa = (ev.get(a) or {}).get("per_query") or {}
    pb = (ev.get(b) or {}).get("per_query") or {}
    d = [pa[q][k] - pb[q][k] for q in pa if q in pb and k in pa[q] and k in pb[q]]
    ci = M.bootstrap_mean_ci(d, samples=1000)
    return [ci["lo"], ci["hi"]] if ci else None


def issue_targets(rows) -> dict:
    """The models issue's targets (#19), each a yes/no with the figures it compares."""
    r = {x["id"]: x for x in rows}
    g = lambda mid, k: (r.get(mid) or {}).get(k)  # noqa: E731
    out = {}
    t, bm, sa = g("teacher", "ndcg10"), g("bm25", "ndcg10"), g("student_a", "ndcg10")
    if None not in (t, bm, sa):
        out["teacher_ndcg10_ge_bm25_plus_0.08"] = [t >= bm + 0.08, round(t - bm, 4)]
        out["teacher_ndcg10_ge_student_a_plus_0.04"] = [t >= sa + 0.04, round(t - sa, 4)]
    tf, bf = g("teacher", "ndcg10_full"), g("bm25", "ndcg10_full")
    if None not in (tf, bf):
        out["teacher_full_catalog_ge_bm25"] = [tf >= bf, round(tf - bf, 4)]
    studs = [x for x in rows if x["id"] in ("student_b", "student_c", "student_d", "student_e") and x["ndcg10"]]
    if studs and t and sa is not None:
        best = max(studs, key=lambda x: x["ndcg10"])
        out["best_student_ge_97pct_teacher"] = [best["ndcg10"] >= 0.97 * t, round(best["ndcg10"] / t, 4), best["id"]]
        out["best_student_ge_student_a_plus_0.03"] = [best["ndcg10"] >= sa + 0.03, round(best["ndcg10"] - sa, 4)]
    return out


def intent_gaps(by_intent: dict, model: str = "teacher") -> dict:
    """Per intent: model − BM25 nDCG@10 on C(q) (the issue: none more than 0.02 below)."""
    m, b = by_intent.get(model) or {}, by_intent.get("bm25") or {}
    return {i: round(m[i]["ndcg10"] - b[i]["ndcg10"], 4) for i in m
            if i in b and m[i].get("ndcg10") is not None and b[i].get("ndcg10") is not None}


def quality_bar(rows) -> dict:
    r = {x["id"]: x for x in rows}
    g = lambda mid, k: (r.get(mid) or {}).get(k)  # noqa: E731
    learned = [x for x in rows if x["id"] != "bm25"]
    out = {}
    if g("bm25", "ndcg10") is not None:
        out["every_learned_model_beats_bm25_ndcg10"] = all((x["ndcg10"] or 0) > g("bm25", "ndcg10") for x in learned)
    studs = [x for x in rows if x["id"] in ("student_b", "student_c", "student_d", "student_e") and x["ndcg10"] is not None]
    if studs and g("teacher", "ndcg10"):
        best = max(studs, key=lambda x: x["ndcg10"])
        out["best_distilled_student"] = best["id"]
        out["best_student_share_of_teacher_ndcg10"] = best["ndcg10"] / g("teacher", "ndcg10")
        out["best_student_beats_clicks_only"] = best["ndcg10"] > (g("student_a", "ndcg10") or 0)
    if g("student_c", "nm") is not None and g("student_a", "nm") is not None:
        out["fine_distillation_raises_nm"] = g("student_c", "nm") > g("student_a", "nm")
    if g("student_e", "nm") is not None and g("student_a", "nm") is not None:
        out["fine_distillation_alone_raises_nm"] = g("student_e", "nm") > g("student_a", "nm")
    nd = [x["ndcg10"] for x in rows if x["ndcg10"] is not None]
    if nd and g("fine", "ndcg10") is not None:
        out["fine_best_ndcg10"] = g("fine", "ndcg10") >= max(nd)
    return out


def markdown(rep, prof) -> str:
    L = []
    L.append(f"# Prerank Lab — training report (profile `{rep['profile']}`)\n")
    L.append(f"Generated {rep['generated']} by `training/report.py` from the run's eval/meta/timing files.\n")
    p = rep.get("protocol") or {}
    L.append("## Evaluation protocol\n")
    L.append(f"- Split: **{p.get('split', 'test')}**, {p.get('queries', '—')} queries with at least one doc of grade ≥ 2 "
             f"(evenly sampled by qid when there are more than {prof.eval_queries}).")
    L.append(f"- Candidate set per query C(q) = all judged docs (qrels, any grade) ∪ BM25 top-{p.get('cand_k', '—')} "
             f"of the full catalog (mean |C(q)| = {fmt(p.get('mean_candidates'), 1)}). **Every model scores C(q)**; "
             "AUC, nDCG@10, Recall@100, N/M and Kendall τ are computed on it. Unjudged docs count as grade 0; the "
             "ideal DCG uses all judged docs (gain 2^rel − 1). AUC: per query, grade ≥ 2 vs judged grade < 2, ties ½.")
    L.append("- N/M: of the doc pairs in C(q) the fine ranker orders strictly, the share the model orders the same "
             "way (a model tie is not concordant). Kendall τ-b vs the fine ranker on C(q). Means over queries.")
    L.append("- Towers and BM25 also rank the **full catalog** (`nDCG@10 full`, `R@100 full`) — the coarse "
             "ranker's real job; the fine ranker cannot (one forward per pair). Recall@100 on C(q) is in "
             "report.json but left out here: |C(q)| is about 100, so it is ~1 for every model.")
    L.append("- Δ columns: each student row against the row above it (the techniques are cumulative: b = a + "
             "teacher KD, c = b + fine-ranker distillation, d = c + score-matrix KD); teacher and fine ranker "
             "against BM25.\n")
    lab = rep.get("labels")
    if lab:
        L.append("## Training labels\n")
        if lab.get("kind") == "aggregated":
            g = lab.get("ctr_by_grade") or {}
            L.append(f"Every model learns from the train split's clicks only (plus, for the fine ranker, the human "
                     f"labels of train queries). One impression is noisy, so the clicks are **aggregated per (query, "
                     f"doc)** first: debiased CTR = clicks / Σ P(examined | position) over all its impressions, the "
                     f"propensity estimated from the split's CTR by position (`training/data.py`: "
                     f"`aggregated_click_examples`). Pairs: a doc with CTR ≥ .5 against a doc shown for the same query "
                     f"with a CTR lower by ≥ .35 (up to 6 per positive), else a random catalog doc — "
                     f"**{lab['pairs']:,} pairs**. Checked against the ground truth (never used for training): "
                     f"{lab['agree']:.1%} of the pairs order the grades correctly, {lab['tie']:.1%} tie, "
                     f"{lab['invert']:.1%} invert. Mean debiased CTR by grade: "
                     + ", ".join(f"{k}: {v:.2f}" for k, v in g.items()) + ".\n")
        else:
            L.append(f"One example per click ({lab['pairs']:,}): ground-truth order agrees {lab['agree']:.1%}, "
                     f"ties {lab['tie']:.1%}, inverts {lab['invert']:.1%}.\n")
    L.append("## Results\n")
    L.append("| technique | Δ AUC | Δ nDCG@10 | Δ N/M | AUC | nDCG@10 | N/M | τ | nDCG@10 full | R@100 full "
             "| params | ms / query | ms / 1k docs | train | steps |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rep["rows"]:
        lat = r.get("latency") or {}
        ts = r.get("train_seconds")
        L.append("| " + " | ".join([
            r["technique"] + (f" (vs {r['delta_vs']})" if r.get("delta_vs") and r["id"] in ("teacher", "fine", "student_e") else ""),
            fmt(r.get("d_auc")), fmt(r.get("d_ndcg10")), fmt(r.get("d_nm")),
            fmt(r.get("auc")), fmt(r.get("ndcg10")), fmt(r.get("nm")), fmt(r.get("kendall")),
            fmt(r.get("ndcg10_full")), fmt(r.get("recall100_full")),
            f"{r['params'] / 1e6:.2f}M" if r.get("params") else "—",
            fmt(lat.get("query_ms"), 2) if lat else "—", fmt(lat.get("per_1000_docs_ms"), 0) if lat else "—",
            f"{ts / 60:.1f} min" if ts else "—",
            (f"{r['steps']}" + ("*" if r.get("capped") else "")) if r.get("steps") else "—"]) + " |")
    L.append("\n`train` = the stage's training-loop wall time (teacher: MLM + its Child-Tuning run + its own "
             "stage); `steps` = optimizer steps of the stage, `*` = stopped by its wall-clock cap. Students all draw "
             f"batches of {prof.student.batch} from the same first {prof.student_pool:,} training pairs.")
    L.append("\nLatency: onnxruntime-node 1.30 native CPU, 2 intra-op threads, lean graph, median; per query = one "
             "query through the tower (seq 16) or one (query, doc) pair through the fine ranker (seq 48); per 1,000 "
             "docs = 4 × batch 250 (seq 32 towers, seq 48 pairs). Measured on the shared 2-core training machine "
             "while it was busy, so treat them as relative.\n")
    L.append("### Δ with paired bootstrap 95% CIs (1,000 resamples of the test queries)\n")
    L.append("| model | vs | Δ AUC [95% CI] | Δ nDCG@10 [95% CI] | Δ N/M [95% CI] | Δ nDCG@10 full [95% CI] |")
    L.append("|---|---|---|---|---|---|")
    for r in rep["rows"]:
        if not r.get("delta_vs"):
            continue
        cells = []
        for k in ("auc", "ndcg10", "nm", "ndcg10_full"):
            ci = r.get("ci_d_" + k)
            d = delta(r.get(k), next((x.get(k) for x in rep["rows"] if x["id"] == r["delta_vs"]), None))
            cells.append("—" if d is None else f"{d:+.4f}" + (f" [{ci[0]:+.4f}, {ci[1]:+.4f}]" if ci else ""))
        L.append(f"| {r['id']} | {r['delta_vs']} | " + " | ".join(cells) + " |")
    tg = rep.get("targets") or {}
    if tg:
        L.append("\n### The models issue's targets\n")
        for k, v in tg.items():
            L.append(f"- {k}: **{'yes' if v[0] else 'no'}** ({', '.join(str(x) for x in v[1:])})")
        gaps = rep.get("teacher_minus_bm25_by_intent") or {}
        if gaps:
            worst = min(gaps, key=gaps.get)
            L.append(f"- teacher no intent more than 0.02 below BM25 on C(q): **{'yes' if gaps[worst] >= -0.02 else 'no'}** "
                     f"(worst: {worst} {gaps[worst]:+.4f})")
    L.append("")
    L.append("### Per intent (nDCG@10 on C(q))\n")
    intents = sorted({i for v in rep["by_intent"].values() for i in v})
    L.append("| model | " + " | ".join(intents) + " |")
    L.append("|---|" + "---|" * len(intents))
    for mid, _ in ROWS:
        bi = rep["by_intent"].get(mid, {})
        L.append(f"| {mid} | " + " | ".join(fmt((bi.get(i) or {}).get("ndcg10"), 3) for i in intents) + " |")
    ct = rep.get("child_tuning")
    L.append("\n## Child-Tuning comparison (teacher, shorter runs)\n")
    if ct:
        L.append(f"Three runs from the same {prof.teacher_layers}-layer MLM checkpoint, same data, same step plan and "
                 f"time cap ({prof.compare.steps} steps or {prof.compare.max_minutes} min); only the gradient mask "
                 f"differs (F: Bernoulli keep-probability {prof.child_p}, gradients scaled by 1/p; D: the top "
                 f"{prof.child_p:.0%} of parameters by accumulated squared gradients over {prof.fisher_batches} click "
                 "batches, fixed). Scored by nDCG@10 on the valid split (the selection metric, "
                 f"{prof.valid_queries} queries, judged ∪ BM25 top-{prof.valid_cand_k}). The teacher then continues "
                 f"the best run, where a Child-Tuning mode has to beat plain training by {prof.ct_margin} to count "
                 f"(the runs are short; a tie is not worth freezing most weights for the whole stage): "
                 f"**{ct.get('chosen')}**.\n")
        L.append("| mode | steps done | time-capped | first-10% loss | last-10% loss | valid nDCG@10 |")
        L.append("|---|---|---|---|---|---|")
        for m in ("none", "F", "D"):
            v = ct.get(f"ct_{m}") or {}
            L.append(f"| {m} | {v.get('steps_done', '—')} | {v.get('capped', '—')} | {fmt(v.get('loss_first'))} | "
                     f"{fmt(v.get('loss_last'))} | {fmt(v.get('best_valid'))} |")
    else:
        L.append("Not run (`--skip-compare`).")
    L += calibration_md(rep.get("calibration"))
    L.append("\n## Quality bar\n")
    for k, v in rep["quality_bar"].items():
        L.append(f"- {k}: **{v if not isinstance(v, float) else f'{v:.3f}'}**")
    L.append("\n## Training time per stage\n")
    L.append("Wall-clock seconds of each stage as a whole (training loop, validation, target precompute, "
             "evaluation, export), summed over restarts of the run:\n")
    for k, v in rep["timings_s"].items():
        L.append(f"- {k}: {v / 60:.1f} min")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "REPORT_NOTES.md")
    if os.path.exists(notes) and rep["profile"] != "tiny":
        with open(notes, encoding="utf-8") as f:
            L.append("\n" + f.read())
    elif rep["profile"] == "tiny":
        L.append("\n> **Tiny profile** (smoke test: hidden 32, 2-layer 'teacher', 1-layer students, a few hundred "
                 "steps). The numbers say nothing about the method; the full run replaces this report.")
    return "\n".join(L) + "\n"
