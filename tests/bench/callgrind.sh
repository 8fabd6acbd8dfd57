#!/bin/sh
# callgrind.sh: instructions per verification and per whole path (verify +
# profile + fill CT01), library against the cryptographic floor.
#
# Counted instructions do not depend on the machine's load, so they compare
# one change with the next where timings on a shared machine cannot. Not a
# test; run it by hand:
#
#   tests/bench/callgrind.sh [BUILD_DIR [COUNT]]     (defaults: build 50)
#
# It runs `vneid-bench --count COUNT` under callgrind (COUNT verifications,
# COUNT floors, COUNT whole paths, untimed) and reads the inclusive cost of
# the bench's run_library, run_floor and run_verify_fill from
# callgrind_annotate.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

build=${1:-build}
count=${2:-50}
bench="$build/tests/vneid-bench"
[ -x "$bench" ] || { echo "callgrind.sh: $bench not built (ninja -C $build)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 2; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
VNEID_PLUGIN_PATH=${VNEID_PLUGIN_PATH:-$build/plugins} \
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bench" --count "$count" 2>/dev/null

# The calls from run_counted: "N (p%)  => FILE:run_library (1x)".
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | awk -v count="$count" '
  /=> .*:run_(library|floor|verify_fill) \(1x\)/ {
    name = $0; sub(/.*:/, "", name); sub(/ .*/, "", name)
    cost = $1; gsub(/,/, "", cost); ir[name] = cost / count
  }
  END {
    if (!("run_library" in ir) || !("run_floor" in ir)) {
      print "callgrind.sh: no cost found for run_library or run_floor" > "/dev/stderr"; exit 1
    }
    printf "instructions per verification:     %9.0f\n", ir["run_library"]
    printf "instructions per floor:            %9.0f  (2 Ed25519 verifications, the SHA-256 digests)\n", ir["run_floor"]
    printf "verify: library / floor %.3f, floor / library %.3f\n",
           ir["run_library"] / ir["run_floor"], ir["run_floor"] / ir["run_library"]
    if ("run_verify_fill" in ir) {
      printf "instructions per whole path:       %9.0f  (verify + profile + fill CT01)\n", ir["run_verify_fill"]
      printf "whole path: library / floor %.3f, floor / library %.3f\n",
             ir["run_verify_fill"] / ir["run_floor"], ir["run_floor"] / ir["run_verify_fill"]
    } else
      print "whole path: not measured, no plugin fills vn.bca.ct01 (set VNEID_PLUGIN_PATH)"
  }'
