#!/usr/bin/env python3
"""test-authority-http.py: vneid-authority over HTTP on 127.0.0.1, as a
citizen and an officer would use it, then under load and faults.

  1. end to end: register -> approve (CLI) -> SMS outbox -> activate ->
     log in -> lock, and every refusal a 4xx {"error", "message"};
  2. races: 1,000 registrations sent by 16 threads to TWO server processes
     on one database, with duplicates (100 pairs for one ID, 100 pairs for
     one phone): exactly one account each, no acknowledged one lost;
  3. a server killed (SIGKILL) mid-run and restarted: every acknowledged
     registration is there, every account has its audit entry (nothing
     half-written), and the run completes;
  4. throughput: registrations/s (from 2) and logins/s at the default
     Argon2id cost (interactive: opslimit 2, memlimit 64 MiB).

Usage: test-authority-http.py sqlite|postgresql   (prints TAP)
Environment: VNEID_AUTHORITY (the program), AUTHORITY_PG_CLUSTER
(pg-cluster.sh), VNEID_EXAMPLES_DATA (examples/data).

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

PROGRAM = os.environ["VNEID_AUTHORITY"]
EXAMPLES = os.environ["VNEID_EXAMPLES_DATA"]
BACKEND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
MAI = "001185034517"
PASSWORD = "Mật-khẩu 2026"

results = []


def check(condition, description, detail=""):
    results.append(bool(condition))
    print(f"{'ok' if condition else 'not ok'} {len(results)} - {description}", flush=True)
    if not condition and detail:
        for line in str(detail).splitlines():
            print(f"# {line}", flush=True)
    return condition


def request(base, method, path, body=None, session=None, content_type="application/json", raw=None):
    """(status, parsed JSON or text, headers); never raises on HTTP errors."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None and content_type:
        req.add_header("Content-Type", content_type)
    if session:
        req.add_header("Authorization", "Bearer " + session)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            status, text, headers = response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        status, text, headers = error.code, error.read().decode(), error.headers
    try:
        return status, json.loads(text), headers
    except ValueError:
        return status, text, headers


def is_refusal(status, reply):
    return (400 <= status < 500 and isinstance(reply, dict) and set(reply) == {"error", "message"}
            and reply["error"] and reply["message"])


class Authority:
    """One `vneid-authority serve` process."""

    def __init__(self, database, folder, outbox, extra=()):
        self.log = open(os.path.join(folder, "serve.log"), "a")
        self.process = subprocess.Popen(
            [PROGRAM, "serve", "--database", database, "--listen", "127.0.0.1:0",
             "--issuer-url", "https://id.vneid.example", "--keys", os.path.join(EXAMPLES, "keys"),
             "--sms-outbox", outbox, "--population", os.path.join(folder, "citizens"), *extra],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://[^ /]+)", line)
        if not match:
            raise RuntimeError(f"the server did not start: {line!r}")
        self.base = match.group(1)

    def stop(self, sig=signal.SIGTERM):
        """The exit status: 0 after SIGTERM (under ASan, also: no leak)."""
        self.process.send_signal(sig)
        status = self.process.wait(timeout=30)
        self.log.close()
        return status


def cli(database, *args):
    done = subprocess.run([PROGRAM, *args, "--database", database], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def load_registrations(database):
    """The load's registrations (IDs 0011859…), by personal ID."""
    code, out, err = cli(database, "registrations", "--json")
    if code != 0:
        print(f"# registrations failed: {err}")
        return {}
    return {r["personal_id"]: r for r in json.loads(out) if r["personal_id"].startswith("0011859")}


def make_population(folder, count):
    """The demo citizens plus @count synthetic adults 001185900000 + i."""
    citizens = os.path.join(folder, "citizens")
    shutil.copytree(os.path.join(EXAMPLES, "citizens"), citizens)
    for i in range(count):
        number = f"0011859{i:05d}"
        os.makedirs(os.path.join(citizens, f"load-{i}"))
        with open(os.path.join(citizens, f"load-{i}", "pid.json"), "w") as out:
            json.dump({"personal_administrative_number": number, "name": f"Công dân {i}",
                       "birthdate": "1985-01-01", "sex": 2, "vneid_level": 1}, out)


def sms_messages(outbox):
    messages = []
    for name in sorted(os.listdir(outbox)):
        if name.endswith(".json"):
            with open(os.path.join(outbox, name)) as f:
                messages.append(json.load(f))
    return messages


def last_code(outbox, phone):
    for message in reversed(sms_messages(outbox)):
        if message["to"] == phone:
            return re.match(r"\d{6}", message["text"]).group(0)
    return None


def end_to_end(database, folder, outbox):
    server = Authority(database, folder, outbox, ["--pwhash-cost", "test"])
    base = server.base
    try:
        status, reply, _ = request(base, "POST", "/api/v1/registrations",
                                   {"personal_id": MAI, "phone": "0912345678", "email": "mai@example.com"})
        check(status == 202 and reply.get("status") == "pending" and reply.get("id"), "register: 202 pending", reply)
        registration = reply.get("id")
        for body, code, what in [
            ({"personal_id": MAI, "phone": "0912345679", "email": "m@example.com"}, 409, "the same ID again"),
            ({"personal_id": "001207012864", "phone": "+84912345678", "email": "k@example.com"}, 409, "the same phone"),
            ({"personal_id": "001321005932", "phone": "0912000000", "email": "n@example.com"}, 422, "a child"),
            ({"personal_id": "001185099999", "phone": "0912000001", "email": "x@example.com"}, 404, "an unknown ID"),
            ({"personal_id": MAI}, 400, "missing fields"),
            ({"personal_id": 1185034517, "phone": "0912000002", "email": "x@example.com"}, 400, "a number for the ID"),
        ]:
            status, reply, _ = request(base, "POST", "/api/v1/registrations", body)
            check(status == code and is_refusal(status, reply), f"register {what}: {code} with error and message", reply)
        status, reply, _ = request(base, "POST", "/api/v1/registrations", raw=b"{not json")
        check(status == 400 and is_refusal(status, reply), "bad JSON: 400", reply)
        status, reply, _ = request(base, "POST", "/api/v1/registrations", raw=b"personal_id=1", content_type="text/plain")
        check(status == 415 and is_refusal(status, reply), "not JSON: 415", reply)
        status, reply, _ = request(base, "POST", "/api/v1/registrations", raw=b"{" + b" " * 20000 + b"}")
        check(status == 413 and is_refusal(status, reply), "a body over 16 KiB: 413", reply)
        status, reply, _ = request(base, "GET", "/api/v1/registrations")
        check(status == 405 and is_refusal(status, reply), "GET on a POST path: 405", reply)
        status, reply, _ = request(base, "GET", "/nothing/here")
        check(status == 404 and is_refusal(status, reply), "no such path: 404", reply)

        code, out, err = cli(database, "registrations", "--pending", "--json")
        listed = json.loads(out) if code == 0 else []
        check([r["id"] for r in listed] == [registration], "the officer lists the pending registration", err)
        code, out, err = cli(database, "approve", registration, "--officer", "police-hn-01")
        check(code == 0, "the officer approves it (settings from the database)", err)
        code, out, err = cli(database, "approve", registration, "--officer", "police-hn-01")
        check(code == 1 and "not pending" in err, "approving twice is refused", err)

        messages = sms_messages(outbox)
        check(len(messages) == 1 and set(messages[0]) == {"to", "text", "at"} and messages[0]["to"] == "+84912345678",
              "one SMS {to, text, at} to the citizen's phone", messages)
        otp = last_code(outbox, "+84912345678")
        status, reply, _ = request(base, "POST", "/api/v1/activate", {"personal_id": MAI, "otp": otp, "password": "weak"})
        check(status == 422 and is_refusal(status, reply), "a weak password: 422", reply)
        wrong = f"{(int(otp) + 1) % 1000000:06d}"
        status, reply, _ = request(base, "POST", "/api/v1/activate", {"personal_id": MAI, "otp": wrong, "password": PASSWORD})
        check(status == 401 and reply.get("error") == "invalid_otp", "a wrong code: 401 invalid_otp", reply)
        status, reply, _ = request(base, "POST", "/api/v1/activate", {"personal_id": MAI, "otp": otp, "password": PASSWORD})
        check(status == 200, "activate: 200", reply)
        status, reply, _ = request(base, "POST", "/api/v1/activate", {"personal_id": MAI, "otp": otp, "password": PASSWORD})
        check(status == 409 and is_refusal(status, reply), "the code works once", reply)

        status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": MAI, "password": "Wrong-pass 1"})
        check(status == 401 and is_refusal(status, reply), "a wrong password: 401", reply)
        status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": MAI, "password": PASSWORD})
        session = reply.get("session") if isinstance(reply, dict) else None
        check(status == 200 and session, "log in: 200 with a session", reply)
        status, reply, _ = request(base, "GET", "/api/v1/account", session=session)
        check(status == 200 and reply.get("status") == "active" and reply.get("level") == 1, "the account, by session", reply)
        status, reply, headers = request(base, "GET", "/api/v1/account", session="forged")
        check(status == 401 and is_refusal(status, reply) and "Bearer" in headers.get("WWW-Authenticate", ""),
              "a forged session: 401 with WWW-Authenticate", reply)
        status, reply, _ = request(base, "POST", "/api/v1/lock", session="forged")
        check(status == 401 and is_refusal(status, reply), "lock without a session: 401", reply)

        status, reply, _ = request(base, "POST", "/api/v1/password", session=session,
                                   body={"current_password": PASSWORD, "new_password": "Mới-2027 mật"})
        check(status == 200, "change the password: 200", reply)
        status, reply, _ = request(base, "GET", "/api/v1/account", session=session)
        check(status == 401, "a password change ends the sessions", reply)
        status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": MAI, "password": "Mới-2027 mật"})
        session = reply.get("session") if isinstance(reply, dict) else None
        check(status == 200 and session, "log in with the new password", reply)
        status, reply, _ = request(base, "POST", "/api/v1/logout", session=session)
        status2, reply2, _ = request(base, "GET", "/api/v1/account", session=session)
        check(status == 200 and status2 == 401, "log out ends the session", (reply, reply2))
        status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": MAI, "password": "Mới-2027 mật"})
        session = reply.get("session") if isinstance(reply, dict) else None

        status, text, headers = request(base, "GET", "/status/1")
        check(status == 200 and headers.get("Content-Type") == "application/statuslist+jwt" and text.count(".") == 2,
              "the status list token: application/statuslist+jwt", headers)
        status, reply, _ = request(base, "GET", "/.well-known/jwt-vc-issuer")
        check(status == 200 and reply.get("issuer") == "https://id.vneid.example" and reply["jwks"]["keys"],
              "/.well-known/jwt-vc-issuer", reply)

        status, reply, _ = request(base, "POST", "/api/v1/lock", session=session)
        check(status == 200, "lock: 200", reply)
        status, reply, _ = request(base, "GET", "/api/v1/account", session=session)
        check(status == 401, "locking ends the session", reply)
        status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": MAI, "password": "Mới-2027 mật"})
        check(status == 423 and reply.get("error") == "account_locked", "log in to a locked account: 423", reply)
        code, out, err = cli(database, "unlock", MAI, "--officer", "police-hn-01")
        check(code == 0, "an officer unlocks it", err)
        for attempt in range(5):
            status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": MAI, "password": "Wrong-pass 1"})
        status, reply, headers = request(base, "POST", "/api/v1/login", {"personal_id": MAI, "password": "Mới-2027 mật"})
        check(status == 429 and reply.get("error") == "throttled" and headers.get("Retry-After"),
              "five wrong passwords: 429 with Retry-After, even for the right one", reply)
        officer_verbs(base, database, outbox)
        code, out, err = cli(database, "audit", MAI, "--json")
        actions = [entry["action"] for entry in json.loads(out)] if code == 0 else []
        check(actions[:5] == ["registered", "approved", "activated", "login failed", "logged in"] and "locked" in actions,
              "the audit log holds each step, in order", actions)
    finally:
        status = server.stop()
    check(status == 0, "the server stops cleanly on SIGTERM", status)


def officer_verbs(base, database, outbox):
    """reject, register again, approve, upgrade, lock at the counter."""
    lan, phone = "004198003561", "+84987000111"
    status, reply, _ = request(base, "POST", "/api/v1/registrations",
                               {"personal_id": lan, "phone": phone, "email": "lan@example.com"})
    code, out, err = cli(database, "registrations", "--overdue", "--json")
    check(code == 0 and json.loads(out) == [], "nothing is overdue a moment after registering", out + err)
    code, out, err = cli(database, "reject", reply.get("id", "?"), "--officer", "police-hn-01", "--reason", "ảnh mờ")
    check(code == 0 and "ảnh mờ" in sms_messages(outbox)[-1]["text"], "reject: the reason goes by SMS", err)
    code, out, err = cli(database, "reject", lan, "--officer", "police-hn-01")
    check(code == 2 and "--reason" in err, "reject without a reason: usage error", err)
    code, out, err = cli(database, "serve", "--listen", "127.0.0.1:0", "--sms-outbox", outbox,
                         "--keys", os.path.join(EXAMPLES, "keys"),
                         "--issuer-url", "http://127.0.0.1:8080")
    check(code == 2 and "https URL" in err, "serve refuses an issuer URL that is not https, at start", err)
    status, reply, _ = request(base, "POST", "/api/v1/registrations",
                               {"personal_id": lan, "phone": phone, "email": "lan@example.com"})
    check(status == 202, "register again after a rejection", reply)
    code, out, err = cli(database, "approve", lan, "--officer", "police-hn-01")
    status, reply, _ = request(base, "POST", "/api/v1/activate",
                               {"personal_id": lan, "otp": last_code(outbox, phone), "password": PASSWORD})
    check(code == 0 and status == 200, "approved by personal ID and activated", (err, reply))
    code, out, err = cli(database, "upgrade", lan, "--officer", "police-hn-01", "--card-number", "004198003562")
    check(code == 1 and "not the card on record" in err, "upgrade with the wrong card: refused", err)
    code, out, err = cli(database, "upgrade", lan, "--officer", "police-hn-01", "--card-number", lan)
    status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": lan, "password": PASSWORD})
    status, reply, _ = request(base, "GET", "/api/v1/account", session=reply.get("session"))
    check(code == 0 and reply.get("level") == 2, "upgrade: level 2", (err, reply))
    code, out, err = cli(database, "lock", lan)
    status, reply, _ = request(base, "POST", "/api/v1/login", {"personal_id": lan, "password": PASSWORD})
    check(code == 0 and status == 423, "lock at the counter: 423", (err, reply))


def race(database, folder, outbox):
    """1,000 registrations over two servers; returns registrations/s."""
    servers = [Authority(database, folder, outbox), Authority(database, folder, outbox)]
    requests = []   # (server index, personal ID, phone, kind, pair)
    for i in range(600):
        requests.append((i % 2, f"0011859{i:05d}", f"+8493{i:07d}", "single", None))
    for p in range(100):   # two registrations for one ID, on different servers
        i = 600 + p
        requests.append((0, f"0011859{i:05d}", f"+8494{p:07d}", "same-id", p))
        requests.append((1, f"0011859{i:05d}", f"+8495{p:07d}", "same-id", p))
    for p in range(100):   # two IDs for one phone, on different servers
        requests.append((0, f"0011859{700 + 2 * p:05d}", f"+8496{p:07d}", "same-phone", p))
        requests.append((1, f"0011859{701 + 2 * p:05d}", f"+8496{p:07d}", "same-phone", p))

    def send(item):
        index, personal_id, phone, kind, pair = item
        status, reply, _ = request(servers[index].base, "POST", "/api/v1/registrations",
                                   {"personal_id": personal_id, "phone": phone, "email": f"{personal_id}@example.com"})
        return item, status, reply

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(send, requests))
    elapsed = time.monotonic() - start
    for server in servers:
        server.stop()

    accepted = {item[1]: reply["id"] for item, status, reply in answers if status == 202}
    by_pair = {}
    for item, status, reply in answers:
        if item[3] != "single":
            by_pair.setdefault((item[3], item[4]), []).append((status, reply.get("error")))
    check(len(answers) == 1000 and all(status in (202, 409) for _, status, _ in answers),
          "1,000 registrations: each 202 or 409", [a for a in answers if a[1] not in (202, 409)][:3])
    check(all(sorted(s for s, _ in v) == [202, 409] for v in by_pair.values()),
          "each duplicate pair: exactly one accepted, one refused")
    check(all(e == "already_registered" for (kind, _), v in by_pair.items() if kind == "same-id" for s, e in v if s == 409)
          and all(e == "phone_taken" for (kind, _), v in by_pair.items() if kind == "same-phone" for s, e in v if s == 409),
          "refused as already_registered / phone_taken")
    stored = load_registrations(database)
    check(len(accepted) == 800 and all(stored.get(pid, {}).get("id") == rid for pid, rid in accepted.items())
          and len(stored) == 800, "800 accounts stored, each acknowledged one with its ID", (len(accepted), len(stored)))
    phones = [r["phone"] for r in stored.values()]
    check(len(set(phones)) == len(phones), "no phone bound twice")
    return 1000 / elapsed


def kill_and_restart(database, folder, outbox):
    """SIGKILL the server while 400 registrations are in flight, restart,
    retry what got no answer: nothing acknowledged lost, nothing half-written."""
    ids = [f"0011859{i:05d}" for i in range(900, 1300)]
    acknowledged, unanswered = {}, []
    lock = threading.Lock()
    server = Authority(database, folder, outbox)
    base = server.base

    def send(personal_id):
        try:
            status, reply, _ = request(base, "POST", "/api/v1/registrations",
                                       {"personal_id": personal_id, "phone": "+8497" + personal_id[-7:],
                                        "email": f"{personal_id}@example.com"})
        except (OSError, urllib.error.URLError):
            status, reply = None, None
        with lock:
            if status == 202:
                acknowledged[personal_id] = reply["id"]
            else:
                unanswered.append(personal_id)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(send, pid) for pid in ids]
        deadline = time.monotonic() + 60
        while len(acknowledged) < 150 and time.monotonic() < deadline:
            time.sleep(0.005)
        server.process.kill()
        server.process.wait()
        server.log.close()
        concurrent.futures.wait(futures)
    check(0 < len(acknowledged) < 400 and unanswered, "the server died mid-run",
          (len(acknowledged), len(unanswered)))

    server = Authority(database, folder, outbox)
    base = server.base
    stored = load_registrations(database)
    check(all(stored.get(pid, {}).get("id") == rid for pid, rid in acknowledged.items()),
          "after the restart, every acknowledged registration is there")
    code, out, err = cli(database, "audit", "--json")
    audited = {e["personal_id"] for e in json.loads(out)
               if e["action"] == "registered" and e["personal_id"].startswith("0011859")} if code == 0 else set()
    check(set(stored) == audited, "every account has its audit entry and no entry lacks its account (nothing half-written)",
          set(stored) ^ audited)
    retry, unanswered[:] = list(unanswered), []
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(send, retry))
    server.stop()
    # A retry of one stored before the crash but never acknowledged is a 409:
    # the registration exists exactly once.
    stored = load_registrations(database)
    check(all(pid in stored for pid in ids), "after retrying, all 400 are registered, once each")


def logins_per_second(database, folder, outbox, count=10):
    """Default Argon2id cost (interactive). Returns logins/s."""
    ids = [f"0011859{i:05d}" for i in range(count)]   # registered by race()
    for personal_id in ids:
        cli(database, "approve", personal_id, "--officer", "police-hn-02")
    server = Authority(database, folder, outbox)
    try:
        activated = 0
        for i, personal_id in enumerate(ids):
            otp = last_code(outbox, f"+8493{i:07d}")
            status, _, _ = request(server.base, "POST", "/api/v1/activate",
                                   {"personal_id": personal_id, "otp": otp, "password": PASSWORD})
            activated += status == 200
        check(activated == count, f"{count} accounts activated at the default cost", activated)

        def login(personal_id):
            return request(server.base, "POST", "/api/v1/login", {"personal_id": personal_id, "password": PASSWORD})[0]

        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(login, ids * 3))
        elapsed = time.monotonic() - start
        check(all(s == 200 for s in statuses), f"{len(statuses)} logins: all 200", statuses[:5])
        return len(statuses) / elapsed
    finally:
        server.stop()


def main():
    folder = tempfile.mkdtemp(prefix="authority-http-")
    os.chmod(folder, 0o711)
    cluster = os.path.join(folder, "cluster")
    try:
        make_population(folder, 1300)
        if BACKEND == "postgresql":
            started = subprocess.run(["/bin/sh", os.environ["AUTHORITY_PG_CLUSTER"], "start", cluster],
                                     capture_output=True, text=True)
            if started.returncode != 0:
                print(f"Bail out! no PostgreSQL cluster: {started.stderr.strip()}")
                return 1
            database = started.stdout.strip()
        else:
            database = os.path.join(folder, "authority.db")
        # One database for everything, as in production: the load uses IDs
        # 0011859xxxxx, which no demo citizen has.
        e2e_database = database
        end_to_end(e2e_database, folder, os.path.join(folder, "outbox-e2e"))
        outbox = os.path.join(folder, "outbox")
        phase = time.monotonic()
        registrations = race(database, folder, outbox)
        print(f"# race: {time.monotonic() - phase:.1f} s", flush=True)
        phase = time.monotonic()
        kill_and_restart(database, folder, outbox)
        print(f"# kill and restart: {time.monotonic() - phase:.1f} s", flush=True)
        phase = time.monotonic()
        logins = logins_per_second(database, folder, outbox)
        print(f"# logins: {time.monotonic() - phase:.1f} s", flush=True)
        print(f"# {BACKEND}: {registrations:.0f} registrations/s (16 clients, 2 servers); "
              f"{logins:.1f} logins/s (4 clients, Argon2id opslimit 2, memlimit 64 MiB)")
    finally:
        if BACKEND == "postgresql":
            subprocess.run(["/bin/sh", os.environ["AUTHORITY_PG_CLUSTER"], "stop", cluster], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
