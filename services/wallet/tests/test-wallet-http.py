#!/usr/bin/env python3
"""test-wallet-http.py: vneid-wallet over HTTP on 127.0.0.1, as a citizen's
browser uses it (cookies, CSRF tokens, no JavaScript), against a real
vneid-authority and a small local verifier serving a `vneid request`.

  1. account: register -> "pending approval" -> officer approves (CLI) ->
     SMS code -> activate -> log in -> home says active, level 1;
  2. credentials: PID, contact and BHYT received (authority offer + SMS
     tx_code), CCCD refused at level 1 and received after `upgrade`, a
     pasted offer URI works too; the cards show each attribute with its
     source, a claim value holding <script> escaped;
  3. refusals: a POST without or with a wrong csrf token is refused (403),
     a duplicated parameter (400), an oversized body (413);
  4. sharing: the consent page lists exactly the attributes `vneid wallet
     respond` would send (with the registered name and purpose); approve
     posts a vp_token that `vneid verify-response` accepts and follows the
     verifier's redirect_uri; the same consent cannot be answered twice;
     decline posts error=access_denied; a verifier's refusal is shown with
     its message; /scan turns a pasted openid4vp:// URI into /authorize;
  5. history records each sharing with its outcome; lock; SIGTERM exits 0.

Usage: test-wallet-http.py   (prints TAP)
Environment: VNEID_WALLET, VNEID_AUTHORITY, VNEID_TOOL (the programs),
VNEID_EXAMPLES_DATA (examples/data), VNEID_PLUGIN_PATH (bundled plugins).

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import html
import http.cookiejar
import http.server
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

WALLET = os.environ["VNEID_WALLET"]
AUTHORITY = os.environ["VNEID_AUTHORITY"]
VNEID = os.environ["VNEID_TOOL"]
EXAMPLES = os.environ["VNEID_EXAMPLES_DATA"]
LAN = "004198003561"
LAN_PHONE = "+84987000498"
LAN_EMAIL = "hoang.thi.lan@example.com"
PASSWORD = "Lan-Cao-Bằng 1998"
SCRIPT = "<script>alert('xss')</script>"
CLIENT_ID = "verifier_attestation:dichvucong.example"
FORM = "vn.bca.ct01"

results = []


def check(condition, description, detail=""):
    results.append(bool(condition))
    print(f"{'ok' if condition else 'not ok'} {len(results)} - {description}", flush=True)
    if not condition and detail:
        for line in str(detail)[:3000].splitlines():
            print(f"# {line}", flush=True)
    return condition


def run(*args, **kwargs):
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=120, **kwargs)
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def start(args, name):
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=open(name + ".log", "w"), text=True)
    line = process.stdout.readline()
    match = re.match(r"[a-z-]+: listening on (http://[^ /]+)/", line)
    if not match:
        raise RuntimeError(f"{name} did not start: {line!r}")
    return process, match.group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


class Browser:
    """Cookies kept, redirects not followed (the test looks at each)."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())

    def open(self, path, fields=None, raw=None, content_type="application/x-www-form-urlencoded"):
        data = raw if raw is not None else (urllib.parse.urlencode(fields).encode() if fields is not None else None)
        req = urllib.request.Request(path if path.startswith("http") else self.base + path, data=data)
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with self.opener.open(req, timeout=120) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def form(self, path, fields):
        """GETs @path for its csrf token, then POSTs @fields with it."""
        status, page, _ = self.open(path)
        return self.open(path, dict(fields, csrf=csrf_of(page)))


def csrf_of(page):
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    return match.group(1) if match else ""


def hidden(page, name):
    match = re.search(r'name="' + name + r'" value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else ""


def last_code(outbox, phone):
    for name in sorted(os.listdir(outbox), reverse=True):
        if name.endswith(".json"):
            with open(os.path.join(outbox, name)) as f:
                message = json.load(f)
            if message["to"] == phone:
                return re.search(r"\b(\d{6})\b", message["text"]).group(1)
    return None


class Verifier(http.server.ThreadingHTTPServer):
    """Serves request.jwt at /request; records what /response receives and
    answers with a redirect_uri, or refuses when self.refuse is set."""

    def __init__(self):
        self.documents, self.posts, self.refuse = {}, [], None
        super().__init__(("127.0.0.1", 0), VerifierHandler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


class VerifierHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, content_type, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/gone":
            self.reply(410, "application/json", json.dumps({"error": "expired"}))
        elif self.path in self.server.documents:
            self.reply(200, "application/oauth-authz-req+jwt", self.server.documents[self.path])
        else:
            self.reply(200, "text/html", "<!DOCTYPE html><title>done</title><p>done")

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        fields = urllib.parse.parse_qs(body, keep_blank_values=True)
        self.server.posts.append({"content_type": self.headers["Content-Type"],
                                  **{k: v[0] for k, v in fields.items()}})
        if self.server.refuse:
            self.reply(400, "application/json", json.dumps({"error": "invalid_request",
                                                            "error_description": self.server.refuse}))
        else:
            self.reply(200, "application/json", json.dumps({"redirect_uri": self.server.base + "/done?code=c1"}))


def make_population(folder):
    """The demo citizens, Lan's PID name holding markup (escaped on every page)."""
    citizens = os.path.join(folder, "citizens")
    shutil.copytree(os.path.join(EXAMPLES, "citizens"), citizens)
    path = os.path.join(citizens, "hoang-thi-lan", "pid.json")
    with open(path) as f:
        pid = json.load(f)
    pid["name"] = "Hoàng Thị Lan " + SCRIPT
    with open(path, "w") as out:
        json.dump(pid, out, ensure_ascii=False)
    return citizens


def setup_verifier(folder):
    """A registration authority, a portal key and attestation, the request object."""
    paths = {name: os.path.join(folder, name) for name in
             ["ra.jwk", "ra.metadata.json", "portal.jwk", "portal.va.jwt", "request.jwt"]}
    for key, kid in [("ra.jwk", "ra-1"), ("portal.jwk", "portal-1")]:
        rc, out, err = run(VNEID, "keygen", "--kid", kid)
        open(paths[key], "w").write(out + "\n")
    rc, out, err = run(VNEID, "issuer-metadata", "--issuer", "https://dangky.vneid.example", paths["ra.jwk"])
    open(paths["ra.metadata.json"], "w").write(out + "\n")
    rc, out, err = run(VNEID, "attest", "--key", paths["ra.jwk"], "--iss", "https://dangky.vneid.example",
                       "--client-id", CLIENT_ID, "--portal-key", paths["portal.jwk"], "--name",
                       "Cổng Dịch vụ công <b>Quốc gia</b>", "--purpose", "Đăng ký cư trú", "--form", FORM)
    check(rc == 0, "vneid attest makes the portal's attestation", err)
    open(paths["portal.va.jwt"], "w").write(out + "\n")
    return paths


def make_request(paths, response_uri, state):
    rc, out, err = run(VNEID, "request", "--client-id", CLIENT_ID, "--response-uri", response_uri, "--form", FORM,
                       "--key", paths["portal.jwk"], "--attestation", paths["portal.va.jwt"], "--state", state)
    check(rc == 0 and out.count(".") == 2, "vneid request makes a signed request object", err)
    open(paths["request.jwt"], "w").write(out + "\n")
    return out


def account_flow(browser, database, outbox):
    status, page, headers = browser.open("/")
    check(status == 200 and 'data-account-state="none"' in page, "a new wallet has no account", page)
    check("default-src 'none'" in headers.get("Content-Security-Policy", "") and headers.get("Cache-Control") == "no-store",
          "pages carry the CSP and no-store", dict(headers))
    check("HttpOnly" in headers.get("Set-Cookie", "") and "SameSite=Lax" in headers.get("Set-Cookie", ""),
          "the session cookie is HttpOnly and SameSite=Lax", headers.get("Set-Cookie"))
    status, page, _ = browser.open("/register")
    labels = set(re.findall(r'<label for="([^"]+)"', page))
    inputs = set(re.findall(r'<input type="(?:text|tel|email|password)" id="([^"]+)"', page))
    check(inputs == {"personal_id", "phone", "email"} and labels >= inputs, "the register page: every input has a label", page)
    status, page, headers = browser.form("/register", {"personal_id": LAN, "phone": LAN_PHONE, "email": LAN_EMAIL})
    check(status == 202 and "Chờ duyệt / Pending approval" in page, "register: pending approval", page)
    status, page, _ = browser.open("/")
    check('data-account-state="pending"' in page, "home: pending approval", page)
    rc, out, err = run(AUTHORITY, "approve", LAN, "--officer", "officer-1", "--database", database)
    check(rc == 0, "the officer approves (vneid-authority approve)", err)
    code = last_code(outbox, LAN_PHONE)
    status, page, headers = browser.form("/activate", {"otp": code, "password": PASSWORD})
    check(status == 303 and headers.get("Location") == "/login", "activate with the SMS code: 303 to /login", page)
    status, page, _ = browser.open("/login")
    check(LAN in page and 'id="personal_id"' not in page, "the login page knows the personal ID", page)
    status, page, headers = browser.form("/login", {"password": "wrong password 1"})
    check(status == 400 and "Đăng nhập không thành công" in page, "a wrong password is refused with a message", page)
    status, page, headers = browser.form("/login", {"password": PASSWORD})
    check(status == 303 and headers.get("Location") == "/", "log in: 303 home", page)
    status, page, _ = browser.open("/")
    check('data-account-state="active"' in page and "Mức / Level: 1" in page, "home: active, level 1", page)


def receive(browser, outbox, kind):
    status, page, _ = browser.form("/receive", {"credential": kind})
    offer = hidden(page, "offer")
    if status != 200 or not offer:
        return status, page
    status, page, headers = browser.open("/receive", {"csrf": csrf_of(page), "offer": offer,
                                                      "tx_code": last_code(outbox, LAN_PHONE)})
    return status, headers.get("Location", page)


def credentials_flow(browser, database, outbox, authority_base):
    status, page, _ = browser.form("/receive", {"credential": "pid"})
    right = last_code(outbox, LAN_PHONE)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    status, body, _ = browser.open("/receive", {"csrf": csrf_of(page), "offer": hidden(page, "offer"), "tx_code": wrong})
    check(status == 400 and "Không nhận được giấy tờ" in body and "invalid_grant" in body,
          "a wrong tx_code: 400 with the issuer's reason", body)
    for kind in ["pid", "contact", "bhyt"]:
        status, where = receive(browser, outbox, kind)
        check(status == 303 and where == "/cards", f"{kind}: received (authority offer + SMS tx_code)", where)
    status, where = receive(browser, outbox, "cccd")
    check(status == 400 and "level" in where, "cccd at level 1: refused with the authority's reason", where)
    rc, out, err = run(AUTHORITY, "upgrade", LAN, "--officer", "officer-1", "--card-number", LAN, "--database", database)
    check(rc == 0, "the officer upgrades the account to level 2", err)
    status, where = receive(browser, outbox, "cccd")
    check(status == 303, "cccd: received after the upgrade", where)
    # A pasted offer URI (from the officer verb), then its SMS code.
    rc, uri, err = run(AUTHORITY, "offer", LAN, "--credential", "contact", "--database", database)
    status, page, _ = browser.form("/receive", {"offer": uri})
    check(status == 200 and hidden(page, "offer") == uri and 'name="tx_code"' in page,
          "a pasted offer URI asks for the tx_code", page)
    status, page, headers = browser.open("/receive", {"csrf": csrf_of(page), "offer": uri,
                                                      "tx_code": last_code(outbox, LAN_PHONE)})
    check(status == 303, "a pasted offer URI: received", page)
    status, page, _ = browser.open("/cards")
    kinds = re.findall(r'data-credential="([^"]+)"', page)
    check(status == 200 and kinds == ["pid", "cccd", "contact", "bhyt"], "the cards: PID, CCCD, contact, BHYT", kinds)
    check("Hoàng Thị Lan" in page and "DN4790412873650" in page and "https://id.vneid.example" in page
          and "bhyt.baohiemxahoi.example" in page, "each attribute with its value and source", page)
    check("Giá trị sử dụng / Valid: 2026-01-01 – 2026-12-31" in page and "Valid: 2038-06-14" in page,
          "the BHYT card shows its validity, the CCCD its expiry", page)
    check(SCRIPT not in page and html.escape(SCRIPT, quote=True).replace("&#x27;", "&#39;") in page,
          "a claim value holding <script> is escaped on the cards page", page)


def refusals(browser):
    status, page, _ = browser.open("/receive", {"credential": "pid"})
    check(status == 403, "a POST without csrf: 403", page)
    status, page, _ = browser.open("/receive", {"credential": "pid", "csrf": "A" * 43})
    check(status == 403, "a POST with a wrong csrf token: 403", page)
    stranger = Browser(browser.base)
    status, page, _ = browser.open("/receive")
    status, page, _ = stranger.open("/receive", {"credential": "pid", "csrf": csrf_of(page)})
    check(status == 403, "another browser's csrf token (no session cookie): 403", page)
    status, page, _ = browser.open("/receive")
    body = f"csrf={csrf_of(page)}&credential=pid&credential=bhyt".encode()
    status, page, _ = browser.open("/receive", raw=body)
    check(status == 400, "a duplicated parameter: 400", page)
    status, page, _ = browser.open("/receive", raw=b"x=" + b"a" * (65 * 1024))
    check(status == 413, "a body over 64 KiB: 413", page)


def attributes_of(page):
    return sorted(html.unescape(a) for a in re.findall(r'<tr data-attribute="([^"]+)"', page))


def untrusted_requests(verifier, browser, folder):
    """An unattested request, and one attested by an authority the wallet does not trust."""
    client = "redirect_uri:" + verifier.base + "/response"
    rc, out, err = run(VNEID, "request", "--client-id", client, "--response-uri", verifier.base + "/response",
                       "--form", FORM)
    verifier.documents["/unsigned"] = out
    status, page, _ = browser.open("/authorize?" + urllib.parse.urlencode({"client_id": client,
                                                                          "request_uri": verifier.base + "/unsigned"}))
    check(rc == 0 and status == 400 and "not registered" in page and "decision" not in page,
          "an unattested request is refused: the service is not registered", page)
    os.makedirs(os.path.join(folder, "other"))
    paths = setup_verifier(os.path.join(folder, "other"))
    verifier.documents["/other"] = make_request(paths, verifier.base + "/response", "state-x")
    status, page, _ = browser.open("/authorize?" + urllib.parse.urlencode({"client_id": CLIENT_ID,
                                                                          "request_uri": verifier.base + "/other"}))
    check(status == 400 and "decision" not in page, "a request attested by an authority not trusted: refused", page)
    status, page, _ = browser.open("/authorize?" + urllib.parse.urlencode({"client_id": CLIENT_ID + "x",
                                                                          "request_uri": verifier.base + "/request"}))
    check(status == 400 and "another client_id" in page, "a link whose client_id is not the request's: refused", page)
    status, page, _ = browser.open("/authorize?" + urllib.parse.urlencode({"client_id": CLIENT_ID,
                                                                          "request_uri": verifier.base + "/gone"}))
    check(status == 404 and "đã hết hạn" in page and "expired" in page,
          "a request the portal no longer serves (410): 404, expired", page)
    check(not verifier.posts, "nothing was sent to a refused request's response_uri", verifier.posts)


def sharing_flow(browser, folder, paths, verifier, authority_base):
    link = "/authorize?" + urllib.parse.urlencode({"client_id": CLIENT_ID, "request_uri": verifier.base + "/request"})
    status, page, headers = browser.open(link)
    check(status == 200 and "button" in page, "GET /authorize shows the consent page", page)
    check('name="decision" value="approve"' in page and 'name="decision" value="decline"' in page,
          "the consent buttons are decision=approve / decision=decline", page)
    check("Cổng Dịch vụ công &lt;b&gt;Quốc gia&lt;/b&gt;" in page and "Đăng ký cư trú" in page,
          "the consent page names who asks (registered name, escaped) and why", page)
    check(verifier.base in headers.get("Content-Security-Policy", ""),
          "the consent page's CSP lets the form lead to the verifier", headers.get("Content-Security-Policy"))
    # What `vneid wallet respond` would send with the same credentials and key.
    creds = []
    with sqlite3.connect(os.path.join(folder, "wallet", "wallet.db")) as db:
        for kind, text in db.execute("SELECT kind, text FROM credentials"):
            creds.append(os.path.join(folder, kind + ".sd-jwt"))
            open(creds[-1], "w").write(text + "\n")
    rc, out, err = run(VNEID, "wallet", "respond", "--key", os.path.join(folder, "wallet", "holder.jwk"),
                       "--attesters", paths["ra.metadata.json"], paths["request.jwt"], *creds)
    expected = sorted(c["path"] for q in json.loads(err)["credentials"] for c in q["claims"]) if rc == 0 else None
    check(expected and attributes_of(page) == expected,
          "the consent page lists exactly the requested attributes", (attributes_of(page), expected, err[-500:]))
    check(SCRIPT not in page and "Hoàng Thị Lan &lt;script&gt;" in page,
          "a claim value holding <script> is escaped on the consent page", page)

    # Sharings from 6 and 4 years ago: the next sharing purges the first only.
    with sqlite3.connect(os.path.join(folder, "wallet", "wallet.db")) as db:
        for years, name in [(6, "Old portal 6y"), (4, "Old portal 4y")]:
            db.execute("INSERT INTO history (at, client_id, verifier_name, attributes, outcome, detail)"
                       " VALUES (?, 'x', ?, 'name', 'sent', '')", (int(time.time()) - years * 365 * 86400, name))

    request_id = hidden(page, "request")
    status, body, headers = browser.open("/authorize", {"csrf": csrf_of(page), "request": request_id,
                                                        "decision": "approve"})
    check(status == 303 and headers.get("Location") == verifier.base + "/done?code=c1",
          "approve: 303 to the verifier's redirect_uri", body)
    post = verifier.posts[-1] if verifier.posts else {}
    check(post.get("content_type") == "application/x-www-form-urlencoded" and post.get("state") == "state-1"
          and "vp_token" in post, "approve: direct_post of vp_token and state, form-encoded", post)
    vp_path = os.path.join(folder, "vp_token.json")
    open(vp_path, "w").write(post.get("vp_token", "{}"))
    status, metadata, _ = Browser(authority_base).open("/.well-known/jwt-vc-issuer")
    trust = os.path.join(folder, "population-db.metadata.json")
    open(trust, "w").write(metadata)
    rc, out, err = run(VNEID, "verify-response", "--request", paths["request.jwt"], "--trust", trust,
                       "--trust", os.path.join(EXAMPLES, "vss-bhyt.metadata.json"), "--skip-status",
                       "--form", FORM, vp_path)
    check(rc == 0 and "Hoàng Thị Lan" in out, "vneid verify-response accepts the vp_token and fills the form", err)
    status, body, _ = browser.open("/authorize", {"csrf": csrf_of(page), "request": request_id, "decision": "approve"})
    check(status == 404 and len(verifier.posts) == 1, "the same consent cannot be answered twice", body)

    status, page, _ = browser.open(link)
    status, body, headers = browser.open("/authorize", {"csrf": csrf_of(page), "request": hidden(page, "request"),
                                                        "decision": "decline"})
    post = verifier.posts[-1]
    check(status == 303 and post.get("error") == "access_denied" and post.get("state") == "state-1"
          and "vp_token" not in post, "decline: error=access_denied with the state", post)

    verifier.refuse = "Phiên giao dịch đã hết hạn / the transaction has expired"
    status, page, _ = browser.open(link)
    status, body, _ = browser.open("/authorize", {"csrf": csrf_of(page), "request": hidden(page, "request"),
                                                  "decision": "approve"})
    check(status == 400 and "the transaction has expired" in body, "a verifier's refusal is shown with its message", body)
    verifier.refuse = None

    status, page, _ = browser.open(link)
    status, body, _ = browser.open("/authorize", {"request": hidden(page, "request"), "decision": "approve"})
    check(status == 403 and len(verifier.posts) == 3, "a consent POST without csrf: 403, nothing sent", body)

    scanned = "openid4vp://?" + urllib.parse.urlencode({"client_id": CLIENT_ID, "request_uri": verifier.base + "/request"})
    status, body, headers = browser.form("/scan", {"uri": scanned})
    location = headers.get("Location", "")
    check(status == 303 and location.startswith("/authorize?")
          and urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
          == {"client_id": [CLIENT_ID], "request_uri": [verifier.base + "/request"]},
          "/scan: a pasted openid4vp:// URI leads to /authorize", location)
    status, body, _ = browser.form("/scan", {"uri": "https://example.com/nothing"})
    check(status == 400, "/scan: something else is refused", body)

    status, page, _ = browser.open("/history")
    outcomes = re.findall(r'data-outcome="([^"]+)"', page)
    check(outcomes == ["refused", "declined", "sent", "sent"], "history: each sharing with its outcome, newest first",
          outcomes)
    check("Old portal 4y" in page and "Old portal 6y" not in page, "history: kept 5 years, older sharings purged", page)
    check(page.count("Cổng Dịch vụ công &lt;b&gt;") == 3 and CLIENT_ID in page and "the transaction has expired" in page
          and "household.head_name" in page, "history: to whom, what, and the verifier's message", page)


def main():
    folder = tempfile.mkdtemp(prefix="vneid-wallet-test-")
    os.chdir(folder)
    outbox = os.path.join(folder, "outbox")
    os.makedirs(outbox)
    database = "sqlite:" + os.path.join(folder, "authority.db")
    citizens = make_population(folder)
    authority, authority_base = start(
        [AUTHORITY, "serve", "--database", database, "--listen", "127.0.0.1:0", "--issuer-url",
         "https://id.vneid.example", "--keys", os.path.join(EXAMPLES, "keys"), "--sms-outbox", outbox,
         "--population", citizens, "--pwhash-cost", "test"], "authority")
    paths = setup_verifier(folder)
    wallet, base = start([WALLET, "serve", "--listen", "127.0.0.1:0", "--state", os.path.join(folder, "wallet"),
                          "--authority", authority_base, "--attesters", paths["ra.metadata.json"]], "wallet")
    check(os.path.exists(os.path.join(folder, "wallet", "holder.jwk"))
          and os.stat(os.path.join(folder, "wallet", "holder.jwk")).st_mode & 0o077 == 0,
          "the holder key is made in the state folder, private")
    verifier = None
    try:
        browser = Browser(base)
        account_flow(browser, database, outbox)
        credentials_flow(browser, database, outbox, authority_base)
        refusals(browser)
        verifier = Verifier()
        verifier.documents["/request"] = make_request(paths, verifier.base + "/response", "state-1")
        untrusted_requests(verifier, browser, folder)
        sharing_flow(browser, folder, paths, verifier, authority_base)
        status, page, _ = browser.open("/")
        status, page, headers = browser.open("/lock", {"csrf": csrf_of(page)})
        check(status == 303, "lock: 303 home", page)
        status, page, _ = browser.open("/")
        check('data-account-state="locked"' in page, "lock: the account is locked", page)
    finally:
        if verifier:
            verifier.shutdown()
        wallet.send_signal(signal.SIGTERM)
        check(wallet.wait(timeout=30) == 0, "SIGTERM: the wallet exits 0")
        authority.send_signal(signal.SIGTERM)
        authority.wait(timeout=30)
    print(f"1..{len(results)}")
    if all(results):
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"# kept {folder}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
