#!/usr/bin/env bash
# The project's test command (`npm test`): typecheck, unit tests, a clean offline-capable
# build, a second clean build that must be byte-identical, the end-to-end tests against that
# build, then a build without the mirror and its browser test.
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

echo "== reproducible build: a second clean build must give a byte-identical dist/"
SITE_DIST_READY=1 npx tsx test/reproducible-build.ts

echo "== end-to-end tests"
export SITE_DIST_READY=1 # the harness reuses this dist instead of building again
node --import tsx --test --test-concurrency=1 test/e2e/*.test.ts

echo "== a build without the mirror (what a newcomer gets offline), into dist-bare/, and its browser test"
bare_cache=$(mktemp -d)
rm -rf src/.observablehq/cache dist-bare
env -u ASSET_MIRROR ASSET_CACHE="$bare_cache" ASSET_OFFLINE=1 SITE_OUTPUT=dist-bare npm run --silent build
rm -rf "$bare_cache"
SITE_OUTPUT=dist-bare node --import tsx --test --test-concurrency=1 test/e2e-bare/*.test.ts
