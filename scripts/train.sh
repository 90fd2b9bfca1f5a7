#!/usr/bin/env bash
# `npm run train -- --profile full`: retrain every model from scratch (resumable) and export to
# models/. Generates the click log first if it is missing. Checkpoints: training/runs/<profile>/
# (git-ignored). Extra arguments go to `python3 -m training.train` (see --help).
#   npm run train -- --profile full                  # ~2 h on 2 idle cores (sized by steps; each stage has a safety time cap),
#                                                      then the heads (training/heads_pipeline.py) and the real-world check
#   npm run train -- --profile tiny --out /tmp/tiny   # smoke run, ~3 min
#   torchrun --nproc_per_node 2 --redirects 1:2 --tee 1:2 -m training.train --profile tiny --out /tmp/t
#     (same code under DDP; the two flags only dodge a torch 1.13 + Python 3.11 torchrun parsing bug)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}  # shared CPU: no OpenMP spin-waiting (4x faster here)
if ! "$PY" -c 'import torch' 2>/dev/null; then
  for cand in python3 python; do
    if command -v "$cand" >/dev/null && "$cand" -c 'import torch' 2>/dev/null; then PY=$(command -v "$cand"); break; fi
  done
fi
"$PY" -c 'import torch, onnx' || {
  echo "train.sh: no python with torch + onnx; install: apt-get install python3-torch python3-onnx python3-pytest libopenblas0-pthread" >&2
  exit 1
}

profile=tiny
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --profile) profile="${args[$((i + 1))]}" ;;
    --profile=*) profile="${args[$i]#--profile=}" ;;
  esac
done

if [ ! -s data/world/clicks.jsonl ]; then
  echo "train.sh: data/world/clicks.jsonl missing — generating the world with clicks"
  npm run gen:world -- --clicks
fi

extra=()
case " $* " in *" --out "*|*" --out="*) ;; *) [ "$profile" = full ] && extra+=(--out models) ;; esac

"$PY" -m training.train --world public/demo --clicks data/world/clicks.jsonl "${extra[@]}" "$@"

# The full profile also trains the interaction heads over its best distilled student (student_d) and
# scores every shipped model on the hand-written real-world pairs (training/realworld/).
if [ "$profile" = full ] && [ ${#extra[@]} -gt 0 ]; then
  run_dir=training/runs/full
  for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in --run-dir) run_dir="${args[$((i + 1))]}" ;; --run-dir=*) run_dir="${args[$i]#--run-dir=}" ;; esac
  done
  "$PY" -m training.heads_pipeline --profile full --tower "$run_dir/student_d/model.pt" \
    --fine "$run_dir/fine/model.pt" --out models --wasm
  if [ -f scripts/realworld-check.ts ]; then npx tsx scripts/realworld-check.ts --models models; fi
fi
