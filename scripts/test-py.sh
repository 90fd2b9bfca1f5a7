#!/usr/bin/env bash
# `npm run test:py`: the Python training recipe's tests (tokenizer parity with the JS tokenizer,
# metrics vs the TS fixture, model shapes, the tiny profile end to end + ONNX parity, DDP).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
if ! "$PY" -c 'import torch, onnx, pytest' 2>/dev/null; then
  echo "test-py.sh: /usr/bin/python3 cannot import torch, onnx and pytest." >&2
  echo "Install the Debian packages: apt-get install python3-torch python3-pytest python3-onnx libopenblas0-pthread" >&2
  exit 1
fi
exec "$PY" -m pytest -q training/tests "$@"
