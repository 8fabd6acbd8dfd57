#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# OpenID4VP through the `vneid` command: for every bundled form and every
# demo citizen, `vneid request` -> `vneid wallet respond` ->
# `vneid verify-response --form` fills the form with the same fields
# (value and status) as `vneid fill` from full disclosure, while the
# vp_token discloses only claims the form's mapping reads. Then each
# refusal: beyond the registration, an expired attestation, a tampered
# request object, another client id, a replayed or misaddressed vp_token,
# a wrong state, an expired transaction, an unsatisfiable query.
#
#   test-openid4vp-cli.sh VNEID_BINARY     (VNEID_PLUGIN_PATH: the bundled plugins)
#
# Output: TAP, the plan at the end, then `# N passed, N failed`.

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
PY=/usr/bin/python3
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EX=$SRC/examples/data
W=$(mktemp -d "${TMPDIR:-/tmp}/vneid-openid4vp-test.XXXXXX") || exit 99
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 99

n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
  n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift
  local f
  for f in "$@"; do [ -s "$f" ] && head -n 12 "$f" | sed "s|^|#   $(basename "$f"): |"; done
  return 0
}

if ! "$EX/regenerate.sh" "$VNEID" creds >regen.out 2>&1; then
  echo "Bail out! cannot issue the demo credentials"; sed 's/^/# /' regen.out | tail -5; exit 99
fi

TRUST=(--trust "$EX/population-db.metadata.json" --trust "$EX/vss-bhyt.metadata.json" --skip-status)
AUTH=https://dangky.vneid.example
CLIENT=verifier_attestation:dichvucong.example
RESPONSE_URI=https://dichvucong.example/openid4vp/response
"$VNEID" keygen --kid authority-1 >authority.jwk
"$VNEID" keygen --kid portal-1 >portal.jwk
"$VNEID" keygen --kid rogue-1 >rogue.jwk
"$VNEID" issuer-metadata --issuer "$AUTH" authority.jwk >authority.metadata.json

FORMS=$("$VNEID" forms --json | "$PY" -c 'import json,sys; print(" ".join(f["id"] for f in json.load(sys.stdin)["forms"]))')
form_args=()
for form in $FORMS; do form_args+=(--form "$form"); done
"$VNEID" attest --key authority.jwk --iss "$AUTH" --client-id "$CLIENT" --portal-key portal.jwk \
  --name "Cổng Dịch vụ công (thử)" --purpose "Điền sẵn biểu mẫu" "${form_args[@]}" >portal.va.jwt 2>attest.err \
  && pass "attest: one attestation for every bundled form" || fail "attest" attest.err

# The profile paths each form's mapping reads, from the mapping files
# themselves (bhyt-checkin is C: the paths its code looks up).
reads_of() {
  "$PY" - "$SRC/plugins" "$1" <<'PYEOF'
import glob, json, sys
plugins, form = sys.argv[1], sys.argv[2]
if form == "vn.bhxh.bhyt-checkin":
    paths = ["bhyt_number", "name", "birthdate", "sex", "registered_facility", "valid_from",
             "valid_until", "benefit_level", "five_year_continuous_from"]
else:
    mapping = [json.load(open(f)) for f in glob.glob(plugins + "/*/*.mapping.json")]
    mapping = next(m for m in mapping if m["form"] == form)
    paths = []
    for entry in mapping["fields"].values():
        paths += [entry["from"]] if "from" in entry else entry.get("first_of", []) + entry.get("join", [])
print(json.dumps(paths))
PYEOF
}

# Every claim a verified presentation shows lies at or below a path the
# form reads, or is about the credential itself.
check_minimal() {
  "$PY" - "$1" "$2" <<'PYEOF'
import json, sys
payload, reads = json.load(open(sys.argv[1])), json.loads(sys.argv[2])
meta = {"iss", "iat", "nbf", "exp", "vct", "cnf", "status", "sub", "vneid_level"}
def walk(obj, prefix):
    for k, v in obj.items():
        p = prefix + k
        if not prefix and k in meta:
            continue
        if any(p == r or p.startswith(r + ".") for r in reads):
            continue
        if isinstance(v, dict) and any(r.startswith(p + ".") for r in reads):
            walk(v, p + ".")
            continue
        sys.exit("disclosed but not read by the form: " + p)
walk(payload, "")
PYEOF
}

same_fields() {
  "$PY" - "$1" "$2" <<'PYEOF'
import json, sys
got, want = (json.load(open(f)) for f in sys.argv[1:3])
g = [(f["name"], f.get("value"), f["status"]) for f in got["fields"]]
w = [(f["name"], f.get("value"), f["status"]) for f in want["fields"]]
if g != w:
    sys.exit("fields differ:\n got  %s\n want %s" % ([x for x in g if x not in w], [x for x in w if x not in g]))
PYEOF
}

level_of() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vneid_level"])' "$EX/citizens/$1/pid.json"; }
min_level_of() { "$VNEID" forms --json | "$PY" -c 'import json,sys; print(next(f["min_level"] for f in json.load(sys.stdin)["forms"] if f["id"] == sys.argv[1]))' "$1"; }

flows=0
for form in $FORMS; do
  reads=$(reads_of "$form")
  min_level=$(min_level_of "$form")
  for dir in creds/*/; do
    who=$(basename "$dir")
    wallet=$EX/citizens/$who/wallet.jwk
    nonce=n-$RANDOM$RANDOM$RANDOM-$who
    "$VNEID" request --client-id "$CLIENT" --response-uri "$RESPONSE_URI" --form "$form" \
      --key portal.jwk --attestation portal.va.jwt --nonce "$nonce" --state "s-$who" >req.jwt 2>req.err \
      || { fail "$form/$who: request" req.err; continue; }
    rc=0
    "$VNEID" wallet respond --key "$wallet" --attesters authority.metadata.json req.jwt "$dir"*.sd-jwt \
      >vp.json 2>consent.err || rc=$?
    if [ "$min_level" -gt "$(level_of "$who")" ]; then
      if [ "$rc" -eq 1 ] && grep -q "cannot answer" consent.err; then
        pass "$form/$who: a level-$(level_of "$who") wallet cannot answer a level-$min_level form"
      else
        fail "$form/$who: level-$min_level form answered by a lower-level wallet" consent.err
      fi
      continue
    fi
    [ "$rc" -eq 0 ] || { fail "$form/$who: wallet respond (exit $rc)" consent.err; continue; }
    "$VNEID" verify-response --request req.jwt "${TRUST[@]}" --form "$form" vp.json >got.json 2>got.err \
      || { fail "$form/$who: verify-response" got.err; continue; }
    presentations=()
    for cred in "$dir"*.sd-jwt; do
      p=full-$(basename "$cred").txt
      "$VNEID" present --key "$wallet" --all --nonce "$nonce" --audience "$CLIENT" "$cred" >"$p"
      presentations+=("$p")
    done
    "$VNEID" fill --json --form "$form" "${TRUST[@]}" --nonce "$nonce" --audience "$CLIENT" \
      "${presentations[@]}" >want.json 2>want.err || { fail "$form/$who: fill from full disclosure" want.err; continue; }
    if same_fields got.json want.json >cmp.err 2>&1; then
      pass "$form/$who: the same fields as from full disclosure"
    else
      fail "$form/$who: the same fields as from full disclosure" cmp.err
    fi
    minimal=1
    for i in $("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join("%s:%d" % (k, i) for k, v in d.items() for i in range(len(v))))' vp.json); do
      "$PY" -c 'import json,sys; k,i=sys.argv[2].split(":"); print(json.load(open(sys.argv[1]))[k][int(i)])' vp.json "$i" >one.txt
      "$VNEID" verify "${TRUST[@]}" --nonce "$nonce" --audience "$CLIENT" one.txt >payload.json 2>verify.err \
        && check_minimal payload.json "$reads" >min.err 2>&1 || { minimal=0; cat verify.err >>min.err; }
    done
    [ "$minimal" -eq 1 ] && pass "$form/$who: the vp_token discloses only claims the form reads" \
      || fail "$form/$who: the vp_token discloses only claims the form reads" min.err
    flows=$((flows + 1))
  done
done
[ "$flows" -ge 40 ] && pass "$flows request -> respond -> verify-response flows ran" || fail "only $flows flows ran"

# ---- refusals ----------------------------------------------------------------
MAI=creds/tran-thi-mai
MAI_KEY=$EX/citizens/tran-thi-mai/wallet.jwk
KHOA=creds/le-minh-khoa
KHOA_KEY=$EX/citizens/le-minh-khoa/wallet.jwk

# expect_refusal DESC PATTERN CMD... : exit 1, the reason on stderr, nothing on stdout
expect_refusal() {
  local desc=$1 pattern=$2 rc=0
  shift 2
  "$@" >out 2>err || rc=$?
  if [ "$rc" -eq 1 ] && grep -qiE "$pattern" err && [ ! -s out ]; then pass "$desc"; else
    echo "exit $rc: $*" >cmd; fail "$desc (want exit 1 and /$pattern/)" cmd err out; fi
}

request() { "$VNEID" request --client-id "${CID:-$CLIENT}" --response-uri "$RESPONSE_URI" --key "${KEY:-portal.jwk}" \
  --attestation "${VA:-portal.va.jwt}" "$@"; }
respond() { "$VNEID" wallet respond --key "$MAI_KEY" --attesters authority.metadata.json "$@" "$MAI"/*.sd-jwt; }

"$VNEID" attest --key authority.jwk --iss "$AUTH" --client-id "$CLIENT" --portal-key portal.jwk \
  --name "Cổng chỉ CT01" --purpose "CT01" --form vn.bca.ct01 >ct01.va.jwt
VA=ct01.va.jwt request --form vn.bca.tk01 >beyond.jwt
expect_refusal "wallet: a request beyond the registration is refused, naming the claim" \
  'not registered for.*|claim “[a-z_.]+”' respond beyond.jwt
grep -qE 'claim “(place_of_birth|ethnicity|religion|date_of_issuance|address|temporary_address)”|type “' err \
  && pass "the refusal names the claim beyond the registration" || fail "the refusal names the claim" err

"$VNEID" attest --key authority.jwk --iss "$AUTH" --client-id "$CLIENT" --portal-key portal.jwk \
  --name "Hết hạn" --purpose "x" --form vn.bca.ct01 --exp 1000000000 >expired.va.jwt
VA=expired.va.jwt request --form vn.bca.ct01 >expired-va.jwt
expect_refusal "wallet: an expired attestation is refused" 'attestation: expired' respond expired-va.jwt

request --form vn.bca.ct01 >good.jwt
"$PY" - good.jwt >tampered.jwt <<'PYEOF'
import base64, json, sys
h, p, s = open(sys.argv[1]).read().strip().split(".")
d = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
d["response_uri"] = "https://evil.example/steal"
p = base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
print(".".join((h, p, s)))
PYEOF
expect_refusal "wallet: a tampered request object is refused" "signature does not verify" respond tampered.jwt

KEY=rogue.jwk request --form vn.bca.ct01 >rogue.jwt
expect_refusal "wallet: a request signed by another key than the attested one is refused" "signature does not verify" respond rogue.jwt

CID=verifier_attestation:other.example request --form vn.bca.ct01 >other-client.jwt
expect_refusal "wallet: a client id other than the attested one is refused" "is not the attested" respond other-client.jwt

"$VNEID" keygen --kid stranger >stranger.jwk
"$VNEID" attest --key stranger.jwk --iss "$AUTH" --client-id "$CLIENT" --portal-key portal.jwk \
  --name "x" --purpose "x" --form vn.bca.ct01 >forged.va.jwt
VA=forged.va.jwt request --form vn.bca.ct01 >forged.jwt
expect_refusal "wallet: an attestation not signed by a trusted authority is refused" "attestation: the signature" respond forged.jwt

request --form vn.sbv.bank-account >bank.jwt
expect_refusal "wallet: an unsatisfiable query (level-2 form, level-1 wallet) is refused" "cannot answer" \
  "$VNEID" wallet respond --key "$KHOA_KEY" --attesters authority.metadata.json bank.jwt "$KHOA"/*.sd-jwt

"$VNEID" request --client-id verifier_attestation:x --response-uri "$RESPONSE_URI" --form vn.bca.ct01 >/dev/null 2>err; rc=$?
[ "$rc" -eq 2 ] && pass "request: a verifier_attestation: client without --key is a usage error" || fail "request without --key" err

# The portal's side: one good answer to good.jwt, then misuse it.
request --form vn.bca.ct01 --nonce nonce-A --state state-A >a.jwt
request --form vn.bca.ct01 --nonce nonce-B --state state-A >b.jwt
CID=verifier_attestation:other.example VA=portal.va.jwt request --form vn.bca.ct01 --nonce nonce-A --state state-A --json >c.json
respond a.jwt >vp-a.json 2>/dev/null || fail "respond to a.jwt"
"$VNEID" verify-response --request a.jwt "${TRUST[@]}" vp-a.json >profile.json 2>err \
  && pass "verify-response: the answer to its own request is accepted" || fail "verify-response accepts" err
expect_refusal "verify-response: a vp_token made for another request (nonce) is a replay" "replay|nonce" \
  "$VNEID" verify-response --request b.jwt "${TRUST[@]}" vp-a.json
expect_refusal "verify-response: a vp_token for another client id is misaddressed" "aud" \
  "$VNEID" verify-response --request c.json "${TRUST[@]}" vp-a.json
expect_refusal "verify-response: a wrong state is refused" "state is not" \
  "$VNEID" verify-response --request a.jwt "${TRUST[@]}" --state state-X vp-a.json
expect_refusal "verify-response: after the transaction's expiry" "expired" \
  "$VNEID" verify-response --request a.jwt "${TRUST[@]}" --at $(( $(date +%s) + 3600 )) vp-a.json
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["pid"]; print(json.dumps(d))' vp-a.json >no-pid.json
expect_refusal "verify-response: a vp_token without the required PID" "required credential" \
  "$VNEID" verify-response --request a.jwt "${TRUST[@]}" no-pid.json

# unsigned requests for local development
"$VNEID" request --client-id redirect_uri:http://127.0.0.1:8080/cb --response-uri http://127.0.0.1:8080/cb \
  --form vn.bca.ct01 >local.json 2>err && pass "request: redirect_uri: prints the unsigned payload" || fail "redirect_uri request" err
respond local.json >vp-local.json 2>/dev/null \
  && "$VNEID" verify-response --request local.json "${TRUST[@]}" --form vn.bca.ct01 vp-local.json >local-form.json 2>err \
  && pass "redirect_uri: flow works end to end" || fail "redirect_uri: flow" err

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
