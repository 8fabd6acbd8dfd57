#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Interop tests of OpenID4VP/DCQL: what `vneid` builds against the
# independent `dcql` npm package (pinned in package.json / package-lock.json,
# driven by dcql.mjs):
#   - every query `vneid request` derives from a bundled form parses and
#     validates;
#   - for every form and demo citizen, dcql and `vneid wallet respond` agree
#     on whether the citizen's credentials can satisfy the query;
#   - dcql finds every vp_token `vneid verify-response` accepts satisfies
#     the query, and agrees when the required PID is taken out;
#   - @openid4vc/openid4vp's wallet-side parser accepts our (unsigned,
#     redirect_uri:) request for each form; its verifier's request for our
#     DCQL query is answered by `vneid wallet respond`, and both its response
#     validation and `vneid verify-response` accept the answer (and both
#     refuse a wrong state).
#
#   run-openid4vp-interop.sh VNEID_BINARY [SCRATCH_DIR]     (VNEID_PLUGIN_PATH set)
#
# Output: TAP, then `N passed, N failed`. Exit 0 all passed, 1 a check failed,
# 77 skipped (no node >= 20 / npm, or the packages cannot be installed), 99
# setup error. Meson: protocol 'exitcode'.

set -uo pipefail

skip() { echo "1..0 # SKIP $*"; exit 77; }
bail() { echo "Bail out! $*"; exit 99; }

VNEID=${1:-}
SCRATCH=${2:-}
[ -n "$VNEID" ] && [ -x "$VNEID" ] || bail "vneid binary not given or not executable: ${1:-}"
VNEID=$(cd "$(dirname "$VNEID")" && pwd)/$(basename "$VNEID")
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EX=$SRC/../../../examples/data
if [ -z "$SCRATCH" ]; then
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vneid-openid4vp-interop.XXXXXX")
  trap 'rm -rf "$SCRATCH"' EXIT
fi
mkdir -p "$SCRATCH" && SCRATCH=$(cd "$SCRATCH" && pwd) || bail "cannot create $SCRATCH"

command -v node >/dev/null 2>&1 || skip "node not found"
command -v npm >/dev/null 2>&1 || skip "npm not found"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] 2>/dev/null || skip "node >= 20 needed"

ENVDIR=$SCRATCH/node-env
mkdir -p "$ENVDIR"
cp "$SRC/package.json" "$SRC/package-lock.json" "$SRC/dcql.mjs" "$SRC/openid4vp.mjs" "$ENVDIR/" || bail "cannot copy the npm side"
export npm_config_update_notifier=false
modules_ok() { (cd "$ENVDIR" && node -e 'import("dcql").then(() => import("@openid4vc/openid4vp")).then(() => process.exit(0), () => process.exit(1))') >/dev/null 2>&1; }
if ! { [ -d "$ENVDIR/node_modules" ] && cmp -s "$SRC/package-lock.json" "$ENVDIR/.installed-lock.json" && modules_ok; }; then
  rm -rf "$ENVDIR/node_modules"
  if (cd "$ENVDIR" && timeout "${INTEROP_NPM_TIMEOUT:-300}" npm ci --no-audit --no-fund --prefer-offline --loglevel=error) \
       >"$SCRATCH/npm-ci.log" 2>&1 && modules_ok; then
    cp "$SRC/package-lock.json" "$ENVDIR/.installed-lock.json"
  else
    tail -n 5 "$SCRATCH/npm-ci.log" | sed 's/^/# npm: /'
    skip "cannot install the npm packages"
  fi
fi
DCQL=(node "$ENVDIR/dcql.mjs")
OID4VP=(node "$ENVDIR/openid4vp.mjs")

W=$SCRATCH/work
rm -rf "$W" && mkdir -p "$W" && cd "$W" || bail "no work dir"
n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift
  for f in "$@"; do [ -s "$f" ] && head -n 10 "$f" | sed 's/^/#   /'; done; return 0; }

"$EX/regenerate.sh" "$VNEID" creds >regen.log 2>&1 || bail "cannot issue the demo credentials"
TRUST=(--trust "$EX/population-db.metadata.json" --trust "$EX/vss-bhyt.metadata.json" --skip-status)
CLIENT=redirect_uri:http://127.0.0.1:8080/openid4vp/response
FORMS=$("$VNEID" forms --json | python3 -c 'import json,sys; print(" ".join(f["id"] for f in json.load(sys.stdin)["forms"]))')

# The verified claims of each presentation of a vp_token, as dcql.mjs takes them.
presented() { # VP_TOKEN NONCE
  local id i
  echo "{" >presented.json
  local first=1
  for id in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))))' "$1"); do
    [ $first -eq 1 ] || echo "," >>presented.json
    first=0
    printf '"%s": [' "$id" >>presented.json
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]][0])' "$1" "$id" >one.txt
    "$VNEID" verify "${TRUST[@]}" --at "$at" --nonce "$2" --audience "$CLIENT" one.txt >>presented.json || return 1
    echo "]" >>presented.json
  done
  echo "}" >>presented.json
}

# A wallet's credentials as dcql.mjs takes them: every claim (the claims files).
wallet_json() { # SLUG
  python3 - "$EX/citizens/$1" <<'PYEOF'
import json, os, sys
vcts = {"pid": "urn:vn:vneid:pid:1", "cccd": "urn:vn:vneid:cccd:1",
        "contact": "urn:vn:vneid:contact:1", "bhyt": "urn:vn:bhyt:card:1"}
print(json.dumps([{"vct": v, "claims": json.load(open(os.path.join(sys.argv[1], k + ".json")))}
                  for k, v in vcts.items() if os.path.exists(os.path.join(sys.argv[1], k + ".json"))]))
PYEOF
}

for form in $FORMS; do
  nonce=n-$RANDOM$RANDOM
  # One request per form for every citizen: the whole exchange happens as
  # of its time, which a busy machine may take past the 5 minutes.
  at=$(date +%s)
  "$VNEID" request --client-id "$CLIENT" --response-uri "${CLIENT#redirect_uri:}" --form "$form" --nonce "$nonce" \
    --state s-1 --at "$at" >request.json 2>err || { fail "$form: request" err; continue; }
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["dcql_query"]))' request.json >query.json
  "${DCQL[@]}" validate query.json >v.json
  grep -q '"valid":true' v.json && pass "dcql validates the query for $form" || fail "dcql validates the query for $form" v.json query.json
  for dir in creds/*/; do
    who=$(basename "$dir")
    wallet_json "$who" >wallet.json
    "${DCQL[@]}" wallet query.json wallet.json >w.json
    rc=0
    "$VNEID" wallet respond --key "$EX/citizens/$who/wallet.jwk" --at "$at" request.json "$dir"*.sd-jwt \
      >vp.json 2>/dev/null || rc=$?
    if { [ "$rc" -eq 0 ] && grep -q '"can_be_satisfied":true' w.json; } ||
       { [ "$rc" -eq 1 ] && grep -q '"can_be_satisfied":false' w.json; }; then
      pass "$form/$who: dcql and vneid wallet agree (vneid exit $rc)"
    else
      fail "$form/$who: dcql and vneid wallet disagree (vneid exit $rc)" w.json
      continue
    fi
    [ "$rc" -eq 0 ] || continue
    "$VNEID" verify-response --request request.json "${TRUST[@]}" --at "$at" vp.json >/dev/null 2>err \
      || { fail "$form/$who: verify-response" err; continue; }
    presented vp.json "$nonce" && "${DCQL[@]}" response query.json presented.json >r.json
    grep -q '"can_be_satisfied":true' r.json && pass "$form/$who: dcql finds the accepted vp_token satisfies the query" \
      || fail "$form/$who: dcql on the accepted vp_token" r.json
  done
  # @openid4vc/openid4vp: our request, its request, its response check
  "${OID4VP[@]}" parse-request request.json >p.json
  grep -q '"type":"openid4vp"' p.json && pass "$form: @openid4vc/openid4vp parses and validates our request" \
    || fail "$form: @openid4vc/openid4vp on our request" p.json
  "${OID4VP[@]}" create query.json https://verifier.example/openid4vp/response >theirs.json
  mai=creds/tran-thi-mai
  if "$VNEID" wallet respond --key "$EX/citizens/tran-thi-mai/wallet.jwk" theirs.json "$mai"/*.sd-jwt \
       >vp-theirs.json 2>err; then
    "${OID4VP[@]}" validate-response theirs.json vp-theirs.json >c.json
    rc=0
    "$VNEID" verify-response --request theirs.json "${TRUST[@]}" vp-theirs.json >/dev/null 2>err || rc=$?
    if [ "$rc" -eq 0 ] && grep -q '"presentations":\["pid"' c.json; then
      pass "$form: its verifier's request answered by vneid wallet; it and vneid verify-response accept the answer"
    else
      fail "$form: the answer to its verifier's request (vneid exit $rc)" c.json err
    fi
    "${OID4VP[@]}" validate-response theirs.json vp-theirs.json wrong-state >c.json
    rc=0
    "$VNEID" verify-response --request theirs.json "${TRUST[@]}" --state wrong-state vp-theirs.json >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 1 ] && grep -q 'state' c.json && pass "$form: both refuse a wrong state" \
      || fail "$form: a wrong state (vneid exit $rc)" c.json
  else
    fail "$form: vneid wallet respond to its verifier's request" err theirs.json
  fi

  # without the required PID: both say no
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps({k: v for k, v in d.items() if k != "pid"}))' \
    presented.json >no-pid.json
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("pid", None); print(json.dumps(d))' vp.json >vp-no-pid.json
  rc=0
  "$VNEID" verify-response --request request.json "${TRUST[@]}" --at "$at" vp-no-pid.json >/dev/null 2>err || rc=$?
  "${DCQL[@]}" response query.json no-pid.json >r.json
  if [ "$rc" -eq 1 ] && grep -q '"can_be_satisfied":false' r.json; then
    pass "$form: without the PID, dcql and vneid verify-response both refuse"
  else
    fail "$form: without the PID (vneid exit $rc)" r.json err
  fi
done

echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
