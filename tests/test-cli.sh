#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Tests of the `vneid` command: exit statuses, usage errors, and the whole
# issue -> present -> verify flow including status lists and --batch.
#
#   test-cli.sh VNEID_BINARY
#
# Output: TAP (`ok N - ...` / `not ok N - ...`, details as `# ` lines), the
# plan `1..N` at the end, then a `# N passed, N failed` comment.
# Exit 0 only if every check passed.

set -u

VNEID=${1:-}
if [ -z "$VNEID" ] || [ ! -x "$VNEID" ]; then
  echo "Bail out! vneid binary not given or not executable: ${1:-}"
  exit 99
fi
case $VNEID in
  /*) ;;
  *) VNEID=$PWD/$VNEID ;;
esac

# python3 on PATH may be a pyenv interpreter; the system one is always there on Debian.
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
  echo "Bail out! $PY not found (needed for JSON checks)"
  exit 99
fi

# The demo data (examples/data) sits next to tests/ in the source tree.
EXAMPLES=$(cd "$(dirname "${BASH_SOURCE[0]}")/../examples/data" 2>/dev/null && pwd) || EXAMPLES=

W=$(mktemp -d "${TMPDIR:-/tmp}/vneid-cli-test.XXXXXX") || exit 99
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 99

n=0
failed=0

pass() {
  n=$((n + 1))
  echo "ok $n - $1"
}

fail() {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  shift
  local f
  for f in "$@"; do
    [ -s "$f" ] && head -n 15 "$f" | sed "s|^|#   $(basename "$f"): |"
  done
  return 0
}

# run CMD... : stdout to out, stderr to err, exit status in $rc
run() {
  rc=0
  "$@" >out 2>err || rc=$?
}

# run_in FILE CMD... : like run, with FILE on standard input
run_in() {
  local input=$1
  shift
  rc=0
  "$@" <"$input" >out 2>err || rc=$?
}

show_cmd() {
  echo "exit status $rc: $*" >cmd
}

one_error_line() {
  [ "$(wc -l <err)" -eq 1 ] && grep -q '^vneid: ' err
}

# expect_ok DESC CMD... : exit 0; stdout stays in `out`
expect_ok() {
  local desc=$1
  shift
  run "$@"
  if [ "$rc" -eq 0 ]; then pass "$desc"; else show_cmd "$@"; fail "$desc" cmd err; fi
}

# expect_usage DESC CMD... : exit 2 and a usage line on stderr
expect_usage() {
  local desc=$1
  shift
  run "$@"
  if [ "$rc" -eq 2 ] && grep -q '^Usage: vneid' err && [ ! -s out ]; then
    pass "$desc"
  else
    show_cmd "$@"
    fail "$desc" cmd err out
  fi
}

# expect_reject DESC PATTERN CMD... : exit 1, one `vneid: ` line on stderr
# matching PATTERN (an extended regex, case-insensitive), nothing on stdout
expect_reject() {
  local desc=$1 pattern=$2
  shift 2
  run "$@"
  check_rejected "$desc" "$pattern" "$@"
}

check_rejected() {
  local desc=$1 pattern=$2
  shift 2
  if [ "$rc" -eq 1 ] && one_error_line && grep -qiE "$pattern" err && [ ! -s out ]; then
    pass "$desc"
  else
    show_cmd "$@"
    fail "$desc (want exit 1 and one 'vneid: ' line matching /$pattern/)" cmd err out
  fi
}

# make_input FILE CMD... : an input-making step; CMD must exit 0 and write
# a non-empty FILE, or the step fails (so no check below it passes on an
# empty file). Its standard error goes to FILE.err.
make_input() {
  local file=$1
  shift
  rc=0
  "$@" >"$file" 2>"$file.err" || rc=$?
  if [ "$rc" -eq 0 ] && [ -s "$file" ]; then
    pass "input $file"
  else
    echo "exit status $rc: $*" >cmd
    fail "input $file (want exit 0 and output)" cmd "$file.err"
  fi
}

# json_check DESC FILE EXPR : the Python expression EXPR holds for d = the
# JSON document in FILE
json_check() {
  local desc=$1 file=$2 expr=$3
  if "$PY" - "$file" "$expr" >pyerr 2>&1 <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
assert text.endswith("\n") and text.count("\n") == 1, "not exactly one line"
d = json.loads(text)
if not eval(sys.argv[2]):
    sys.exit("false: %s\n%s" % (sys.argv[2], json.dumps(d, ensure_ascii=False)))
EOF
  then
    pass "$desc"
  else
    fail "$desc" pyerr
  fi
}

# lines_check DESC FILE EXPR : EXPR holds for L = the list of JSON lines in FILE
lines_check() {
  local desc=$1 file=$2 expr=$3
  if "$PY" - "$file" "$expr" >pyerr 2>&1 <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    L = [json.loads(line) for line in f.read().splitlines()]
if not eval(sys.argv[2]):
    sys.exit("false: %s\n%s" % (sys.argv[2], json.dumps(L, ensure_ascii=False)))
EOF
  then
    pass "$desc"
  else
    fail "$desc" pyerr
  fi
}

ISS=https://id.vneid.example
VCT=urn:vn:vneid:pid:1
AUD=https://dichvucong.gov.vn.example
NONCE=nonce-$$-$RANDOM
NOW=$(date +%s)
STATUS_URI=https://id.vneid.example/status/1

cat >claims.json <<'EOF'
{
  "personal_administrative_number": "001090012345",
  "name": "Nguyễn Văn An",
  "family_name": "Nguyễn",
  "given_name": "An",
  "birthdate": "1990-05-17",
  "sex": 1,
  "nationalities": ["VN"],
  "address": {
    "street_address": "Số 12 phố Hàng Bạc",
    "locality": "Phường Hoàn Kiếm",
    "region": "Thành phố Hà Nội",
    "country": "VN"
  },
  "vneid_level": 2
}
EOF

# ------------------------------------------------------------ usage errors

echo "# usage errors exit 2"
expect_usage "no subcommand" "$VNEID"
expect_usage "unknown subcommand" "$VNEID" frobnicate
expect_usage "unknown option" "$VNEID" keygen --bogus
expect_usage "option without its argument" "$VNEID" keygen --kid
expect_usage "missing --key" "$VNEID" issue --iss "$ISS" --vct "$VCT" claims.json
expect_usage "missing CLAIMS argument" "$VNEID" issue --key x.jwk --iss "$ISS" --vct "$VCT"
expect_usage "too many arguments" "$VNEID" pubkey a.jwk b.jwk
expect_usage "receive without --holder" "$VNEID" receive 'openid-credential-offer://?credential_offer=%7B%7D'
expect_usage "non-numeric --exp" "$VNEID" issue --key x.jwk --iss "$ISS" --vct "$VCT" --exp soon claims.json
expect_usage "--exp with trailing junk" "$VNEID" issue --key x.jwk --iss "$ISS" --vct "$VCT" --exp 12x claims.json
expect_usage "negative --iat" "$VNEID" issue --key x.jwk --iss "$ISS" --vct "$VCT" --iat -5 claims.json
expect_usage "--status-uri without --status-idx" "$VNEID" issue --key x.jwk --iss "$ISS" --vct "$VCT" --status-uri "$STATUS_URI" claims.json
expect_usage "present: --nonce without --audience" "$VNEID" present --key x.jwk --nonce n cred
expect_usage "present: --audience without --nonce" "$VNEID" present --key x.jwk --audience a cred
expect_usage "present: --nonce and --audience without --key" "$VNEID" present --nonce n --audience a cred
expect_usage "verify: --nonce without --audience" "$VNEID" verify --trust m.json --nonce n pres
expect_usage "verify: missing --trust" "$VNEID" verify pres
expect_usage "verify: non-numeric --at" "$VNEID" verify --trust m.json --at yesterday pres
expect_usage "verify: --allow without =" "$VNEID" verify --trust m.json --allow "$VCT" pres
expect_usage "verify: --quiet without --batch" "$VNEID" verify --trust m.json --quiet pres
expect_usage "status-list: --bits not a number" "$VNEID" status-list --key x.jwk --iss "$ISS" --uri u --bits two --size 8
expect_usage "status-list: --set without =" "$VNEID" status-list --key x.jwk --iss "$ISS" --uri u --bits 1 --size 8 --set 3
expect_usage "status-list: missing --size" "$VNEID" status-list --key x.jwk --iss "$ISS" --uri u --bits 1

# ------------------------------------------------------------ help

echo "# help exits 0 and prints usage on stdout"
for args in "--help" "help" "-h"; do
  run "$VNEID" $args
  if [ "$rc" -eq 0 ] && grep -q '^Usage: vneid' out && grep -q 'verify' out && [ ! -s err ]; then
    pass "vneid $args"
  else
    fail "vneid $args" out err
  fi
done
for sub in keygen pubkey issuer-metadata issue present verify status-list id profile forms claims fill demo attest request wallet verify-response receive; do
  run "$VNEID" "$sub" --help
  if [ "$rc" -eq 0 ] && grep -q "vneid $sub" out && grep -q 'Example' out && [ ! -s err ]; then
    pass "vneid $sub --help"
  else
    fail "vneid $sub --help" out err
  fi
done
run "$VNEID" help verify
if [ "$rc" -eq 0 ] && grep -q -- '--allow' out; then pass "vneid help verify"; else fail "vneid help verify" out err; fi
run "$VNEID" verify --help
if grep -q 'VCT=ISSUER' out && grep -qi 'any credential type' out; then
  pass "verify --help documents --allow and the default policy"
else
  fail "verify --help documents --allow and the default policy" out
fi
run "$VNEID" --version
if [ "$rc" -eq 0 ] && grep -qE '^vneid [0-9]+\.[0-9]+\.[0-9]+$' out; then pass "vneid --version"; else fail "vneid --version" out err; fi

# ------------------------------------------------------------ keys

echo "# keys and issuer metadata"
expect_ok "keygen --kid" "$VNEID" keygen --kid issuer-1
cp out issuer.jwk
json_check "keygen prints a private OKP Ed25519 JWK with the kid" issuer.jwk \
  'd["kty"] == "OKP" and d["crv"] == "Ed25519" and d["kid"] == "issuer-1" and len(d["x"]) == 43 and len(d["d"]) == 43'
expect_ok "keygen without --kid" "$VNEID" keygen
cp out holder.jwk
expect_ok "keygen (a rogue key)" "$VNEID" keygen --kid issuer-1
cp out rogue.jwk
expect_ok "keygen (a second issuer key)" "$VNEID" keygen --kid issuer-2
cp out issuer2.jwk
run env LC_ALL=C LANG=C "$VNEID" keygen --kid "khóa-1"
if [ "$rc" -eq 0 ]; then
  json_check "non-ASCII arguments work in the C locale" out "d['kid'] == 'khóa-1'"
else
  fail "non-ASCII arguments work in the C locale" err
fi
run "$VNEID" keygen --kid "$(printf 'bad\377')"
if [ "$rc" -eq 2 ]; then pass "an argument that is not UTF-8 is a usage error"; else fail "an argument that is not UTF-8 is a usage error" err; fi
expect_ok "pubkey" "$VNEID" pubkey issuer.jwk
cp out issuer.pub
json_check "pubkey strips d and keeps x and kid" issuer.pub \
  "'d' not in d and d['kid'] == 'issuer-1' and d['x'] == $(cat issuer.jwk | "$PY" -c 'import json,sys; print(repr(json.load(sys.stdin)["x"]))')"
make_input holder.pub "$VNEID" pubkey holder.jwk

# vneid receive refuses before any network I/O (the flow itself: the
# authority-issuance-http tests)
expect_reject "receive: an offer URI without an offer" "exactly one" \
  "$VNEID" receive 'openid-credential-offer://?x=1' --holder holder.jwk
expect_reject "receive: an offer by reference over plain http elsewhere" "https" \
  "$VNEID" receive 'openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fexample.com%2Fo' --holder holder.jwk
expect_reject "receive: the offer asks for a tx_code" "tx_code" \
  "$VNEID" receive 'openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Fid.vneid.example%22%2C%22credential_configuration_ids%22%3A%5B%22pid%22%5D%2C%22grants%22%3A%7B%22urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code%22%3A%7B%22pre-authorized_code%22%3A%22c%22%2C%22tx_code%22%3A%7B%7D%7D%7D%7D' --holder holder.jwk
expect_ok "pubkey of a public key" "$VNEID" pubkey issuer.pub
if cmp -s out issuer.pub; then pass "pubkey is idempotent"; else fail "pubkey is idempotent" out issuer.pub; fi
expect_reject "pubkey of a missing file" "no-such\.jwk.*No such file" "$VNEID" pubkey no-such.jwk
echo '{"kty":"RSA","n":"x","e":"AQAB"}' >rsa.jwk
expect_reject "pubkey of an RSA JWK" "key type .RSA. is not supported" "$VNEID" pubkey rsa.jwk

expect_ok "issuer-metadata with two keys" "$VNEID" issuer-metadata --issuer "$ISS" issuer.jwk issuer2.jwk
cp out meta.json
json_check "issuer-metadata: issuer and public keys only" meta.json \
  "set(d) == {'issuer', 'jwks'} and d['issuer'] == '$ISS' and len(d['jwks']['keys']) == 2 and all('d' not in k and k['kty'] == 'OKP' for k in d['jwks']['keys']) and [k['kid'] for k in d['jwks']['keys']] == ['issuer-1', 'issuer-2']"
make_input meta-rogue.json "$VNEID" issuer-metadata --issuer "$ISS" rogue.jwk
make_input meta-other.json "$VNEID" issuer-metadata --issuer https://other.vneid.example issuer.jwk
expect_usage "issuer-metadata without --issuer" "$VNEID" issuer-metadata issuer.jwk
expect_usage "issuer-metadata without keys" "$VNEID" issuer-metadata --issuer "$ISS"

# ------------------------------------------------------------ issue, present, verify

echo "# issue -> present -> verify"
expect_ok "issue --sd-all --holder" "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.jwk --sd-all claims.json
cp out cred.txt
if [ "$(wc -l <cred.txt)" -eq 1 ] && grep -qE '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(~[A-Za-z0-9_-]+)+~$' cred.txt; then
  pass "credential is one compact SD-JWT line"
else
  fail "credential is one compact SD-JWT line" cred.txt
fi
secret_of() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["d"])' "$1"; }
ISSUER_D=$(secret_of issuer.jwk)
HOLDER_D=$(secret_of holder.jwk)

expect_ok "present --all with a KB-JWT" "$VNEID" present --key holder.jwk --all --nonce "$NONCE" --audience "$AUD" cred.txt
cp out pres-all.txt
if ! grep -qF -e "$ISSUER_D" -e "$HOLDER_D" cred.txt pres-all.txt meta.json; then
  pass "no private key in credential, presentation or metadata"
else
  fail "no private key in credential, presentation or metadata"
fi
expect_ok "verify with key binding" "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" pres-all.txt
cp out all.json
json_check "verify yields every claim, iss and vct" all.json \
  "all(d[k] == v for k, v in json.load(open('claims.json', encoding='utf-8')).items()) and d['iss'] == '$ISS' and d['vct'] == '$VCT' and '_sd' not in d and '_sd_alg' not in d and '_sd' not in d['address']"

expect_ok "present from standard input" "$VNEID" present --key holder.jwk --disclose given_name --disclose address.region --disclose 'nationalities[0]' --nonce "$NONCE" --audience "$AUD" - <cred.txt
cp out pres-some.txt
run_in pres-some.txt "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" -
if [ "$rc" -eq 0 ]; then pass "verify from standard input"; else fail "verify from standard input" err; fi
cp out some.json
json_check "selective disclosure: only the disclosed claims (and plain ones) come out" some.json \
  "d['given_name'] == 'An' and d['address'] == {'region': 'Thành phố Hà Nội'} and d['nationalities'] == ['VN'] and d['vneid_level'] == 2 and not {'name', 'family_name', 'birthdate', 'sex', 'personal_administrative_number'} & set(d)"

expect_ok "present with no disclosures and no key binding" "$VNEID" present cred.txt
cp out pres-none.txt
if grep -qE '^[^~]+~$' pres-none.txt; then pass "it is the issuer JWT and an empty KB-JWT slot"; else fail "it is the issuer JWT and an empty KB-JWT slot" pres-none.txt; fi
expect_ok "verify it without key binding" "$VNEID" verify --trust meta.json pres-none.txt
json_check "nothing selectively disclosable comes out" out \
  "'given_name' not in d and 'address' not in d and d['vneid_level'] == 2 and d['iss'] == '$ISS'"
expect_reject "key binding required but no KB-JWT" "rejected: key binding is required, and the presentation has no KB-JWT" "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" pres-none.txt

expect_ok "issue with --sd for chosen claims, claims from standard input" \
  "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --sd given_name --sd 'address.region' - <claims.json
cp out cred-sd.txt
make_input pres-sd.txt "$VNEID" present cred-sd.txt
expect_ok "verify a credential with a few disclosable claims, none disclosed" "$VNEID" verify --trust meta.json pres-sd.txt
json_check "claims not made disclosable stay visible" out \
  "'given_name' not in d and d['family_name'] == 'Nguyễn' and 'region' not in d['address'] and d['address']['locality'] == 'Phường Hoàn Kiếm'"

echo "# rejections exit 1 with one 'vneid:' line"
expect_reject "wrong nonce" "rejected: KB-JWT nonce .* is not the expected .$NONCE-x." "$VNEID" verify --trust meta.json --nonce "$NONCE-x" --audience "$AUD" pres-all.txt
expect_reject "wrong audience" "rejected: KB-JWT aud .* is not the expected .$AUD/x." "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD/x" pres-all.txt
make_input pres-stale.txt "$VNEID" present --key holder.jwk --all --nonce "$NONCE" --audience "$AUD" --iat $((NOW - 3600)) cred.txt
expect_reject "KB-JWT made an hour ago" "rejected: KB-JWT issued at $((NOW - 3600)), outside the 300 s window" "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" pres-stale.txt
expect_reject "untrusted issuer key (same issuer URL)" "rejected: issuer-signed JWT: signature does not verify with the trusted key of $ISS" "$VNEID" verify --trust meta-rogue.json pres-none.txt
expect_reject "trusted key published for another issuer" "rejected: issuer $ISS is not in the trust store" "$VNEID" verify --trust meta-other.json pres-none.txt
expect_reject "--allow: credential type not allowed" "rejected: issuer $ISS is not allowed to issue credentials of type $VCT" "$VNEID" verify --trust meta.json --allow "urn:vn:bhyt:card:1=$ISS" pres-none.txt
expect_ok "--allow: the allowed pair" "$VNEID" verify --trust meta.json --allow "urn:vn:bhyt:card:1=$ISS" --allow "$VCT=$ISS" pres-none.txt
expect_reject "--allow for an issuer no --trust names" "no --trust metadata is for issuer .https://nobody.example." "$VNEID" verify --trust meta.json --allow "$VCT=https://nobody.example" pres-none.txt

make_input cred-exp.txt "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --sd-all --iat $((NOW - 7200)) --exp $((NOW - 3600)) claims.json
make_input pres-exp.txt "$VNEID" present --all cred-exp.txt
expect_reject "expired credential" "rejected: credential expired at $((NOW - 3600)) " "$VNEID" verify --trust meta.json pres-exp.txt
expect_ok "the expired credential verifies --at a time before exp" "$VNEID" verify --trust meta.json --at $((NOW - 5000)) pres-exp.txt
make_input cred-nbf.txt "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --nbf $((NOW + 3600)) claims.json
make_input pres-nbf.txt "$VNEID" present cred-nbf.txt
expect_reject "credential not yet valid (nbf in an hour)" "rejected: credential not valid before $((NOW + 3600)) " "$VNEID" verify --trust meta.json pres-nbf.txt

# ------------------------------------------------------------ status lists

echo "# status lists"
for idx in 3 5 7; do
  make_input cred-st$idx.txt "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --status-uri "$STATUS_URI" --status-idx $idx claims.json
  make_input pres-st$idx.txt "$VNEID" present cred-st$idx.txt
done
expect_ok "status-list --bits 2 --set 3=1 --set 5=2" \
  "$VNEID" status-list --key issuer.jwk --iss "$ISS" --uri "$STATUS_URI" --bits 2 --size 16 --set 3=1 --set 5=2
cp out status.jwt
if [ "$(wc -l <status.jwt)" -eq 1 ] && grep -qE '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' status.jwt; then
  pass "status list token is one JWT line"
else
  fail "status list token is one JWT line" status.jwt
fi
expect_reject "revoked credential (value 1)" "rejected: credential is revoked \(status 1 in list $STATUS_URI, index 3\)" "$VNEID" verify --trust meta.json --status-list status.jwt pres-st3.txt
expect_reject "suspended credential (value 2)" "rejected: credential is suspended \(status list $STATUS_URI, index 5\)" "$VNEID" verify --trust meta.json --status-list status.jwt pres-st5.txt
expect_ok "valid credential (value 0)" "$VNEID" verify --trust meta.json --status-list status.jwt pres-st7.txt
expect_reject "status list not supplied" "rejected: no status list was supplied for $STATUS_URI" "$VNEID" verify --trust meta.json pres-st7.txt
expect_ok "--skip-status accepts even a revoked credential" "$VNEID" verify --trust meta.json --skip-status pres-st3.txt
make_input status-rogue.jwt "$VNEID" status-list --key rogue.jwk --iss "$ISS" --uri "$STATUS_URI" --bits 2 --size 16
expect_reject "status list signed by an untrusted key" "status list token: signature does not verify with the trusted key of $ISS" "$VNEID" verify --trust meta.json --status-list status-rogue.jwt pres-st7.txt
make_input status-exp.jwt "$VNEID" status-list --key issuer.jwk --iss "$ISS" --uri "$STATUS_URI" --bits 1 --size 16 --iat $((NOW - 7200)) --exp $((NOW - 3600))
expect_reject "expired status list" "status list token: expired at $((NOW - 3600)) " "$VNEID" verify --trust meta.json --status-list status-exp.jwt pres-st7.txt
expect_reject "status-list value too large for --bits" "status value 2 does not fit in 1 bits" "$VNEID" status-list --key issuer.jwk --iss "$ISS" --uri "$STATUS_URI" --bits 1 --size 16 --set 3=2
expect_reject "status-list index outside --size" "index 16 lies outside the status list \(size 16\)" "$VNEID" status-list --key issuer.jwk --iss "$ISS" --uri "$STATUS_URI" --bits 1 --size 16 --set 16=1

# ------------------------------------------------------------ what a verifier rejects and tolerates

echo "# crafted inputs, signed with keys the test holds (docs/verifier.md)"
# forge.py: JWS, disclosures and digests from raw JSON text, byte for byte,
# so that the test can sign what the vneid command would never issue.
cat >forge.py <<'EOF'
import base64, hashlib, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def sign(key_file, header, payload):
    d = json.load(open(key_file))["d"]
    key = Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(d + "=="))
    data = b64(header.encode()) + "." + b64(payload.encode())
    return data + "." + b64(key.sign(data.encode()))

cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "sign":            # KEY.jwk HEADER PAYLOAD
    print(sign(*args))
elif cmd == "disclosure":    # JSON array text
    print(b64(args[0].encode()))
elif cmd == "digest":        # disclosure
    print(b64(hashlib.sha256(args[0].encode()).digest()))
elif cmd == "jwk":           # KEY.jwk: its public JWK text
    print(json.dumps({k: v for k, v in json.load(open(args[0])).items() if k != "d"}))
EOF
forge() { "$PY" forge.py "$@"; }
HDR="{\"alg\":\"EdDSA\",\"typ\":\"dc+sd-jwt\",\"kid\":\"issuer-1\"}"
HOLDER_JWK=$(forge jwk holder.jwk)
BASE="\"iss\":\"$ISS\",\"vct\":\"$VCT\",\"iat\":$((NOW - 60))"
# crafted NAME PAYLOAD [DISCLOSURE...] : NAME.txt, the signed JWT, the
# disclosures and an empty KB-JWT slot; a checked input step
crafted() {
  local name=$1 payload=$2 jwt
  shift 2
  jwt=$(forge sign issuer.jwk "$HDR" "$payload") || { fail "input $name.txt (forge.py)"; return; }
  printf '%s~' "$jwt" "$@" >"$name.txt"
  if [ -s "$name.txt" ]; then pass "input $name.txt"; else fail "input $name.txt"; fi
}
D_JWK=$(forge disclosure "[\"c2FsdC1jbmYtandr\", \"jwk\", $HOLDER_JWK]")
crafted r1-cnf "{$BASE,\"cnf\":{\"_sd\":[\"$(forge digest "$D_JWK")\"]}}" "$D_JWK"
expect_reject "rule 1: cnf.jwk selectively disclosed" "rejected: disclosure 0: claim .cnf\.jwk. must not be selectively disclosed" \
  "$VNEID" verify --trust meta.json r1-cnf.txt
D_IDX=$(forge disclosure '["c2FsdC1pZHg", "idx", 3]')
crafted r1-idx "{$BASE,\"status\":{\"status_list\":{\"uri\":\"$STATUS_URI\",\"_sd\":[\"$(forge digest "$D_IDX")\"]}}}" "$D_IDX"
expect_reject "rule 1: status.status_list.idx selectively disclosed" "claim .status\.status_list\.idx. must not be selectively disclosed" \
  "$VNEID" verify --trust meta.json --skip-status r1-idx.txt
expect_reject "rule 1: vneid issue refuses --sd cnf.jwk" "claim .cnf\.jwk. must not be selectively disclosable" \
  "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.jwk --sd cnf.jwk claims.json

crafted r2 "{$BASE,\"cnf\":{\"jwk\":$HOLDER_JWK}}"
KB_EXP=$(forge sign holder.jwk '{"alg":"EdDSA","typ":"kb+jwt"}' \
  "{\"iat\":$NOW,\"exp\":$((NOW - 600)),\"aud\":\"$AUD\",\"nonce\":\"$NONCE\",\"sd_hash\":\"$(forge digest "$(cat r2.txt)")\"}")
printf '%s%s' "$(cat r2.txt)" "$KB_EXP" >r2-kb.txt
expect_reject "rule 2: a KB-JWT past its exp, key binding not asked for" "rejected: KB-JWT expired at $((NOW - 600)) " \
  "$VNEID" verify --trust meta.json r2-kb.txt
expect_reject "rule 2: ... and asked for" "rejected: KB-JWT expired at $((NOW - 600)) " \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" r2-kb.txt

crafted r3 "{$BASE,\"cnf\":{\"jwk\":$(cat holder.jwk)}}"
expect_reject "rule 3: a private key in cnf.jwk" "rejected: cnf\.jwk holds a private key" "$VNEID" verify --trust meta.json r3.txt
if ! grep -qF "$HOLDER_D" err out; then pass "rule 3: the private key is not printed"; else fail "rule 3: the private key is not printed" err; fi

SL_HDR='{"alg":"EdDSA","typ":"statuslist+jwt","kid":"issuer-1"}'
SL_BODY="\"iss\":\"$ISS\",\"sub\":\"$STATUS_URI\",\"status_list\":{\"bits\":2,\"lst\":\"eNpjYGBgAAAABQAB\"}"
forge sign issuer.jwk "$SL_HDR" "{$SL_BODY}" >sl-no-iat.jwt
forge sign issuer.jwk "$SL_HDR" "{$SL_BODY,\"iat\":$((NOW - 60)),\"ttl\":0}" >sl-ttl.jwt
expect_reject "rule 4: a status list token without iat" "status list token: required claim .iat. is missing" \
  "$VNEID" verify --trust meta.json --status-list sl-no-iat.jwt pres-st7.txt
expect_reject "rule 4: a status list token with ttl 0" "status list token: claim .ttl. is 0, not a positive number" \
  "$VNEID" verify --trust meta.json --status-list sl-ttl.jwt pres-st7.txt
make_input sl-old.jwt "$VNEID" status-list --key issuer.jwk --iss "$ISS" --uri "$STATUS_URI" --bits 2 --size 16 --set 7=1 --iat $((NOW - 7200))
make_input sl-new.jwt "$VNEID" status-list --key issuer.jwk --iss "$ISS" --uri "$STATUS_URI" --bits 2 --size 16 --iat $((NOW - 60))
expect_ok "rule 4: of two lists for one URI the newest counts (older given last)" \
  "$VNEID" verify --trust meta.json --status-list sl-new.jwt --status-list sl-old.jwt pres-st7.txt
expect_ok "rule 4: ... and given first" "$VNEID" verify --trust meta.json --status-list sl-old.jwt --status-list sl-new.jwt pres-st7.txt

D_ALG=$(forge disclosure '["c2FsdC1zZC1hbGc", "_sd_alg", "sha-256"]')
crafted r5 "{$BASE,\"_sd_alg\":\"sha-256\",\"_sd\":[\"$(forge digest "$D_ALG")\"]}" "$D_ALG"
expect_reject "rule 5: _sd_alg disclosed beside the plain one" "rejected: disclosure 0: claim ._sd_alg. is already present in the payload" \
  "$VNEID" verify --trust meta.json r5.txt

ISSUER_JWK=$(forge jwk issuer.jwk)
echo "{\"issuer\":\"$ISS\",\"jwks\":{\"keys\":[$ISSUER_JWK]},\"jwks_uri\":\"$ISS/jwks\"}" >meta-both.json
expect_reject "rule 6: metadata with jwks and jwks_uri" "has both .jwks. and .jwks_uri." "$VNEID" verify --trust meta-both.json pres-none.txt
echo "{\"issuer\":\"$ISS?tenant=1\",\"jwks\":{\"keys\":[$ISSUER_JWK]}}" >meta-query.json
expect_reject "rule 6: an issuer with a query" "has a query or fragment" "$VNEID" verify --trust meta-query.json pres-none.txt
echo "{\"issuer\":\"$ISS\",\"jwks\":{\"keys\":[${ISSUER_JWK%\}},\"key_ops\":[\"encrypt\"]}]}}" >meta-ops.json
expect_reject "rule 6: a key whose key_ops lack verify" "none of its 1 keys is an Ed25519 signature key" \
  "$VNEID" verify --trust meta-ops.json pres-none.txt

EC='{"kty":"EC","crv":"P-256","kid":"ec-1","x":"TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc","y":"ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"}'
echo "{\"issuer\":\"$ISS\",\"jwks\":{\"keys\":[$EC,${HOLDER_JWK%\}},\"use\":\"enc\"},$ISSUER_JWK]}}" >meta-mixed.json
expect_ok "rule 7: metadata with an EC key and an encryption key beside the Ed25519 key" \
  "$VNEID" verify --trust meta-mixed.json pres-none.txt
if grep -q "^vneid: warning: issuer metadata for $ISS: key 0 skipped: " err &&
   grep -q "^vneid: warning: issuer metadata for $ISS: key 1 skipped: " err; then
  pass "rule 7: verify names each skipped metadata key in a warning"
else
  fail "rule 7: verify names each skipped metadata key in a warning" err
fi
ROGUE_JWK=$(forge jwk rogue.jwk)
echo "{\"issuer\":\"$ISS\",\"jwks\":{\"keys\":[$ROGUE_JWK,$ISSUER_JWK]}}" >meta-twins.json
expect_ok "rule 7: two keys with kid issuer-1, the second one signed" "$VNEID" verify --trust meta-twins.json pres-none.txt

crafted r8-kid "{$BASE,\"cnf\":{\"kid\":\"wallet-key-7\"}}"
expect_ok "rule 8: cnf with only a kid, no key binding asked" "$VNEID" verify --trust meta.json r8-kid.txt
crafted r8-ec "{$BASE,\"cnf\":{\"jwk\":$EC}}"
expect_ok "rule 8: cnf with an EC P-256 key, no key binding asked" "$VNEID" verify --trust meta.json r8-ec.txt
KB_EC=$(forge sign holder.jwk '{"alg":"EdDSA","typ":"kb+jwt"}' \
  "{\"iat\":$NOW,\"aud\":\"$AUD\",\"nonce\":\"$NONCE\",\"sd_hash\":\"$(forge digest "$(cat r8-ec.txt)")\"}")
printf '%s%s' "$(cat r8-ec.txt)" "$KB_EC" >r8-ec-kb.txt
expect_reject "rule 8: ... refused when key binding is asked for" "rejected: KB-JWT present, but the credential names no holder key this verifier can use \(cnf\.jwk is kty EC, crv P-256: not an Ed25519 key" \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" r8-ec-kb.txt

HDR_APP="{\"alg\":\"EdDSA\",\"typ\":\"application/DC+SD-JWT\",\"kid\":\"issuer-1\"}"
printf '%s~' "$(forge sign issuer.jwk "$HDR_APP" "{$BASE}")" >r9.txt
expect_ok "rule 9: typ application/DC+SD-JWT names dc+sd-jwt" "$VNEID" verify --trust meta.json r9.txt

crafted r10 "{$BASE,\"height\":1e400}"
expect_reject "rule 10: a number beyond double range" "rejected: issuer-signed JWT payload is not valid JSON: number out of range" \
  "$VNEID" verify --trust meta.json r10.txt
D_INF=$(forge disclosure '["c2FsdC1pbmY", "height", -1e999]')
crafted r10-d "{$BASE,\"_sd\":[\"$(forge digest "$D_INF")\"]}" "$D_INF"
expect_reject "rule 10: ... in a disclosure" "rejected: disclosure 0 is not valid JSON: number out of range" \
  "$VNEID" verify --trust meta.json r10-d.txt

D_REGION=$(forge disclosure '["c2FsdC1yZWdpb24", "region", "Hà Nội"]')
crafted r13 "{$BASE,\"address\":{\"region\":\"Huế\",\"_sd\":[\"$(forge digest "$D_REGION")\"]}}" "$D_REGION"
expect_reject "rule 13: an error in a nested object names its path" "rejected: disclosure 0: claim .region. is already present in address" \
  "$VNEID" verify --trust meta.json r13.txt

make_input other-iss.jwk "$VNEID" keygen --kid other-1
make_input meta-other-iss.json "$VNEID" issuer-metadata --issuer "$ISS/other" other-iss.jwk
make_input sl-other.jwt "$VNEID" status-list --key other-iss.jwk --iss "$ISS/other" --uri "$STATUS_URI" --bits 2 --size 16
expect_reject "rule 14: a status list signed by another trusted issuer" "rejected: the status list at $STATUS_URI comes from $ISS/other, not from the credential's issuer" \
  "$VNEID" verify --trust meta.json --trust meta-other-iss.json --status-list sl-other.jwt pres-st7.txt
make_input sl-three.jwt "$VNEID" status-list --key issuer.jwk --iss "$ISS" --uri "$STATUS_URI" --bits 2 --size 16 --set 7=3
expect_reject "rule 14: status value 3 is not valid" "rejected: credential is revoked \(status 3 in list" \
  "$VNEID" verify --trust meta.json --status-list sl-three.jwt pres-st7.txt
expect_reject "rule 14: exp exactly at now minus the leeway" "rejected: credential expired at $((NOW - 3600)) " \
  "$VNEID" verify --trust meta.json --at $((NOW - 3600 + 60)) pres-exp.txt
expect_ok "rule 14: ... one second earlier it has not" "$VNEID" verify --trust meta.json --at $((NOW - 3600 + 59)) pres-exp.txt

# ------------------------------------------------------------ batch

echo "# --batch"
{
  cat pres-all.txt
  echo
  echo "not-a-presentation"
  cat pres-some.txt
} >batch.txt
run "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" --batch batch.txt
cp out batch.out
if [ "$rc" -eq 1 ] && [ "$(wc -l <batch.out)" -eq 3 ]; then pass "batch with one bad line: three output lines, exit 1"; else show_cmd batch; fail "batch with one bad line: three output lines, exit 1" cmd batch.out err; fi
lines_check "batch output: payload, error with its line number, payload" batch.out \
  "L[0]['given_name'] == 'An' and set(L[1]) == {'error', 'line'} and L[1]['line'] == 3 and L[1]['error'] and L[2]['address'] == {'region': 'Thành phố Hà Nội'}"
run_in batch.txt "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" --batch --quiet -
if [ "$rc" -eq 1 ] && [ "$(cat out)" = "verified 2, rejected 1" ]; then
  pass "batch --quiet from standard input: closing line only, exit 1"
else
  fail "batch --quiet from standard input: closing line only, exit 1" out err
fi
printf '%s\r\n\n%s\n' "$(cat pres-all.txt)" "$(cat pres-some.txt)" >batch-good.txt
run "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" --batch --quiet batch-good.txt
if [ "$rc" -eq 0 ] && [ "$(cat out)" = "verified 2, rejected 0" ]; then
  pass "batch of good lines (CRLF, empty line) exits 0"
else
  fail "batch of good lines (CRLF, empty line) exits 0" out err
fi
printf 'abc\0def\n' >batch-nul.txt
run "$VNEID" verify --trust meta.json --batch batch-nul.txt
if [ "$rc" -eq 1 ]; then lines_check "batch: a line with a NUL byte is rejected" out "L[0]['line'] == 1"; else fail "batch: a line with a NUL byte is rejected" out err; fi

# ------------------------------------------------------------ bad input

echo "# bad input: exit 1, one line, no crash"
echo xyz >xyz.txt
run_in xyz.txt "$VNEID" verify --trust meta.json -
check_rejected "garbage presentation on standard input" "rejected: not an SD-JWT: no .~. separator" verify xyz
: >empty.txt
expect_reject "empty presentation" "rejected: not an SD-JWT: no .~. separator" "$VNEID" verify --trust meta.json empty.txt
head -c 4096 /dev/urandom | tr -d '\000' >random.bin
expect_reject "random bytes" "^vneid: rejected: " "$VNEID" verify --trust meta.json random.bin
printf '%s\0tail' "$(cat pres-none.txt)" >nul.txt
expect_reject "presentation with a NUL byte" "NUL" "$VNEID" verify --trust meta.json nul.txt
"$PY" -c 'import sys; sys.stdout.write("e" * 200000 + "~" * 5000 + "\n")' >huge.txt
expect_reject "oversized presentation" "rejected: presentation is [0-9]+ bytes, over the limit of 65536" "$VNEID" verify --trust meta.json huge.txt
"$PY" -c 'import sys; sys.stdout.write("[" * 100000 + "]" * 100000)' >deep.json
expect_reject "claims nested 100000 deep" "claims is not valid JSON: nesting deeper than 32 levels" "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" deep.json
printf 'a.b.c~WyJ4IiwieSIsMV0~\n' >bad-jwt.txt
expect_reject "malformed issuer JWT followed by a disclosure" "rejected: issuer-signed JWT header is not valid base64url" "$VNEID" verify --trust meta.json bad-jwt.txt
expect_reject "present a malformed issuer JWT followed by a disclosure" "issuer-signed JWT header is not valid base64url" "$VNEID" present bad-jwt.txt

# Variations of a good presentation; one batch run keeps this fast. An empty
# variation is written as "-" so that every line gets an answer.
"$PY" - pres-all.txt >mutants.txt <<'EOF'
import random, sys
good = open(sys.argv[1]).read().strip()
rng = random.Random(9901)
parts = good.split("~")
out = []
for i in range(0, len(good), max(1, len(good) // 60)):
    out.append(good[:i])                                            # truncated
    out.append(good[:i] + rng.choice('~.=_-A/+ "{') + good[i + 1:])  # one character changed
out.append("~".join(parts[:1] + parts[1:2] * 2 + parts[1:]))        # a disclosure twice
out.append("~".join(parts[:1] + ["WyJ4IiwieSIsMV0"] + parts[1:]))   # an unreferenced disclosure
out.append("~".join(parts[:1] + ["!!!"] + parts[1:]))               # not base64url
out.append("~" * 2000)
out.append(".".join(["e30"] * 3) + "~")
for line in out:
    print(line.strip() or "-")
EOF
lines=$(grep -c '' mutants.txt)
run "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" --batch mutants.txt
if [ "$rc" -le 1 ] && [ "$(grep -c '' out)" -eq "$lines" ]; then
  pass "$lines mutated presentations in a batch: no crash, one answer each"
else
  show_cmd verify --batch mutants.txt
  fail "$lines mutated presentations in a batch: no crash, one answer each" cmd err
fi
expect_reject "missing presentation file" "no-such" "$VNEID" verify --trust meta.json no-such.txt
expect_reject "trust metadata that is not JSON" "xyz\.txt: issuer metadata is not valid JSON" "$VNEID" verify --trust xyz.txt pres-none.txt
expect_reject "status list that is not a token" "status list xyz\.txt: status list token is not a compact JWS" "$VNEID" verify --trust meta.json --status-list xyz.txt pres-st7.txt
echo '[1, 2]' >array.json
expect_reject "claims that are not an object" "claims is not a JSON object" "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" array.json
expect_reject "issue with a public issuer key" "the key has no private part and cannot sign" "$VNEID" issue --key issuer.pub --iss "$ISS" --vct "$VCT" claims.json
expect_reject "issue with a key file that is not JSON" "xyz\.txt: JWK is not valid JSON" "$VNEID" issue --key xyz.txt --iss "$ISS" --vct "$VCT" claims.json
expect_reject "present a garbage credential" "not an SD-JWT: no .~. separator" "$VNEID" present xyz.txt
expect_reject "present a claim the credential lacks" "the credential has no claim at path .no_such_claim." "$VNEID" present --disclose no_such_claim cred.txt
expect_reject "KB-JWT with a public holder key" "the key has no private part and cannot sign" "$VNEID" present --key holder.pub --all --nonce n --audience a cred.txt

# ------------------------------------------------------------ id

echo "# vneid id"
expect_ok "id: a valid number" "$VNEID" id 001185034517
if grep -q '^province .*001 Hà Nội' out && grep -q '^sex .*female' out && grep -q '^birth year .*1985' out &&
   grep -q '^century .*1900' out && grep -q '^serial .*034517' out; then
  pass "id: province name, century, sex, birth year, serial"
else
  fail "id: province name, century, sex, birth year, serial" out
fi
expect_ok "id --json: born in 2000 (century digit 3)" "$VNEID" id --json 075300011209
json_check "id --json: every part of the number" out \
  "d == {'number': '075300011209', 'province_code': '075', 'province_name': 'Đồng Nai', 'century': 2000, 'sex': 2, 'birth_year': 2000, 'serial': '011209'}"
expect_ok "id --json: a man born in 1992 in TP Hồ Chí Minh" "$VNEID" id --json 079092018843
json_check "id --json: sex 1, year 1992, province 079" out \
  "d['sex'] == 1 and d['birth_year'] == 1992 and d['century'] == 1900 and d['province_name'] == 'TP Hồ Chí Minh'"
expect_reject "id: 11 digits" "12 characters.*not 11" "$VNEID" id 00118503451
expect_reject "id: 13 digits" "12 characters.*not 13" "$VNEID" id 0011850345170
expect_reject "id: empty" "12 characters" "$VNEID" id ""
expect_reject "id: unknown province code" "unknown province code .*999" "$VNEID" id 999185034517
expect_reject "id: a letter, and where it is" "character 12 .*not a digit" "$VNEID" id 00118503451x
expect_reject "id: a space inside" "character 4 .*not a digit" "$VNEID" id "001 85034517"
expect_reject "id: a non-ASCII digit" "not a digit" "$VNEID" id "00118503451٣"
expect_usage "id: no number" "$VNEID" id
expect_usage "id: two numbers" "$VNEID" id 001185034517 079092018843

# ------------------------------------------------------------ profile

echo "# vneid profile: demo citizens' credentials, issued here"
PDB=https://id.vneid.example
VSS=https://bhyt.baohiemxahoi.example
if [ -n "$EXAMPLES" ] && [ -f "$EXAMPLES/citizens/tran-thi-mai/pid.json" ]; then
  pass "demo citizens found in $EXAMPLES"
else
  fail "demo citizens found next to tests/ (examples/data/citizens)"
fi
TRUST=(--trust "$EXAMPLES/population-db.metadata.json" --trust "$EXAMPLES/vss-bhyt.metadata.json")
STRICT=(--allow "urn:vn:vneid:pid:1=$PDB" --allow "urn:vn:vneid:cccd:1=$PDB"
        --allow "urn:vn:vneid:contact:1=$PDB" --allow "urn:vn:bhyt:card:1=$VSS")
KB=(--nonce "$NONCE" --audience "$AUD")

# issue_citizen SLUG TYPE [CLAIMS [OUT]] : OUT.cred and OUT.pres (--all, with a
# KB-JWT), OUT defaulting to SLUG-TYPE; issuer and key as the demo authority's
issue_citizen() {
  local slug=$1 type=$2 claims=${3:-$EXAMPLES/citizens/$1/$2.json} out=${4:-$1-$2} vct iss key
  local wallet=$EXAMPLES/citizens/$slug/wallet.jwk
  case $type in
    pid) vct=urn:vn:vneid:pid:1 ;;
    cccd) vct=urn:vn:vneid:cccd:1 ;;
    contact) vct=urn:vn:vneid:contact:1 ;;
    bhyt) vct=urn:vn:bhyt:card:1 ;;
  esac
  if [ "$type" = bhyt ]; then iss=$VSS key=$EXAMPLES/keys/vss-bhyt.jwk; else iss=$PDB key=$EXAMPLES/keys/population-db.jwk; fi
  "$VNEID" issue --key "$key" --iss "$iss" --vct "$vct" --holder "$wallet" --sd-all "$claims" >"$out.cred" 2>>issue-err &&
    "$VNEID" present --key "$wallet" --all "${KB[@]}" "$out.cred" >"$out.pres" 2>>issue-err
}
: >issue-err
issued=0
for t in pid cccd contact bhyt; do issue_citizen tran-thi-mai $t && issued=$((issued + 1)); done
for t in pid bhyt; do issue_citizen le-minh-khoa $t && issued=$((issued + 1)); done
if [ "$issued" -eq 6 ]; then pass "issue and present 6 demo credentials (Trần Thị Mai, Lê Minh Khoa)"; else fail "issue and present 6 demo credentials" issue-err; fi
MAI=(tran-thi-mai-pid.pres tran-thi-mai-cccd.pres tran-thi-mai-contact.pres tran-thi-mai-bhyt.pres)

expect_ok "profile: Mai's four credentials, strict --allow, key binding" \
  "$VNEID" profile "${TRUST[@]}" "${STRICT[@]}" "${KB[@]}" --on 2026-11-27 "${MAI[@]}"
cp out mai.table
if grep -q 'Trần Thị Mai' mai.table && grep -q 'population-db' mai.table && grep -q 'bhyt-db' mai.table &&
   grep -q 'cccd-chip' mai.table && grep -q 'self-asserted' mai.table; then
  pass "profile table: the name and all four source kinds"
else
  fail "profile table: the name and all four source kinds" mai.table
fi
if grep -qE '^  personal number +001185034517' mai.table && grep -qE '^  VNeID level +2$' mai.table &&
   grep -qE '^  province of birth +001 Hà Nội' mai.table &&
   grep -qE '^  health insurance +DN4010104523817.*valid on 2026-11-27' mai.table; then
  pass "profile header: number, level, province of birth, BHYT valid on the --on day"
else
  fail "profile header: number, level, province of birth, BHYT valid on the --on day" mai.table
fi
if grep -qE '^bhyt_number +DN4010104523817 +bhyt-db +urn:vn:bhyt:card:1 +https://bhyt\.baohiemxahoi\.example$' mai.table &&
   grep -qE '^household\.head_name +Trần Thị Mai +population-db +urn:vn:vneid:pid:1 +https://id\.vneid\.example$' mai.table &&
   grep -qE '^email +tran\.thi\.mai@example\.com +self-asserted ' mai.table; then
  pass "profile rows: path, value, source, vct, issuer"
else
  fail "profile rows: path, value, source, vct, issuer" mai.table
fi
if grep -q '^Conflicts' mai.table && grep -q '^  address.locality$' mai.table &&
   grep -q 'kept  Phường Hai Bà Trưng  \[population-db' mai.table &&
   grep -q 'lost  Phường Phạm Đình Hổ  \[cccd-chip' mai.table && grep -q 'lost  Quận Hai Bà Trưng' mai.table; then
  pass "profile conflicts: the PID's post-2025 address kept, the chip's pre-2025 one lost"
else
  fail "profile conflicts: the PID's post-2025 address kept, the chip's pre-2025 one lost" mai.table
fi
if "$PY" - mai.table >pyerr 2>&1 <<'PYEOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()   # strict UTF-8
row = [l for l in lines if l.startswith("issuing_authority ")][0]
full = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
cut = row[len("issuing_authority"):].strip().split("  ")[0]
assert cut.endswith("…") and full.startswith(cut[:-1]) and len(cut) < len(full), row
assert not any(l != l.rstrip() for l in lines), "trailing blanks"
header = [l for l in lines if l.startswith("PATH ")][0]
col = header.index("SOURCE")
for l in lines[lines.index(header) + 1:]:
    if not l or l.startswith("Conflicts"):
        break
    assert l[col - 2:col] == "  " and l[col] != " ", "misaligned: " + l
PYEOF
then
  pass "profile table: long values cut by characters with …, columns aligned, UTF-8 intact"
else
  fail "profile table: long values cut by characters with …, columns aligned, UTF-8 intact" pyerr
fi
run "$VNEID" profile "${TRUST[@]}" "${KB[@]}" --on 2027-01-01 "${MAI[@]}"
if [ "$rc" -eq 0 ] && grep -qE '^  health insurance +.*EXPIRED on 2027-01-01' out; then
  pass "profile --on a day after valid_until: EXPIRED"
else
  fail "profile --on a day after valid_until: EXPIRED" out err
fi
AT=$(date +%s)   # not $NOW: the credentials were issued after it, which under valgrind may be minutes
run "$VNEID" profile "${TRUST[@]}" --at "$AT" "${MAI[@]}"
if [ "$rc" -eq 0 ] && grep -qE "^  health insurance +.* on $(TZ=Asia/Ho_Chi_Minh date -d "@$AT" +%F) " out; then
  pass "profile without --on judges the BHYT card on the --at day in Vietnam"
else
  fail "profile without --on judges the BHYT card on the --at day in Vietnam" out err
fi

expect_ok "profile --json" "$VNEID" profile "${TRUST[@]}" "${STRICT[@]}" "${KB[@]}" --json "${MAI[@]}"
json_check "profile --json: one line, attributes with their source, conflicts, credentials" out \
  "d['personal_administrative_number'] == '001185034517' and d['level'] == 2 and all(a['source'] in ('population-db', 'cccd-chip', 'bhyt-db', 'self-asserted') and a['vct'] and a['iss'] for a in d['attributes'].values()) and d['attributes']['bhyt_number']['source'] == 'bhyt-db' and d['attributes']['ethnicity']['source'] == 'population-db' and d['attributes']['phone_number']['verified'] is False and any(c['path'] == 'address.locality' and c['source'] == 'cccd-chip' and c['kept'] == 'Phường Hai Bà Trưng' for c in d['conflicts']) and len(d['credentials']) == 4"

expect_ok "profile: Khoa, level 1, PID and BHYT" "$VNEID" profile "${TRUST[@]}" "${KB[@]}" --on 2026-11-27 le-minh-khoa-pid.pres le-minh-khoa-bhyt.pres
if grep -q 'Lê Minh Khoa' out && grep -qE '^  VNeID level +1$' out && grep -qE 'male, born 2007' out &&
   grep -q 'population-db' out && grep -q 'bhyt-db' out && ! grep -q '^Conflicts' out; then
  pass "profile: level 1, born 2007, both sources, no conflicts"
else
  fail "profile: level 1, born 2007, both sources, no conflicts" out
fi
run_in le-minh-khoa-bhyt.pres "$VNEID" profile "${TRUST[@]}" "${KB[@]}" --json le-minh-khoa-pid.pres -
if [ "$rc" -eq 0 ]; then
  json_check "profile: one presentation from standard input" out "d['level'] == 1 and d['attributes']['bhyt_number']['value'] == 'SV4010107812645'"
else
  fail "profile: one presentation from standard input" err
fi

echo "# vneid profile refuses"
expect_reject "profile: two citizens (Mai's PID, Khoa's BHYT card)" \
  "about 001207012864.*about 001185034517|about 001185034517.*about 001207012864" \
  "$VNEID" profile "${TRUST[@]}" "${KB[@]}" tran-thi-mai-pid.pres le-minh-khoa-bhyt.pres
expect_reject "profile: Khoa's PID with Mai's contact credential (another holder key)" "holder key" \
  "$VNEID" profile "${TRUST[@]}" "${KB[@]}" le-minh-khoa-pid.pres tran-thi-mai-contact.pres
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); d["vneid_level"] = 1; json.dump(d, sys.stdout, ensure_ascii=False)' \
  "$EXAMPLES/citizens/tran-thi-mai/pid.json" >mai-level1.json
if issue_citizen tran-thi-mai pid mai-level1.json mai-l1; then pass "input mai-l1.pres"; else fail "input mai-l1.pres" issue-err; fi
expect_reject "profile: a level-1 PID with an e-CCCD" "level-1" \
  "$VNEID" profile "${TRUST[@]}" "${KB[@]}" mai-l1.pres tran-thi-mai-cccd.pres
expect_ok "profile: that level-1 PID alone is fine" "$VNEID" profile "${TRUST[@]}" "${KB[@]}" --json mai-l1.pres
expect_reject "profile: two PIDs name both files" \
  "^vneid: tran-thi-mai-pid\.pres and mai-l1\.pres hold credentials of the same type, urn:vn:vneid:pid:1$" \
  "$VNEID" profile "${TRUST[@]}" "${KB[@]}" tran-thi-mai-pid.pres mai-l1.pres
# One person per profile: Mai's PID withholding her number, and another
# woman's BHYT card (number, name, birth date all hers) bound to Mai's key.
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); del d["personal_administrative_number"]; json.dump(d, sys.stdout, ensure_ascii=False)' \
  "$EXAMPLES/citizens/tran-thi-mai/pid.json" >mai-nonumber.json
cat >hoa-bhyt.json <<'EOF'
{"personal_administrative_number": "001185099911", "name": "Lê Thị Hoa", "birthdate": "1985-11-20", "sex": 2,
 "bhyt_number": "DN4010199887766", "benefit_level": 4}
EOF
if issue_citizen tran-thi-mai pid mai-nonumber.json mai-nonumber && issue_citizen tran-thi-mai bhyt hoa-bhyt.json hoa; then
  pass "input mai-nonumber.pres, hoa.pres"
else
  fail "input mai-nonumber.pres, hoa.pres" issue-err
fi
expect_reject "profile: a PID without its number and another person's card on the same key" \
  "not the same person: birthdate is \"1985-03-08\" in the urn:vn:vneid:pid:1 credential and \"1985-11-20\" in the urn:vn:bhyt:card:1 credential" \
  "$VNEID" profile "${TRUST[@]}" "${KB[@]}" mai-nonumber.pres hoa.pres
expect_reject "profile: a rejected presentation names its file" "^vneid: tran-thi-mai-bhyt\.pres: rejected: .*nonce" \
  "$VNEID" profile "${TRUST[@]}" --nonce "$NONCE-x" --audience "$AUD" tran-thi-mai-bhyt.pres
expect_reject "profile: ... also when it is not the first" "^vneid: xyz\.txt: rejected: " \
  "$VNEID" profile "${TRUST[@]}" "${KB[@]}" tran-thi-mai-pid.pres xyz.txt
expect_reject "profile: strict --allow refuses a BHYT card from the population database" "not allowed" \
  "$VNEID" profile "${TRUST[@]}" --allow "urn:vn:vneid:pid:1=$PDB" --allow "urn:vn:bhyt:card:1=$PDB" "${KB[@]}" \
  tran-thi-mai-pid.pres tran-thi-mai-bhyt.pres
make_input other.cred "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct urn:example:library-card:1 claims.json
make_input other.pres "$VNEID" present other.cred
expect_reject "profile: a credential type with no place in a profile" "urn:example:library-card:1 has no place" \
  "$VNEID" profile --trust meta.json other.pres
expect_reject "profile: untrusted issuer" "tran-thi-mai-bhyt\.pres: rejected: issuer $VSS is not in the trust store" "$VNEID" profile --trust "$EXAMPLES/population-db.metadata.json" "${KB[@]}" tran-thi-mai-bhyt.pres
expect_reject "profile: missing file" "no-such" "$VNEID" profile "${TRUST[@]}" tran-thi-mai-pid.pres no-such.pres
expect_reject "profile: garbage" "xyz" "$VNEID" profile "${TRUST[@]}" xyz.txt
expect_usage "profile: missing --trust" "$VNEID" profile tran-thi-mai-pid.pres
expect_usage "profile: no presentation" "$VNEID" profile "${TRUST[@]}"
expect_usage "profile: standard input twice" "$VNEID" profile "${TRUST[@]}" - -
expect_usage "profile: --on not a date" "$VNEID" profile "${TRUST[@]}" --on 2026-02-30 tran-thi-mai-pid.pres
expect_usage "profile: --on not a whole day" "$VNEID" profile "${TRUST[@]}" --on 2026-11 tran-thi-mai-pid.pres
expect_usage "profile: --on with --json" "$VNEID" profile "${TRUST[@]}" --json --on 2026-11-27 tran-thi-mai-pid.pres
expect_usage "profile: --nonce without --audience" "$VNEID" profile "${TRUST[@]}" --nonce n tran-thi-mai-pid.pres

echo "# vneid profile: data from credentials cannot drive the terminal"
printf '{"phone_number": "+84912000185", "email": "x\\u001b[2J\\u202eevil\\nline@example.com"}\n' >evil-contact.json
if issue_citizen tran-thi-mai contact evil-contact.json evil; then pass "input evil.pres"; else fail "input evil.pres" issue-err; fi
expect_ok "profile with control characters in a value" "$VNEID" profile "${TRUST[@]}" "${KB[@]}" tran-thi-mai-pid.pres evil.pres
if ! LC_ALL=C grep -q "$(printf '\033')" out && ! grep -q "$(printf '\342\200\256')" out &&
   grep -qE '^email +x�\[2J�evil line@example\.com +self-asserted' out; then
  pass "profile table: control and bidi characters replaced, line breaks become spaces"
else
  fail "profile table: control and bidi characters replaced, line breaks become spaces" out
fi

# ------------------------------------------------------------ forms

echo "# vneid forms, fill and demo (plugins from VNEID_PLUGIN_PATH: ${VNEID_PLUGIN_PATH:-unset})"
FORM_IDS="vn.bca.ct01 vn.bca.tk01 vn.sbv.bank-account vn.mic.sim-registration vn.bhxh.bhyt-checkin"
expect_ok "forms" "$VNEID" forms
cp out out_forms_table
all_listed=yes
for id in $FORM_IDS; do grep -q "^$id " out || all_listed=no; done
if [ "$all_listed" = yes ] && grep -q '^Plugins (5): bank-account, bhyt-checkin, ct01, sim-registration, tk01$' out && [ ! -s err ]; then
  pass "forms lists the five bundled plugins and their form ids, no warnings"
else
  fail "forms lists the five bundled plugins and their form ids, no warnings" out err
fi
expect_ok "forms --json" "$VNEID" forms --json
json_check "forms --json: ids, levels, field counts, no errors" out \
  "sorted(f['id'] for f in d['forms']) == sorted('$FORM_IDS'.split()) and d['errors'] == [] and [f['min_level'] for f in d['forms'] if f['id'] == 'vn.sbv.bank-account'] == [2] and all(f['fields'] > 0 and f['title'] and f['authority'] for f in d['forms'])"
if grep -Eq '^ct01 +1\.0 +declarative +vn\.bca\.ct01 +Tờ khai thay đổi thông tin cư trú' out_forms_table &&
   grep -Eq '^bhyt-checkin +1\.0 +C module +vn\.bhxh\.bhyt-checkin +Tiếp đón' out_forms_table; then
  pass "forms shows each plugin's version, kind, forms and description"
else
  fail "forms shows each plugin's version, kind, forms and description" out_forms_table
fi
json_check "forms --json: plugin_info keeps version, description, forms, folder, module; each form names its plugin" out \
  "[(p['name'], p['version'], p['forms'], p['module']) for p in d['plugin_info'] if p['name'] in ('ct01', 'bhyt-checkin')] == [('bhyt-checkin', '1.0', ['vn.bhxh.bhyt-checkin'], 'bhyt-checkin'), ('ct01', '1.0', ['vn.bca.ct01'], None)] and all(p['description'] and p['folder'].endswith(p['name']) for p in d['plugin_info']) and {f['id']: f['plugin'] for f in d['forms']}['vn.bca.tk01'] == 'tk01'"

mkdir -p broken-plugins/zz-broken
printf '[Plugin]\nName=zz-broken\nVersion=1.0\nDescription=broken\nForms=org.example.broken\n' >broken-plugins/zz-broken/zz-broken.plugin
echo '{ not json' >broken-plugins/zz-broken/org.example.broken.schema.json
echo '{}' >broken-plugins/zz-broken/org.example.broken.mapping.json
run env VNEID_PLUGIN_PATH="$PWD/broken-plugins:${VNEID_PLUGIN_PATH:-}" "$VNEID" forms
if [ "$rc" -eq 0 ] && grep -q '^vneid: warning: .*zz-broken' err && grep -q '^vn\.bca\.ct01 ' out &&
   grep -q '^vn\.bhxh\.bhyt-checkin ' out && ! grep -q 'org\.example\.broken' out; then
  pass "forms: a broken plugin is a warning on stderr, the good ones still list"
else
  fail "forms: a broken plugin is a warning on stderr, the good ones still list" out err
fi
run env VNEID_PLUGIN_PATH="$PWD/broken-plugins" "$VNEID" forms --json
if [ "$rc" -le 1 ] && grep -q '^vneid: warning: .*zz-broken' err; then
  pass "forms with only a broken plugin on the path: warned (exit $rc)"
else
  fail "forms with only a broken plugin on the path: warned" out err
fi
mkdir -p no-plugins
run env VNEID_PLUGIN_PATH="$PWD/no-plugins" "$VNEID" demo --plugins "$PWD/no-plugins"
if [ "$rc" -eq 1 ] && grep -q '^vneid: no form plugin loaded' err; then
  pass "demo --plugins with an empty folder: exit 1"
else
  fail "demo --plugins with an empty folder: exit 1" out err
fi

CT01=(--form vn.bca.ct01 "${TRUST[@]}" "${STRICT[@]}" "${KB[@]}")
expect_ok "fill ct01 for Trần Thị Mai (level 2, four credentials)" "$VNEID" fill "${CT01[@]}" "${MAI[@]}"
cp out ct01.table
if grep -qE '^\[RO\] +Họ, chữ đệm và tên \* +Trần Thị Mai +verified +cccd-chip urn:vn:vneid:cccd:1$' ct01.table &&
   grep -qE '^ +Kính gửi \* +missing +to be typed by the citizen$' ct01.table &&
   grep -qE '^ +Email +tran\.thi\.mai@example\.com +self-asserted +self-asserted urn:vn:vneid:contact:1$' ct01.table &&
   grep -q '^Still to type: Kính gửi; Nội dung đề nghị$' ct01.table && grep -qE '^Completeness: [0-9]+% ' ct01.table; then
  pass "fill table: verified name marked [RO] with its source, missing fields to be typed by the citizen, still to type"
else
  fail "fill table: verified name marked [RO] with its source, missing fields to be typed by the citizen, still to type" ct01.table
fi
expect_ok "fill ct01 --json" "$VNEID" fill "${CT01[@]}" --json "${MAI[@]}"
json_check "fill --json: full_name verified and read-only, the typed fields missing" out \
  "d['form'] == 'vn.bca.ct01' and d['level'] == 2 and {f['name']: f['status'] for f in d['fields']}['full_name'] == 'verified' and [f for f in d['fields'] if f['name'] == 'full_name'][0]['read_only'] is True and [f for f in d['fields'] if f['name'] == 'full_name'][0]['value'] == 'Trần Thị Mai' and all(f['status'] == 'missing' for f in d['fields'] if f['name'] in ('recipient_authority', 'request_content')) and d['missing'] == ['recipient_authority', 'request_content'] and d['complete'] is False"
expect_ok "fill bank-account for Lê Minh Khoa (level 1)" "$VNEID" fill --form vn.sbv.bank-account "${TRUST[@]}" "${KB[@]}" --json le-minh-khoa-pid.pres le-minh-khoa-bhyt.pres
json_check "fill bank-account, level 1: every field needs-level-2, nothing filled" out \
  "d['level'] == 1 and len(d['fields']) == 15 and all(f['status'] == 'needs-level-2' and f['value'] is None for f in d['fields']) and d['completeness'] == 0"
expect_ok "fill bhyt-checkin with the clinic's facility code and the visit date" \
  "$VNEID" fill --form vn.bhxh.bhyt-checkin --facility-code 01013 --visit-date 2027-01-05 "${TRUST[@]}" "${KB[@]}" --json "${MAI[@]}"
json_check "bhyt-checkin: at the registered facility, card expired on 2027-01-05" out \
  "(lambda v: v['at_registered_facility'] == 'true' and v['card_validity'] == 'expired' and v['visit_date'] == '05/01/2027')({f['name']: f['value'] for f in d['fields']})"
expect_reject "fill: an unknown form" "no plugin fills the form .vn\.example\.nope" \
  "$VNEID" fill --form vn.example.nope "${TRUST[@]}" "${KB[@]}" "${MAI[@]}"
expect_reject "fill: a rejected presentation names its file" "^vneid: tran-thi-mai-pid\.pres: rejected: .*nonce" \
  "$VNEID" fill --form vn.bca.ct01 "${TRUST[@]}" --nonce "$NONCE-x" --audience "$AUD" tran-thi-mai-pid.pres
expect_reject "fill: two PIDs name both input files, not credential numbers" \
  "^vneid: tran-thi-mai-pid\.pres and mai-l1\.pres hold credentials of the same type, urn:vn:vneid:pid:1$" \
  "$VNEID" fill --form vn.bca.ct01 "${TRUST[@]}" "${KB[@]}" tran-thi-mai-pid.pres mai-l1.pres
printf '\n' >empty.pres
expect_reject "fill: an empty input file says it is empty" "^vneid: empty\.pres: empty file, no presentation in it$" \
  "$VNEID" fill --form vn.bca.ct01 "${TRUST[@]}" "${KB[@]}" tran-thi-mai-pid.pres empty.pres
expect_usage "fill: no --form" "$VNEID" fill "${TRUST[@]}" "${MAI[@]}"
expect_usage "fill: --facility-code for a form without one" "$VNEID" fill --form vn.bca.ct01 --facility-code 01013 "${TRUST[@]}" "${MAI[@]}"
expect_usage "fill: --visit-date not a whole day" "$VNEID" fill --form vn.bhxh.bhyt-checkin --visit-date 2026-11 "${TRUST[@]}" "${MAI[@]}"
expect_usage "fill: --json with --html" "$VNEID" fill "${CT01[@]}" --json --html x.html "${MAI[@]}"
expect_reject "fill --html into a missing folder names the path given, not a temporary file" \
  "^vneid: --html no-such-folder/page\.html: cannot write the page: No such file or directory$" \
  "$VNEID" fill "${CT01[@]}" --html no-such-folder/page.html "${MAI[@]}"

"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); d["name"] = "Trần <b>Thị</b> & \"Mai\""; json.dump(d, sys.stdout, ensure_ascii=False)' \
  "$EXAMPLES/citizens/tran-thi-mai/pid.json" >mai-markup.json
if issue_citizen tran-thi-mai pid mai-markup.json mai-markup; then pass "input mai-markup.pres"; else fail "input mai-markup.pres" issue-err; fi
expect_ok "fill --html" "$VNEID" fill --form vn.bca.ct01 "${TRUST[@]}" "${KB[@]}" --html ct01.html mai-markup.pres
if [ -s ct01.html ] && grep -q '<html lang="vi">' ct01.html && grep -q '<meta charset="utf-8">' ct01.html &&
   grep -qE '<input [^>]*name="full_name" value="Trần &lt;b&gt;Thị&lt;/b&gt; &amp; &quot;Mai&quot;" readonly>' ct01.html &&
   grep -q 'Đã xác thực / verified' ct01.html && ! grep -q '<b>Thị' ct01.html &&
   ! grep -qiE '(src|href)="?(https?:)?//' ct01.html; then
  pass "fill --html: a self-contained page, the verified name escaped and readonly"
else
  fail "fill --html: a self-contained page, the verified name escaped and readonly" ct01.html out err
fi

# ------------------------------------------------------------ third-party plugins

echo "# third-party plugins: no code, no forged text, no silent replacement"
run "$VNEID" forms --declarative-only
if [ "$rc" -eq 0 ] && grep -q '^vneid: warning: plugin skipped: .*bhyt-checkin: Module=bhyt-checkin: this registry loads declarative plugins only' err &&
   grep -q '^Plugins (4): bank-account, ct01, sim-registration, tk01$' out && ! grep -q '^vn\.bhxh\.bhyt-checkin ' out; then
  pass "forms --declarative-only: the C plugin is refused unopened, the JSON ones load"
else
  fail "forms --declarative-only: the C plugin is refused unopened, the JSON ones load" out err
fi

# A plugin whose texts carry terminal escapes, a forged line and a bidi
# override; its form has a required field nothing fills.
mkdir -p forged-plugins/forged
printf '[Plugin]\nName=forged\nVersion=1.0\nDescription=Forms with hostile text\nForms=vn.test.forged\n' \
  >forged-plugins/forged/forged.plugin
cat >forged-plugins/forged/vn.test.forged.schema.json <<'JSON'
{ "id": "vn.test.forged", "version": "1\nCitizen: FORGED LINE", "title": "T\u001b[2J\u001b]0;pwned\u0007",
  "authority": "A\u202eevil", "fields": [
  { "name": "full_name", "label": "Name\u001b]8;;http://x.example\u0007", "type": "string" },
  { "name": "typed", "label": "Typed\u001b[31m\nFORGED", "type": "string", "required": true } ] }
JSON
printf '{ "form": "vn.test.forged", "fields": { "full_name": { "from": "name" } } }\n' \
  >forged-plugins/forged/vn.test.forged.mapping.json
FORGED_PATH="$PWD/forged-plugins:${VNEID_PLUGIN_PATH:-}"
no_raw_controls() { ! LC_ALL=C grep -q "$(printf '[\033\007]')" "$@" && ! grep -q $'\u202e' "$@" && ! grep -q '^Citizen: FORGED' "$@"; }
run env VNEID_PLUGIN_PATH="$FORGED_PATH" "$VNEID" forms
if [ "$rc" -eq 0 ] && grep -q '^vn\.test\.forged ' out && no_raw_controls out err; then
  pass "forms: plugin texts with escapes, bidi and newlines are printed cleaned"
else
  fail "forms: plugin texts with escapes, bidi and newlines are printed cleaned" out err
fi
run env VNEID_PLUGIN_PATH="$FORGED_PATH" "$VNEID" fill --form vn.test.forged "${TRUST[@]}" "${KB[@]}" "${MAI[@]}"
if [ "$rc" -eq 0 ] && grep -q '^Still to type: Typed' out && grep -q 'version 1 Citizen: FORGED LINE' out && no_raw_controls out err; then
  pass "fill: the form header, the table and \"Still to type\" print plugin text cleaned"
else
  fail "fill: the form header, the table and \"Still to type\" print plugin text cleaned" out err
fi

# Vietnamese labels hold commas: "Still to type" must not run them together.
mkdir -p comma-plugins/commas
printf '[Plugin]\nName=commas\nVersion=1.0\nDescription=Labels with commas\nForms=vn.test.commas\n' \
  >comma-plugins/commas/commas.plugin
cat >comma-plugins/commas/vn.test.commas.schema.json <<'JSON'
{ "id": "vn.test.commas", "version": "1", "title": "T", "authority": "A", "fields": [
  { "name": "full_name", "label": "Tên", "type": "string" },
  { "name": "who", "label": "Họ, chữ đệm, tên người nhận", "type": "string", "required": true },
  { "name": "where", "label": "Nơi ở, hiện tại", "type": "string", "required": true } ] }
JSON
printf '{ "form": "vn.test.commas", "fields": { "full_name": { "from": "name" } } }\n' \
  >comma-plugins/commas/vn.test.commas.mapping.json
run env VNEID_PLUGIN_PATH="$PWD/comma-plugins:${VNEID_PLUGIN_PATH:-}" "$VNEID" fill --form vn.test.commas "${TRUST[@]}" "${KB[@]}" "${MAI[@]}"
if [ "$rc" -eq 0 ] && grep -q '^Still to type: Họ, chữ đệm, tên người nhận; Nơi ở, hiện tại$' out; then
  pass "fill: \"Still to type\" separates labels holding commas with \"; \""
else
  fail "fill: \"Still to type\" separates labels holding commas with \"; \"" out err
fi

# Plugin errors quote member names and folder names: printed cleaned too.
mkdir -p "hostile-plugins/evil$(printf '\033')[2J"
printf '[Plugin]\nName=evil\nVersion=1\nDescription=x\nForms=vn.test.evil\n' >"hostile-plugins/evil$(printf '\033')[2J/evil.plugin"
printf '{ "id": "vn.test.evil", "version": "1", "title": "T", "authority": "A", "fields": [ { "name": "a", "label": "A", "type": "string", "c\\u001b]0;x\\u0007": 1 } ] }\n' \
  >"hostile-plugins/evil$(printf '\033')[2J/vn.test.evil.schema.json"
echo '{}' >"hostile-plugins/evil$(printf '\033')[2J/vn.test.evil.mapping.json"
# A "verified" label in a join separator, and a folder sorting first that
# takes the name ct01.
mkdir -p hostile-plugins/aaa-ct01 hostile-plugins/label
PLUGINS_SOURCE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../plugins" && pwd)
cp "$PLUGINS_SOURCE/ct01/vn.bca.ct01.schema.json" "$PLUGINS_SOURCE/ct01/vn.bca.ct01.mapping.json" hostile-plugins/aaa-ct01/
printf '[Plugin]\nName=ct01\nVersion=9.9\nDescription=Not the real one\nForms=vn.bca.ct01\n' >hostile-plugins/aaa-ct01/ct01.plugin
printf '[Plugin]\nName=label\nVersion=1\nDescription=x\nForms=vn.test.label\n' >hostile-plugins/label/label.plugin
printf '{ "id": "vn.test.label", "version": "1", "title": "T", "authority": "A", "fields": [ { "name": "a", "label": "A", "type": "string" } ] }\n' \
  >hostile-plugins/label/vn.test.label.schema.json
printf '{ "form": "vn.test.label", "fields": { "a": { "join": ["family_name", "given_name"], "separator": " ĐÃ XÁC MINH: " } } }\n' \
  >hostile-plugins/label/vn.test.label.mapping.json
run env VNEID_PLUGIN_PATH="$PWD/hostile-plugins:${VNEID_PLUGIN_PATH:-}" "$VNEID" forms --json
if [ "$rc" -eq 0 ] && no_raw_controls out err && grep -q '^vneid: warning: plugin skipped: .*evil.*unknown member' err &&
   grep -q '^vneid: warning: plugin skipped: .*label: .*“separator” may hold only spaces and the punctuation' err &&
   grep -q '^vneid: warning: plugin skipped: .*aaa-ct01: plugin ct01 (.*/ct01) has this plugin.s name or one of its forms: neither is loaded' err &&
   grep -q '^vneid: warning: plugin skipped: .*/ct01: conflicts with plugin ct01 (.*aaa-ct01)' err; then
  json_check "forms: a second ct01 replaces nothing (neither is kept), a verified-looking separator and hostile names are refused" out \
    "'vn.bca.ct01' not in [f['id'] for f in d['forms']] and 'ct01' not in d['plugins'] and 'vn.test.label' not in [f['id'] for f in d['forms']] and len(d['errors']) == 4"
else
  fail "forms: a second ct01 replaces nothing, a verified-looking separator and hostile names are refused" out err
fi

# ------------------------------------------------------------ forms --check
echo "# vneid forms --check: a plugin author's CI"
BUNDLED=${VNEID_PLUGIN_PATH%%:*}
run "$VNEID" forms --check "$BUNDLED"
if [ "$rc" -eq 0 ] && grep -q '^5 plugin(s) loaded, 0 skipped$' out && [ ! -s err ]; then
  pass "forms --check on the bundled plugins: exit 0, nothing skipped"
else
  fail "forms --check on the bundled plugins: exit 0, nothing skipped" out err
fi
run "$VNEID" forms --check "$BUNDLED/ct01"
if [ "$rc" -eq 0 ] && grep -q '^1 plugin(s) loaded, 0 skipped$' out; then
  pass "forms --check on one plugin folder: exit 0"
else
  fail "forms --check on one plugin folder: exit 0" out err
fi
run "$VNEID" forms --check "$BUNDLED/ct01" "$PWD/broken-plugins"
if [ "$rc" -eq 1 ] && grep -q '^vneid: plugin skipped: .*zz-broken: org.example.broken.schema.json' err &&
   grep -q '^1 plugin(s) loaded, 1 skipped$' out && grep -q '^vneid: check failed: 1 plugin(s) skipped$' err; then
  pass "forms --check with a broken plugin: the reason, exit 1"
else
  fail "forms --check with a broken plugin: the reason, exit 1" out err
fi
run "$VNEID" forms --check "$PWD/no-plugins"
if [ "$rc" -eq 1 ] && grep -q 'no plugin found' err; then pass "forms --check on an empty folder: exit 1"; else fail "forms --check on an empty folder: exit 1" out err; fi
expect_usage "forms --check without a folder" "$VNEID" forms --check
run "$VNEID" forms --help
if [ "$rc" -eq 0 ] && grep -q -- '--check' out; then pass "forms --help describes --check"; else fail "forms --help describes --check" out err; fi
run env VNEID_PLUGIN_PATH="$PWD/broken-plugins:${VNEID_PLUGIN_PATH:-}" "$VNEID" forms
if grep -q '^vneid: warning: plugin skipped: [^ ]*zz-broken: org.example.broken.schema.json ' err &&
   ! grep -q 'zz-broken: [^ ]*/zz-broken/' err; then
  pass "forms: the plugin-skipped warning names the folder once, then the file within it"
else
  fail "forms: the plugin-skipped warning names the folder once, then the file within it" err
fi

# Four plugins, each with one fault a plugin author makes first: each error
# names the file, the field or line, and suggests what was meant.
fault_plugin() {  # NAME MAPPING_FIELDS_JSON_OR_RAW_MAPPING
  mkdir -p faults/"$1"
  printf '[Plugin]\nName=%s\nVersion=1\nDescription=x\nForms=vn.test.%s\n' "$1" "$1" >faults/"$1"/"$1".plugin
  printf '{"id": "vn.test.%s", "version": "1", "title": "t", "authority": "a", "fields": [\n {"name": "birth_date", "label": "Ngày sinh", "type": "date", "format": "dd/MM/yyyy"},\n {"name": "full_name", "label": "Họ, chữ đệm, tên", "type": "string"},\n {"name": "agrees", "label": "Đồng ý", "type": "boolean"}]}\n' "$1" >faults/"$1"/vn.test."$1".schema.json
  printf '%s\n' "$2" >faults/"$1"/vn.test."$1".mapping.json
}
fault_plugin path '{"form": "vn.test.path", "fields": {"birth_date": {"from": "birth_date"}}}'
fault_plugin transform '{"form": "vn.test.transform", "fields": {"full_name": {"from": "name", "transforms": ["uper"]}}}'
fault_plugin comma '{"form": "vn.test.comma",
 "fields": {"full_name": {"from": "name"}},
}'
fault_plugin fit '{"form": "vn.test.fit", "fields": {"agrees": {"from": "birthdate", "transforms": [{"date": "dd/MM/yyyy"}]}}}'
run "$VNEID" forms --check faults
if [ "$rc" -eq 1 ] && [ "$(grep -c '^vneid: plugin skipped: ' err)" -eq 4 ] &&
   grep -q '^vneid: plugin skipped: faults/path: vn.test.path.mapping.json: field “birth_date”: “from” names “birth_date”, which is not a profile path: did you mean “birthdate”? (`vneid claims`' err &&
   grep -q '^vneid: plugin skipped: faults/transform: vn.test.transform.mapping.json: field “full_name”: transforms\[0\]: unknown transform “uper”: did you mean “upper”? (the transforms: ' err &&
   grep -q '^vneid: plugin skipped: faults/comma: vn.test.comma.mapping.json is not valid JSON: a comma before “}” (JSON allows no trailing comma: remove it) at line 3, column 1$' err &&
   grep -q '^vneid: plugin skipped: faults/fit: vn.test.fit.mapping.json: field “agrees”: a {"date"} transform writes a date, which a boolean field can never hold: map it into a string field' err &&
   grep -q '^0 plugin(s) loaded, 4 skipped$' out; then
  pass "forms --check: a misspelt path, an unknown transform, a trailing comma, a date into a boolean: four errors with file, field or line, and a suggestion; exit 1"
else
  fail "forms --check: a misspelt path, an unknown transform, a trailing comma, a date into a boolean: four errors with file, field or line, and a suggestion; exit 1" out err
fi
run "$VNEID" claims
if [ "$rc" -eq 0 ] && grep -q '^birthdate  *yes  *urn:vn:vneid:pid:1' out && grep -q '^address\.region  ' out &&
   [ "$(grep -c . out)" -gt 20 ]; then
  pass "claims lists the registry's paths with their vct and whether a date"
else
  fail "claims lists the registry's paths with their vct and whether a date" out err
fi
expect_usage "claims with an argument" "$VNEID" claims extra

# A claim value with a bidi override and a zero-width space, next to the
# "verified" badge of the page: shown as U+FFFD, as in the table.
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); d["name"] = "Trần Thị\u202eiaM\u200b"; json.dump(d, sys.stdout, ensure_ascii=False)' \
  "$EXAMPLES/citizens/tran-thi-mai/pid.json" >mai-bidi.json
issue_citizen tran-thi-mai pid mai-bidi.json mai-bidi
expect_ok "fill --html with a bidi override in the name" "$VNEID" fill --form vn.bca.ct01 "${TRUST[@]}" "${KB[@]}" --html bidi.html mai-bidi.pres
if grep -q 'value="Trần Thị�iaM�" readonly' bidi.html && ! grep -q $'\u202e' bidi.html && ! grep -q $'\u200b' bidi.html; then
  pass "fill --html: bidi overrides and zero-width characters in a verified value are marked, not obeyed"
else
  fail "fill --html: bidi overrides and zero-width characters in a verified value are marked, not obeyed" bidi.html
fi

run "$VNEID" demo --data "$EXAMPLES"
cp out demo.out
demo_ok=yes
for id in $FORM_IDS; do [ "$(grep -c "^   \[$id\] " demo.out)" -eq 3 ] || demo_ok=no; done
if [ "$rc" -eq 0 ] && [ "$demo_ok" = yes ] && grep -q 'Trần Thị Mai (001185034517), VNeID level 2' demo.out &&
   grep -q 'Lê Minh Khoa (001207012864), VNeID level 1' demo.out && grep -q 'Phạm Quốc Bảo' demo.out &&
   grep -q 'card expired that day' demo.out && grep -q 'at_registered_facility=true' demo.out &&
   grep -q '^Demo complete: 3 citizens' demo.out; then
  pass "demo exits 0 and fills every form for Mai, Khoa and Bảo"
else
  fail "demo exits 0 and fills every form for Mai, Khoa and Bảo" demo.out err
fi
if "$PY" - demo.out "$VNEID_PLUGIN_PATH" >pyerr 2>&1 <<'PYEOF'
import glob, json, os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# every field of every form exactly once in each form's summary
schemas = {}
for path in glob.glob(os.path.join(sys.argv[2].split(":")[0], "*", "*.schema.json")):
    d = json.load(open(path, encoding="utf-8"))
    schemas[d["id"]] = [f["name"] for f in d["fields"]]
assert len(schemas) == 5, schemas
blocks = re.split(r"\n   \[(vn\.[a-z0-9.-]+)\] ", text)[1:]
assert len(blocks) == 30, len(blocks)
for form, body in zip(blocks[::2], blocks[1::2]):
    body = body.split("\n-- ")[0].split("\nDemo complete")[0]
    names = re.findall(r"(?:(?<=· )|(?<=\s\s))([a-z][a-z0-9_]*)(?=\*|=| ·|$)", body, re.M)
    for name in schemas[form]:
        assert names.count(name) == 1, (form, name, names)
PYEOF
then
  pass "demo: every field of every form listed exactly once per form"
else
  fail "demo: every field of every form listed exactly once per form" pyerr
fi
run "$VNEID" demo --data "$PWD/no-such-data"
if [ "$rc" -eq 1 ] && grep -q 'no demo data' err; then pass "demo --data without data: exit 1"; else fail "demo --data without data: exit 1" out err; fi
expect_usage "demo --citizen with a slash" "$VNEID" demo --citizen ../x

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
