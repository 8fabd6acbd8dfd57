#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Interop tests: the `vneid` command (libvneid) against the independent npm
# implementation of SD-JWT VC (@sd-jwt/sd-jwt-vc, driven by sdjwt.mjs).
#
#   run-interop.sh VNEID_BINARY [SCRATCH_DIR]
#
# (or VNEID=... INTEROP_SCRATCH=... run-interop.sh). Without SCRATCH_DIR a
# temporary directory is used and removed afterwards. The source tree is only
# read: the npm side (package.json, lock file, scripts) is copied to
# SCRATCH_DIR/node-env and `npm ci` runs there; its node_modules is kept
# and reused while the lock file is unchanged.
#
# Output: one TAP line per check (`ok N - ...` / `not ok N - ...`, details
# as `# ` lines), then `1..N` and a plain `N passed, N failed` line.
# Exit 0 all passed, 1 a check failed (or the lock file is out of sync, or
# the suite could not run on CI), 77 skipped (no node/npm, or the npm
# packages cannot be installed; only off CI), 99 setup error (no vneid
# binary, ...).
# Meson: use protocol 'exitcode' (meson's TAP mode treats 77 as an error).
#
# Environment: INTEROP_NPM_TIMEOUT (seconds for `npm ci`, default 300),
# INTEROP_VERBOSE=1 (echo every command), CI (when set and not false/0, a
# skip is a failure unless INTEROP_ALLOW_SKIP=1).

set -euo pipefail

usage() {
  echo "usage: $0 VNEID_BINARY [SCRATCH_DIR]" >&2
  exit 99
}

# node 20 where the system's is older, and no skip on CI (node20.sh).
. "$(dirname "${BASH_SOURCE[0]}")/node20.sh"

skip() {
  fail_skip_on_ci "$*"
  echo "SKIP: $*"
  echo "1..0 # SKIP $*"
  exit 77
}

# A broken repository, not a missing tool: never a skip.
broken() {
  echo "not ok 1 - $*"
  echo "1..1"
  exit 1
}

hard_error() {
  echo "Bail out! $*"
  echo "ERROR: $*" >&2
  exit 99
}

VNEID=${1:-${VNEID:-}}
SCRATCH=${2:-${INTEROP_SCRATCH:-}}
[ -n "$VNEID" ] || usage
case $VNEID in
  */*) VNEID=$(cd "$(dirname "$VNEID")" 2>/dev/null && pwd)/$(basename "$VNEID") || true ;;
  *) VNEID=$(command -v "$VNEID" || true) ;;
esac
if [ -z "$VNEID" ] || [ ! -f "$VNEID" ] || [ ! -x "$VNEID" ]; then
  hard_error "vneid binary not found or not executable: ${1:-}"
fi

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ -z "$SCRATCH" ]; then
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vneid-interop.XXXXXX")
  trap 'rm -rf "$SCRATCH"' EXIT
fi
mkdir -p "$SCRATCH" || hard_error "cannot create scratch dir $SCRATCH"
SCRATCH=$(cd "$SCRATCH" && pwd)

# ------------------------------------------------------------- node + npm

command -v node >/dev/null 2>&1 || skip "node not found"
command -v npm >/dev/null 2>&1 || skip "npm not found"

ENVDIR=$SCRATCH/node-env
mkdir -p "$ENVDIR"
for f in package.json package-lock.json sdjwt.mjs claims-pid.json; do
  [ -f "$SRC/$f" ] || hard_error "missing $SRC/$f"
  cp "$SRC/$f" "$ENVDIR/$f"
done

# npm must be able to write its cache; fall back to one in the scratch dir.
npm_cache=$(npm config get cache 2>/dev/null || true)
if [ -z "$npm_cache" ] || ! { mkdir -p "$npm_cache" 2>/dev/null && [ -w "$npm_cache" ]; }; then
  export npm_config_cache=$SCRATCH/npm-cache
fi
export npm_config_update_notifier=false

use_node20

modules_ok() {
  (cd "$ENVDIR" && node -e '
    import("@sd-jwt/sd-jwt-vc").then(() => import("@sd-jwt/crypto-nodejs"))
      .then(() => process.exit(0), () => process.exit(1))' >/dev/null 2>&1)
}

if [ -d "$ENVDIR/node_modules" ] && cmp -s "$SRC/package-lock.json" "$ENVDIR/.installed-lock.json" && modules_ok; then
  :
else
  rm -rf "$ENVDIR/node_modules" "$ENVDIR/.installed-lock.json"
  to=()
  command -v timeout >/dev/null 2>&1 && to=(timeout "${INTEROP_NPM_TIMEOUT:-300}")
  if (cd "$ENVDIR" && "${to[@]}" npm ci --no-audit --no-fund --prefer-offline --loglevel=error) >"$SCRATCH/npm-ci.log" 2>&1 \
     && modules_ok; then
    cp "$SRC/package-lock.json" "$ENVDIR/.installed-lock.json"
  elif [ -d "$SRC/node_modules/@sd-jwt/sd-jwt-vc" ]; then
    # Offline, but a developer installed the packages in the source tree.
    rm -rf "$ENVDIR/node_modules"
    ln -s "$SRC/node_modules" "$ENVDIR/node_modules"
    modules_ok || skip "npm ci failed (see $SCRATCH/npm-ci.log) and $SRC/node_modules is unusable"
    echo "# npm ci failed; using $SRC/node_modules"
  else
    sed 's/^/# npm: /' "$SCRATCH/npm-ci.log" | tail -n 5
    # npm ci refuses a lock file that does not match package.json: that is
    # this repository's fault, whatever the network does
    if grep -qiE 'in sync|EUSAGE|lock ?file' "$SCRATCH/npm-ci.log"; then
      broken "package-lock.json does not match package.json (npm ci, see $SCRATCH/npm-ci.log)"
    fi
    skip "cannot install npm packages (npm ci failed, see $SCRATCH/npm-ci.log)"
  fi
fi

SDJWT=(node "$ENVDIR/sdjwt.mjs")
CLAIMS=$ENVDIR/claims-pid.json

# ------------------------------------------------------------- harness

W=$SCRATCH/work
rm -rf "$W"
mkdir -p "$W"
cd "$W"

n=0
passed=0
failed=0

diag() {
  # print a file as TAP diagnostics (at most 20 lines)
  [ -s "$1" ] && head -n 20 "$1" | sed 's/^/#   /'
  return 0
}

report() { # report RESULT DESCRIPTION [DIAG-FILE...]
  local res=$1 desc=$2
  shift 2
  n=$((n + 1))
  if [ "$res" = ok ]; then
    passed=$((passed + 1))
    echo "ok $n - $desc"
  else
    failed=$((failed + 1))
    echo "not ok $n - $desc"
    local f
    for f in "$@"; do diag "$f"; done
  fi
}

# run OUT ERR CMD... : runs CMD with stdout to OUT, stderr to ERR; sets rc
run() {
  local o=$1 e=$2
  shift 2
  [ -n "${INTEROP_VERBOSE:-}" ] && echo "# \$ $*"
  rc=0
  "$@" >"$o" 2>"$e" || rc=$?
}

# expect_ok DESC OUT CMD... : check that CMD exits 0 (stdout kept in OUT)
expect_ok() {
  local desc=$1 o=$2
  shift 2
  run "$o" "$W/last.err" "$@"
  if [ "$rc" -eq 0 ]; then
    report ok "$desc"
  else
    echo "exit status $rc: $*" >"$W/last.cmd"
    report fail "$desc" "$W/last.cmd" "$W/last.err" "$o"
  fi
}

# expect_reject DESC PATTERN CMD... : check that CMD exits exactly 1 and
# that its stderr matches PATTERN (an extended regex naming the specific
# error, starting with ^vneid: or ^sdjwt:); any other status (crash,
# usage) or any other error fails
expect_reject() {
  local desc=$1 pattern=$2
  shift 2
  run "$W/last.out" "$W/last.err" "$@"
  if [ "$rc" -eq 1 ] && grep -qE "$pattern" "$W/last.err"; then
    report ok "$desc"
    [ -n "${INTEROP_VERBOSE:-}" ] && sed 's/^/#   -> /' "$W/last.err"
    return 0
  fi
  echo "exit status $rc (want 1 and a message matching /$pattern/): $*" >"$W/last.cmd"
  report fail "$desc" "$W/last.cmd" "$W/last.err" "$W/last.out"
}

# make_input OUT CMD... : an input-making step (a tampered presentation, a
# credential to reject); CMD must exit 0 and write a non-empty OUT, or the
# step fails, so that no check below it passes on a missing input
make_input() {
  local o=$1
  shift
  run "$o" "$W/last.err" "$@"
  if [ "$rc" -eq 0 ] && [ -s "$o" ]; then
    report ok "input $o"
  else
    echo "exit status $rc (want 0 and output): $*" >"$W/last.cmd"
    report fail "input $o" "$W/last.cmd" "$W/last.err"
  fi
}

# assert DESC SUBCOMMAND ARGS... : an sdjwt.mjs json-equal / json-check assertion
assert() {
  local desc=$1
  shift
  run "$W/last.out" "$W/last.err" "${SDJWT[@]}" "$@"
  if [ "$rc" -eq 0 ]; then report ok "$desc"; else report fail "$desc" "$W/last.err"; fi
}

ISS=https://id.vneid.example
VCT=urn:vn:vneid:pid:1
NONCE=n-$(date +%s)-$$
AUD=https://dichvucong.gov.vn.example
NOW=$(date +%s)

echo "# vneid: $VNEID"
echo "# node $(node --version), @sd-jwt/sd-jwt-vc $(node -p "require('$ENVDIR/node_modules/@sd-jwt/sd-jwt-vc/package.json').version"), @sd-jwt/crypto-nodejs $(node -p "require('$ENVDIR/node_modules/@sd-jwt/crypto-nodejs/package.json').version")"
echo "# scratch: $W"

# ------------------------------------------------------------- keys and trust

echo "# keys and issuer metadata (vneid)"
expect_ok "vneid keygen (issuer, kid issuer-2025)" issuer.jwk "$VNEID" keygen --kid issuer-2025
expect_ok "vneid keygen (holder, kid holder-1)" holder.jwk "$VNEID" keygen --kid holder-1
expect_ok "vneid keygen (issuer without kid)" issuer-nokid.jwk "$VNEID" keygen
expect_ok "vneid keygen (an untrusted key)" rogue.jwk "$VNEID" keygen --kid issuer-2025
assert "keygen output is a private OKP/Ed25519 JWK with the kid" json-check issuer.jwk \
  --equals 'kty="OKP"' --equals 'crv="Ed25519"' --equals 'kid="issuer-2025"' --present x --present d
expect_ok "vneid pubkey (issuer)" issuer.pub "$VNEID" pubkey issuer.jwk
expect_ok "vneid pubkey (holder)" holder.pub "$VNEID" pubkey holder.jwk
make_input issuer.node.pub "${SDJWT[@]}" pubkey issuer.jwk
assert "vneid pubkey equals node's view of the public key (no d)" json-equal issuer.pub issuer.node.pub
expect_ok "vneid issuer-metadata" meta.json "$VNEID" issuer-metadata --issuer "$ISS" issuer.jwk
assert "issuer metadata: issuer, the key, no private part" json-check meta.json \
  --equals "issuer=\"$ISS\"" --present jwks.keys.0.x --absent jwks.keys.0.d --equals 'jwks.keys.0.kid="issuer-2025"'
expect_ok "vneid issuer-metadata (key without kid)" meta-nokid.json "$VNEID" issuer-metadata --issuer "$ISS" issuer-nokid.jwk
expect_ok "vneid issuer-metadata (untrusted key, same issuer URL)" meta-rogue.json "$VNEID" issuer-metadata --issuer "$ISS" rogue.jwk
expect_ok "vneid issuer-metadata (right key, other issuer URL)" meta-otheriss.json "$VNEID" issuer-metadata --issuer https://other.vneid.example issuer.jwk

# ------------------------------------------------------------- A: npm -> vneid

echo "# direction A: issued and presented by @sd-jwt/sd-jwt-vc, verified by vneid"
expect_ok "node issues a PID credential (2 decoys, vneid_level plain)" a.cred \
  "${SDJWT[@]}" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.pub \
  --plain vneid_level --decoys 2 "$CLAIMS"
make_input a.inspect.json "${SDJWT[@]}" inspect a.cred
assert "node credential header is typ dc+sd-jwt, alg EdDSA, kid issuer-2025" json-check a.inspect.json \
  --equals 'header.typ="dc+sd-jwt"' --equals 'header.alg="EdDSA"' --equals 'header.kid="issuer-2025"' \
  --equals 'payload._sd_alg="sha-256"'

expect_ok "node presents all claims with KB-JWT" a-all.pres \
  "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" --all a.cred
expect_ok "node verifies its own presentation" a-all.node.json \
  "${SDJWT[@]}" verify --issuer-key meta.json --nonce "$NONCE" --audience "$AUD" a-all.pres
expect_ok "vneid verify accepts the node presentation (all disclosed)" a-all.vneid.json \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-all.pres
assert "vneid and node processed claims are identical (all disclosed)" json-equal a-all.node.json a-all.vneid.json
assert "vneid output holds every claim of claims-pid.json" json-check a-all.vneid.json --subset "$CLAIMS" \
  --equals "iss=\"$ISS\"" --equals "vct=\"$VCT\"" --absent _sd --absent _sd_alg --absent address._sd

expect_ok "node presents some claims (given_name, birthdate, address.locality, nationalities.0)" a-some.pres \
  "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" \
  --disclose given_name --disclose birthdate --disclose address.locality --disclose nationalities.0 a.cred
expect_ok "vneid verify accepts the partial node presentation" a-some.vneid.json \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-some.pres
make_input a-some.node.json "${SDJWT[@]}" verify --issuer-key meta.json --nonce "$NONCE" --audience "$AUD" a-some.pres
assert "vneid and node processed claims are identical (partial)" json-equal a-some.node.json a-some.vneid.json
assert "undisclosed claims are absent from vneid's output" json-check a-some.vneid.json \
  --equals 'given_name="An"' --equals 'birthdate="1990-05-17"' --equals 'address={"locality":"Phường Hoàn Kiếm"}' \
  --equals 'nationalities=["VN"]' --equals 'vneid_level=2' \
  --absent name --absent family_name --absent middle_name --absent personal_administrative_number \
  --absent sex --absent address.street_address --absent address.formatted --absent address.region --absent address.country

expect_ok "node presents containers only (address, nationalities without members)" a-shell.pres \
  "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" --exact \
  --disclose address --disclose nationalities a.cred
expect_ok "vneid verify accepts it" a-shell.vneid.json \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-shell.pres
make_input a-shell.node.json "${SDJWT[@]}" verify --issuer-key meta.json --nonce "$NONCE" --audience "$AUD" a-shell.pres
assert "vneid and node agree: address {} and nationalities []" json-equal a-shell.node.json a-shell.vneid.json
assert "empty containers in vneid's output" json-check a-shell.vneid.json --equals 'address={}' --equals 'nationalities=[]'

expect_ok "node presents nothing selectively disclosable (KB-JWT only)" a-none.pres \
  "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" a.cred
expect_ok "vneid verify accepts it" a-none.vneid.json \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-none.pres
make_input a-none.node.json "${SDJWT[@]}" verify --issuer-key meta.json --nonce "$NONCE" --audience "$AUD" a-none.pres
assert "vneid and node agree (nothing disclosed)" json-equal a-none.node.json a-none.vneid.json

expect_ok "node issues without holder binding, key without kid" a-nokb.cred \
  "${SDJWT[@]}" issue --key issuer-nokid.jwk --iss "$ISS" --vct "$VCT" --plain vneid_level "$CLAIMS"
expect_ok "node presents it without KB-JWT" a-nokb.pres "${SDJWT[@]}" present --all a-nokb.cred
expect_ok "vneid verify (no key binding asked) accepts it" a-nokb.vneid.json \
  "$VNEID" verify --trust meta-nokid.json a-nokb.pres
make_input a-nokb.node.json "${SDJWT[@]}" verify --issuer-key meta-nokid.json a-nokb.pres
assert "vneid and node agree (no key binding, no kid)" json-equal a-nokb.node.json a-nokb.vneid.json

expect_ok "node issues with the library's own salt generator (16 hex chars)" a-libsalt.cred \
  "${SDJWT[@]}" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.pub --plain vneid_level --lib-salt "$CLAIMS"
make_input a-libsalt.pres "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" --all a-libsalt.cred
expect_ok "vneid verify accepts a presentation with library-default salts" a-libsalt.vneid.json \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-libsalt.pres

echo "# direction A, negative: vneid must reject"
expect_reject "wrong nonce" "^vneid: rejected: KB-JWT nonce .* is not the expected .$NONCE-x." "$VNEID" verify --trust meta.json --nonce "$NONCE-x" --audience "$AUD" a-all.pres
expect_reject "wrong audience" "^vneid: rejected: KB-JWT aud .* is not the expected .$AUD/x." "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD/x" a-all.pres
make_input a-t-flip.pres "${SDJWT[@]}" tamper --mode payload-flip a-some.pres
expect_reject "issuer JWT payload with one character flipped" "^vneid: rejected: issuer-signed JWT( payload is not valid (JSON|base64url)|: signature does not verify with the trusted key of $ISS)" \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-t-flip.pres
expect_reject "the same, without key binding asked" "^vneid: rejected: issuer-signed JWT( payload is not valid (JSON|base64url)|: signature does not verify with the trusted key of $ISS)" "$VNEID" verify --trust meta.json a-t-flip.pres
make_input a-t-claim.pres "${SDJWT[@]}" tamper --mode payload-claim a-some.pres
expect_reject "issuer JWT payload re-encoded with vneid_level changed" "^vneid: rejected: issuer-signed JWT: signature does not verify with the trusted key of $ISS" \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-t-claim.pres
make_input a-t-disc.pres "${SDJWT[@]}" tamper --mode disclosure-flip a-some.pres
expect_reject "a disclosure with one character flipped" "^vneid: rejected: disclosure 0 " \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-t-disc.pres
make_input a-t-disc-nokb.pres "${SDJWT[@]}" tamper --mode disclosure-flip a-nokb.pres
expect_reject "a flipped disclosure without KB-JWT (unreferenced disclosure)" "^vneid: rejected: disclosure 0 " \
  "$VNEID" verify --trust meta-nokid.json a-t-disc-nokb.pres
make_input a-t-dup.pres "${SDJWT[@]}" tamper --mode dup-disclosure a-nokb.pres
expect_reject "the same disclosure twice (no KB-JWT)" "^vneid: rejected: disclosure [0-9]+: is presented more than once" "$VNEID" verify --trust meta-nokid.json a-t-dup.pres
make_input a-t-aud.pres "${SDJWT[@]}" tamper --mode kb-aud a-some.pres
expect_reject "KB-JWT payload re-encoded with another aud (old signature)" "^vneid: rejected: KB-JWT signature does not verify with the holder key in cnf" \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD.evil.example" a-t-aud.pres
make_input a-t-nokb.pres "${SDJWT[@]}" tamper --mode drop-kb a-some.pres
expect_reject "KB-JWT removed while the verifier asks for key binding" "^vneid: rejected: key binding is required, and the presentation has no KB-JWT" \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-t-nokb.pres
expect_reject "issuer key not in the trust store" "^vneid: rejected: issuer-signed JWT: signature does not verify with the trusted key of $ISS" \
  "$VNEID" verify --trust meta-rogue.json --nonce "$NONCE" --audience "$AUD" a-all.pres
expect_reject "trusted key but published for another issuer URL" "^vneid: rejected: issuer $ISS is not in the trust store" \
  "$VNEID" verify --trust meta-otheriss.json --nonce "$NONCE" --audience "$AUD" a-all.pres
make_input a-stale.pres "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" --iat $((NOW - 3600)) --all a.cred
expect_reject "KB-JWT issued an hour ago" "^vneid: rejected: KB-JWT issued at $((NOW - 3600)), outside the 300 s window" \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-stale.pres
make_input a-exp.cred "${SDJWT[@]}" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.pub \
  --plain vneid_level --iat $((NOW - 7200)) --exp $((NOW - 3600)) "$CLAIMS"
make_input a-exp.pres "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" --all a-exp.cred
expect_reject "expired credential" "^vneid: rejected: credential expired at $((NOW - 3600)) " \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-exp.pres
make_input a-typ.cred "${SDJWT[@]}" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.pub \
  --plain vneid_level --typ vc+sd-jwt "$CLAIMS"
make_input a-typ.pres "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" --all a-typ.cred
expect_reject "header typ vc+sd-jwt (legacy) instead of dc+sd-jwt" "^vneid: rejected: issuer-signed JWT: header typ is .vc\+sd-jwt., expected .dc\+sd-jwt." \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" a-typ.pres

# ------------------------------------------------------------- B: vneid -> npm

echo "# direction B: issued and presented by vneid, verified by @sd-jwt/sd-jwt-vc"
expect_ok "vneid issue --sd-all" b.cred \
  "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.pub --sd-all "$CLAIMS"
make_input b.inspect.json "${SDJWT[@]}" inspect b.cred
assert "vneid credential: typ dc+sd-jwt, alg EdDSA, kid, _sd_alg sha-256, cnf.jwk = holder key" json-check b.inspect.json \
  --equals 'header.typ="dc+sd-jwt"' --equals 'header.alg="EdDSA"' --equals 'header.kid="issuer-2025"' \
  --equals 'payload._sd_alg="sha-256"' --equals "payload.iss=\"$ISS\"" --equals "payload.vct=\"$VCT\"" \
  --present payload.iat --present payload._sd --absent payload.name --absent payload.personal_administrative_number \
  --absent payload.cnf.jwk.d
x_holder=$(node -p "JSON.parse(require('fs').readFileSync('holder.pub','utf8')).x" 2>/dev/null || echo '?')
assert "vneid credential binds the holder key" json-check b.inspect.json --equals "payload.cnf.jwk.x=\"$x_holder\""
assert "vneid_level stays plain (docs/claims.md)" json-check b.inspect.json --equals 'payload.vneid_level=2'
expect_ok "node verifies the vneid credential (no KB-JWT)" b-cred.node.json \
  "${SDJWT[@]}" verify --issuer-key issuer.pub b.cred
assert "node sees every claim of claims-pid.json" json-check b-cred.node.json --subset "$CLAIMS"

expect_ok "vneid present --all with KB-JWT" b-all.pres \
  "$VNEID" present --key holder.jwk --all --nonce "$NONCE" --audience "$AUD" b.cred
make_input b-all.inspect.json "${SDJWT[@]}" inspect b-all.pres
assert "vneid KB-JWT: typ kb+jwt, alg EdDSA, aud, nonce, sd_hash over the presentation" json-check b-all.inspect.json \
  --equals 'kb.header.typ="kb+jwt"' --equals 'kb.header.alg="EdDSA"' --equals "kb.payload.aud=\"$AUD\"" \
  --equals "kb.payload.nonce=\"$NONCE\"" --present kb.payload.iat --same kb.payload.sd_hash=sd_hash
expect_ok "node verifies the vneid presentation (key binding, aud, nonce)" b-all.node.json \
  "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE" --audience "$AUD" b-all.pres
expect_ok "vneid verifies its own presentation" b-all.vneid.json \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" b-all.pres
assert "vneid and node processed claims are identical (vneid presentation)" json-equal b-all.node.json b-all.vneid.json
assert "all claims of claims-pid.json are there" json-check b-all.node.json --subset "$CLAIMS"

expect_ok "vneid present --disclose given_name --disclose birthdate --disclose address.locality" b-some.pres \
  "$VNEID" present --key holder.jwk --disclose given_name --disclose birthdate --disclose address.locality \
  --nonce "$NONCE" --audience "$AUD" b.cred
expect_ok "node verifies the partial vneid presentation" b-some.node.json \
  "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE" --audience "$AUD" b-some.pres
make_input b-some.vneid.json "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" b-some.pres
assert "vneid and node processed claims are identical (partial vneid presentation)" json-equal b-some.node.json b-some.vneid.json
assert "node sees only what vneid disclosed" json-check b-some.node.json \
  --equals 'given_name="An"' --equals 'birthdate="1990-05-17"' --equals 'address.locality="Phường Hoàn Kiếm"' \
  --absent name --absent family_name --absent personal_administrative_number --absent sex \
  --absent address.street_address --absent address.formatted

echo "# explicit --sd paths (vneid issue) and vneid's array path syntax"
expect_ok "vneid issue --sd given_name --sd family_name --sd address.locality --sd 'nationalities[0]'" b2.cred \
  "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.pub \
  --sd given_name --sd family_name --sd address.locality --sd 'nationalities[0]' "$CLAIMS"
make_input b2.inspect.json "${SDJWT[@]}" inspect b2.cred
assert "only the chosen claims are hidden in the vneid credential" json-check b2.inspect.json \
  --absent payload.given_name --absent payload.family_name \
  --present payload.address._sd --absent payload.address.locality \
  --equals 'payload.name="Nguyễn Văn An"' --equals 'payload.address.region="Thành phố Hà Nội"'
expect_ok "node verifies it (no KB-JWT) and sees all claims" b2-cred.node.json \
  "${SDJWT[@]}" verify --issuer-key issuer.pub b2.cred
assert "all claims of claims-pid.json are there" json-check b2-cred.node.json --subset "$CLAIMS"
expect_ok "node presents it disclosing only 'nationalities[0]'" b2-node.pres \
  "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" --disclose 'nationalities[0]' b2.cred
expect_ok "vneid verify accepts it" b2-node.vneid.json \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" b2-node.pres
make_input b2-node.node.json "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE" --audience "$AUD" b2-node.pres
assert "vneid and node agree" json-equal b2-node.node.json b2-node.vneid.json
assert "plain claims visible, hidden ones absent" json-check b2-node.vneid.json \
  --equals 'nationalities=["VN"]' --equals 'name="Nguyễn Văn An"' --equals 'address.country="VN"' \
  --absent given_name --absent family_name --absent address.locality
expect_ok "vneid present --disclose 'nationalities[0]' --disclose address.locality" b2-vneid.pres \
  "$VNEID" present --key holder.jwk --disclose 'nationalities[0]' --disclose address.locality \
  --nonce "$NONCE" --audience "$AUD" b2.cred
expect_ok "node verifies it" b2-vneid.node.json \
  "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE" --audience "$AUD" b2-vneid.pres
make_input b2-vneid.vneid.json "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" b2-vneid.pres
assert "vneid and node agree" json-equal b2-vneid.node.json b2-vneid.vneid.json
assert "node sees nationalities and address.locality, not given_name" json-check b2-vneid.node.json \
  --equals 'nationalities=["VN"]' --equals 'address.locality="Phường Hoàn Kiếm"' --absent given_name --absent family_name

echo "# Token Status List (@sd-jwt/jwt-status-list)"
SL1=$ISS/status/1
SL2=$ISS/status/2
SL3=$ISS/status/3
expect_ok "vneid status-list (2 bits, 1024 entries)" sl-vneid.jwt \
  "$VNEID" status-list --key issuer.jwk --iss "$ISS" --uri "$SL1" --bits 2 --size 1024 \
  --set 7=1 --set 8=2 --set 1000=3 --set 1023=1
make_input sl-vneid.entries.json "${SDJWT[@]}" status-get --issuer-key meta.json sl-vneid.jwt 0 7 8 1000 1023 5
echo '[0,1,2,3,1,0]' >sl-vneid.expected.json
assert "node reads vneid's list: entries 0 7 8 1000 1023 5 = 0 1 2 3 1 0" json-equal sl-vneid.expected.json sl-vneid.entries.json
expect_ok "node status-list (1 bit, 300 entries, 3 and 299 revoked)" sl-node1.jwt \
  "${SDJWT[@]}" status-list --key issuer.jwk --iss "$ISS" --uri "$SL2" --bits 1 --size 300 --set 3=1 --set 299=1
expect_ok "node status-list (2 bits, 9 suspended)" sl-node2.jwt \
  "${SDJWT[@]}" status-list --key issuer.jwk --iss "$ISS" --uri "$SL3" --bits 2 --size 16 --set 9=2

expect_ok "vneid issues a credential with status (list 1, index 0)" st-v0.cred \
  "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.pub --sd-all \
  --status-uri "$SL1" --status-idx 0 "$CLAIMS"
make_input st-v0.inspect.json "${SDJWT[@]}" inspect st-v0.cred
assert "status claim is status.status_list {idx, uri}, not disclosable" json-check st-v0.inspect.json \
  --equals "payload.status={\"status_list\":{\"idx\":0,\"uri\":\"$SL1\"}}"
make_input st-v0.pres "$VNEID" present --key holder.jwk --all --nonce "$NONCE" --audience "$AUD" st-v0.cred
expect_ok "node verify accepts it with vneid's list" st-v0.node.json \
  "${SDJWT[@]}" verify --issuer-key meta.json --status-list sl-vneid.jwt --nonce "$NONCE" --audience "$AUD" st-v0.pres
expect_ok "vneid verify accepts it" st-v0.vneid.json \
  "$VNEID" verify --trust meta.json --status-list sl-vneid.jwt --nonce "$NONCE" --audience "$AUD" st-v0.pres
assert "vneid and node agree (with status)" json-equal st-v0.node.json st-v0.vneid.json
for idx in 7 8; do
  make_input st-v$idx.cred "$VNEID" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --sd-all \
    --status-uri "$SL1" --status-idx $idx "$CLAIMS"
  expect_reject "node rejects a vneid credential whose entry $idx is $([ $idx = 7 ] && echo revoked || echo suspended)" "^sdjwt: credential status is $([ $idx = 7 ] && echo 1 || echo 2)" \
    "${SDJWT[@]}" verify --issuer-key meta.json --status-list sl-vneid.jwt st-v$idx.cred
done

expect_ok "node issues a credential with status (list 2, index 4)" st-n4.cred \
  "${SDJWT[@]}" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --holder holder.pub --plain vneid_level \
  --status-uri "$SL2" --status-idx 4 "$CLAIMS"
make_input st-n4.pres "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" --all st-n4.cred
expect_ok "vneid verify accepts it with node's list" st-n4.vneid.json \
  "$VNEID" verify --trust meta.json --status-list sl-node1.jwt --nonce "$NONCE" --audience "$AUD" st-n4.pres
make_input st-n4.node.json "${SDJWT[@]}" verify --issuer-key meta.json --status-list sl-node1.jwt --nonce "$NONCE" --audience "$AUD" st-n4.pres
assert "vneid and node agree (with status)" json-equal st-n4.node.json st-n4.vneid.json
expect_reject "vneid rejects it when no status list is given" "^vneid: rejected: no status list was supplied for $SL2" \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" st-n4.pres
expect_ok "vneid verify --skip-status accepts it" /dev/null \
  "$VNEID" verify --trust meta.json --skip-status --nonce "$NONCE" --audience "$AUD" st-n4.pres
make_input sl-rogue.jwt "${SDJWT[@]}" status-list --key rogue.jwk --iss "$ISS" --uri "$SL2" --bits 1 --size 300
expect_reject "vneid rejects a status list signed by an untrusted key" "^vneid: status list sl-rogue.jwt: status list token: signature does not verify with the trusted key of $ISS" \
  "$VNEID" verify --trust meta.json --status-list sl-rogue.jwt --nonce "$NONCE" --audience "$AUD" st-n4.pres
expect_reject "node (helper) rejects it too" "^sdjwt: Status List JWT verification failed: .*Invalid JWT Signature" \
  "${SDJWT[@]}" verify --issuer-key meta.json --status-list sl-rogue.jwt --nonce "$NONCE" --audience "$AUD" st-n4.pres
while read -r uri idx list what; do
  make_input "st-n$idx.cred" "${SDJWT[@]}" issue --key issuer.jwk --iss "$ISS" --vct "$VCT" --plain vneid_level \
    --status-uri "$uri" --status-idx "$idx" "$CLAIMS"
  expect_reject "vneid rejects a node credential whose entry $idx in node's list is $what" "^vneid: rejected: credential is $what" \
    "$VNEID" verify --trust meta.json --status-list "$list" "st-n$idx.cred"
done <<EOF
$SL2 3 sl-node1.jwt revoked
$SL2 299 sl-node1.jwt revoked
$SL3 9 sl-node2.jwt suspended
EOF

echo "# mixed: one side issues, the other presents"
expect_ok "node presents a vneid-issued credential (some claims)" c1.pres \
  "${SDJWT[@]}" present --key holder.jwk --nonce "$NONCE" --audience "$AUD" \
  --disclose name --disclose address.region --disclose nationalities b.cred
expect_ok "vneid verify accepts it" c1.vneid.json "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" c1.pres
make_input c1.node.json "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE" --audience "$AUD" c1.pres
assert "vneid and node agree" json-equal c1.node.json c1.vneid.json
expect_ok "vneid presents a node-issued credential (--all)" c2.pres \
  "$VNEID" present --key holder.jwk --all --nonce "$NONCE" --audience "$AUD" a.cred
expect_ok "node verify accepts it" c2.node.json \
  "${SDJWT[@]}" verify --issuer-key meta.json --nonce "$NONCE" --audience "$AUD" c2.pres
make_input c2.vneid.json "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" c2.pres
assert "vneid and node agree" json-equal c2.node.json c2.vneid.json
assert "every claim of claims-pid.json is there" json-check c2.node.json --subset "$CLAIMS"

echo "# direction B, negative"
expect_reject "node rejects a wrong nonce" "^sdjwt: .*Invalid Nonce" \
  "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE-x" --audience "$AUD" b-all.pres
expect_reject "node rejects a wrong audience" "^sdjwt: KB-JWT aud " \
  "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE" --audience "$AUD/x" b-all.pres
expect_reject "vneid rejects a wrong nonce on its own presentation" "^vneid: rejected: KB-JWT nonce .* is not the expected .$NONCE-x." \
  "$VNEID" verify --trust meta.json --nonce "$NONCE-x" --audience "$AUD" b-all.pres
make_input b-t-flip.pres "${SDJWT[@]}" tamper --mode payload-flip b-all.pres
expect_reject "node rejects the vneid presentation with a flipped payload character" "^sdjwt: .*(Invalid JWT Signature|JSON)" \
  "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE" --audience "$AUD" b-t-flip.pres
expect_reject "vneid rejects it too" "^vneid: rejected: issuer-signed JWT( payload is not valid (JSON|base64url)|: signature does not verify with the trusted key of $ISS)" \
  "$VNEID" verify --trust meta.json --nonce "$NONCE" --audience "$AUD" b-t-flip.pres
make_input b-t-disc.pres "${SDJWT[@]}" tamper --mode disclosure-flip b-all.pres
expect_reject "node rejects a flipped disclosure in the vneid presentation" "^sdjwt: Invalid sd_hash in Key Binding JWT" \
  "${SDJWT[@]}" verify --issuer-key issuer.pub --nonce "$NONCE" --audience "$AUD" b-t-disc.pres
make_input b-t-dup.cred "${SDJWT[@]}" tamper --mode dup-disclosure b.cred
expect_reject "node (helper) rejects a vneid credential with a disclosure repeated" "^sdjwt: the same disclosure appears twice" \
  "${SDJWT[@]}" verify --issuer-key issuer.pub b-t-dup.cred
expect_reject "vneid rejects it too" "^vneid: rejected: disclosure [0-9]+: is presented more than once" "$VNEID" verify --trust meta.json b-t-dup.cred
expect_reject "node rejects the vneid presentation under an untrusted key" "^sdjwt: .*Invalid JWT Signature" \
  "${SDJWT[@]}" verify --issuer-key meta-rogue.json --nonce "$NONCE" --audience "$AUD" b-all.pres

# ------------------------------------------------------------- summary

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
