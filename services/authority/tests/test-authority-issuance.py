#!/usr/bin/env python3
"""test-authority-issuance.py: OpenID4VCI issuance by vneid-authority, end to
end on 127.0.0.1, with the wallet side of the library (`vneid receive`).

  register -> approve -> activate -> log in -> for PID, contact and BHYT:
  offer (POST /api/v1/credential-offers) -> tx_code from the SMS outbox ->
  `vneid receive` obtains the credential -> `vneid verify` accepts it
  (trusting /.well-known/jwt-vc-issuer, checking the served status list);
  e-CCCD refused at level 1, issued after `upgrade`; the officer verb
  `offer`; `vneid profile` merges the four; the refusals of the flow
  (wrong, reused, blocked codes; missing tx_code, access token, proof);
  then card lost -> the e-CCCD revoked; lock -> suspended -> `vneid verify`
  rejects; unlock -> valid again, the lost card's e-CCCD still revoked.

With `interop SCRATCH` instead of a backend (SQLite): the independent npm
client @openid4vc/openid4vci (tests/interop-openid4vci, pinned, installed
into SCRATCH by `npm ci`) obtains the PID and the BHYT card with the
pre-authorized code and tx_code, and `vneid verify` accepts both. Exits 77
(skip) when node or npm is missing or the packages cannot be installed;
with CI set, that is a failure instead.

Usage: test-authority-issuance.py sqlite|postgresql|interop [SCRATCH]   (prints TAP)
Environment: as test-authority-http.py, plus VNEID_TOOL (the vneid program).

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import base64
import filecmp
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("authority_http", os.path.join(HERE, "test-authority-http.py"))
http = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(http)
check, request, cli = http.check, http.request, http.cli

VNEID = os.environ["VNEID_TOOL"]
EXAMPLES = os.environ["VNEID_EXAMPLES_DATA"]
MODE = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
BACKEND = "postgresql" if MODE == "postgresql" else "sqlite"
NPM_SOURCE = os.path.join(HERE, "..", "..", "..", "tests", "interop-openid4vci")
LAN = "004198003561"                      # Hoàng Thị Lan: PID, e-CCCD, contact, BHYT
LAN_PHONE = "+84987000498"
PASSWORD = "Lan-Cao-Bằng 1998"
WALLET = os.path.join(EXAMPLES, "citizens", "hoang-thi-lan", "wallet.jwk")
GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def tx_code(outbox):
    """The six digits of the newest SMS."""
    messages = http.sms_messages(outbox)
    match = re.search(r"\b(\d{6})\b", messages[-1]["text"]) if messages else None
    return match.group(1) if match else None


def vneid(*args):
    done = subprocess.run([VNEID, *args], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def payload(credential):
    part = credential.split("~")[0].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def offer_of(uri):
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(uri).query)
    return json.loads(query["credential_offer"][0])


def form(fields):
    return urllib.parse.urlencode(fields).encode()


class Citizen:
    """Lan's wallet and her files in @folder."""

    def __init__(self, base, folder, outbox, session):
        self.base, self.folder, self.outbox, self.session = base, folder, outbox, session

    def offer(self, kind):
        status, reply, _ = request(self.base, "POST", "/api/v1/credential-offers", {"credential": kind},
                                   session=self.session)
        return status, reply

    def receive(self, uri, code):
        return vneid("receive", uri, "--tx-code", code, "--holder", WALLET)

    def trust_files(self):
        """The authority's issuer metadata as served, and the BHYT issuer's."""
        path = os.path.join(self.folder, "population-db.metadata.json")
        status, reply, _ = request(self.base, "GET", "/.well-known/jwt-vc-issuer")
        with open(path, "w") as out:
            json.dump(reply, out)
        return [path, os.path.join(EXAMPLES, "vss-bhyt.metadata.json")]

    def status_list_file(self, credential):
        uri = payload(credential)["status"]["status_list"]["uri"]
        path = os.path.join(self.folder, "status-" + re.sub(r"\W", "_", uri) + ".jwt")
        status, token, headers = request(self.base, "GET", urllib.parse.urlsplit(uri).path)
        with open(path, "w") as out:
            out.write(token)
        return path

    def verify(self, credential_path, credential):
        args = []
        for trust in self.trust_files():
            args += ["--trust", trust]
        return vneid("verify", *args, "--status-list", self.status_list_file(credential), credential_path)


def metadata(base):
    status, issuer, headers = request(base, "GET", "/.well-known/openid-credential-issuer")
    check(status == 200 and issuer.get("credential_issuer") == base
          and sorted(issuer.get("credential_configurations_supported", {})) == ["bhyt", "cccd", "contact", "pid"]
          and issuer.get("nonce_endpoint") == base + "/openid4vci/nonce",
          "credential issuer metadata names this service and its four configurations", issuer)
    pid = issuer["credential_configurations_supported"]["pid"]
    check(pid["format"] == "dc+sd-jwt" and pid["vct"] == "urn:vn:vneid:pid:1"
          and pid["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"] == ["EdDSA"],
          "the PID configuration: dc+sd-jwt, its vct, EdDSA jwt proofs", pid)
    status, server, _ = request(base, "GET", "/.well-known/oauth-authorization-server")
    check(status == 200 and server.get("issuer") == base and server.get("token_endpoint") == base + "/openid4vci/token"
          and server.get("pre-authorized_grant_anonymous_access_supported") is True,
          "authorization server metadata: the token endpoint, anonymous pre-authorized grant", server)


def obtain(citizen, kind, folder):
    """Offer, SMS, receive, verify one credential; returns (path, text)."""
    status, reply = citizen.offer(kind)
    uri = reply.get("credential_offer_uri", "") if isinstance(reply, dict) else ""
    check(status == 200 and uri.startswith("openid-credential-offer://?credential_offer="),
          f"{kind}: POST /api/v1/credential-offers gives an offer URI", reply)
    offer = offer_of(uri)
    grant = offer.get("grants", {}).get(GRANT, {})
    check(offer.get("credential_configuration_ids") == [kind] and grant.get("tx_code", {}).get("length") == 6,
          f"{kind}: the offer asks for a 6-digit tx_code", offer)
    code = tx_code(citizen.outbox)
    check(code is not None and http.sms_messages(citizen.outbox)[-1]["to"] == LAN_PHONE,
          f"{kind}: the tx_code went by SMS to the account's phone", http.sms_messages(citizen.outbox)[-1:])
    rc, credential, err = citizen.receive(uri, code)
    check(rc == 0 and credential.count("~") > 1, f"{kind}: vneid receive obtains the credential", err)
    path = os.path.join(folder, kind + ".sd-jwt")
    with open(path, "w") as out:
        out.write(credential + "\n")
    claims = payload(credential) if rc == 0 else {}
    with open(WALLET) as f:
        wallet_x = json.load(f)["x"]
    check(claims.get("cnf", {}).get("jwk", {}).get("x") == wallet_x and "idx" in claims.get("status", {}).get("status_list", {}),
          f"{kind}: bound to the wallet's key (cnf.jwk), with a status list entry", claims)
    rc, out, err = citizen.verify(path, credential) if rc == 0 else (1, "", "no credential")
    check(rc == 0, f"{kind}: vneid verify accepts it (trust from /.well-known/jwt-vc-issuer, served status list)", err)
    return path, credential


def refusals(citizen, database):
    base = citizen.base
    status, reply = citizen.offer("pid")
    uri = reply["credential_offer_uri"]
    code = offer_of(uri)["grants"][GRANT]["pre-authorized_code"]
    right = tx_code(citizen.outbox)
    token = "/openid4vci/token"
    status, reply, _ = request(base, "POST", token, raw=form({"grant_type": GRANT, "pre-authorized_code": code}),
                               content_type="application/x-www-form-urlencoded")
    check(status == 400 and reply.get("error") == "invalid_request" and reply.get("error_description"),
          "token request without tx_code: 400 invalid_request", reply)
    status, reply, _ = request(base, "POST", token, raw=form({"grant_type": "authorization_code", "code": code}),
                               content_type="application/x-www-form-urlencoded")
    check(status == 400 and reply.get("error") == "unsupported_grant_type", "another grant type: unsupported_grant_type", reply)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    for attempt in range(5):
        status, reply, _ = request(base, "POST", token, raw=form({"grant_type": GRANT, "pre-authorized_code": code,
                                                                  "tx_code": wrong}),
                                   content_type="application/x-www-form-urlencoded")
    check(status == 400 and reply.get("error") == "invalid_grant" and "wrong" in reply.get("message", ""),
          "a wrong tx_code: 400 invalid_grant (five times)", reply)
    rc, out, err = citizen.receive(uri, right)
    check(rc == 1 and "invalid_grant" in err and "blocked" in err,
          "after five wrong tx_codes the right one no longer works (blocked)", err)

    status, reply = citizen.offer("contact")
    uri, right = reply["credential_offer_uri"], tx_code(citizen.outbox)
    rc, out, err = citizen.receive(uri, right)
    check(rc == 0, "a fresh offer works", err)
    rc, out, err = citizen.receive(uri, right)
    check(rc == 1 and "invalid_grant" in err, "the same offer twice: invalid_grant (single use)", err)

    credential = "/openid4vci/credential"
    body = {"credential_configuration_id": "pid", "proofs": {"jwt": ["a.b.c"]}}
    status, reply, headers = request(base, "POST", credential, body)
    check(status == 401 and reply.get("error") == "invalid_token" and "Bearer" in headers.get("WWW-Authenticate", ""),
          "credential request without an access token: 401 invalid_token", reply)
    status, reply, _ = request(base, "POST", credential, body, session="not-a-token")
    check(status == 400 and reply.get("error") == "invalid_proof", "a malformed key proof: 400 invalid_proof", reply)
    status, reply, _ = request(base, "POST", credential, {"credential_configuration_id": "pid"}, session="x")
    check(status == 400 and reply.get("error") == "invalid_proof", "no proofs: 400 invalid_proof", reply)
    status, reply, _ = request(base, "POST", credential, {"credential_configuration_id": "passport", "proofs": {"jwt": ["a"]}},
                               session="x")
    check(status == 400 and reply.get("error") == "unknown_credential_configuration",
          "an unknown configuration: unknown_credential_configuration", reply)
    status, reply, headers = request(base, "POST", "/openid4vci/nonce", raw=b"", content_type=None)
    check(status == 200 and len(reply.get("c_nonce", "")) >= 22 and headers.get("Cache-Control") == "no-store",
          "the nonce endpoint: a fresh c_nonce, not cached", reply)
    status, reply = citizen.offer("passport")
    check(status == 400 and reply.get("error") == "invalid_request", "an offer of an unknown kind: 400", reply)
    status, reply, _ = request(base, "POST", "/api/v1/credential-offers", {"credential": "pid"}, session="forged")
    check(status == 401, "an offer without a valid session: 401", reply)


def log_in(base, database, outbox, folder):
    """Lan registered, approved, activated and logged in: her Citizen."""
    request(base, "POST", "/api/v1/registrations",
            {"personal_id": LAN, "phone": LAN_PHONE, "email": "hoang.thi.lan@example.com"})
    cli(database, "approve", LAN, "--officer", "police-cb-01")
    request(base, "POST", "/api/v1/activate", {"personal_id": LAN, "otp": tx_code(outbox), "password": PASSWORD})
    status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": LAN, "password": PASSWORD})
    session = reply.get("session") if isinstance(reply, dict) else None
    if not check(status == 200 and session, "Lan's account is active and she is logged in", reply):
        return None
    return Citizen(base, folder, outbox, session)


def end_to_end(database, folder, outbox):
    server = http.Authority(database, folder, outbox, ["--pwhash-cost", "test"])
    base = server.base
    try:
        citizen = log_in(base, database, outbox, folder)
        if citizen is None:
            return
        session = citizen.session
        metadata(base)
        paths = {kind: obtain(citizen, kind, folder) for kind in ("pid", "contact", "bhyt")}
        check(payload(paths["bhyt"][1])["iss"] == "https://bhyt.baohiemxahoi.example"
              and payload(paths["pid"][1])["vneid_level"] == 1,
              "BHYT signed as the BHYT issuer; the PID states level 1", payload(paths["pid"][1]).get("vneid_level"))

        status, reply = citizen.offer("cccd")
        check(status == 403 and reply.get("error") == "level_2_required", "e-CCCD at level 1: 403 level_2_required", reply)
        code, out, err = cli(database, "upgrade", LAN, "--officer", "police-cb-01", "--card-number", LAN)
        check(code == 0, "the officer raises Lan to level 2", err)
        paths["cccd"] = obtain(citizen, "cccd", folder)

        code, out, err = cli(database, "offer", LAN, "--credential", "pid")
        uri = out.strip()
        check(code == 0 and offer_of(uri)["credential_issuer"] == base, "the officer verb `offer` prints an offer URI", err)
        rc, credential, err = citizen.receive(uri, tx_code(outbox))
        check(rc == 0 and payload(credential)["vneid_level"] == 2, "its PID, obtained, states level 2", err)
        with open(paths["pid"][0], "w") as out:
            out.write(credential + "\n")
        paths["pid"] = (paths["pid"][0], credential)

        args = []
        for trust in citizen.trust_files():
            args += ["--trust", trust]
        for kind, (path, text) in paths.items():
            args += ["--status-list", citizen.status_list_file(text)]
        rc, out, err = vneid("profile", *args, *[path for path, _ in paths.values()])
        check(rc == 0 and LAN in out, "vneid profile merges the four credentials", err)

        refusals(citizen, database)
        report_card_lost(citizen, paths)

        status, reply, _ = request(base, "POST", "/api/v1/lock", {}, session=session)
        check(status == 200, "Lan locks her account", reply)
        path, text = paths["pid"]
        rc, out, err = citizen.verify(path, text)
        check(rc == 1 and "suspended" in err.lower(), "the status list now says suspended: vneid verify rejects the PID", err)
        code, out, err = cli(database, "offer", LAN, "--credential", "pid")
        check(code == 1 and "locked" in err, "no offers for a locked account", err)
        code, out, err = cli(database, "unlock", LAN, "--officer", "police-cb-01")
        rc, out, err = citizen.verify(path, text)
        check(code == 0 and rc == 0, "an officer unlocks the account: the PID is valid again", err)
        rc, out, err = citizen.verify(*paths["cccd"])
        check(rc == 1 and "revoked" in err.lower(), "the e-CCCD reported lost stays revoked after the unlock", err)
    finally:
        server.stop()


def report_card_lost(citizen, paths):
    """/api/v1/card-lost revokes the e-CCCD and nothing else."""
    status, reply, _ = request(citizen.base, "POST", "/api/v1/card-lost", {}, session=None)
    check(status == 401 and reply.get("error") == "unauthorized", "card-lost without a session: 401", reply)
    status, reply, _ = request(citizen.base, "POST", "/api/v1/card-lost", {}, session=citizen.session)
    check(status == 200 and reply.get("status") == "card_reported_lost", "Lan reports her card lost: 200", reply)
    rc, out, err = citizen.verify(*paths["cccd"])
    check(rc == 1 and "revoked" in err.lower(), "the e-CCCD is now revoked: vneid verify rejects it", err)
    rc, out, err = citizen.verify(*paths["pid"])
    check(rc == 0, "the PID is still valid after the card is lost", err)


def skip(reason):
    """Exit 77, or fail on CI, where the interop suite must run."""
    if os.environ.get("CI"):
        print(f"Bail out! {reason} (on CI the interop suite must run)")
        sys.exit(1)
    print(f"1..0 # SKIP {reason}")
    sys.exit(77)


def install_npm_client(scratch):
    """npm ci of the pinned packages into @scratch (kept while the lock file
    is unchanged); returns the folder holding obtain.mjs and node_modules."""
    if not shutil.which("node") or not shutil.which("npm"):
        skip("node or npm is not installed")
    os.makedirs(scratch, exist_ok=True)
    fresh = not filecmp.cmp(os.path.join(NPM_SOURCE, "package-lock.json"),
                            os.path.join(scratch, "package-lock.json"), shallow=False) \
        if os.path.exists(os.path.join(scratch, "package-lock.json")) else True
    for name in ("package.json", "package-lock.json", "obtain.mjs"):
        shutil.copy(os.path.join(NPM_SOURCE, name), scratch)
    if fresh or not os.path.isdir(os.path.join(scratch, "node_modules")):
        done = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=scratch,
                              capture_output=True, text=True, timeout=int(os.environ.get("INTEROP_NPM_TIMEOUT", "300")))
        if done.returncode != 0:
            skip(f"npm ci failed: {done.stderr.strip().splitlines()[-1:] }")
    return scratch


def interop(database, folder, outbox, scratch):
    npm = install_npm_client(scratch)
    server = http.Authority(database, folder, outbox, ["--pwhash-cost", "test"])
    try:
        citizen = log_in(server.base, database, outbox, folder)
        if citizen is None:
            return
        for kind in ("pid", "bhyt"):
            status, reply = citizen.offer(kind)
            uri = reply.get("credential_offer_uri", "") if isinstance(reply, dict) else ""
            done = subprocess.run(["node", os.path.join(npm, "obtain.mjs"), uri, tx_code(outbox), WALLET],
                                  capture_output=True, text=True, timeout=120)
            credential = done.stdout.strip()
            check(done.returncode == 0 and credential.count("~") > 1,
                  f"@openid4vc/openid4vci obtains the {kind} credential (pre-authorized code, tx_code)", done.stderr)
            path = os.path.join(folder, f"npm-{kind}.sd-jwt")
            with open(path, "w") as out:
                out.write(credential + "\n")
            rc, out, err = citizen.verify(path, credential) if done.returncode == 0 else (1, "", "no credential")
            check(rc == 0, f"vneid verify accepts the {kind} credential the npm client obtained", err)
        status, reply = citizen.offer("contact")
        uri = reply["credential_offer_uri"]
        wrong = f"{(int(tx_code(outbox)) + 1) % 1000000:06d}"
        done = subprocess.run(["node", os.path.join(npm, "obtain.mjs"), uri, wrong, WALLET],
                              capture_output=True, text=True, timeout=120)
        check(done.returncode == 1 and "invalid_grant" in done.stderr,
              "the npm client with a wrong tx_code is refused (invalid_grant)", done.stderr)
    finally:
        server.stop()


def main():
    folder = tempfile.mkdtemp(prefix="authority-issuance-")
    os.chmod(folder, 0o711)
    cluster = os.path.join(folder, "cluster")
    try:
        http.make_population(folder, 0)
        if BACKEND == "postgresql":
            started = subprocess.run(["/bin/sh", os.environ["AUTHORITY_PG_CLUSTER"], "start", cluster],
                                     capture_output=True, text=True)
            if started.returncode != 0:
                print(f"Bail out! no PostgreSQL cluster: {started.stderr.strip()}")
                return 1
            database = started.stdout.strip()
        else:
            database = os.path.join(folder, "authority.db")
        if MODE == "interop":
            interop(database, folder, os.path.join(folder, "outbox"), os.path.abspath(sys.argv[2]))
        else:
            end_to_end(database, folder, os.path.join(folder, "outbox"))
    finally:
        if BACKEND == "postgresql":
            subprocess.run(["/bin/sh", os.environ["AUTHORITY_PG_CLUSTER"], "stop", cluster], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"1..{len(http.results)}")
    return 0 if http.results and all(http.results) else 1


if __name__ == "__main__":
    sys.exit(main())
