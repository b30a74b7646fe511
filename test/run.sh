#!/usr/bin/env bash
# The project's test command (`npm test`): typecheck, unit tests, a clean offline-capable
# build, then the end-to-end tests against that build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ASSET_MIRROR:-}" ] && [ -d ../shared/assets ]; then
  ASSET_MIRROR=$(realpath ../shared/assets)
  export ASSET_MIRROR
fi
export OBSERVABLE_TELEMETRY_DISABLE=true
echo "test/run.sh: ASSET_MIRROR=${ASSET_MIRROR:-<unset: embedded models only>}"

echo "== typecheck"
npm run --silent typecheck

echo "== unit tests"
node --import tsx --test test/*.test.ts

echo "== build (clean: no loader cache, so stale outputs cannot hide a failing loader)"
rm -rf src/.observablehq/cache dist
npm run --silent build

echo "== end-to-end tests"
export SITE_DIST_READY=1 # the harness reuses this dist instead of building again
node --import tsx --test --test-concurrency=1 test/e2e/*.test.ts
