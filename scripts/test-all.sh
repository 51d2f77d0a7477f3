#!/usr/bin/env bash
# `npm test`: lint (with the import-direction rule), typecheck, unit and integration tests on PGlite,
# the integration tests again on PostgreSQL when TEST_DATABASE_URL is set, a production build, and
# the Playwright suite in Chromium against that build. Stops at the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# The tests build into and serve their own folder: a running `npm run demo` (which serves .next) is
# never rebuilt under its feet.
export FERRULE_DIST_DIR=.next-test

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "npm test needs Chromium for the end-to-end tests, and there is none at $CHROMIUM_PATH." >&2
  echo "Install it with: sudo apt-get update && sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium or Chrome binary)" >&2
  exit 1
fi
export CHROMIUM_PATH

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "lint"
npx eslint --max-warnings=0 .

step "typecheck"
npx tsc --noEmit

step "unit and integration tests (PGlite)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest-pglite.json"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  step "integration tests (PostgreSQL: ${TEST_DATABASE_URL%%\?*})"
  # One file at a time: the files share one database, and each holds a transaction open for its
  # whole test, so two files seeding the same catalog rows could otherwise wait on each other.
  FERRULE_TEST_DRIVER=postgres npx vitest run .int.test --no-file-parallelism --reporter=default --reporter=json --outputFile.json="$out/vitest-postgres.json"
else
  echo "(TEST_DATABASE_URL is not set: the PostgreSQL pass is skipped)"
fi

step "production build (into $FERRULE_DIST_DIR)"
npx next build

step "end-to-end tests (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json

node scripts/test-summary.mjs "$out"
