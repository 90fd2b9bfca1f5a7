#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing and we are
# root with apt-get; otherwise stops and names exactly what to install.
# It never downloads a browser of its own.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
py=/usr/bin/python3
if ! [ -x "$py" ] || ! "$py" -c 'import torch' 2>/dev/null; then missing+=(python3-torch); fi
if ! "$py" -c 'import pytest' 2>/dev/null; then missing+=(python3-pytest); fi
if ! "$py" -c 'import onnx' 2>/dev/null; then missing+=(python3-onnx); fi
if ! "$py" -c 'import numpy' 2>/dev/null; then missing+=(python3-numpy); fi
# The doc-encoding kernel's test rebuilds src/runtime/encode/kernels/tower.c and compares (scripts/build-kernels.sh).
command -v clang >/dev/null 2>&1 || missing+=(clang)
command -v wasm-ld >/dev/null 2>&1 || missing+=(lld)
# Real Chinese text for the recipe's MLM pre-training (training/corpus.py; docs/DATA.md "Pre-training text").
[ -s /usr/share/games/fortunes/chinese ] || missing+=(fortunes-zh)
# Without OpenBLAS torch falls back to the reference BLAS, ~4x slower.
if ! ls /usr/lib/*/libopenblas*.so* >/dev/null 2>&1 && ! ls /usr/lib/*/openblas-pthread >/dev/null 2>&1; then
  missing+=(libopenblas0-pthread)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: installing ${missing[*]} from Debian…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" libopenblas0-pthread >/dev/null
  exit 0
fi

echo "ensure-system-deps: missing ${missing[*]}." >&2
echo "Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}), then run the tests again." >&2
exit 1
