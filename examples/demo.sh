#!/usr/bin/env bash
# demo.sh: a VNeID credential's round trip, issuer → citizen wallet → portal,
# with the bundled demo keys (examples/data/keys: demo only, never trust them).
#
#   examples/demo.sh [PATH/TO/vneid]
set -euo pipefail

vneid=${1:-vneid}
case $vneid in */*) vneid=$(cd "$(dirname "$vneid")" && pwd)/${vneid##*/} ;; esac   # step 7 changes directory
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

step "7. A citizen's verified profile: several credentials, one person"
pdb=https://id.vneid.example
vss=https://bhyt.baohiemxahoi.example
# A portal names which authority may vouch for what: the population database
# for the PID, the e-CCCD and the account's contact data; Vietnam Social
# Security for the health insurance (BHYT) card.
trust=(--trust "$data/population-db.metadata.json" --trust "$data/vss-bhyt.metadata.json"
       --allow "urn:vn:vneid:pid:1=$pdb" --allow "urn:vn:vneid:cccd:1=$pdb"
       --allow "urn:vn:vneid:contact:1=$pdb" --allow "urn:vn:bhyt:card:1=$vss")
citizen() { # SLUG TYPE [--disclose PATH]... : issue from citizens/SLUG/TYPE.json, present to the portal
  local slug=$1 type=$2 vct key=$data/keys/population-db.jwk iss=$pdb
  shift 2
  case $type in
    pid) vct=urn:vn:vneid:pid:1 ;;
    cccd) vct=urn:vn:vneid:cccd:1 ;;
    contact) vct=urn:vn:vneid:contact:1 ;;
    bhyt) vct=urn:vn:bhyt:card:1 key=$data/keys/vss-bhyt.jwk iss=$vss ;;
  esac
  "$vneid" issue --key "$key" --iss "$iss" --vct "$vct" --holder "$data/citizens/$slug/wallet.jwk" \
    --sd-all --exp $((now + 365 * 86400)) "$data/citizens/$slug/$type.json" > "$slug-$type.sd-jwt"
  "$vneid" present --key "$data/citizens/$slug/wallet.jwk" "${@:---all}" \
    --nonce "$nonce" --audience "$portal" "$slug-$type.sd-jwt" > "$slug-$type.vp"
}
profile() { "$vneid" profile "${trust[@]}" --nonce "$nonce" --audience "$portal" "$@" | sed '/./s/^/   /'; }
cd "$work"   # short file names in the messages below
part() { printf '\n\033[1m-- %s\033[0m\n' "$*"; }

part "Trần Thị Mai shares everything: PID, e-CCCD, contact, BHYT card (level 2)"
echo "   The chip of her card (issued 2023) still prints the pre-2025 address; the"
echo "   population database has the new one. The database wins for addresses, and"
echo "   the profile keeps what lost, with its source."
for type in pid cccd contact bhyt; do citizen tran-thi-mai "$type"; done
echo
profile tran-thi-mai-{pid,cccd,contact,bhyt}.vp

part "Phạm Quốc Bảo at a hospital: identity basics from the PID, the whole BHYT card"
citizen pham-quoc-bao pid --disclose personal_administrative_number --disclose name \
  --disclose birthdate --disclose sex
citizen pham-quoc-bao bhyt
echo
profile pham-quoc-bao-{pid,bhyt}.vp

part "Lê Minh Khoa, born 2007: a level-1 account (no e-CCCD), PID and student BHYT card"
"$vneid" id 001207012864 | sed 's/^/   /'
citizen le-minh-khoa pid --disclose personal_administrative_number --disclose name \
  --disclose birthdate --disclose sex --disclose address --disclose household
citizen le-minh-khoa bhyt --disclose personal_administrative_number --disclose bhyt_number \
  --disclose benefit_level --disclose valid_from --disclose valid_until
echo
profile le-minh-khoa-{pid,bhyt}.vp

part "What the profile refuses"
expect_rejection "Khoa's PID with his mother's BHYT card" \
  "$vneid" profile "${trust[@]}" --nonce "$nonce" --audience "$portal" \
  le-minh-khoa-pid.vp tran-thi-mai-bhyt.vp
"$vneid" issue --key "$data/keys/population-db.jwk" --iss "$pdb" --vct urn:vn:bhyt:card:1 \
  --holder "$data/citizens/tran-thi-mai/wallet.jwk" --sd-all "$data/citizens/tran-thi-mai/bhyt.json" \
  > wrong-issuer.sd-jwt
"$vneid" present --key "$data/citizens/tran-thi-mai/wallet.jwk" --all --nonce "$nonce" --audience "$portal" \
  wrong-issuer.sd-jwt > wrong-issuer.vp
expect_rejection "a BHYT card issued by the population DB" \
  "$vneid" profile "${trust[@]}" --nonce "$nonce" --audience "$portal" \
  tran-thi-mai-pid.vp wrong-issuer.vp

step "8. The profile fills e-government forms (plugins: VNEID_PLUGIN_PATH, then the installed ones)"
if "$vneid" forms >/dev/null 2>&1; then
  part "Trần Thị Mai's change of residence (CT01): verified fields read-only, the rest for her to type"
  echo
  "$vneid" fill --form vn.bca.ct01 "${trust[@]}" --nonce "$nonce" --audience "$portal" \
    tran-thi-mai-{pid,cccd,contact,bhyt}.vp | sed '/./s/^/   /'
  part "Phạm Quốc Bảo at the reception desk of his registered hospital (79031), today"
  echo
  "$vneid" fill --form vn.bhxh.bhyt-checkin --facility-code 79031 "${trust[@]}" --nonce "$nonce" \
    --audience "$portal" pham-quoc-bao-{pid,bhyt}.vp | sed '/./s/^/   /'
  echo
  echo "   Every form for three citizens: vneid demo"
else
  echo "   (no form plugins found: set VNEID_PLUGIN_PATH, e.g. to build/plugins; skipped)"
fi

printf '\nDemo complete: issued, presented, verified; forged and stale presentations refused;\n'
printf 'credentials about one citizen merged into a profile that says who vouched for what,\n'
printf 'and that profile filling forms without re-entry.\n'
