#!/usr/bin/env bash
# demo.sh: a VNeID credential's round trip, issuer → citizen wallet → portal,
# with the bundled demo keys (examples/data/keys: demo only, never trust them).
#
#   examples/demo.sh [PATH/TO/vneid]
set -euo pipefail

vneid=${1:-vneid}
data=$(cd "$(dirname "${BASH_SOURCE[0]}")/data" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

issuer=https://id.vneid.example
pid_vct=urn:vn:vneid:pid:1
status_uri=https://id.vneid.example/status/2026-11
portal=https://dichvucong.example
nonce=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
now=$(date +%s)

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show_json() { /usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))'; }
expect_rejection() { # description, command...
  local what=$1; shift
  if "$@" >/dev/null 2>"$work/err"; then
    echo "!! $what was accepted" >&2
    exit 1
  fi
  printf '   %-44s → %s\n' "$what" "$(cat "$work/err")"
}

step "1. The population database (issuer) publishes its keys"
echo "   trust anchor: $data/population-db.metadata.json"
show_json < "$data/population-db.metadata.json" | sed 's/^/   /'

step "2. It issues a PID credential to Nguyễn Văn An's wallet (every claim selectively disclosable)"
"$vneid" issue --key "$data/keys/population-db.jwk" --iss "$issuer" --vct "$pid_vct" \
  --holder "$data/keys/citizen-wallet.jwk" --sd-all --exp $((now + 365 * 86400)) \
  --status-uri "$status_uri" --status-idx 42 "$data/pid-nguyen-van-an.json" > "$work/pid.sd-jwt"
echo "   $(wc -c < "$work/pid.sd-jwt") bytes, $(($(tr -cd '~' < "$work/pid.sd-jwt" | wc -c) - 1)) disclosures"

step "3. It publishes its status list: entry 42 valid, entry 7 revoked, entry 8 suspended"
"$vneid" status-list --key "$data/keys/population-db.jwk" --iss "$issuer" --uri "$status_uri" \
  --bits 2 --size 1024 --set 7=1 --set 8=2 > "$work/status.jwt"
echo "   $(wc -c < "$work/status.jwt") bytes"

step "4. The public-service portal asks for name, birth date and province, with nonce $nonce"
"$vneid" present --key "$data/keys/citizen-wallet.jwk" \
  --disclose name --disclose birthdate --disclose address.region \
  --nonce "$nonce" --audience "$portal" "$work/pid.sd-jwt" > "$work/presentation"
echo "   the wallet discloses 3 claims (plus what holds them) and signs a KB-JWT"

step "5. The portal verifies: trusted issuer, signature, disclosures, key binding, status"
"$vneid" verify --trust "$data/population-db.metadata.json" --status-list "$work/status.jwt" \
  --nonce "$nonce" --audience "$portal" "$work/presentation" | show_json | sed 's/^/   /'

step "6. What the portal refuses"
expect_rejection "a replay with another nonce" \
  "$vneid" verify --trust "$data/population-db.metadata.json" --status-list "$work/status.jwt" \
  --nonce other-nonce --audience "$portal" "$work/presentation"
sed 's/~[^~]*~/~/' "$work/presentation" > "$work/edited"   # drop one disclosure after signing
expect_rejection "a disclosure removed after the KB-JWT" \
  "$vneid" verify --trust "$data/population-db.metadata.json" --status-list "$work/status.jwt" \
  --nonce "$nonce" --audience "$portal" "$work/edited"
expect_rejection "no status list supplied" \
  "$vneid" verify --trust "$data/population-db.metadata.json" \
  --nonce "$nonce" --audience "$portal" "$work/presentation"
"$vneid" issue --key "$data/keys/population-db.jwk" --iss "$issuer" --vct "$pid_vct" \
  --holder "$data/keys/citizen-wallet.jwk" --sd-all --status-uri "$status_uri" --status-idx 7 \
  "$data/pid-nguyen-van-an.json" > "$work/revoked.sd-jwt"
"$vneid" present --key "$data/keys/citizen-wallet.jwk" --all --nonce "$nonce" --audience "$portal" \
  "$work/revoked.sd-jwt" > "$work/revoked"
expect_rejection "a revoked credential" \
  "$vneid" verify --trust "$data/population-db.metadata.json" --status-list "$work/status.jwt" \
  --nonce "$nonce" --audience "$portal" "$work/revoked"
expect_rejection "an issuer the portal does not trust" \
  "$vneid" verify --trust "$data/vss-bhyt.metadata.json" --skip-status \
  --nonce "$nonce" --audience "$portal" "$work/presentation"

printf '\nDemo complete: issued, presented, verified; forged and stale presentations refused.\n'
