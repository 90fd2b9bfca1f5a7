#!/usr/bin/env bash
# `npm test`: every suite, in order; fails if any fails. Type check, lint,
# unit tests (Node), the Python recipe's tests, then end-to-end tests against
# a production build in Debian Chromium (WASM and WebGPU projects).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh || exit 1

logs=$(mktemp -d)
passed=0; failed=0; bad=()

# count <log> <regex picking the runner's summary line>: adds its N passed / N failed.
count() {
  local line p f
  # Runners colour their summaries; strip the escapes first.
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -aE "$2" | tail -1)
  p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
  f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}

step() { # name, command...
  local name=$1; shift
  echo; echo "=== $name: $*"
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then bad+=("$name"); echo "=== $name FAILED (exit $rc)"; fi
  return 0
}

step typecheck npx tsc -p tsconfig.json --noEmit
step lint npx eslint . --max-warnings 0
step unit npx vitest run
count "$logs/unit.log" '^ +Tests +[0-9]'
step python bash scripts/test-py.sh
count "$logs/python.log" '[0-9]+ (passed|failed).* in [0-9.]+s'
# Doc embeddings of the shipped models, precomputed as at setup (skipped when up to date).
step embeddings npx tsx scripts/prepare-embeddings.ts
step build npx vite build --logLevel warn
step e2e npx playwright test
count "$logs/e2e.log" '^ +[0-9]+ passed'
count "$logs/e2e.log" '^ +[0-9]+ failed'

echo
echo "=== suites failed: ${bad[*]:-none}"
echo "all suites: $passed passed, $failed failed"
[ ${#bad[@]} -eq 0 ]
