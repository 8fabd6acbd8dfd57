#!/usr/bin/env bash
# test-installed.sh BUILD_DIR PYTHON TESTS_DIR: install the build into a
# scratch DESTDIR and run the Python suite against the installed library,
# typelib and overrides only (nothing from the build or source tree).
set -euo pipefail

build=$1 python=$2 tests=$3
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

meson install -C "$build" --destdir "$destdir" --no-rebuild --quiet >/dev/null

typelib=$(find "$destdir" -name 'Vneid-1.0.typelib' -print -quit)
library=$(find "$destdir" -name 'libvneid-1.so.0' -print -quit)
overrides=$(find "$destdir" -path '*/gi/overrides/Vneid.py' -print -quit)
plugins=$(find "$destdir" -type d -path '*/vneid-1/plugins' -print -quit)
for found in "$typelib" "$library" "$overrides" "$plugins"; do
  [ -n "$found" ] || { echo "installed files are missing under $destdir" >&2; exit 1; }
done

export GI_TYPELIB_PATH=$(dirname "$typelib")
export LD_LIBRARY_PATH=$(dirname "$library")
export PYTHONPATH=$(dirname "$(dirname "$(dirname "$overrides")")")
# The installed bundled plugins, not the build tree's (the library's compiled-in
# plugin folder is under the real prefix, not under DESTDIR).
export VNEID_PLUGIN_PATH=$plugins
export PYTHONDONTWRITEBYTECODE=1
# The tests must not see the source tree's overrides.
cd "$destdir"
exec "$python" -m pytest -q -p no:cacheprovider --rootdir "$tests" "$tests"
