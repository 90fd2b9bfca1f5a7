#!/usr/bin/env bash
# `npm test`: every suite, in order; fails if any fails. Type check, lint,
# unit tests (Node), the Python recipe's tests, then end-to-end tests against
# a production build in Debian Chromium (WASM and WebGPU projects).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh || exit 1

logs=$(mktemp -d)
passed=0; failed=0; bad=()

# count <log> <regex for passed> <regex for failed>
count() {
  local p f
  p=$(grep -aoE "$2" "$1" | tail -1 | grep -oE '[0-9]+' | head -1)
  f=$(grep -aoE "$3" "$1" | tail -1 | grep -oE '[0-9]+' | head -1)
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
count "$logs/unit.log" 'Tests +[0-9]+ passed' 'Tests +.*[0-9]+ failed'
step python bash scripts/test-py.sh
count "$logs/python.log" '[0-9]+ passed' '[0-9]+ failed'
# Doc embeddings of the shipped models, precomputed as at setup (skipped when up to date).
step embeddings npx tsx scripts/prepare-embeddings.ts
step build npx vite build --logLevel warn
step e2e npx playwright test
count "$logs/e2e.log" '[0-9]+ passed' '[0-9]+ failed'

echo
echo "=== suites failed: ${bad[*]:-none}"
echo "all suites: $passed passed, $failed failed"
[ ${#bad[@]} -eq 0 ]
