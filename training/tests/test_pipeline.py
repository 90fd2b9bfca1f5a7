"""The tiny profile end to end on a synthetic fixture world: every stage trains (loss falls),
is resumable, exports in the contract layout, and ONNX Runtime (node) matches PyTorch."""
import json
import os
import shutil
import subprocess
import sys

import onnx
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run_train(world_dir, clicks, run_dir, out_dir, *extra, torchrun=False):
    base = ["-m", "training.train", "--profile", "tiny", "--world", world_dir, "--clicks", clicks,
            "--run-dir", run_dir, "--out", out_dir, *extra]
    # NOTE: Debian's torch 1.13 torchrun on Python 3.11 cannot parse its own default --redirects/--tee "0"
    # (IntFlag iteration skips the zero member → None.get crash); any explicit non-zero value avoids it.
    cmd = ([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", "29533",
            "--redirects", "1:2", "--tee", "1:2"]
           if torchrun else [sys.executable]) + base
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def tiny_run(fixture_world, tmp_path_factory):
    world_dir, paths = fixture_world
    d = tmp_path_factory.mktemp("tiny")
    run_dir, out_dir = str(d / "run"), str(d / "models")
    # interrupted after 30 steps of the first stage, then resumed to the end
    r1 = run_train(world_dir, paths["clicks"], run_dir, out_dir, "--stop-after", "30")
    assert r1.returncode == 3, r1.stdout + r1.stderr
    assert os.path.exists(os.path.join(run_dir, "fine", "ckpt.pt"))
    r2 = run_train(world_dir, paths["clicks"], run_dir, out_dir)
    assert r2.returncode == 0, r2.stdout[-3000:] + r2.stderr[-3000:]
    return run_dir, out_dir, r2.stdout


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_tiny_profile_end_to_end(tiny_run):
    run_dir, out_dir, log = tiny_run
    assert "[fine] resuming at step 30" in log
    for stage in ("fine", "teacher_mlm", "teacher", "student_a"):
        meta = json.load(open(os.path.join(run_dir, stage, "meta.json")))
        assert meta["loss_last"] < meta["loss_first"], (stage, meta["loss_first"], meta["loss_last"])
    manifest = json.load(open(os.path.join(out_dir, "manifest.json")))
    assert manifest["version"] == 1 and manifest["profile"] == "tiny"
    ids = {m["id"] for m in manifest["models"]}
    assert ids == {"teacher", "fine", "student_a", "student_b", "student_c", "student_d", "student_e"}
    for m in manifest["models"]:
        d = os.path.join(out_dir, m["dir"])
        for f in ("config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", "reference.json",
                  "onnx/model.onnx"):
            assert os.path.exists(os.path.join(d, f)), (m["id"], f)
            assert f"{m['id']}/{f}" in m["sha256"]
        assert m["role"] in ("teacher", "student", "fine") and m["kind"] in ("tower", "cross")
        assert m["ort"]["max_abs_diff"] <= 1e-4
        g = onnx.load(os.path.join(out_dir, m["files"]["lean"]))
        onnx.checker.check_model(g)
        assert all(i.type.tensor_type.elem_type == onnx.TensorProto.INT32 for i in g.graph.input)
        assert all(o.type.tensor_type.elem_type == onnx.TensorProto.FLOAT for o in g.graph.output)
        names = [o.name for o in g.graph.output]
        assert names == (["embedding"] if m["kind"] == "tower" else ["logit"])
        if "inspect" in m["files"]:
            gi = onnx.load(os.path.join(out_dir, m["files"]["inspect"]))
            assert "attentions" in [o.name for o in gi.graph.output]
        assert set(m["metrics"]) == {"auc", "ndcg10", "recall100", "nm", "kendall"}
    rep = json.load(open(os.path.join(out_dir, "report.json")))
    assert rep["profile"] == "tiny" and len(rep["rows"]) == 8
    assert os.path.exists(os.path.join(out_dir, "REPORT.md"))
    assert rep["child_tuning"] and {"ct_none", "ct_F", "ct_D"} <= set(rep["child_tuning"])
    assert rep["child_tuning"]["chosen"] in ("none", "F", "D")


def test_stage_outputs_are_skipped_on_rerun(tiny_run, fixture_world):
    run_dir, out_dir, _ = tiny_run
    world_dir, paths = fixture_world
    r = run_train(world_dir, paths["clicks"], run_dir, out_dir, "--stages", "fine,teacher,student_a", "--skip-compare")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "[fine] done already" in r.stdout and "[student_a] done already" in r.stdout


def test_ddp_two_cpu_processes(fixture_world, tmp_path):
    """The same trainer under torchrun (gloo, 2 processes): one tiny stage pair, no code change."""
    world_dir, paths = fixture_world
    r = run_train(world_dir, paths["clicks"], str(tmp_path / "run"), str(tmp_path / "models"),
                  "--stages", "fine,teacher_mlm,teacher", "--skip-compare", "--scale", "0.25", torchrun=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "ranks=2" in r.stdout
    for stage in ("fine", "teacher_mlm", "teacher"):
        assert os.path.exists(tmp_path / "run" / stage / "model.pt")
