#!/usr/bin/env bash
# build.sh: install what is missing, build libvneid, and run the demo or the tests.
#
#   ./build.sh demo    the main job: authority, wallet and portal on 127.0.0.1 walk a citizen's
#                      story in Chromium (docs/browser.md), then `vneid demo` and examples/demo.sh
#   ./build.sh serve   keep authority, wallets and portal running for a person to click through
#   ./build.sh test    every test suite, then again under ASan + UBSan
#   ./build.sh deps    only install the Debian packages the project needs
#   ./build.sh bench   build optimized and run vneid-bench
#
# Works as root or through sudo on Debian 12. Build folders: build/ and build-asan/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

packages=(
  meson ninja-build pkg-config build-essential
  libglib2.0-dev libjson-glib-dev libsodium-dev libpcre2-dev check
  gobject-introspection libgirepository1.0-dev
  python3 python3-gi python3-pytest python3-cryptography python3-flask
  valgrind gi-docgen
  libsoup-3.0-dev libsqlite3-dev libpq-dev postgresql libqrencode-dev
  chromium
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # The interop and browser suites need node and npm; Debian's nodejs will do where none
  # is installed (tests/interop/node20.sh then fetches node 20 through npm).
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "build.sh: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

configure() { # dir, extra meson options...
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
  ninja -C "$dir"
}

run_suites() { # dir, label, [meson test arguments: --setup NAME first, test names]
  local dir=$1 label=$2 status=0 log=testlog.json
  shift 2
  if [ "${1:-}" = "--setup" ]; then log=testlog-$2.json; fi
  echo "== $label =="
  # an old log must not stand in for a run that wrote none
  rm -f "$dir/meson-logs/$log"
  meson test -C "$dir" --print-errorlogs --no-rebuild "$@" || status=$?
  /usr/bin/python3 scripts/test-summary.py "$label" "$dir/meson-logs/$log" >> "$summary"
  return $status
}

# Runs a stage and notes how long it took (docs/testing.md lists the costs).
stage_times=()
timed() { # label, command...
  local label=$1 start=$SECONDS rc=0
  shift
  "$@" || rc=$?
  stage_times+=("$label $((SECONDS - start)) s")
  return $rc
}

# The services and data the browser story and `serve` use (tests/browser/stack.py).
services_env() {
  export VNEID_AUTHORITY=$here/build/services/authority/vneid-authority
  export VNEID_WALLET=$here/build/services/wallet/vneid-wallet
  export VNEID_PORTAL=$here/build/services/portal/vneid-portal
  export VNEID_TOOL=$here/build/tools/vneid
  export VNEID_EXAMPLES_DATA=$here/examples/data
  export VNEID_PLUGIN_PATH=$here/build/plugins
  export AUTHORITY_PG_CLUSTER=$here/services/authority/tests/pg-cluster.sh
}

cmd=${1:-}
case "$cmd" in
  deps)
    install_deps
    ;;
  demo)
    install_deps
    configure build
    services_env
    # Part 1: a citizen's story through the three services, in Chromium,
    # with a screenshot of each step (docs/browser.md).
    echo "== Part 1: register, approve, activate, receive, fill a form from VNeID, submit =="
    story=0
    tests/browser/run-browser.sh story build/tests/browser/scratch build/demo-screenshots || story=$?
    case $story in
      0) echo "   screenshots: $here/build/demo-screenshots/" ;;
      77) echo "   (the browser part needs chromium, node and npm: ./build.sh deps installs them)" ;;
      *) echo "build.sh: the browser story failed (exit $story)" >&2; exit "$story" ;;
    esac
    echo
    echo "== Part 2: the library alone: every form for three citizens, then the refusals =="
    # Demo citizens' credentials issued, presented, verified and filled
    # into every bundled form (plugins from the build tree) ...
    build/tools/vneid demo --data examples/data
    # ... then the credential round trip, the refusals and the profiles.
    exec examples/demo.sh build/tools/vneid
    ;;
  test)
    install_deps
    summary=$(mktemp)
    trap 'rm -f "$summary"' EXIT
    status=0
    timed "build:" configure build
    timed "tests:" run_suites build "build" || status=1
    # Sanitizer build: the GIR scanner cannot load an ASan library, so it is left out.
    timed "asan build:" configure build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dintrospection=disabled
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 timed "asan tests:" run_suites build-asan "asan+ubsan" || status=1
    # The Check suites under valgrind's memcheck (tests/meson.build, setup "valgrind";
    # docs/hardening.md): no errors, no definite/indirect/possible leaks.
    mapfile -t check_suites < <(/usr/bin/python3 scripts/check-suites.py build)
    if [ ${#check_suites[@]} -gt 0 ]; then
      timed "valgrind:" run_suites build "valgrind" --setup valgrind "${check_suites[@]}" || status=1
    else
      echo "build.sh: no Check suites found in build/ for valgrind"; status=1
    fi
    # ThreadSanitizer, on the threads suite only (docs/threads.md).
    timed "tsan build:" configure build-tsan -Db_sanitize=thread -Dintrospection=disabled -Dinterop=disabled \
      -Dc_args='-fno-omit-frame-pointer -fno-optimize-sibling-calls'
    G_SLICE=always-malloc \
      TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$here/tests/tsan.supp" \
      timed "tsan tests:" run_suites build-tsan "tsan" test-threads || status=1
    # libFuzzer targets (docs/hardening.md): each built with clang from build/'s
    # generated sources and run FUZZ_SECONDS (default 60); their TAP counts join the summary.
    if ! command -v clang >/dev/null 2>&1 ||
       ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q 'install ok installed'; then
      { as_root apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          clang libclang-rt-14-dev; } || echo "build.sh: no clang: the fuzzers cannot run (a failure on CI)"
    fi
    echo "== fuzz =="
    timed "fuzz:" tests/fuzz/run-fuzzers.sh --build build --work build-fuzz --summary "$summary" || status=1
    # a fuzz stage that died before its summary line still counts
    grep -q '^fuzz:' "$summary" || echo "fuzz: 0 passed, 1 failed, 0 skipped (no summary line)" >> "$summary"
    echo "== time per stage =="
    printf '  %s\n' "${stage_times[@]}"
    /usr/bin/python3 scripts/test-summary.py --total "$summary"
    exit $status
    ;;
  serve)
    install_deps
    configure build
    services_env
    exec /usr/bin/python3 tests/browser/stack.py serve "${@:2}"
    ;;
  bench)
    install_deps
    configure build-release --buildtype=release
    VNEID_PLUGIN_PATH="$here/build-release/plugins" build-release/tests/vneid-bench "${@:2}"
    ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || exit 2
    ;;
esac
