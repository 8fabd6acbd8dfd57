#!/usr/bin/env bash
# test-installed.sh BUILD_DIR PYTHON TESTS_DIR: install libvneid into a real
# non-system prefix, as a newcomer does (docs/install.md: `meson setup
# --prefix=PREFIX`, `ninja install`, no DESTDIR), and use it with only what
# docs/install.md and README.md say, nothing from the build tree:
#   1. PREFIX/bin/vneid runs with no variable set (its run path), and
#      `vneid demo` fills every form from the installed demo data and
#      plugins (the C plugin included);
#   2. examples/c/portal.c compiles with `pkg-config --cflags --libs
#      libvneid-1` (PKG_CONFIG_PATH only) and `-Wl,-rpath,LIBDIR`, fills
#      vn.sbv.bank-account for a demo citizen, and explains a replayed
#      presentation;
#   3. README.md's Python example runs with only the three variables
#      docs/install.md names for a non-system prefix;
#   4. the pytest suite runs against the installed library, typelib,
#      overrides and plugins.
# The prefix's build lives in BUILD_DIR/install-test/build and is kept, so
# that a later run rebuilds only what changed; the prefix,
# BUILD_DIR/install-test/prefix, is installed afresh every run.
set -euo pipefail

build=$1 python=$2 tests=$3
source=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "$build" && pwd)
inner=$build/install-test/build
prefix=$build/install-test/prefix
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "test-installed: $*" >&2; exit 1; }
step() { echo "== $*"; }

# Nothing from the build tree or the caller's environment.
unset LD_LIBRARY_PATH GI_TYPELIB_PATH PYTHONPATH VNEID_PLUGIN_PATH PKG_CONFIG_PATH
export PYTHONDONTWRITEBYTECODE=1

step "0. meson setup --prefix=$prefix, ninja install"
start=$SECONDS
if [ ! -f "$inner/build.ninja" ]; then
  # The test suites, the API reference and the interop suite are not what is
  # tested here; leaving them out halves the build.
  meson setup "$inner" "$source" --prefix="$prefix" \
    -Dtests=false -Ddocs=disabled -Dinterop=disabled > "$work/setup.log" 2>&1 ||
    fail "meson setup failed: $(tail -20 "$work/setup.log")"
fi
rm -rf "$prefix"
ninja -C "$inner" install > "$work/install.log" 2>&1 || fail "ninja install failed: $(tail -30 "$work/install.log")"
echo "built and installed in $((SECONDS - start)) s"

libdir=$prefix/$(meson introspect --buildoptions "$inner" |
  "$python" -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "libdir"))')
[ -f "$libdir/libvneid-1.so.0" ] || fail "no $libdir/libvneid-1.so.0"
[ -d "$libdir/vneid-1/plugins" ] || fail "no installed plugins in $libdir/vneid-1/plugins"
[ -d "$prefix/share/vneid-1/demo/citizens" ] || fail "no installed demo data in $prefix/share/vneid-1/demo"
cd "$work"   # not the source tree: nothing may be found there by accident

step "1. the installed vneid, with no variable set"
export PATH=$prefix/bin:$PATH
vneid --help >/dev/null || fail "$prefix/bin/vneid does not find its library"
vneid forms --json > forms.json || fail "vneid forms failed"
"$python" - "$libdir/vneid-1/plugins" forms.json <<'EOF' || fail "vneid forms: plugins not from the installed folder"
import json, sys
plugins = json.load(open(sys.argv[2]))["plugin_info"]
assert len(plugins) == 5, plugins
for plugin in plugins:
    assert plugin["folder"].startswith(sys.argv[1] + "/"), plugin["folder"]
print("vneid forms:", ", ".join(p["name"] for p in plugins))
EOF
vneid demo > demo.txt || fail "vneid demo failed: $(tail -5 demo.txt)"
grep -q 'vn.sbv.bank-account' demo.txt || fail "vneid demo did not fill vn.sbv.bank-account"
grep -q 'vn.bhxh.bhyt-checkin' demo.txt || fail "vneid demo did not fill the C plugin's form"
grep -q '^Demo complete' demo.txt || fail "vneid demo did not complete: $(tail -5 demo.txt)"
echo "vneid demo: $(wc -l < demo.txt) lines"

# A demo citizen's presentations for a bank, as README.md makes them.
data=$prefix/share/vneid-1/demo
"$source/examples/data/regenerate.sh" "$(command -v vneid)" "$work/citizens" >/dev/null
nonce=n-test-installed audience=https://bank.example
presentations=()
for kind in pid cccd contact; do
  vneid present --all --key "$data/citizens/tran-thi-mai/wallet.jwk" \
    --nonce "$nonce" --audience "$audience" "citizens/tran-thi-mai/$kind.sd-jwt" > "$kind.vp"
  presentations+=("$work/$kind.vp")
done

step "2. examples/c/portal.c against the installed library (pkg-config)"
cflags_libs=$(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs libvneid-1)
case $cflags_libs in *"-I$prefix/include/vneid-1"*) ;; *) fail "pkg-config does not point at $prefix: $cflags_libs" ;; esac
# shellcheck disable=SC2086 # the flags are words
cc -Wall -Wextra -Werror -o portal "$source/examples/c/portal.c" $cflags_libs -Wl,-rpath,"$libdir"
./portal "$data" "$nonce" "$audience" "${presentations[@]}" > portal.txt || fail "portal failed: $(cat portal.txt)"
cat portal.txt
grep -q '^Trần Thị Mai, level 2' portal.txt || fail "portal: no verified profile"
grep -q '\[verified, read-only\]' portal.txt || fail "portal: no verified field"
grep -q '^the citizen must type:' portal.txt || fail "portal: no fields to type"
status=0
./portal "$data" other-nonce "$audience" "${presentations[@]}" > replay.txt || status=$?
[ "$status" = 1 ] || fail "portal accepted a presentation for another nonce (exit $status)"
grep -q 'made for another request' replay.txt || fail "portal: $(cat replay.txt)"
echo "replayed presentation: $(head -1 replay.txt)"

# What docs/install.md tells a Python user of a non-system prefix to set.
python_env=(GI_TYPELIB_PATH="$libdir/girepository-1.0" LD_LIBRARY_PATH="$libdir"
            PYTHONPATH="$prefix/lib/python3/dist-packages")

step "3. README.md's Python example, with docs/install.md's variables only"
"$python" - "$source/README.md" > example.py <<'EOF'
import re, sys
blocks = re.findall(r"^```python\n(.*?)^```", open(sys.argv[1], encoding="utf-8").read(), re.S | re.M)
if not blocks:
    sys.exit("README.md has no ```python block")
print(blocks[0], end="")
EOF
env "${python_env[@]}" "$python" example.py "$data" "$nonce" "$audience" "${presentations[@]}" > example.txt ||
  fail "README example: $(cat example.txt)"
cat example.txt
grep -q 'read-only' example.txt || fail "README example: no verified field"

step "4. the pytest suite against the installed library, typelib, overrides and plugins"
# The tests must not see the source tree's overrides; the plugins are the
# installed ones, which the library finds by itself.
exec env "${python_env[@]}" VNEID_TEST_INSTALLED_PLUGINS="$libdir/vneid-1/plugins" \
  "$python" -m pytest -q -p no:cacheprovider --rootdir "$tests" "$tests"
