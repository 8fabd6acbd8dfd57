#!/usr/bin/env bash
# test-installed.sh BUILD_DIR PYTHON TESTS_DIR: install the build into a
# scratch DESTDIR and use it as a newcomer would (docs/install.md), with
# nothing from the build tree:
#   1. PREFIX/bin/vneid runs without LD_LIBRARY_PATH (its run path), and
#      `vneid demo` fills every form from the installed data and plugins;
#   2. examples/c/portal.c compiles with `pkg-config --cflags --libs libvneid-1`
#      against the installed headers and library, fills vn.sbv.bank-account
#      for a demo citizen, and explains a replayed presentation;
#   3. README.md's Python example runs with only the variables docs/install.md
#      names for a non-system prefix;
#   4. the pytest suite runs against the installed library, typelib and overrides.
# Under DESTDIR the compiled-in folders (plugins, demo data) do not exist, so
# VNEID_PLUGIN_PATH and `--data` point at their DESTDIR copies; a real
# installation needs neither.
set -euo pipefail

build=$1 python=$2 tests=$3
source=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
destdir=$work/destdir

fail() { echo "test-installed: $*" >&2; exit 1; }
step() { echo "== $*"; }

meson install -C "$build" --destdir "$destdir" --no-rebuild --quiet >/dev/null
prefix=$(meson introspect --buildoptions "$build" |
  "$python" -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$destdir$prefix

typelib=$(find "$destdir" -name 'Vneid-1.0.typelib' -print -quit)
library=$(find "$destdir" -name 'libvneid-1.so.0' -print -quit)
overrides=$(find "$destdir" -path '*/gi/overrides/Vneid.py' -print -quit)
plugins=$(find "$destdir" -type d -path '*/vneid-1/plugins' -print -quit)
pcfile=$(find "$destdir" -name 'libvneid-1.pc' -print -quit)
for found in "$typelib" "$library" "$overrides" "$plugins" "$pcfile"; do
  [ -n "$found" ] || fail "installed files are missing under $destdir"
done
[ -x "$root/bin/vneid" ] || fail "no $root/bin/vneid"
export VNEID_PLUGIN_PATH=$plugins
export PYTHONDONTWRITEBYTECODE=1
unset LD_LIBRARY_PATH GI_TYPELIB_PATH PYTHONPATH

step "1. the installed vneid runs without LD_LIBRARY_PATH"
vneid=$root/bin/vneid
if [ "$prefix" = /usr ]; then
  # A system prefix has no run path: the loader looks in /usr, not in DESTDIR.
  echo "prefix /usr: no run path to test; LD_LIBRARY_PATH names the DESTDIR copy"
  export LD_LIBRARY_PATH=$(dirname "$library")
fi
"$vneid" --help >/dev/null || fail "$vneid does not find its library"
data=$root/share/vneid-1/demo
[ -d "$data" ] || fail "no installed demo data in $data"
"$vneid" demo --data "$data" > "$work/demo.txt" || fail "vneid demo failed: $(tail -5 "$work/demo.txt")"
grep -q 'vn.sbv.bank-account' "$work/demo.txt" || fail "vneid demo did not fill vn.sbv.bank-account"
echo "vneid demo: $(wc -l < "$work/demo.txt") lines"

# A demo citizen's presentations for a bank, made by the installed vneid.
"$source/examples/data/regenerate.sh" "$vneid" "$work/citizens" >/dev/null
nonce=n-test-installed audience=https://bank.example
presentations=()
for kind in pid cccd contact; do
  "$vneid" present --all --key "$source/examples/data/citizens/tran-thi-mai/wallet.jwk" \
    --nonce "$nonce" --audience "$audience" "$work/citizens/tran-thi-mai/$kind.sd-jwt" > "$work/$kind.vp"
  presentations+=("$work/$kind.vp")
done

step "2. examples/c/portal.c against the installed library (pkg-config)"
# The installed .pc file names the real prefix; a copy names the DESTDIR one,
# as the file of an installation to that folder would.
mkdir "$work/pkgconfig"
sed "s|^prefix=.*|prefix=$root|" "$pcfile" > "$work/pkgconfig/libvneid-1.pc"
cflags_libs=$(PKG_CONFIG_PATH=$work/pkgconfig pkg-config --cflags --libs libvneid-1)
case $cflags_libs in *"$root"*) ;; *) fail "pkg-config does not point at $root: $cflags_libs" ;; esac
# shellcheck disable=SC2086 # the flags are words
cc -Wall -Wextra -Werror -o "$work/portal" "$source/examples/c/portal.c" $cflags_libs \
  -Wl,-rpath,"$(dirname "$library")"
"$work/portal" "$data" "$nonce" "$audience" "${presentations[@]}" > "$work/portal.txt" ||
  fail "portal failed: $(cat "$work/portal.txt")"
cat "$work/portal.txt"
grep -q '^Trần Thị Mai, level 2' "$work/portal.txt" || fail "portal: no verified profile"
grep -q '\[verified, read-only\]' "$work/portal.txt" || fail "portal: no verified field"
grep -q '^the citizen must type:' "$work/portal.txt" || fail "portal: no fields to type"
status=0
"$work/portal" "$data" other-nonce "$audience" "${presentations[@]}" > "$work/replay.txt" || status=$?
[ "$status" = 1 ] || fail "portal accepted a presentation for another nonce (exit $status)"
grep -q 'made for another request' "$work/replay.txt" || fail "portal: $(cat "$work/replay.txt")"
echo "replayed presentation: $(head -1 "$work/replay.txt")"

step "3. README.md's Python example, with docs/install.md's variables only"
"$python" - "$source/README.md" > "$work/example.py" <<'EOF'
import re, sys
blocks = re.findall(r"^```python\n(.*?)^```", open(sys.argv[1], encoding="utf-8").read(), re.S | re.M)
if not blocks:
    sys.exit("README.md has no ```python block")
print(blocks[0], end="")
EOF
(
  export GI_TYPELIB_PATH=$(dirname "$typelib")
  export PYTHONPATH=$(dirname "$(dirname "$(dirname "$overrides")")")
  export LD_LIBRARY_PATH=$(dirname "$library")
  cd "$work"
  "$python" example.py "$data" "$nonce" "$audience" "${presentations[@]}"
) > "$work/example.txt" || fail "README example: $(cat "$work/example.txt")"
cat "$work/example.txt"
grep -q 'read-only' "$work/example.txt" || fail "README example: no verified field"

step "4. the pytest suite against the installed library, typelib and overrides"
export GI_TYPELIB_PATH=$(dirname "$typelib")
export LD_LIBRARY_PATH=$(dirname "$library")
export PYTHONPATH=$(dirname "$(dirname "$(dirname "$overrides")")")
# The tests must not see the source tree's overrides.
cd "$destdir"
exec "$python" -m pytest -q -p no:cacheprovider --rootdir "$tests" "$tests"
