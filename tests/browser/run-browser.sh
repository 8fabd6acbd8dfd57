#!/usr/bin/env bash
# run-browser.sh: the browser end-to-end suite, or the demo story.
#
#   run-browser.sh e2e   SCRATCH SCREENSHOTS   the scenarios (TAP)
#   run-browser.sh story SCRATCH SCREENSHOTS   ./build.sh demo's browser part
#
# Installs the pinned playwright-core (package.json, package-lock.json) with
# `npm ci` into SCRATCH/node-env (kept while the lock file is unchanged),
# checks for Debian's chromium (CHROMIUM, default /usr/bin/chromium; never a
# downloaded browser), then runs stack.py, which starts the services and the
# Playwright script. Without node, npm or chromium, or when npm cannot
# install: a skip (TAP "1..0 # SKIP why", exit 0; the story exits 77), and on
# CI (CI set, not "false" or "0") a failure.
# Environment: as stack.py.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euo pipefail

MODE=${1:?usage: run-browser.sh e2e|story SCRATCH SCREENSHOTS}
SCRATCH=${2:?scratch folder}
SCREENSHOTS=${3:?screenshot folder}
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$SCRATCH"
SCRATCH=$(cd "$SCRATCH" && pwd)

. "$SRC/../interop/node20.sh"

skip() {
  if [ "$MODE" = story ]; then
    echo "the browser part of the story cannot run: $*" >&2
    exit 77
  fi
  fail_skip_on_ci "$*"
  echo "1..0 # SKIP $*"
  exit 0
}

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
[ -x "$CHROMIUM" ] || skip "no chromium at $CHROMIUM (Debian package chromium; build.sh installs it)"
command -v node >/dev/null 2>&1 || skip "node not found"
command -v npm >/dev/null 2>&1 || skip "npm not found"
export npm_config_update_notifier=false
npm_cache=$(npm config get cache 2>/dev/null || true)
if [ -z "$npm_cache" ] || ! { mkdir -p "$npm_cache" 2>/dev/null && [ -w "$npm_cache" ]; }; then
  export npm_config_cache=$SCRATCH/npm-cache
fi
use_node20 >&2

ENVDIR=$SCRATCH/node-env
mkdir -p "$ENVDIR"
cp "$SRC/package.json" "$SRC/package-lock.json" "$SRC/e2e.mjs" "$ENVDIR/"
modules_ok() { (cd "$ENVDIR" && node -e 'import("playwright-core").then(() => process.exit(0), () => process.exit(1))') >/dev/null 2>&1; }
if ! { cmp -s "$SRC/package-lock.json" "$ENVDIR/.installed-lock.json" && modules_ok; }; then
  rm -rf "$ENVDIR/node_modules" "$ENVDIR/.installed-lock.json"
  to=()
  command -v timeout >/dev/null 2>&1 && to=(timeout "${INTEROP_NPM_TIMEOUT:-300}")
  # --ignore-scripts: playwright-core has no install script, and nothing may download a browser
  if (cd "$ENVDIR" && "${to[@]}" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >"$SCRATCH/npm-ci.log" 2>&1 &&
     modules_ok; then
    cp "$SRC/package-lock.json" "$ENVDIR/.installed-lock.json"
  else
    sed 's/^/# npm: /' "$SCRATCH/npm-ci.log" | tail -n 5
    if grep -qiE 'in sync|EUSAGE' "$SCRATCH/npm-ci.log"; then
      echo "not ok 1 - package-lock.json does not match package.json (npm ci, see $SCRATCH/npm-ci.log)"
      echo "1..1"
      exit 1
    fi
    skip "cannot install playwright-core (npm ci failed, see $SCRATCH/npm-ci.log)"
  fi
fi

export BROWSER_NODE_MODULES=$ENVDIR
exec /usr/bin/python3 "$SRC/stack.py" "$MODE" "$SCRATCH" "$SCREENSHOTS"
