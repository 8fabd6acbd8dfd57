#!/usr/bin/env bash
# regenerate.sh: issue the demo citizens' credentials (examples/data/citizens)
# with the `vneid` command, and check that every one of them round-trips.
#
#   examples/data/regenerate.sh [--iat UNIX] [VNEID] [OUT_DIR]
#
# See --help, and citizens/README.md for who the citizens are.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: regenerate.sh [--iat UNIX] [VNEID] [OUT_DIR]

Issue every demo citizen's credentials from examples/data/citizens/<slug>/*.json
and write them to OUT_DIR/<slug>/<type>.sd-jwt (type: pid, cccd, contact, bhyt;
one compact SD-JWT VC per file, every claim selectively disclosable).

  VNEID     the vneid command (default: `vneid` on PATH, else build/tools/vneid)
  OUT_DIR   where to write (default: ${TMPDIR:-/tmp}/vneid-citizens; printed).
            Never the source tree unless you ask for it.

Options:
  --iat UNIX   issue as of this time (default: now); the credentials expire
               365 days later, and the round-trip check runs as of UNIX
  -h, --help   show this help and exit

Issuers (demo keys from examples/data/keys, never trust them outside a demo):
  pid, cccd, contact   https://id.vneid.example            keys/population-db.jwk
  bhyt                 https://bhyt.baohiemxahoi.example   keys/vss-bhyt.jwk

Each credential is bound (cnf.jwk) to the citizen's demo wallet key,
citizens/<slug>/wallet.jwk, which is generated with `vneid keygen` only if
it is missing. Every credential's `exp` is iat + 365 days whatever the card
data says: a card's own validity is in its claims (CCCD date_of_expiry, BHYT
valid_from/valid_until), so an expired BHYT card is still a validly issued
credential whose data says the card has expired. No status claim is added.

Then each credential is presented (`vneid present --all`, with a KB-JWT) and
verified (`vneid verify` trusting both issuers' metadata, each issuer allowed
only its own types, --skip-status); the verified claims must equal the claims
file. Any failure stops the script with a non-zero exit status.

Running it again is harmless: wallet keys are kept, and each citizen's
previous *.sd-jwt files in OUT_DIR are replaced, only once every credential
has been issued and verified (a failed run leaves OUT_DIR as it was).
EOF
}

iat=
positional=()
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --iat) [ $# -ge 2 ] || { echo "regenerate.sh: --iat needs a value" >&2; exit 2; }
           iat=$2; shift 2 ;;
    --iat=*) iat=${1#--iat=}; shift ;;
    --) shift; positional+=("$@"); break ;;
    -*) echo "regenerate.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
if [ ${#positional[@]} -gt 2 ]; then
  echo "regenerate.sh: too many arguments (try --help)" >&2
  exit 2
fi

data=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$data/../.." && pwd)

vneid=${positional[0]:-}
if [ -z "$vneid" ]; then
  if command -v vneid >/dev/null 2>&1; then
    vneid=$(command -v vneid)
  elif [ -x "$repo/build/tools/vneid" ]; then
    vneid=$repo/build/tools/vneid
  else
    echo "regenerate.sh: no vneid command: give its path, or build it (ninja -C build)" >&2
    exit 2
  fi
fi
# Show why it does not run (the loader's "cannot open shared object file",
# a missing file, ...) instead of guessing.
if ! help_error=$("$vneid" --help 2>&1 >/dev/null); then
  echo "regenerate.sh: '$vneid --help' fails: ${help_error:-no message}" >&2
  exit 2
fi
out=${positional[1]:-${TMPDIR:-/tmp}/vneid-citizens}

case $iat in
  '') iat=$(date +%s) ;;
  *[!0-9]*) echo "regenerate.sh: --iat wants a Unix time, not '$iat'" >&2; exit 2 ;;
esac
exp=$((iat + 365 * 86400))

pdb_iss=https://id.vneid.example
vss_iss=https://bhyt.baohiemxahoi.example
trust=(--trust "$data/population-db.metadata.json" --trust "$data/vss-bhyt.metadata.json"
       --allow "urn:vn:vneid:pid:1=$pdb_iss" --allow "urn:vn:vneid:cccd:1=$pdb_iss"
       --allow "urn:vn:vneid:contact:1=$pdb_iss" --allow "urn:vn:bhyt:card:1=$vss_iss")
audience=https://dichvucong.example
py=/usr/bin/python3

# type -> vct, issuer, issuer key
type_vct() {
  case $1 in
    pid) echo urn:vn:vneid:pid:1 ;;
    cccd) echo urn:vn:vneid:cccd:1 ;;
    contact) echo urn:vn:vneid:contact:1 ;;
    bhyt) echo urn:vn:bhyt:card:1 ;;
  esac
}
type_iss() { if [ "$1" = bhyt ]; then echo "$vss_iss"; else echo "$pdb_iss"; fi; }
type_key() { if [ "$1" = bhyt ]; then echo "$data/keys/vss-bhyt.jwk"; else echo "$data/keys/population-db.jwk"; fi; }

# The verified payload, less what the issuer adds, must be the claims file.
same_claims() { # VERIFIED.json CLAIMS.json
  [ -x "$py" ] || return 0
  "$py" - "$1" "$2" <<'EOF'
import json, sys
got = json.load(open(sys.argv[1], encoding="utf-8"))
want = json.load(open(sys.argv[2], encoding="utf-8"))
for k in ("iss", "iat", "exp", "nbf", "vct", "cnf", "status"):
    got.pop(k, None)
if got != want:
    sys.exit("verified claims differ from %s:\n  got  %s\n  want %s" % (
        sys.argv[2], json.dumps(got, ensure_ascii=False, sort_keys=True),
        json.dumps(want, ensure_ascii=False, sort_keys=True)))
EOF
}

work=$(mktemp -d "${TMPDIR:-/tmp}/vneid-regenerate.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir -p "$out"
out=$(cd "$out" && pwd)
echo "vneid:   $vneid"
echo "output:  $out"
echo "iat:     $iat ($(date -u -d "@$iat" +%Y-%m-%dT%H:%M:%SZ)), exp iat + 365 days"

citizens=0
credentials=0
for dir in "$data"/citizens/*/; do
  dir=${dir%/}
  slug=${dir##*/}
  [ -f "$dir/pid.json" ] || continue

  wallet=$dir/wallet.jwk
  if [ ! -f "$wallet" ]; then
    "$vneid" keygen --kid "demo-wallet-$slug" > "$work/wallet.jwk"
    mv "$work/wallet.jwk" "$wallet"
    echo "  new demo wallet key: ${wallet#"$repo"/}"
  fi

  if [ -f "$dir/cccd.json" ] && ! grep -Eq '"vneid_level"[[:space:]]*:[[:space:]]*2([^0-9]|$)' "$dir/pid.json"; then
    echo "regenerate.sh: $slug has a cccd.json but is not a level-2 account" >&2
    exit 1
  fi

  mkdir "$work/$slug"
  issued=()
  for type in pid cccd contact bhyt; do
    claims=$dir/$type.json
    [ -f "$claims" ] || continue
    vct=$(type_vct "$type")
    "$vneid" issue --key "$(type_key "$type")" --iss "$(type_iss "$type")" --vct "$vct" \
      --holder "$wallet" --sd-all --iat "$iat" --exp "$exp" "$claims" > "$work/credential"

    nonce=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    "$vneid" present --key "$wallet" --all --nonce "$nonce" --audience "$audience" --iat "$iat" \
      "$work/credential" > "$work/presentation"
    if ! "$vneid" verify "${trust[@]}" --skip-status --nonce "$nonce" --audience "$audience" \
           --at "$iat" "$work/presentation" > "$work/verified.json"; then
      echo "regenerate.sh: $slug/$type: the issued credential does not verify" >&2
      exit 1
    fi
    if ! same_claims "$work/verified.json" "$claims"; then
      echo "regenerate.sh: $slug/$type: the round trip changed the claims" >&2
      exit 1
    fi

    mv "$work/credential" "$work/$slug/$type.sd-jwt"
    issued+=("$type")
    credentials=$((credentials + 1))
  done
  citizens=$((citizens + 1))
  printf '  %-18s %s\n' "$slug" "${issued[*]}"
done

if [ "$citizens" -eq 0 ]; then
  echo "regenerate.sh: no citizens under $data/citizens" >&2
  exit 1
fi

# Only now that every credential verified, replace each citizen's previous ones.
for dir in "$work"/*/; do
  dir=${dir%/}
  slug=${dir##*/}
  mkdir -p "$out/$slug"
  rm -f "$out/$slug"/*.sd-jwt
  mv "$dir"/*.sd-jwt "$out/$slug/"
done
[ -x "$py" ] || echo "note: $py not found; verified claims were not compared with the claims files"
echo "issued $credentials credentials for $citizens citizens into $out; every one presented and verified"
