#!/usr/bin/env bash
# build.sh: install what is missing, build libvneid, and run the demo or the tests.
#
#   ./build.sh demo    the main job: `vneid demo` (forms filled from verified credentials), then examples/demo.sh
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
  libglib2.0-dev libjson-glib-dev libsodium-dev check
  gobject-introspection libgirepository1.0-dev
  python3 python3-gi python3-pytest
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # The interop suite needs node and npm; Debian's nodejs will do where none is installed.
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

run_suites() { # dir, label
  local dir=$1 label=$2 status=0
  echo "== $label =="
  meson test -C "$dir" --print-errorlogs --no-rebuild || status=$?
  /usr/bin/python3 scripts/test-summary.py "$label" "$dir/meson-logs/testlog.json" >> "$summary"
  return $status
}

cmd=${1:-}
case "$cmd" in
  deps)
    install_deps
    ;;
  demo)
    install_deps
    configure build
    # Demo citizens' credentials issued, presented, verified and filled
    # into every bundled form (plugins from the build tree) ...
    export VNEID_PLUGIN_PATH="$here/build/plugins"
    build/tools/vneid demo --data examples/data
    # ... then the credential round trip, the refusals and the profiles.
    exec examples/demo.sh build/tools/vneid
    ;;
  test)
    install_deps
    summary=$(mktemp)
    trap 'rm -f "$summary"' EXIT
    status=0
    configure build
    run_suites build "build" || status=1
    # Sanitizer build: the GIR scanner cannot load an ASan library, so it is left out.
    configure build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dintrospection=disabled
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 run_suites build-asan "asan+ubsan" || status=1
    /usr/bin/python3 scripts/test-summary.py --total "$summary"
    exit $status
    ;;
  bench)
    install_deps
    configure build-release --buildtype=release
    build-release/tests/vneid-bench "${@:2}"
    ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || exit 2
    ;;
esac
