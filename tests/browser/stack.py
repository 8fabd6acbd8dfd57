#!/usr/bin/env python3
"""stack.py: the three VNeID services on 127.0.0.1, for the browser tests,
the demo story and a person clicking through.

  stack.py e2e   SCRATCH SCREENSHOTS   the Chromium scenarios (e2e.mjs), TAP
  stack.py story SCRATCH SCREENSHOTS   the demo story (e2e.mjs --story), printed
  stack.py serve [--citizen SLUG]...   keep them running, print URLs and citizens

It starts vneid-authority (demo keys and citizens, SMS to an outbox folder),
one vneid-wallet per citizen (the citizen's phone) and vneid-portal (SQLite;
for e2e also a portal with 3-second transactions, a fresh one for the
revocation scenario, and one on a throw-away PostgreSQL cluster), each on port
0 with its state in a temporary folder, makes the registration authority's key
and the portal's attestation with `vneid`, and hands everything to the
Playwright script (node e2e.mjs STACK.json). The script reads SMS codes from
the outbox and runs the officer verbs itself.

Environment: VNEID_AUTHORITY, VNEID_WALLET, VNEID_PORTAL, VNEID_TOOL (the
programs), VNEID_EXAMPLES_DATA (examples/data), VNEID_PLUGIN_PATH (the
bundled plugins), AUTHORITY_PG_CLUSTER (pg-cluster.sh), BROWSER_NODE_MODULES
(the folder holding node_modules with playwright-core), CHROMIUM (default
/usr/bin/chromium), CI.

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.environ.get("VNEID_EXAMPLES_DATA", os.path.join(HERE, "..", "..", "examples", "data"))
ISSUER = "https://id.vneid.example"
BHYT_ISSUER = "https://bhyt.baohiemxahoi.example"
REGISTRATION_AUTHORITY = "https://dangky.vneid.example"
CLIENT_ID = "verifier_attestation:dichvucong.example"
PORTAL_NAME = "Cổng Dịch vụ công quốc gia (thử nghiệm)"
PORTAL_PURPOSE = "Điền sẵn biểu mẫu dịch vụ công · Prefill public-service forms"
# The demo citizens' passwords: demo only, like their keys.
PASSWORD = "Mật-khẩu Demo 2026"
# The e2e citizens: a level-2 citizen (upgraded by the officer) and a level-1 one.
E2E_CITIZENS = ["tran-thi-mai", "lo-van-son"]
SERVE_CITIZENS = ["tran-thi-mai", "lo-van-son", "hoang-thi-lan"]
LEVEL_2 = {"tran-thi-mai", "hoang-thi-lan"}


def program(name):
    path = os.environ.get(name)
    if not path or not os.access(path, os.X_OK):
        raise RuntimeError(f"{name} is not set to an executable program")
    return path


def free_port():
    """A port the portal can take: it must know its own public URL up front."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def citizen(slug):
    folder = os.path.join(EXAMPLES, "citizens", slug)
    with open(os.path.join(folder, "pid.json")) as f:
        pid = json.load(f)
    contact = {}
    if os.path.exists(os.path.join(folder, "contact.json")):
        with open(os.path.join(folder, "contact.json")) as f:
            contact = json.load(f)
    number = pid["personal_administrative_number"]
    # a made-up phone for those without a contact card: 09 + the last 8 digits
    phone = contact.get("phone_number", "+849" + number[-8:])
    return {"slug": slug, "name": pid["name"], "personal_id": number, "phone": phone,
            "local_phone": "0" + phone[3:], "email": contact.get("email", slug + "@example.com"),
            "password": PASSWORD, "level": 2 if slug in LEVEL_2 else 1,
            "claims": {kind: json.load(open(os.path.join(folder, kind + ".json")))
                       for kind in ("pid", "cccd", "contact", "bhyt")
                       if os.path.exists(os.path.join(folder, kind + ".json"))}}


class Service:
    """One `NAME serve` process; its URL from the line it prints first."""

    def __init__(self, label, argv, log_folder):
        self.label = label
        self.log_path = os.path.join(log_folder, label + ".log")
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://[^\s/]+)", line)
        if not match:
            self.process.kill()
            self.process.wait()
            self.log.close()
            with open(self.log_path) as f:
                tail = f.read()[-2000:]
            raise RuntimeError(f"{label} did not start: {line!r}\n{tail}")
        self.url = match.group(1)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


class Stack:
    """The authority, the citizens' wallets and the portals in @work."""

    def __init__(self, work, slugs, portals):
        self.work, self.services, self.cluster = work, [], None
        try:
            self.start_all(slugs, portals)
        except BaseException:
            self.stop()   # what did start must not outlive a failed start
            raise

    def start_all(self, slugs, portals):
        work = self.work
        self.tool = program("VNEID_TOOL")
        self.authority_program = program("VNEID_AUTHORITY")
        self.outbox = os.path.join(work, "sms-outbox")
        self.logs = os.path.join(work, "logs")
        os.makedirs(self.logs, exist_ok=True)
        self.make_keys()
        self.authority_database = os.path.join(work, "authority.db")
        self.authority = self.start("authority", [
            self.authority_program, "serve", "--database", self.authority_database,
            "--listen", "127.0.0.1:0", "--issuer-url", ISSUER, "--keys", os.path.join(EXAMPLES, "keys"),
            "--sms-outbox", self.outbox, "--population", os.path.join(EXAMPLES, "citizens"),
            "--pwhash-cost", "test"])
        self.citizens = {slug: citizen(slug) for slug in slugs}
        self.wallets = {slug: self.start_wallet(slug) for slug in slugs}
        self.portals = {}
        for name, options in portals.items():
            self.portals[name] = self.start_portal(name, **options)

    def start(self, label, argv):
        service = Service(label, argv, self.logs)
        self.services.append(service)
        return service

    def vneid(self, *args):
        done = subprocess.run([self.tool, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"vneid {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def write(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w") as out:
            out.write(text)
        return path

    def make_keys(self):
        """The registration authority (its key and metadata, trusted by the
        wallets) attests the portal's key for every bundled form."""
        ra_key = self.write("registration-authority.jwk", self.vneid("keygen", "--kid", "dangky-1"))
        self.attesters = self.write("registration-authority.metadata.json",
                                    self.vneid("issuer-metadata", "--issuer", REGISTRATION_AUTHORITY, ra_key))
        self.portal_key = self.write("portal.jwk", self.vneid("keygen", "--kid", "portal-1"))
        forms = [form["id"] for form in json.loads(self.vneid("forms", "--json"))["forms"]]
        self.forms = forms
        form_args = [arg for form in forms for arg in ("--form", form)]
        self.attestation = self.write("portal.va.jwt", self.vneid(
            "attest", "--key", ra_key, "--iss", REGISTRATION_AUTHORITY, "--client-id", CLIENT_ID,
            "--portal-key", self.portal_key, "--name", PORTAL_NAME, "--purpose", PORTAL_PURPOSE, *form_args))

    def start_wallet(self, slug):
        state = os.path.join(self.work, "wallet-" + slug)
        os.makedirs(state, exist_ok=True)
        return self.start("wallet-" + slug, [
            program("VNEID_WALLET"), "serve", "--listen", "127.0.0.1:0", "--state", state,
            "--authority", self.authority.url, "--attesters", self.attesters])

    def postgresql(self):
        """A throw-away cluster's URI, or None (the reason on stderr)."""
        if self.cluster is None:
            self.cluster = os.path.join(self.work, "pg-cluster")
            os.makedirs(self.cluster, exist_ok=True)
            os.chmod(self.work, 0o711)
            started = subprocess.run(["/bin/sh", os.environ["AUTHORITY_PG_CLUSTER"], "start", self.cluster],
                                     capture_output=True, text=True)
            self.cluster_uri = started.stdout.strip() if started.returncode == 0 else None
            if self.cluster_uri is None:
                print(f"# no PostgreSQL cluster: {started.stderr.strip()}", flush=True)
        return self.cluster_uri

    def start_portal(self, name, wallet, lifetime=None, backend="sqlite"):
        if backend == "postgresql":
            database = self.postgresql()
            if database is None:
                return None
        else:
            database = "sqlite:" + os.path.join(self.work, f"portal-{name}.db")
        port = free_port()
        public = f"http://127.0.0.1:{port}"
        argv = [program("VNEID_PORTAL"), "serve", "--listen", f"127.0.0.1:{port}", "--database", database,
                "--public-url", public, "--client-id", CLIENT_ID, "--key", self.portal_key,
                "--attestation", self.attestation,
                "--trust", os.path.join(EXAMPLES, "population-db.metadata.json"),
                "--trust", os.path.join(EXAMPLES, "vss-bhyt.metadata.json"),
                "--allow", f"urn:vn:vneid:pid:1={ISSUER}", "--allow", f"urn:vn:vneid:cccd:1={ISSUER}",
                "--allow", f"urn:vn:vneid:contact:1={ISSUER}", "--allow", f"urn:vn:bhyt:card:1={BHYT_ISSUER}",
                "--wallet-url", browser_url(self.wallets[wallet].url),
                "--status-base", f"{ISSUER}={self.authority.url}"]
        if lifetime:
            argv += ["--transaction-lifetime", str(lifetime)]
        return self.start("portal-" + name, argv)

    def describe(self, mode, screenshots):
        """What e2e.mjs needs, as JSON."""
        return {
            "mode": mode,
            "screenshots": screenshots,
            "tool": self.tool,
            "plugin_path": os.environ.get("VNEID_PLUGIN_PATH", ""),
            "chromium": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            "ci": os.environ.get("CI", "") not in ("", "0", "false"),
            "authority": {"url": self.authority.url, "program": self.authority_program,
                          "database": self.authority_database, "outbox": self.outbox},
            "wallets": {slug: {"url": browser_url(w.url), "direct_url": w.url} for slug, w in self.wallets.items()},
            "portals": {name: (p.url if p else None) for name, p in self.portals.items()},
            "citizens": self.citizens,
            "forms": self.forms,
            "logs": self.logs,
        }

    def stop(self):
        """Stops every service (last started first); the services that did
        not exit 0 on SIGTERM, by label."""
        failed = []
        for service in reversed(self.services):
            if service.stop() != 0:
                failed.append(service.label)
        if self.cluster:
            subprocess.run(["/bin/sh", os.environ["AUTHORITY_PG_CLUSTER"], "stop", self.cluster],
                           capture_output=True)
        return failed


def browser_url(url):
    """The wallets are opened as http://localhost:PORT: another host than the
    portal's 127.0.0.1, so that the two never share cookies (cookies ignore
    the port). Both names reach the 127.0.0.1 listener."""
    return url.replace("//127.0.0.1:", "//localhost:")


def node_script(stack_json):
    """node on e2e.mjs, copied beside the node_modules that npm ci made
    (run-browser.sh): an ES module finds its packages from where it lies."""
    modules = os.environ.get("BROWSER_NODE_MODULES", HERE)
    return ["node", os.path.join(modules, "e2e.mjs"), stack_json]


def run_scenarios(mode, scratch, screenshots):
    os.makedirs(scratch, exist_ok=True)
    work = tempfile.mkdtemp(prefix="vneid-browser-", dir=scratch)
    os.makedirs(screenshots, exist_ok=True)
    for name in os.listdir(screenshots):   # a run's screenshots only, not the last run's too
        if name.endswith(".png"):
            os.remove(os.path.join(screenshots, name))
    slugs = E2E_CITIZENS if mode == "e2e" else ["tran-thi-mai"]
    portals = {"main": {"wallet": "tran-thi-mai"}}
    if mode == "e2e":
        portals.update({"short": {"wallet": "tran-thi-mai", "lifetime": 3},
                        "fresh": {"wallet": "tran-thi-mai"},
                        "postgresql": {"wallet": "tran-thi-mai", "backend": "postgresql"}})
    stack = None
    try:
        stack = Stack(work, slugs, portals)
        path = os.path.join(work, "stack.json")
        with open(path, "w") as out:
            json.dump(stack.describe(mode, screenshots), out, ensure_ascii=False, indent=1)
        if mode == "story":
            print(f"   authority {stack.authority.url}/  wallet {browser_url(stack.wallets['tran-thi-mai'].url)}/"
                  f"  portal {stack.portals['main'].url}/  (127.0.0.1, temporary state)", flush=True)
        status = subprocess.run(node_script(path)).returncode
    except (RuntimeError, OSError) as error:
        print(f"Bail out! the services did not start: {error}", flush=True)
        status = 1
    finally:
        if stack:
            failed = stack.stop()
            if failed:
                print(f"# did not exit 0 on SIGTERM: {', '.join(failed)} (logs in {stack.logs})", flush=True)
                status = status or 1
    if status == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"# the services' logs and state are kept in {work}", flush=True)
    return status


def serve(slugs):
    work = tempfile.mkdtemp(prefix="vneid-serve-")
    try:
        stack = Stack(work, slugs, {"main": {"wallet": slugs[0]}})
    except (RuntimeError, OSError) as error:
        print(f"stack.py: the services did not start: {error} (logs in {work}/logs)", file=sys.stderr)
        return 1
    stop = []
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    portal = stack.portals["main"].url
    print(f"""
VNeID on 127.0.0.1 (demo keys and citizens: never trust them)

  portal     {portal}/              the forms; "Điền từ VNeID" opens {stack.citizens[slugs[0]]['name']}'s wallet
  officer    {portal}/officer/submissions
  authority  {stack.authority.url}/   (JSON API; the officer uses the commands below)
""")
    for slug in slugs:
        c = stack.citizens[slug]
        print(f"  wallet of {c['name']} ({'level 2 after upgrade' if c['level'] == 2 else 'level 1'}): "
              f"{browser_url(stack.wallets[slug].url)}/")
        print(f"      register with personal ID {c['personal_id']}, phone {c['local_phone']}, "
              f"email {c['email']}; a password with a lowercase and an uppercase letter, a digit and another character, e.g. {PASSWORD!r}")
    officer = f"{stack.authority_program} VERB ... --database {stack.authority_database}"
    print(f"""
  officer verbs: {officer}
      approve PERSONAL_ID --officer police-hn-01
      upgrade PERSONAL_ID --officer police-hn-01 --card-number PERSONAL_ID   (level 2: e-CCCD, bank form)
      lock PERSONAL_ID
  SMS messages (activation and tx_code) are printed below as they arrive (folder {stack.outbox}).
  Other wallets on another device: paste the portal's openid4vp:// link into the wallet's /scan page.
  Ctrl-C stops everything.
""", flush=True)
    seen = set()
    try:
        while not stop:
            if os.path.isdir(stack.outbox):
                for name in sorted(os.listdir(stack.outbox)):
                    if name.endswith(".json") and name not in seen:
                        seen.add(name)
                        with open(os.path.join(stack.outbox, name)) as f:
                            message = json.load(f)
                        print(f"  SMS to {message.get('to')}: {message.get('text')}", flush=True)
            if any(s.process.poll() is not None for s in stack.services):
                print("stack.py: a service stopped; see " + stack.logs, file=sys.stderr)
                break
            time.sleep(1)
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] in ("e2e", "story"):
        return run_scenarios(argv[1], os.path.abspath(argv[2]), os.path.abspath(argv[3]))
    if len(argv) >= 2 and argv[1] == "serve":
        slugs = [argv[i + 1] for i in range(2, len(argv) - 1) if argv[i] == "--citizen"] or SERVE_CITIZENS
        return serve(slugs)
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
