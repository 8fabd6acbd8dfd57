#!/usr/bin/env python3
"""test-portal-http.py: vneid-portal over HTTP on 127.0.0.1, against a real
vneid-authority, with a scripted wallet (`vneid receive` for the
credentials, `vneid wallet respond` / `vneid present` for the answers).

  Lan (level 2) fills CT01 and the bank account form; the filled form marks
  verified inputs readonly + data-status="verified" with source and issuer;
  a verified value altered at submission is refused (422 naming the field,
  nothing stored); the submission is stored with provenance (receipt,
  officer list); a replayed response is refused; Mai (level 1) cannot
  answer the bank form and is told why level 2 is needed; a declined
  answer is shown; an expired transaction says so (410, and the late
  response is refused); a transaction started before a restart is answered
  after it; after Lan locks her account, a portal fetching the authority's
  status list refuses her revoked credentials. CSRF, cookies, CSP, body cap.

Usage: test-portal-http.py sqlite|postgresql   (prints TAP)
Environment: VNEID_PORTAL, VNEID_AUTHORITY, VNEID_TOOL, VNEID_EXAMPLES_DATA,
AUTHORITY_PG_CLUSTER, VNEID_PLUGIN_PATH.

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import base64
import glob
import html
import http.cookiejar
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
AUTHORITY_TESTS = os.path.join(HERE, "..", "..", "authority", "tests")
_spec = importlib.util.spec_from_file_location("authority_http", os.path.join(AUTHORITY_TESTS, "test-authority-http.py"))
ahttp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ahttp)
check, api, cli = ahttp.check, ahttp.request, ahttp.cli

PORTAL = os.environ["VNEID_PORTAL"]
VNEID = os.environ["VNEID_TOOL"]
EXAMPLES = os.environ["VNEID_EXAMPLES_DATA"]
BACKEND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
CLIENT_ID = "verifier_attestation:dichvucong.example"
RA = "https://dangky.vneid.example"
WALLET_URL = "http://127.0.0.1:9/wallet"
GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"

LAN = ("004198003561", "+84987000498", "hoang-thi-lan")
MAI = ("001185034517", "+84912000185", "tran-thi-mai")
PASSWORD = "Mật-khẩu 2026"


def vneid(*args, stdin=None):
    done = subprocess.run([VNEID, *args], capture_output=True, text=True, timeout=120, input=stdin)
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def jwt_payload(token):
    part = token.split("~")[0].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar, no automatic redirects: (status, text, headers)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def call(self, method, path, fields=None, raw=None, content_type="application/x-www-form-urlencoded"):
        data = raw if raw is not None else (urllib.parse.urlencode(fields).encode() if fields is not None else None)
        req = urllib.request.Request(path if path.startswith("http") else self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def get(self, path):
        return self.call("GET", path)

    def post(self, path, fields):
        return self.call("POST", path, fields)


def csrf_of(page):
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    return match.group(1) if match else None


def inputs_of(page):
    """name → (value, attributes) of every text input."""
    found = {}
    for tag in re.findall(r"<input [^>]*>", page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' not in tag:
            found[html.unescape(name.group(1))] = (html.unescape(value.group(1)) if value else "", tag)
    return found


def labels_cover_inputs(page):
    ids = set(re.findall(r'<input [^>]*id="([^"]+)"', page))
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    return ids and ids <= labelled


class Portal:
    """One `vneid-portal serve` process (all killed at the end if still running)."""

    started = []

    def __init__(self, world, lifetime=None, status_base=None, public_url=True):
        self.log_path = os.path.join(world.folder, f"portal-{time.monotonic_ns()}.log")
        self.log = open(self.log_path, "a")
        args = [PORTAL, "serve", "--listen", "127.0.0.1:0", "--database", world.database,
                "--public-url", "http://127.0.0.1:0", "--client-id", CLIENT_ID,
                "--key", world.portal_key, "--attestation", world.attestation,
                "--trust", world.population_metadata, "--trust", os.path.join(EXAMPLES, "vss-bhyt.metadata.json"),
                "--wallet-url", WALLET_URL, "--facility-code", "79025",
                "--status-base", "https://id.vneid.example=" + (status_base or world.authority.base),
                "--status-base", "https://bhyt.baohiemxahoi.example=" + (status_base or world.authority.base)]
        if lifetime:
            args += ["--transaction-lifetime", str(lifetime)]
        if not public_url:   # port 0, and the public URL taken from the address bound
            i = args.index("--public-url")
            del args[i:i + 2]
        # The public URL must be the address bound: listen on a port picked first.
        if public_url:
            port = free_port()
            args[args.index("127.0.0.1:0")] = f"127.0.0.1:{port}"
            args[args.index("http://127.0.0.1:0")] = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        Portal.started.append(self.process)
        self.line = self.process.stdout.readline()
        match = re.match(r"vneid-portal: listening on (http://127\.0\.0\.1:\d+)/\n", self.line)
        if not match:
            raise RuntimeError(f"the portal did not start: {self.line!r}")
        self.base = match.group(1)

    def fetches(self):
        """The status list URIs fetched so far (from the log), in order."""
        with open(self.log_path) as log:
            return re.findall(r"fetched the status list (\S+), kept (\d+) s", log.read())

    def unavailable(self):
        """Why status lists could not be had (from the log), in order."""
        with open(self.log_path) as log:
            return re.findall(r"status list unavailable: (.*)", log.read())

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=30)
        self.log.close()
        return status


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class World:
    """The authority, the registration authority's keys, the portal's."""

    def __init__(self, folder, database, authority_database):
        self.folder, self.database = folder, database
        self.outbox = os.path.join(folder, "outbox")
        os.makedirs(self.outbox)
        ahttp.make_population(folder, 0)
        self.authority_database = authority_database
        self.authority = ahttp.Authority(authority_database, folder, self.outbox, ["--pwhash-cost", "test"])
        self.portal_key = self.file("portal.jwk", vneid("keygen", "--kid", "portal-1")[1])
        ra_key = self.file("ra.jwk", vneid("keygen", "--kid", "ra-1")[1])
        self.ra_metadata = self.file("ra.metadata.json", vneid("issuer-metadata", "--issuer", RA, ra_key)[1])
        rc, attestation, err = vneid("attest", "--key", ra_key, "--iss", RA, "--client-id", CLIENT_ID,
                                     "--portal-key", self.portal_key, "--name", "Cổng Dịch vụ công",
                                     "--purpose", "Điền sẵn biểu mẫu / prefill forms",
                                     "--form", "vn.bca.ct01", "--form", "vn.sbv.bank-account",
                                     "--form", "vn.bhxh.bhyt-checkin")
        check(rc == 0, "the registration authority attests the portal", err)
        self.attestation = self.file("portal.va.jwt", attestation)
        status, metadata, _ = api(self.authority.base, "GET", "/.well-known/jwt-vc-issuer")
        self.population_metadata = self.file("population-db.metadata.json", json.dumps(metadata))

    def file(self, name, text):
        path = os.path.join(self.folder, name)
        with open(path, "w") as out:
            out.write(text + "\n")
        return path

    def newest_code(self):
        messages = ahttp.sms_messages(self.outbox)
        match = re.search(r"\b(\d{6})\b", messages[-1]["text"]) if messages else None
        return match.group(1) if match else None


class Citizen:
    """A registered, active, logged-in citizen and the credentials received."""

    def __init__(self, world, who, level):
        self.world, (self.personal_id, self.phone, self.folder_name) = world, who
        self.holder = os.path.join(EXAMPLES, "citizens", self.folder_name, "wallet.jwk")
        base = world.authority.base
        api(base, "POST", "/api/v1/registrations",
            {"personal_id": self.personal_id, "phone": self.phone, "email": self.folder_name + "@example.com"})
        status, out, err = cli(world.authority_database, "registrations", "--pending", "--json")
        registration = [r["id"] for r in json.loads(out) if r["personal_id"] == self.personal_id][0]
        cli(world.authority_database, "approve", registration, "--officer", "police-01")
        api(base, "POST", "/api/v1/activate",
            {"personal_id": self.personal_id, "otp": world.newest_code(), "password": PASSWORD})
        status, reply, _ = api(base, "POST", "/api/v1/login", {"personal_id": self.personal_id, "password": PASSWORD})
        self.session = reply.get("session") if isinstance(reply, dict) else None
        if level == 2:
            cli(world.authority_database, "upgrade", self.personal_id, "--officer", "police-01",
                "--card-number", self.personal_id)
        self.credentials = {}
        for kind in (["pid", "cccd", "contact", "bhyt"] if level == 2 else ["pid", "contact"]):
            status, reply, _ = api(base, "POST", "/api/v1/credential-offers", {"credential": kind}, session=self.session)
            uri = reply.get("credential_offer_uri") if isinstance(reply, dict) else None
            rc, credential, err = vneid("receive", uri or "", "--tx-code", world.newest_code() or "", "--holder", self.holder)
            if rc == 0:
                self.credentials[kind] = world.file(f"{self.folder_name}-{kind}.sd-jwt", credential)
        check(sorted(self.credentials) == sorted(["pid", "cccd", "contact", "bhyt"] if level == 2 else ["pid", "contact"])
              and jwt_payload(open(self.credentials["pid"]).read())["vneid_level"] == level,
              f"{self.folder_name}: level {level}, credentials received from the authority", sorted(self.credentials))

    def respond(self, request_jwt):
        path = self.world.file("request.jwt", request_jwt)
        return vneid("wallet", "respond", "--key", self.holder, "--attesters", self.world.ra_metadata, path,
                     *self.credentials.values())

    def lock(self):
        return api(self.world.authority.base, "POST", "/api/v1/lock", {}, session=self.session)


def start(browser, form_id):
    """The form page, then "Điền từ VNeID": (tx_id, waiting page)."""
    status, page, headers = browser.get("/forms/" + form_id)
    status, page, headers = browser.post(f"/forms/{form_id}/vneid", {"csrf": csrf_of(page) or ""})
    location = headers.get("Location", "")
    match = re.fullmatch(r"/tx/([A-Za-z0-9_-]+)", location)
    if not match:
        return None, page
    status, page, headers = browser.get(location)
    return match.group(1), page


def request_object(portal, tx_id):
    status, text, headers = Browser(portal.base).get("/openid4vp/request/" + tx_id)
    return text if status == 200 else None


def post_response(portal, fields):
    status, text, headers = Browser(portal.base).post("/openid4vp/response", fields)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def answer(portal, citizen, tx_id):
    """The wallet's vp_token for the transaction and the portal's reply."""
    rc, vp_token, err = citizen.respond(request_object(portal, tx_id))
    if rc != 0:
        return None, (0, err)
    return vp_token, post_response(portal, {"vp_token": vp_token, "state": tx_id})


def fill_missing(form_id, inputs):
    """The browser's values: the page's, plus something valid for each empty one."""
    values = {name: value for name, (value, tag) in inputs.items()}
    for name, (value, tag) in inputs.items():
        if value == "" and 'aria-required="true"' in tag:
            values[name] = "Nguyễn Văn Bình"
    return values


def fill_and_submit(world, portal, citizen, form_id, what):
    browser = Browser(portal.base)
    tx_id, page = start(browser, form_id)
    check(tx_id is not None, f"{what}: “Điền từ VNeID” creates a transaction (303 /tx/ID)", page[:300])
    link = re.search(r'<a [^>]*data-wallet-link href="([^"]+)"', page)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(link.group(1))).query) if link else {}
    check(link and html.unescape(link.group(1)).startswith(WALLET_URL + "/authorize?")
          and query.get("client_id") == [CLIENT_ID]
          and query.get("request_uri") == [f"{portal.base}/openid4vp/request/{tx_id}"]
          and "<svg" in page and "openid4vp://?client_id=" in page and 'http-equiv="refresh" content="2"' in page,
          f"{what}: the waiting page has the same-device link, the QR code (SVG), the openid4vp:// link and a refresh",
          page[:600])
    request_jwt = request_object(portal, tx_id)
    payload = jwt_payload(request_jwt) if request_jwt else {}
    check(payload.get("state") == tx_id and payload.get("client_id") == CLIENT_ID
          and payload.get("response_uri") == portal.base + "/openid4vp/response"
          and payload.get("exp", 0) - payload.get("iat", 0) <= 300,
          f"{what}: the signed request object: state, client_id, response_uri, exp ≤ 300 s", payload)
    vp_token, (status, reply) = answer(portal, citizen, tx_id)
    redirect = reply.get("redirect_uri", "") if isinstance(reply, dict) else ""
    check(status == 200 and redirect.startswith(f"{portal.base}/tx/{tx_id}/form?response_code="),
          f"{what}: the response is verified: 200 with redirect_uri", reply)
    status, page, headers = browser.get(f"/tx/{tx_id}")
    check(status == 303 and headers.get("Location") == f"/tx/{tx_id}/form",
          f"{what}: the waiting page now goes to the filled form", status)
    status, page, headers = browser.get(f"/tx/{tx_id}/form")
    inputs = inputs_of(page)
    verified = {name: value for name, (value, tag) in inputs.items() if "readonly" in tag and 'data-status="verified"' in tag}
    check(status == 200 and len(verified) >= 3 and all(verified.values()) and "Đã xác thực" in page
          and "https://id.vneid.example" in page and labels_cover_inputs(page),
          f"{what}: the filled form: {len(verified)} verified inputs readonly with badge, source and issuer; every input labelled",
          page[:800])
    return browser, tx_id, vp_token, page, inputs, verified


def test_fill(world, portal, lan):
    browser, tx_id, vp_token, page, inputs, verified = fill_and_submit(world, portal, lan, "vn.bca.ct01", "CT01")
    status, text, _ = Browser(portal.base).get(f"/tx/{tx_id}/form")
    check(status == 403, "another browser without the response code cannot see the filled form", status)
    status, reply = post_response(portal, {"vp_token": vp_token, "state": tx_id})
    check(status == 400 and "đã được trả lời" in reply.get("error_description", "")
          and "already answered" in reply.get("error_description", ""),
          "the same response posted again (replay) is refused, saying so", reply)
    check(request_object(portal, tx_id) is None, "an answered request object is no longer served (410)")

    values = fill_missing("vn.bca.ct01", inputs)
    values["csrf"] = csrf_of(page)
    altered = dict(values)
    name = sorted(verified)[0]
    altered[name] = verified[name] + " X"
    status, text, _ = browser.post(f"/tx/{tx_id}/submit", altered)
    check(status == 422 and "đã bị sửa" in text and "was changed" in text,
          f"tamper: the verified field {name} altered in the page is refused (422, naming the field)", text[:500])
    status, officer, _ = Browser(portal.base).get("/officer/submissions")
    check(status == 200 and "HS-" not in officer, "nothing was stored for the tampered submission", officer[:300])

    status, text, _ = browser.post(f"/tx/{tx_id}/submit", {k: v for k, v in values.items() if k != "csrf"})
    check(status == 403, "a submission without its CSRF token is refused (403)", status)
    status, text, headers = browser.post(f"/tx/{tx_id}/submit", values)
    location = headers.get("Location", "")
    check(status == 303 and location.startswith("/submissions/HS-"), "the submission is stored: 303 to its receipt",
          text[:800])
    status, receipt, _ = Browser(portal.base).get(location)
    reference = location.rsplit("/", 1)[-1]
    check(status == 200 and reference in receipt, "the receipt shows the reference number", receipt[:300])
    status, text, _ = browser.post(f"/tx/{tx_id}/submit", values)
    check(status == 409, "a second submission of the same fill is refused (409)", status)
    status, officer, _ = Browser(portal.base).get("/officer/submissions")
    row = re.search(r'<tr data-field="' + re.escape(name) + r'">(.*?)</tr>', officer)
    check(status == 200 and reference in officer and row and "verified" in row.group(1)
          and "https://id.vneid.example" in row.group(1) and "typed by the citizen" in officer,
          "the officer's list: per field its value and where it came from", officer[:500])


def test_bank(world, portal, lan, mai):
    browser, tx_id, vp_token, page, inputs, verified = fill_and_submit(world, portal, lan, "vn.sbv.bank-account",
                                                                       "bank account (level 2)")
    values = fill_missing("vn.sbv.bank-account", inputs)
    values["csrf"] = csrf_of(page)
    status, text, headers = browser.post(f"/tx/{tx_id}/submit", values)
    check(status == 303 and headers.get("Location", "").startswith("/submissions/"),
          "bank account: the level-2 citizen's form is submitted", text[:800])

    browser = Browser(portal.base)
    status, page, _ = browser.get("/forms/vn.sbv.bank-account")
    check(status == 200 and "mức 2" in page and "level-2 VNeID account" in page,
          "the bank form says up front that it needs a level-2 account", page[:300])
    tx_id, page = start(browser, "vn.sbv.bank-account")
    rc, out, err = mai.respond(request_object(portal, tx_id))
    check(rc == 1 and "cccd" in err, "level 1: Mai's wallet cannot answer the bank form (no e-CCCD)", err)
    payload = jwt_payload(request_object(portal, tx_id))
    rc, presentation, err = vneid("present", "--key", mai.holder, "--all", "--nonce", payload["nonce"],
                                  "--audience", CLIENT_ID, mai.credentials["pid"])
    status, reply = post_response(portal, {"vp_token": json.dumps({"pid": [presentation]}), "state": tx_id})
    check(status == 400 and "mức 2" in reply.get("error_description", "")
          and "level-2" in reply.get("error_description", ""),
          "level 1: a PID alone for the bank form is refused, explaining level 2", reply)
    status, page, _ = browser.get(f"/tx/{tx_id}/form")
    check(status == 200 and "mức 2" in page and "level-2" in page and "readonly" not in page,
          "level 1: the browser is told why the bank form needs level 2", page[:600])


def test_bhyt(world, portal, lan):
    browser, tx_id, vp_token, page, inputs, verified = fill_and_submit(world, portal, lan, "vn.bhxh.bhyt-checkin",
                                                                       "BHYT check-in")
    check(verified.get("bhyt_number") == "DN4790412873650" and verified.get("at_registered_facility") == "true"
          and "Bệnh viện Nhân dân 115" in page and inputs.get("visit_date", ("",))[0],
          "BHYT check-in: the card verified, and at the clinic's facility code (79025) its registered facility",
          {name: value for name, (value, tag) in inputs.items()})


def test_status_cache(world, portal):
    fetches = portal.fetches()
    uris = [uri for uri, kept in fetches]
    check(len(fetches) >= 2 and len(set(uris)) == len(uris) and all(0 < int(kept) <= 305 for uri, kept in fetches)
          and "https://id.vneid.example/status/1" in uris,
          "status lists: each fetched once over the fills (cached until iat + ttl: 300 s here, a few seconds of clock skew allowed)",
          {"fetched": fetches, "unavailable": portal.unavailable()})


def test_status_unavailable(world, lan):
    portal = Portal(world, status_base="http://127.0.0.1:9")
    try:
        browser = Browser(portal.base)
        tx_id, page = start(browser, "vn.bca.ct01")
        vp_token, (status, reply) = answer(portal, lan, tx_id)
        description = reply.get("error_description", "") if isinstance(reply, dict) else ""
        check(status == 400 and reply.get("error") == "server_error" and "thử lại" in description
              and "try again" in description,
              "a status list that cannot be fetched: the credential is not accepted, try again later", reply)
    finally:
        check(portal.stop() == 0, "the portal without its status lists stops cleanly")


def test_declined(world, portal):
    browser = Browser(portal.base)
    tx_id, page = start(browser, "vn.bca.ct01")
    status, reply = post_response(portal, {"error": "access_denied", "error_description": "the citizen declined",
                                           "state": tx_id})
    check(status == 200 and "redirect_uri" in reply, "declined: the wallet's access_denied is acknowledged", reply)
    status, page, headers = browser.get(f"/tx/{tx_id}")
    status, page, headers = browser.get(headers.get("Location", f"/tx/{tx_id}/form"))
    check(status == 200 and "từ chối" in page and "declined" in page and 'data-status="verified"' not in page,
          "declined: the page says the citizen declined", page[:500])


def test_expiry(world, lan):
    portal = Portal(world, lifetime=2, public_url=False)
    try:
        browser = Browser(portal.base)
        tx_id, page = start(browser, "vn.bca.ct01")
        request_jwt = request_object(portal, tx_id)
        check(jwt_payload(request_jwt)["response_uri"] == portal.base + "/openid4vp/response",
              "without --public-url (listening on port 0) the response_uri is the address bound")
        time.sleep(3.2)
        status, page, _ = browser.get(f"/tx/{tx_id}")
        check(status == 410 and "hết hạn" in page and "expired" in page, "expiry: the waiting page says so (410)", status)
        status, page, _ = Browser(portal.base).get("/openid4vp/request/" + tx_id)
        check(status == 410, "expiry: the request object is gone (410), so the wallet says so before consent", status)
        rc, vp_token, err = lan.respond(request_jwt)
        status, reply = post_response(portal, {"vp_token": vp_token, "state": tx_id})
        check(status == 400 and "hết hạn" in reply.get("error_description", ""),
              "expiry: a late response is refused as expired", reply)
    finally:
        check(portal.stop() == 0, "the short-lived portal stops cleanly on SIGTERM")


def test_restart_and_revoked(world, portal, lan):
    browser = Browser(portal.base)
    tx_id, page = start(browser, "vn.bca.ct01")
    request_jwt = request_object(portal, tx_id)
    check(portal.stop() == 0, "the portal stops cleanly (exit 0) on SIGTERM")
    portal = Portal(world)
    rc, vp_token, err = lan.respond(request_jwt)
    status, reply = post_response(portal, {"vp_token": vp_token, "state": tx_id})
    check(status == 200 and "redirect_uri" in reply,
          "a transaction started before a restart is answered after it (rebuilt from the store)", reply)
    status, reply = post_response(portal, {"vp_token": vp_token, "state": tx_id})
    check(status == 400, "and it stays answered once across processes", reply)
    check(portal.stop() == 0, "the restarted portal stops cleanly")

    status, reply, _ = lan.lock()
    check(status == 200, "Lan locks her account at the authority (her credentials are revoked)", reply)
    portal = Portal(world)   # a fresh cache: fetches the status list published after the lock
    try:
        browser = Browser(portal.base)
        tx_id, page = start(browser, "vn.bca.ct01")
        vp_token, (status, reply) = answer(portal, lan, tx_id)
        description = reply.get("error_description", "") if isinstance(reply, dict) else ""
        check(status == 400 and "thu hồi" in description and "revoked" in description,
              "revoked: the response is refused, the status list fetched from the authority says revoked", reply)
        status, page, _ = browser.get(f"/tx/{tx_id}/form")
        check(status == 200 and "thu hồi" in page and 'data-status="verified"' not in page,
              "revoked: the browser is told why", page[:400])
    finally:
        check(portal.stop() == 0, "the last portal stops cleanly")


def test_security(world, portal):
    browser = Browser(portal.base)
    status, page, headers = browser.get("/")
    csp = headers.get("Content-Security-Policy", "")
    check(status == 200 and "/forms/vn.bca.ct01" in page and "default-src 'none'" in csp
          and "frame-ancestors 'none'" in csp and "script-src" not in csp and "<script" not in page,
          "the index lists the forms, with a strict CSP and no script", csp)
    status, page, headers = browser.get("/forms/vn.bca.ct01")
    cookie = headers.get("Set-Cookie", "")
    check(status == 200 and "HttpOnly" in cookie and "SameSite=Lax" in cookie and csrf_of(page)
          and 'name="full_name"' in page and 'name="personal_id"' in page and labels_cover_inputs(page)
          and '<meta name="viewport" content="width=device-width' in page,
          "a form page: session cookie HttpOnly SameSite=Lax, a CSRF token, inputs named by the schema, labels",
          cookie)
    status, page, _ = browser.post("/forms/vn.bca.ct01/vneid", {"csrf": "forged"})
    check(status == 403, "“Điền từ VNeID” with a wrong CSRF token: 403", status)
    status, page, _ = browser.get("/forms/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    check(status == 404 and "<script>alert" not in page, "an unknown form: 404, the path not echoed", page[:200])
    status, text, _ = browser.call("POST", "/openid4vp/response", raw=b"vp_token=" + b"x" * (1024 * 1024 + 10))
    check(status == 413, "a response body over 1 MiB: 413", status)
    status, reply = post_response(portal, {"vp_token": "{}", "state": "no-such-transaction"})
    check(status == 400 and reply.get("error") == "invalid_request" and "Traceback" not in json.dumps(reply),
          "a response for no transaction: 400 invalid_request", reply)
    status, text, _ = browser.get("/static/style.css")
    check(status == 200, "the stylesheet is served", status)


def pg_start(folder):
    done = subprocess.run([os.environ["AUTHORITY_PG_CLUSTER"], "start", folder], capture_output=True, text=True)
    if done.returncode == 77:
        print("1..0 # SKIP " + done.stderr.strip())
        sys.exit(0)
    if done.returncode != 0:
        print("Bail out! " + done.stderr.strip())
        sys.exit(1)
    return done.stdout.strip()


def main():
    with tempfile.TemporaryDirectory(prefix="vneid-portal-test-") as folder:
        os.chmod(folder, 0o755)
        cluster = None
        if BACKEND == "postgresql":
            cluster = os.path.join(folder, "pg")
            uri = pg_start(cluster)
            # one cluster, a database for each program
            psql = shutil.which("psql") or sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]
            subprocess.run([psql, uri, "-q", "-c", "CREATE DATABASE portal"], check=True)
            database, authority_database = uri.replace("/postgres?", "/portal?", 1), uri
        else:
            database = os.path.join(folder, "portal.db")
            authority_database = os.path.join(folder, "authority.db")
        world = None
        try:
            world = World(folder, database, authority_database)
            lan = Citizen(world, LAN, 2)
            mai = Citizen(world, MAI, 1)
            portal = Portal(world)
            test_security(world, portal)
            test_fill(world, portal, lan)
            test_bank(world, portal, lan, mai)
            test_bhyt(world, portal, lan)
            test_status_cache(world, portal)
            test_declined(world, portal)
            test_expiry(world, lan)
            test_status_unavailable(world, lan)
            test_restart_and_revoked(world, portal, lan)
        finally:
            for process in Portal.started:
                if process.poll() is None:
                    process.kill()
                    process.wait()
            if world is not None:
                world.authority.stop()
            if cluster:
                subprocess.run([os.environ["AUTHORITY_PG_CLUSTER"], "stop", cluster])
    print(f"1..{len(ahttp.results)}")
    failed = ahttp.results.count(False)
    print(f"# {len(ahttp.results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
