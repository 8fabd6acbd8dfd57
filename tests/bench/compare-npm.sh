#!/usr/bin/env bash
# compare-npm.sh [BUILD_DIR] [SECONDS]: verification throughput of libvneid and
# of the independent npm implementation on the SAME presentation — a demo PID
# with every claim disclosed and a KB-JWT — in one run. Not a test.
#
# Needs node and the interop suite's npm packages: run `meson test -C BUILD_DIR
# interop-sd-jwt-npm` once first (it installs them in BUILD_DIR/tests/interop).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
seconds=${2:-10}
vneid=$build/tools/vneid
node_env=$build/tests/interop/scratch/node-env
data=$here/examples/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v node >/dev/null || { echo "compare-npm.sh: node is not installed" >&2; exit 1; }
[ -d "$node_env/node_modules/@sd-jwt/sd-jwt-vc" ] ||
  { echo "compare-npm.sh: no npm packages in $node_env; run the interop suite once" >&2; exit 1; }

nonce=bench-nonce
"$vneid" issue --key "$data/keys/population-db.jwk" --iss https://id.vneid.example \
  --vct urn:vn:vneid:pid:1 --holder "$data/keys/citizen-wallet.jwk" --sd-all \
  "$data/pid-nguyen-van-an.json" > "$work/credential"
"$vneid" present --key "$data/keys/citizen-wallet.jwk" --all --nonce "$nonce" \
  --audience https://dichvucong.example "$work/credential" > "$work/presentation"
"$vneid" pubkey "$data/keys/population-db.jwk" > "$work/issuer.jwk"

# libvneid through `vneid verify --batch --quiet`: one process, one verifier,
# the same presentation on every line (the JSON output is included).
copies=20000
awk -v n="$copies" '{ for (i = 0; i < n; i++) print }' "$work/presentation" > "$work/batch"
start=$(date +%s.%N)
"$vneid" verify --trust "$data/population-db.metadata.json" --skip-status \
  --nonce "$nonce" --audience https://dichvucong.example --batch --quiet "$work/batch" >/dev/null
end=$(date +%s.%N)
lib=$(/usr/bin/python3 -c "print(round($copies / ($end - $start)))")

npm=$(node "$here/tests/bench/npm-bench.mjs" "$node_env" "$work/issuer.jwk" "$work/presentation" \
  "$nonce" "$seconds" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["npm_verify_per_s"])')

echo "presentation: $(wc -c < "$work/presentation") bytes, $(($(tr -cd '~' < "$work/presentation" | wc -c) - 1)) disclosures, KB-JWT"
echo "libvneid (vneid verify --batch):   $lib /s"
echo "@sd-jwt/sd-jwt-vc 0.19.0 on node:  $npm /s"
/usr/bin/python3 -c "print(f'ratio libvneid/npm: {$lib / $npm:.2f}')"
