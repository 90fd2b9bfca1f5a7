"""Render models/REPORT.heads.md from report.heads.json (the heads pipeline's figures).

Refuses: inventing numbers — a missing value prints as "—"; the prose states what the numbers are,
the verdicts against the quality bar are computed from them.
"""
from __future__ import annotations

INTENT_ORDER = ["navigational", "series_episode", "person", "topic", "category_attr", "alias", "typo", "mixed_en",
                "long_desc"]


DESIGN = """### What was built

All heads sit on the **frozen** tower named above (no tower weight changes) and read only what the
tower already outputs, so the doc side stays an offline index. Every head keeps the tower's dot
product as a skip term, `logit = α·(q·d) + correction + β` (α starts at 1), so training starts from
the tower's ranking; model selection keeps the best valid-split nDCG@10 of six checkpoints
(step 0 included), as the recipe's run_loop does for the towers{valid}. The multi-head head's doc
maps and every fusion channel's output layer start at zero, so step 0 is exactly the dot product.

- **Multi-head soft attention** (`head_multi`, training/heads.py `MultiHeadHead`), a
  Poly-encoder-style head over the pooled vectors: the query vector goes through K small networks
  (Linear H→64, GELU, Linear 64→32 — one word, K senses); the doc vector through K linear maps
  H→32 (stored offline, K×32 floats per doc); each head scores `s_k = y_k·z_k`, and the weights are
  a softmax over heads of `t·s_k + u_k(q)` — the doc attends over the query's K codes as the
  Poly-encoder's candidate does, plus a query-side prior. Outputs `head_weights`, `head_scores`.
- **ESIM** (`head_esim`, `EsimHead`): query and doc token embeddings through one shared
  projection H→32 (the towers share weights, so does the projection); the doc side is stored as
  **int8 per token with one fp32 scale per token** (symmetric, scale = max|x|/127: 36 B per
  token; the training sees the same rounding through a straight-through estimator, and the
  graph's own doc side rounds identically); `e_ij = a_i·b_j`, soft alignment both ways (padded
  tokens masked), enhancement `[x; x̃; x−x̃; x⊙x̃]`, a composition layer (position-wise FFN
  4·32→64 + GELU, shared by both sides, in place of ESIM's BiLSTM: the tower already
  contextualises tokens, and an FFN is one MatMul), average + max pooling of both sides, MLP
  256→64→1. Outputs the raw alignment `alignment` [B, Tq, Td], `align_q2d` (softmax over doc
  tokens) [B, Tq, Td] and `align_d2q` (softmax over query tokens) [B, Td, Tq].
- **Fusion** (`head_fusion`, `FusionHead`), on top of the frozen text tower's doc embedding (the
  text channel): a category embedding, an MLP over the numeric features (log duration, CTR prior,
  log age in days — raw values in, standardised inside the graph with constants in config.json)
  and an MLP over the 16-d cover vector (input layers at unit scale, output layers at zero, so
  each gets a gradient from step 0) each add a vector (zero at the start) and a scalar prior to
  the doc side: `logit = q·(d + Σ channel vectors) + Σ priors` = `[q; 1]·[d'; prior]`, still one
  dot product against a (E+1)-float offline vector (`doc.onnx` emits it). `channel_logits` shows
  each channel's share of the logit. The `fusion_*` rows add one channel at a time.
{training}- **Graphs** (per head folder): `onnx/model.onnx` takes the tower outputs (`query_embedding`,
  `query_token_embeddings`, `query_attention_mask`, `doc_…`); `onnx/doc.onnx` is the offline doc
  side (multi-head: `doc_heads` [B, K, 32]; ESIM: `doc_codes` int32 in −127..127, stored as int8,
  and `doc_scales` [B, Td]; fusion: `doc_vector` [B, H+1]); `onnx/scorer.onnx` scores from the
  stored doc side. The query inputs have their own batch axis `q_batch`: 1 (one query broadcast
  against `batch` candidates — how the latency is measured) or equal to `batch`.
- **int8** (training/compress.py): weight-only QDQ — every MatMul/Gemm weight and Gather table
  (≥ 256 values) as int8 codes + per-channel fp32 scale → `DequantizeLinear` → MatMul, built with
  the onnx package; the PyTorch module gets the same rounding first, so quality is measured on the
  function the graph computes (parity ≤ 1e-4). The channel is the weight's *input* feature:
  onnxruntime 1.30 rewrites DQ(per-output-channel int8)→MatMul into `MatMulNBits` (8 bits,
  accuracy_level 4), which also quantises activations and moved ESIM scores by ~1e-2 in our test;
  per-input-channel scales do not fit that rewrite, so the graph runs as DQ → fp32 MatMul.
- **fp16**: the whole graph in float16 (initialisers, constants, casts), float32 at the inputs and
  outputs (Cast nodes), for WebGPU adapters with `shader-f16`. Quality is an emulation in PyTorch
  (weights and every layer's output rounded to fp16); onnxruntime-node runs the graph on CPU
  (parity vs fp32 PyTorch within 2e-2 + 2e-2·|x|); true shader-f16 numerics are not measured here
  (the only WebGPU adapter we have, SwiftShader, has no `shader-f16`).
"""


def training_text(rep: dict) -> str:
    st = rep["settings"]
    if st.get("kd_lists"):
        return (f"- **Training** (a few CPU-minutes per head, 1 thread): the fine ranker (the recipe's cross-encoder, "
                f"the strongest model) scores the BM25 top-{st['kd_cand_k']} of {st['kd_lists']} train-split queries"
                + (f" plus {st['kd_randoms']} docs outside that list (half from the category of its top doc, half "
                   "random — the eval candidate sets hold such judged negatives besides BM25's)" if st.get("kd_randoms") else "")
                + "; "
                f"each step a head matches the fine ranker's softmax over {st['list_len']} sampled candidates of "
                f"{st['batch']} lists (KL) — the reference's fine-ranker → coarse-ranker distillation in its late "
                "regime, where the coarse ranker's own click loss is dropped. No qrels, no clicks, no valid/test "
                "data. A first attempt trained the heads on the students' own click examples (listwise softmax over "
                "[clicked, skipped, in-batch] + KL to the fine ranker on each (clicked, skipped) pair): the multi-head "
                "head's valid nDCG@10 fell from step 0 on (0.469 → 0.455 over 400 steps on student_a), so selection "
                "kept the starting point (= the dot product) — the click data the tower already fits left nothing "
                "for a head to learn — and the signal was switched (`training/heads_pipeline.py` keeps both: "
                "`kd_lists=0` trains on clicks).\n")
    return ("- **Training** (a few CPU-minutes per head, 1 thread): the same train-split click examples the "
            "recipe's students were trained on (`data.training_pairs`, the first `student_pool`); listwise softmax "
            "over [clicked, skipped, 4 other queries' clicked docs], plus KL to the fine ranker's softmax over "
            "(clicked, skipped) from the tower's run (`<run>/targets/targets.pt`). No qrels, no valid/test clicks.\n")


def f4(v):
    return "—" if v is None else f"{v:.4f}"


def pts(a, b):
    return "—" if a is None or b is None else f"{100 * (a - b):+.2f}"


def kb(v):
    return "—" if not v else f"{v / 1024:.0f} KB"


def sci(v):
    return "—" if v is None else f"{v:.1e}"


def ms(v):
    return "—" if v is None else f"{v:.1f}"


def render(rep: dict) -> str:
    rows = {r["id"]: r for r in rep["rows"]}
    base = rows.get("dot", {})
    p = rep["protocol"]
    L = []
    w = L.append
    w("## Interaction heads, fusion, compression\n")
    w(f"Profile `{rep['profile']}`, frozen tower `{rep['tower']}` ({rep['layers']} layers, embedding {rep['hidden']}" + (f", token width {rep['token_hidden']}" if rep.get('token_hidden') else "") + f"). "
      f"Protocol = the recipe's (training/evaluate.py): {p['split']} split, {p['queries']} queries, candidate set "
      f"= judged ∪ BM25 top-{p['cand_k']} (mean {p['mean_candidates']:.0f} candidates), metrics from training/metrics.py; "
      f"N/M against the {p.get('nm_reference') or '(no fine ranker: N/M not computed)'}. "
      f"Heads trained on {rep['train_examples']} train-split click examples "
      f"({rep['kd_examples']} with fine-ranker logits for KD), {rep['settings']['steps']} steps × batch "
      f"{rep['settings']['batch']} ({rep['settings']['fusion_steps']} for fusion), {rep['settings']['threads']} CPU thread(s). "
      f"Pipeline wall time {rep['seconds'] / 60:.1f} min; load average when it finished "
      f"{rep.get('load_average_at_report')} on {rep.get('cpu_count')} cores (every latency below is "
      f"measured on this shared machine).\n")
    w("Re-run on another tower (the lead's final student):\n")
    w(f"    {rep['command']}\n")
    vq = (rep.get("protocol_valid") or {}).get("queries")
    w(DESIGN.replace("(E+1)", str(rep["hidden"] + 1)).replace("{training}", training_text(rep)).replace(
        "{valid}", f" (valid split: {vq} queries, the same candidate protocol)" if vq else ""))
    w("### Quality vs cost\n")
    w("Δ = points over the tower's own dot product (same tower, same candidates). Latency: median ms for one "
      "query against 1,000 candidates through the head's scorer graph (stored doc side in, the online path; "
      "the query tower runs once per query either way, see the tower table), in onnxruntime-node (native, "
      "2 threads) and ORT-web WASM in headless Chromium (2 threads, cross-origin isolated); the dot product "
      "itself is 1,000 × hidden multiply-adds (< 0.1 ms). The machine is 2 cores shared with the main "
      "training run, so latencies are noisy upper bounds. Bytes/doc: what the offline index stores per doc.\n")
    w("| id | technique | AUC | nDCG@10 | N/M | ΔAUC | ΔnDCG@10 | node ms / 1k | WASM ms / 1k | bytes/doc | head graph | params |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rep["rows"]:
        w(f"| `{r['id']}` | {r['technique']} | {f4(r['auc'])} | {f4(r['ndcg10'])} | {f4(r['nm'])} | "
          f"{pts(r['auc'], base.get('auc'))} | {pts(r['ndcg10'], base.get('ndcg10'))} | "
          f"{ms(r['scorer_ms_per_1000'] if r['scorer_ms_per_1000'] is not None else r['head_ms_per_1000'])} | "
          f"{ms(r.get('wasm_ms_per_1000'))} | "
          f"{r['bytes_per_doc']['bytes']:.0f} | {kb(r['head_model_bytes'])} | {r['params']:,} |")
    w("")
    w("Bytes per doc: " + "; ".join(f"`{r['id']}` {r['bytes_per_doc']['how']}" for r in rep["rows"]
                                     if r["id"] in ("dot", "head_multi", "head_esim", "head_fusion")) + ".\n")
    w("### Pairwise comparisons asked for\n")
    for a, b, label in (("head_multi", "dot", "multi-head vs dot product"), ("head_esim", "head_multi", "ESIM vs multi-head"),
                        ("head_fusion", "dot", "fusion (all channels) vs text only")):
        if a in rows and b in rows:
            ra, rb = rows[a], rows[b]
            w(f"- **{label}**: AUC {f4(rb['auc'])} → {f4(ra['auc'])} ({pts(ra['auc'], rb['auc'])} pts), "
              f"nDCG@10 {f4(rb['ndcg10'])} → {f4(ra['ndcg10'])} ({pts(ra['ndcg10'], rb['ndcg10'])} pts), "
              f"N/M {f4(rb['nm'])} → {f4(ra['nm'])}; cost: {ms(ra['scorer_ms_per_1000'] or ra['head_ms_per_1000'])} ms "
              f"per 1,000 candidates, {ra['bytes_per_doc']['bytes']:.0f} B/doc (vs {rb['bytes_per_doc']['bytes']:.0f}).")
            hist = (ra.get("train") or {}).get("valid_history") or []
            if hist and max(hist, key=lambda h: h[1])[0] == 0:
                w(f"  Selection kept step 0 (= the dot product): valid nDCG@10 {f4(hist[0][1])} at step 0, "
                  f"{f4(hist[-1][1])} after {hist[-1][0]} steps — on this tower the head found nothing the dot "
                  "product misses.")
    w("")
    order = ["fusion_category", "fusion_numeric", "fusion_cover", "head_fusion"]
    fusion = sorted((r for r in rep["rows"] if r["group"] == "fusion"),
                    key=lambda r: order.index(r["id"]) if r["id"] in order else len(order))
    if fusion and base:
        w("### Fusion ablation per intent (nDCG@10; Δ in points over text only)\n")
        intents = [i for i in INTENT_ORDER if i in base.get("by_intent", {})] + \
            [i for i in base.get("by_intent", {}) if i not in INTENT_ORDER]
        w("| channels | " + " | ".join(intents) + " | all |")
        w("| --- | " + " | ".join("---" for _ in intents) + " | --- |")
        w("| text only (`dot`) | " + " | ".join(f4(base["by_intent"][i]["ndcg10"]) for i in intents) +
          f" | {f4(base['ndcg10'])} |")
        for r in fusion:
            cells = [f"{f4(r['by_intent'].get(i, {}).get('ndcg10'))} ({pts(r['by_intent'].get(i, {}).get('ndcg10'), base['by_intent'][i]['ndcg10'])})"
                     for i in intents]
            w(f"| `{r['id']}` | " + " | ".join(cells) + f" | {f4(r['ndcg10'])} ({pts(r['ndcg10'], base['ndcg10'])}) |")
        w("")
    ft = rep.get("fusion_trained") or {}
    if ft.get("dot") and len(ft) > 1:
        d0 = ft["dot"]
        intents = [i for i in INTENT_ORDER if i in d0["test"]["by_intent"]]
        w("### Fusion channels as trained (last step, before selection; Δ nDCG@10 in points over text only, test / valid)\n")
        w("What each channel does to each intent when it is trained to the end; the table above is after "
          "checkpoint selection on the valid split (a row equal to `dot` there means selection kept step 0, "
          "i.e. no checkpoint beat text only on valid).\n")
        w("| channels | selected step | " + " | ".join(intents) + " | all |")
        w("| --- | --- | " + " | ".join("---" for _ in intents) + " | --- |")
        for vid in [v for v in order if v in ft] + [v for v in ft if v not in order and v != "dot"]:
            t, v = ft[vid]["test"], ft[vid]["valid"]
            cells = [f"{pts(t['by_intent'].get(i), d0['test']['by_intent'].get(i))} / "
                     f"{pts(v['by_intent'].get(i), d0['valid']['by_intent'].get(i))}" for i in intents]
            w(f"| `{vid}` | {ft[vid].get('selected_step')} | " + " | ".join(cells) +
              f" | {pts(t['ndcg10'], d0['test']['ndcg10'])} / {pts(v['ndcg10'], d0['valid']['ndcg10'])} |")
        w("")
    heads = [r for r in rep["rows"] if r["id"] in ("dot", "head_multi", "head_esim")]
    if len(heads) == 3:
        w("### Heads per intent (nDCG@10)\n")
        intents = [i for i in INTENT_ORDER if i in base.get("by_intent", {})]
        w("| id | " + " | ".join(intents) + " |")
        w("| --- | " + " | ".join("---" for _ in intents) + " |")
        for r in heads:
            w(f"| `{r['id']}` | " + " | ".join(f4(r["by_intent"].get(i, {}).get("ndcg10")) for i in intents) + " |")
        w("")
    tw = rep.get("towers") or {}
    if tw:
        w("### Compressed towers (the recipe's tower format)\n")
        w("| id | precision | lean graph | inspect graph | node query ms | node ms / 1,000 docs | WASM query ms | "
          "WASM ms / 1,000 docs | parity max|diff| |")
        w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for mid, t in tw.items():
            o = t.get("ort") or {}
            lat = o.get("latency") or {}
            wa = t.get("wasm") or {}
            w(f"| `{mid}`{'' if t.get('shipped') else ' (not shipped)'} | {t['precision']} | {kb(t['bytes'].get('lean'))} | "
              f"{kb(t['bytes'].get('inspect'))} | {ms(lat.get('query_ms'))} | {ms(lat.get('per_1000_docs_ms'))} | "
              f"{ms(wa.get('query_ms'))} | {ms(wa.get('per_1000_docs_ms'))} | "
              f"{sci(o.get('max_abs_diff'))} |")
        w("")
    w("### Verdicts against the quality bar\n")
    for line in verdicts(rep, rows):
        w(f"- {line}")
    w("")
    w("### Parity (PyTorch vs onnxruntime-node)\n")
    for r in rep["rows"]:
        if r["parity_max_abs_diff"] is not None:
            w(f"- `{r['id']}`: max |diff| {r['parity_max_abs_diff']:.1e}, ok={r['parity_ok']}"
              f"{'' if r['shipped'] else ' (measured, not shipped)'}")
    w("")
    return "\n".join(L) + "\n"


def verdicts(rep, rows) -> list[str]:
    out = []
    d, m, e = rows.get("dot"), rows.get("head_multi"), rows.get("head_esim")
    if d and m and e:
        for key, name in (("auc", "AUC"), ("ndcg10", "nDCG@10")):
            ok = (e[key] or 0) >= (m[key] or 0) >= (d[key] or 0)
            out.append(f"ESIM ≥ multi-head ≥ dot on {name}: {'met' if ok else 'NOT met'} "
                       f"({f4(e[key])} / {f4(m[key])} / {f4(d[key])}).")
    q = rows.get("dot_int8")
    t = rep.get("towers") or {}
    if d and q:
        loss = 100 * ((d["ndcg10"] or 0) - (q["ndcg10"] or 0))
        f32 = (t.get("cmp_tower_fp32") or {}).get("bytes", {}).get("lean")
        i8 = (t.get("cmp_tower_int8") or {}).get("bytes", {}).get("lean")
        ratio = f32 / i8 if f32 and i8 else None
        out.append(f"int8 tower: nDCG@10 loss {loss:.2f} pts (bar ≤ 1), size ×{'—' if ratio is None else f'{ratio:.2f}'} "
                   f"smaller (bar ≥ 3): {'met' if loss <= 1 and ratio and ratio >= 3 else 'NOT met'}.")
    qe = rows.get("head_esim_int8")
    if e and qe:
        out.append(f"int8 tower + int8 ESIM vs fp32 ESIM: nDCG@10 {pts(qe['ndcg10'], e['ndcg10'])} pts.")
    fu = rows.get("head_fusion")
    if d and fu:
        gains = {i: (fu["by_intent"][i]["ndcg10"] or 0) - (d["by_intent"][i]["ndcg10"] or 0)
                 for i in fu["by_intent"] if i in d["by_intent"]}
        up = [f"{i} {100 * g:+.2f}" for i, g in sorted(gains.items(), key=lambda x: -x[1])]
        out.append("fusion vs text only, nDCG@10 per intent (pts): " + ", ".join(up) + ".")
    return out
