#!/usr/bin/env bash
# run-fuzzers.sh: build libvneid's libFuzzer targets with clang and run each for a while.
#
#   tests/fuzz/run-fuzzers.sh [--build DIR] [--work DIR] [--summary FILE] [TARGET...]
#
#   --build DIR     a configured meson build folder of this tree (default: build); only its
#                   generated headers and sources are read (config.h, vneid-enums.[ch],
#                   vneid-version.h, vneid-province-table.h): run ninja there first
#   --work DIR      where the objects, the fuzzers, the grown corpora and the crash files go
#                   (default: build-fuzz)
#   --summary FILE  append one line "fuzz: P passed, F failed, S skipped" to FILE
#   TARGET          fuzz-presentation fuzz-jwk fuzz-status-list fuzz-form fuzz-identity (default: all)
#
# Environment: FUZZ_SECONDS (seconds per target, default 60), CC (default clang),
# FUZZ_ARGS (more libFuzzer options, e.g. "-jobs=2 -workers=2" or "-dict=FILE"),
# CI (when set and not false/0, no clang is a failure, not a skip, unless
# FUZZ_ALLOW_SKIP=1).
#
# Each target is compiled with -fsanitize=fuzzer,address,undefined straight from
# libvneid/*/*.c. It first runs every file in tests/fuzz/regressions/TARGET/ once (inputs
# that crashed the library before, each must pass now), then fuzzes from the seeds in
# tests/fuzz/corpus/TARGET/ (read only) and from WORK/corpus/TARGET/ (where new inputs are
# kept between runs) for FUZZ_SECONDS. Output is TAP, one line per target:
#   ok N - fuzz-x: E execs, C corpus, no crash
#   not ok N - fuzz-x: crash, input in WORK/crashes/fuzz-x-crash-...
#   ok N - fuzz-x # SKIP clang not found
# A crash file replays with WORK/bin/fuzz-x FILE; keep it as
# tests/fuzz/regressions/fuzz-x/NAME once the library is fixed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
all_targets=(fuzz-presentation fuzz-jwk fuzz-status-list fuzz-form fuzz-identity)

build=build work=build-fuzz summary='' targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --summary) summary=$2; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    fuzz-*) targets+=("$1"); shift ;;
    *) echo "run-fuzzers.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
seconds=${FUZZ_SECONDS:-60}
cc=${CC:-clang}
case $cc in gcc|cc|*/gcc|*/cc) cc=clang ;; esac   # libFuzzer needs clang, whatever CC says
[ "${build:0:1}" = / ] || build=$PWD/$build
[ "${work:0:1}" = / ] || work=$PWD/$work

passed=0 failed=0 skipped=0 n=0
finish() {
  echo "# fuzz: $passed passed, $failed failed, $skipped skipped"
  [ -z "$summary" ] || echo "fuzz: $passed passed, $failed failed, $skipped skipped" >> "$summary"
  [ "$failed" -eq 0 ]
  exit
}
# On CI (CI set, not "false" or "0") a fuzzer that cannot run is a failure:
# a stage that vanishes must not leave the run green. FUZZ_ALLOW_SKIP=1
# makes a deliberate skip.
on_ci() {
  case ${CI:-} in ''|false|0) return 1 ;; *) [ -z "${FUZZ_ALLOW_SKIP:-}" ] ;; esac
}
skip_all() { # reason
  local t
  on_ci && fail_all "$1 (on CI a skip is a failure; FUZZ_ALLOW_SKIP=1 to skip on purpose)"
  for t in "${targets[@]}"; do
    n=$((n + 1)) skipped=$((skipped + 1))
    echo "ok $n - $t # SKIP $1"
  done
  finish
}
fail_all() { # reason
  local t
  for t in "${targets[@]}"; do
    n=$((n + 1)) failed=$((failed + 1))
    echo "not ok $n - $t: $1"
  done
  finish
}

echo "1..${#targets[@]}"
command -v "$cc" >/dev/null 2>&1 || skip_all "clang not found"
mkdir -p "$work/obj" "$work/bin" "$work/corpus" "$work/crashes" || fail_all "cannot create $work"

# Can this clang link a fuzzer at all (libclang-rt-NN-dev)?
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' > "$work/obj/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$work/obj/probe.c" -o "$work/obj/probe" 2>"$work/obj/probe.log"; then
  sed 's/^/# /' "$work/obj/probe.log" | head -5
  skip_all "$cc cannot link -fsanitize=fuzzer (install libclang-rt-14-dev)"
fi

for f in config.h vneid-enums.c vneid-enums.h core/vneid-version.h identity/vneid-province-table.h; do
  [ -f "$build/libvneid/$f" ] || fail_all "$build/libvneid/$f is missing: configure and build $build first"
done
layers=(core credentials identity forms protocol)
layer_includes=()
for l in "${layers[@]}"; do layer_includes+=(-I"$build/libvneid/$l" -I"$src/libvneid/$l"); done

cflags=(-g -O1 -fno-omit-frame-pointer -std=gnu11
  -fsanitize=address,undefined -fno-sanitize-recover=all
  -DVNEID_COMPILATION '-DG_LOG_DOMAIN="Vneid"'
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
  -DJSON_VERSION_MIN_REQUIRED=JSON_VERSION_1_6 -DJSON_VERSION_MAX_ALLOWED=JSON_VERSION_1_6
  "-DFUZZ_EXAMPLES_DATA=\"$src/examples/data\"" "-DFUZZ_PLUGINS=\"$src/plugins\""
  -I"$build/libvneid" -I"$src/libvneid" "${layer_includes[@]}" -I"$here")
pkg_modules=(glib-2.0 gobject-2.0 gio-2.0 gmodule-2.0 json-glib-1.0 libsodium libpcre2-8)
# The OpenID4VCI wallet client (protocol/) is compiled in where libsoup 3 is there.
if pkg-config --exists libsoup-3.0; then pkg_modules+=(libsoup-3.0); fi
read -r -a pkg_cflags <<< "$(pkg-config --cflags "${pkg_modules[@]}")"
read -r -a pkg_libs <<< "$(pkg-config --libs "${pkg_modules[@]}")"

# The library, instrumented for coverage (fuzzer-no-link) and the sanitizers.
echo "# compiling libvneid with $cc ($("$cc" --version | head -1))"
export cc work
lib_sources=("$src"/libvneid/*/*.c "$build/libvneid/vneid-enums.c")
if ! printf '%s\n' "${lib_sources[@]}" |
     xargs -P "$(nproc 2>/dev/null || echo 2)" -I{} sh -c \
       'f=$1; shift; o="$work/obj/$(basename "$f" .c).o"; "$cc" "$@" -c "$f" -o "$o" 2>"$o.log" || { cat "$o.log"; exit 255; }' \
       sh {} -fsanitize=fuzzer-no-link "${cflags[@]}" "${pkg_cflags[@]}" > "$work/obj/compile.log" 2>&1
then
  sed 's/^/# /' "$work/obj/compile.log" | head -30
  fail_all "libvneid does not compile with $cc"
fi
lib_objects=()
for s in "${lib_sources[@]}"; do lib_objects+=("$work/obj/$(basename "$s" .c).o"); done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
for t in "${targets[@]}"; do
  n=$((n + 1))
  bin=$work/bin/$t log=$work/$t.log
  if ! "$cc" -fsanitize=fuzzer "${cflags[@]}" "${pkg_cflags[@]}" "$here/$t.c" "${lib_objects[@]}" \
       "${pkg_libs[@]}" -lm -o "$bin" > "$log" 2>&1; then
    sed 's/^/# /' "$log" | head -20
    echo "not ok $n - $t: does not compile"; failed=$((failed + 1)); continue
  fi

  # Inputs that crashed before: each must pass now.
  regressions=()
  [ -d "$here/regressions/$t" ] && while IFS= read -r -d '' f; do regressions+=("$f"); done \
    < <(find "$here/regressions/$t" -type f ! -name '*.md' -print0 | sort -z)
  if [ ${#regressions[@]} -gt 0 ] &&
     ! "$bin" -rss_limit_mb=2048 -timeout=10 "${regressions[@]}" > "$log" 2>&1; then
    grep -E 'ERROR|SUMMARY|Running:|fuzz contract' "$log" | tail -8 | sed 's/^/# /'
    echo "not ok $n - $t: a regression input fails again (log: $log)"; failed=$((failed + 1)); continue
  fi

  mkdir -p "$work/corpus/$t"
  seeds=()
  [ -d "$here/corpus/$t" ] && seeds=("$here/corpus/$t")
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
  "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/crashes/$t-" ${FUZZ_ARGS:-} "$work/corpus/$t" "${seeds[@]}" > "$log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 | sed 's/corp: //')
  echo "# $t: ${execs:-?} executions in ${seconds}s, corpus ${corpus:-?} (inputs/bytes), $(ls "$work/corpus/$t" | wc -l) new inputs kept in $work/corpus/$t"
  if [ $status -eq 0 ] && [ -n "$execs" ]; then
    echo "ok $n - $t: $execs execs, ${corpus%%/*} corpus, no crash"; passed=$((passed + 1))
  else
    crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    grep -E 'ERROR|SUMMARY|fuzz contract|#[0-9]+ 0x' "$log" | head -12 | sed 's/^/# /'
    if [ -n "$crash" ]; then what="crash, input in $crash"; else what="exit status $status"; fi
    echo "not ok $n - $t: $what (log: $log)"
    failed=$((failed + 1))
  fi
done
finish
