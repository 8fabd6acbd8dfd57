#!/usr/bin/env bash
# make-seeds.sh: (re)write the fuzzers' seed corpora in tests/fuzz/corpus/TARGET/.
#
#   tests/fuzz/make-seeds.sh [VNEID]      VNEID: the vneid command (default: build/tools/vneid)
#
# Seeds are small, valid inputs of each kind plus a few tampered ones, made from the
# demo keys (examples/data/keys, never to be trusted outside a demo), the demo citizens
# (examples/data/citizens) and the bundled plugins' schemas and mappings (plugins/).
# Credentials are issued as of the fuzzers' fixed clock (FUZZ_NOW in fuzz-common.h,
# 2026-01-01T00:00:00Z) so that the valid ones verify there. Salts are random: running the
# script again gives equivalent seeds, not the same bytes. Needs /usr/bin/python3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
vneid=${1:-$src/build/tools/vneid}
data=$src/examples/data
out=$here/corpus
py=/usr/bin/python3

now=1767225600                       # FUZZ_NOW
iat=$((now - 3600)) exp=$((now + 365 * 86400))
nonce=n-fuzz-0001 aud=https://dichvucong.example      # FUZZ_NONCE, FUZZ_AUDIENCE
status_uri=https://id.vneid.example/status/fuzz        # FUZZ_STATUS_URI
pdb=https://id.vneid.example vss=https://bhyt.baohiemxahoi.example
pdb_key=$data/keys/population-db.jwk vss_key=$data/keys/vss-bhyt.jwk

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"/{fuzz-presentation,fuzz-jwk,fuzz-status-list,fuzz-form,fuzz-identity}

# ---- presentations ----------------------------------------------------------
p=$out/fuzz-presentation
issue() { # key iss vct claims holder [more issue options]
  local key=$1 iss=$2 vct=$3 claims=$4 holder=$5; shift 5
  "$vneid" issue --key "$key" --iss "$iss" --vct "$vct" --holder "$holder" --sd-all \
    --iat "$iat" --exp "$exp" "$@" "$claims"
}
present_kb() { # holder credential-file [present options]
  local holder=$1 file=$2; shift 2
  "$vneid" present --key "$holder" --nonce "$nonce" --audience "$aud" --iat "$now" "$@" "$file"
}
wallet=$data/keys/citizen-wallet.jwk
issue "$pdb_key" "$pdb" urn:vn:vneid:pid:1 "$data/pid-nguyen-van-an.json" "$wallet" \
  --status-uri "$status_uri" --status-idx 42 > "$work/pid"
cp "$work/pid" "$p/pid-issued"
present_kb "$wallet" "$work/pid" --all > "$p/pid-all-kb"
present_kb "$wallet" "$work/pid" --disclose name --disclose birthdate --disclose address.region > "$p/pid-three-kb"
"$vneid" present --disclose name --disclose nationalities "$work/pid" > "$p/pid-two-no-kb"
issue "$pdb_key" "$pdb" urn:vn:vneid:pid:1 "$data/pid-nguyen-van-an.json" "$wallet" \
  --status-uri "$status_uri" --status-idx 7 > "$work/pid-revoked"
"$vneid" present --all "$work/pid-revoked" > "$p/pid-revoked-no-kb"
for c in tran-thi-mai:bhyt:urn:vn:bhyt:card:1 vu-dinh-thanh:cccd:urn:vn:vneid:cccd:1 \
         bui-thi-hoa:contact:urn:vn:vneid:contact:1; do
  slug=${c%%:*} rest=${c#*:} kind=${rest%%:*} vct=${rest#*:}
  key=$pdb_key iss=$pdb
  [ "$kind" = bhyt ] && key=$vss_key iss=$vss
  issue "$key" "$iss" "$vct" "$data/citizens/$slug/$kind.json" "$data/citizens/$slug/wallet.jwk" > "$work/$kind"
  present_kb "$data/citizens/$slug/wallet.jwk" "$work/$kind" --all > "$p/$kind-all-kb"
done
# Tampered: a changed signature, a dropped disclosure under a KB-JWT, alg none,
# a disclosure appended twice.
$py - "$p" <<'EOF'
import base64, json, sys
d = sys.argv[1]
kb = open(f"{d}/pid-three-kb").read().strip()
parts = kb.split("~")
jwt = parts[0].split(".")
sig = jwt[2]
jwt_bad = ".".join(jwt[:2] + [("A" if sig[0] != "A" else "B") + sig[1:]])
open(f"{d}/tampered-signature", "w").write("~".join([jwt_bad] + parts[1:]))
open(f"{d}/tampered-dropped-disclosure", "w").write("~".join(parts[:1] + parts[2:]))
plain = open(f"{d}/pid-two-no-kb").read().strip()
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(json.dumps({"alg": "none", "typ": "dc+sd-jwt"}).encode())
p = plain.split("~")
open(f"{d}/tampered-alg-none", "w").write("~".join([head + "." + p[0].split(".")[1] + "."] + p[1:]))
open(f"{d}/tampered-duplicate", "w").write("~".join(p[:-1] + [p[1], ""]))
EOF

# ---- JWKs and issuer metadata -----------------------------------------------
j=$out/fuzz-jwk
cp "$data/population-db.metadata.json" "$j/metadata-population-db"
cp "$data/vss-bhyt.metadata.json" "$j/metadata-vss-bhyt"
cp "$data/keys/citizen-wallet.jwk" "$j/private-wallet"
"$vneid" pubkey "$data/keys/citizen-wallet.jwk" > "$j/public-wallet"
"$vneid" issuer-metadata --issuer "$pdb" "$pdb_key" "$data/keys/citizen-wallet.jwk" > "$j/metadata-two-keys"
printf '{"kty":"RSA","n":"AQAB","e":"AQAB"}' > "$j/wrong-kty"
printf '{"kty":"OKP","crv":"Ed25519","x":"gs8oreChM5rwcYVa4P8sqIpWJik4HpkA55I3D8_eEv"}' > "$j/short-x"
printf '{"issuer":"https://id.vneid.example","jwks_uri":"https://id.vneid.example/jwks"}' > "$j/metadata-jwks-uri"

# ---- status lists -----------------------------------------------------------
s=$out/fuzz-status-list
for spec in "1 16 --set 3=1" "2 64 --set 7=1 --set 8=2" "4 8 --set 0=15 --set 7=3" "8 4 --set 1=255"; do
  read -r bits size sets <<< "$spec"
  # shellcheck disable=SC2086 # sets is a list of options
  "$vneid" status-list --key "$pdb_key" --iss "$pdb" --uri "$status_uri" --bits "$bits" \
    --size "$size" $sets --iat "$iat" --exp "$exp" > "$s/token-$bits-bit"
done
# Encoded lists: a first byte that chooses bits (0 → 1, 1 → 2, 2 → 4, 3 → 8), then lst;
# and the draft's known answer (B9 A3 at 1 bit).
$py - "$s" <<'EOF'
import base64, json, sys
d = sys.argv[1]
for i, bits in enumerate((1, 2, 4, 8)):
    payload = open(f"{d}/token-{bits}-bit").read().strip().split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    open(f"{d}/encoded-{bits}-bit", "wb").write(bytes([i]) + claims["status_list"]["lst"].encode())
open(f"{d}/encoded-known-answer", "wb").write(b"\x00eNrbuRgAAhcBXQ")
EOF

# ---- form schemas and mappings ----------------------------------------------
f=$out/fuzz-form
for file in "$src"/plugins/*/*.schema.json "$src"/plugins/*/*.mapping.json; do
  cp "$file" "$f/$(basename "$file" .json)"
done

# ---- personal ID numbers, BHYT numbers, dates ---------------------------------
i=$out/fuzz-identity
$py - "$data/citizens" "$i" <<'EOF'
import json, os, sys
citizens, out = sys.argv[1], sys.argv[2]
for slug in sorted(os.listdir(citizens)):
    for kind, member in (("pid", "personal_administrative_number"), ("bhyt", "bhyt_number"),
                         ("pid", "birthdate")):
        path = os.path.join(citizens, slug, kind + ".json")
        if os.path.exists(path):
            value = json.load(open(path, encoding="utf-8")).get(member)
            if value:
                open(os.path.join(out, f"{slug}-{member}"), "w").write(value)
EOF
printf '1990-05\ndd/MM/yyyy' > "$i/month-with-pattern"
printf '1950\nNgày dd tháng MM năm yyyy' > "$i/year-with-pattern"
printf '001207012864\n(dd/MM/yyyy)' > "$i/id-with-pattern"

for t in "$out"/*; do
  echo "$(basename "$t"): $(ls "$t" | wc -l) seeds, $(cat "$t"/* | wc -c) bytes"
done
