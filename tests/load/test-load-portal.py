#!/usr/bin/env python3
"""test-load-portal.py: vneid-portal under 200 concurrent transactions, and
restarted in the middle of them, with SQLite and with PostgreSQL.

For each backend:
  1. the library's own verify+fill rate, in process, on the very credentials
     the wallet sends (`vneid-load-wallet bench`);
  2. 200 transactions at once (`vneid-load-wallet run`): form page ->
     "Điền từ VNeID" -> waiting page -> request object -> vp_token posted ->
     filled form; all complete, every 10th answer posted twice at once and
     accepted once; throughput and p50/p99 latency, and their ratio to (1);
  3. 200 more, and the portal stopped (SIGTERM, exit 0) and started again on
     the same database and port once 40 answers are acknowledged: all 200
     complete, those the restart cut started again (docs/load.md);
  4. the portal restarted once more: every answer acknowledged in 2 and 3
     still has its filled form (by its response_code alone) and is refused
     when posted again (`vneid-load-wallet check`).

Status lists: the credentials name https://id.vneid.example/status/1; a
server on 127.0.0.1 serves that token and the portal is pointed at it with
--status-base. Prints TAP; the figures as comments, and with --json PATH a
summary written there.

Usage: test-load-portal.py [--json PATH] [sqlite] [postgresql]
Environment: VNEID_PORTAL, VNEID_TOOL, VNEID_LOAD_WALLET, VNEID_PLUGIN_PATH,
VNEID_EXAMPLES_DATA, AUTHORITY_PG_CLUSTER (pg-cluster.sh).

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

PORTAL = os.environ["VNEID_PORTAL"]
VNEID = os.environ["VNEID_TOOL"]
WALLET = os.environ["VNEID_LOAD_WALLET"]
EXAMPLES = os.environ["VNEID_EXAMPLES_DATA"]
PG_CLUSTER = os.environ.get("AUTHORITY_PG_CLUSTER")

FORM = "vn.bca.ct01"
CITIZEN = "hoang-thi-lan"
ISSUER = "https://id.vneid.example"
STATUS_URI = ISSUER + "/status/1"
ATTESTER = "https://dangky.vneid.example"
CLIENT_ID = "verifier_attestation:load.vneid.example"
COUNT = 200
RESTART_AFTER = 40            # acknowledged answers before the restart

results = []


def check(condition, description, detail=""):
    results.append(bool(condition))
    print(f"{'ok' if condition else 'not ok'} {len(results)} - {description}", flush=True)
    if not condition and detail:
        for line in str(detail).splitlines()[:40]:
            print(f"# {line}", flush=True)
    return condition


def comment(text):
    print(f"# {text}", flush=True)


def run(*args, stdout=None):
    done = subprocess.run(args, capture_output=stdout is None, stdout=stdout, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr}")
    return done.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StatusServer:
    """Serves the status list token at /status/1, as the authority would."""

    def __init__(self, token):
        outer = self
        self.fetches = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/status/1":
                    self.send_error(404)
                    return
                outer.fetches += 1
                body = token.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/statuslist+jwt")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


class Fixture:
    """Keys, the attestation, the citizen's credentials and the status list."""

    def __init__(self, folder):
        self.folder = folder
        keys = os.path.join(EXAMPLES, "keys")
        citizen = os.path.join(EXAMPLES, "citizens", CITIZEN)
        self.path = lambda name: os.path.join(folder, name)
        run(VNEID, "keygen", "--kid", "load-wallet", stdout=open(self.path("holder.jwk"), "w"))
        run(VNEID, "keygen", "--kid", "load-attester", stdout=open(self.path("attester.jwk"), "w"))
        run(VNEID, "keygen", "--kid", "load-portal", stdout=open(self.path("portal.jwk"), "w"))
        run(VNEID, "issuer-metadata", "--issuer", ATTESTER, self.path("attester.jwk"),
            stdout=open(self.path("attester.metadata.json"), "w"))
        forms = [f["id"] for f in json.loads(run(VNEID, "forms", "--json"))["forms"]]
        run(VNEID, "attest", "--key", self.path("attester.jwk"), "--iss", ATTESTER, "--client-id", CLIENT_ID,
            "--portal-key", self.path("portal.jwk"), "--name", "Cổng thử tải / Load-test portal",
            "--purpose", "Điền biểu mẫu / Filling forms", *[a for f in forms for a in ("--form", f)],
            stdout=open(self.path("portal.va.jwt"), "w"))
        self.credentials = []
        for index, (kind, vct) in enumerate([("pid", "urn:vn:vneid:pid:1"), ("contact", "urn:vn:vneid:contact:1")]):
            path = self.path(f"{kind}.sd-jwt")
            run(VNEID, "issue", "--key", os.path.join(keys, "population-db.jwk"), "--iss", ISSUER, "--vct", vct,
                "--holder", self.path("holder.jwk"), "--sd-all", "--status-uri", STATUS_URI,
                "--status-idx", str(10 + index), os.path.join(citizen, f"{kind}.json"), stdout=open(path, "w"))
            self.credentials.append(path)
        self.status_list = self.path("status-1.jwt")
        run(VNEID, "status-list", "--key", os.path.join(keys, "population-db.jwk"), "--iss", ISSUER,
            "--uri", STATUS_URI, "--bits", "1", "--size", "1024", stdout=open(self.status_list, "w"))
        self.trust = [os.path.join(EXAMPLES, "population-db.metadata.json"),
                      os.path.join(EXAMPLES, "vss-bhyt.metadata.json")]
        with open(self.status_list) as f:
            self.status_server = StatusServer(f.read().strip())


class Portal:
    """`vneid-portal serve` on a fixed port, so that a restart keeps its URLs."""

    def __init__(self, fixture, database, port):
        self.fixture, self.database, self.port = fixture, database, port
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(fixture.path(f"portal-{port}.log"), "a")
        self.process = None

    def start(self):
        f = self.fixture
        self.process = subprocess.Popen(
            [PORTAL, "serve", "--listen", f"127.0.0.1:{self.port}", "--database", self.database,
             "--public-url", self.base, "--client-id", CLIENT_ID, "--key", f.path("portal.jwk"),
             "--attestation", f.path("portal.va.jwt"), *[a for t in f.trust for a in ("--trust", t)],
             "--wallet-url", "http://127.0.0.1:9", "--status-base", f"{ISSUER}={f.status_server.base}"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        expected = f"vneid-portal: listening on {self.base}/"
        if line.strip() != expected:
            self.process.kill()
            raise RuntimeError(f"the portal did not start: {line!r} (expected {expected!r}); "
                               f"log: {self.log.name}")

    def stop(self):
        """The exit status after SIGTERM (0: a clean stop)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return "no exit within 60 s"


def wallet_args(fixture, portal, records):
    return [WALLET, "run", "--portal", portal.base, "--form", FORM, "--holder", fixture.path("holder.jwk"),
            "--attesters", fixture.path("attester.metadata.json"), "--count", str(COUNT),
            "--records", records, *fixture.credentials]


def last_json(text):
    lines = [line for line in text.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def bench(fixture):
    out = run(WALLET, "bench", "--form", FORM, "--holder", fixture.path("holder.jwk"),
              *[a for t in fixture.trust for a in ("--trust", t)], "--status-list", fixture.status_list,
              *fixture.credentials)
    return last_json(out)


def run_plain(fixture, portal, records, backend, rate):
    done = subprocess.run(wallet_args(fixture, portal, records), capture_output=True, text=True, timeout=600)
    summary = last_json(done.stdout)
    check(done.returncode == 0 and summary.get("completed") == COUNT,
          f"{backend}: {COUNT} concurrent transactions all complete", done.stderr)
    check(summary.get("duplicate_checks", 0) > 0 and summary.get("duplicates_accepted") == 0,
          f"{backend}: each answer posted twice at once is accepted once "
          f"({summary.get('duplicate_checks')} transactions)", summary)
    check(summary.get("started_again") == 0 and summary.get("repeated_requests") == 0,
          f"{backend}: without a restart no transaction is started again", summary)
    if summary.get("per_s"):
        summary["ratio_to_library"] = round(summary["per_s"] / rate, 4) if rate else None
        comment(f"{backend}: {summary['completed']} transactions in {summary['seconds']:.2f} s: "
                f"{summary['per_s']:.1f} transactions/s; latency p50 {summary['latency_ms']['p50']:.0f} ms, "
                f"p99 {summary['latency_ms']['p99']:.0f} ms; response endpoint p50 "
                f"{summary['response_ms']['p50']:.0f} ms, p99 {summary['response_ms']['p99']:.0f} ms")
        comment(f"{backend}: library verify+fill in process {rate:.0f}/s: the portal end to end is "
                f"{summary['ratio_to_library']:.3f} of it")
    return summary


def run_with_restart(fixture, portal, records, backend):
    wallet = subprocess.Popen(wallet_args(fixture, portal, records), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    stderr = []
    threading.Thread(target=lambda: stderr.extend(wallet.stderr), daemon=True).start()
    acks_before = None
    restart, summary = {}, {}
    for line in wallet.stdout:
        if line.startswith("ack ") and acks_before is None and int(line.split()[1]) >= RESTART_AFTER:
            acks_before = int(line.split()[1])
            began = time.monotonic()
            restart["exit"] = portal.stop()
            portal.start()
            restart["seconds"] = round(time.monotonic() - began, 3)
        elif line.startswith("{"):
            summary = json.loads(line)
    wallet.wait(timeout=600)
    check(restart.get("exit") == 0, f"{backend}: the portal stops cleanly on SIGTERM mid-run (exit 0)", restart)
    check(acks_before is not None and acks_before < COUNT and summary.get("acknowledged", 0) > acks_before,
          f"{backend}: restarted mid-run ({acks_before} of {COUNT} answers acknowledged before)", summary)
    check(wallet.returncode == 0 and summary.get("completed") == COUNT,
          f"{backend}: all {COUNT} complete across the restart "
          f"({summary.get('started_again')} started again, {summary.get('repeated_requests')} requests repeated)",
          "".join(stderr))
    check(summary.get("duplicates_accepted") == 0, f"{backend}: no duplicate accepted across the restart", summary)
    summary["restart"] = dict(restart, acknowledged_before=acks_before)
    summary["started_again_because"] = reasons_started_again(records)
    for reason, count in summary["started_again_because"].items():
        comment(f"{backend}: started again {count}x: {reason}")
    comment(f"{backend}: restart after {acks_before} acknowledged answers took {restart.get('seconds')} s; "
            f"{summary.get('started_again')} transactions started again; "
            f"{summary.get('completed')} completed in {summary.get('seconds', 0):.2f} s")
    return summary


def reasons_started_again(path):
    """What cut the transactions started again, by step (the text before ': ')."""
    reasons = {}
    with open(path) as f:
        for record in json.load(f):
            if record.get("cut_by"):
                match = re.match(r"(.*?): (HTTP \d+|no answer)", record["cut_by"])
                key = f"{match.group(1)} ({match.group(2)})" if match else record["cut_by"][:120]
                reasons[key] = reasons.get(key, 0) + 1
    return reasons


def acknowledged_once(paths):
    ids = []
    for path in paths:
        with open(path) as f:
            ids += [r["tx_id"] for r in json.load(f) if r["acknowledged"]]
    return len(ids), len(set(ids))


def check_after_restart(fixture, portal, records, backend):
    code = portal.stop()
    portal.start()
    combined = fixture.path(f"records-{backend}.json")
    with open(combined, "w") as out:
        rows = []
        for path in records:
            with open(path) as f:
                rows += json.load(f)
        json.dump(rows, out)
    done = subprocess.run([WALLET, "check", "--records", combined], capture_output=True, text=True, timeout=600)
    summary = last_json(done.stdout)
    total, distinct = acknowledged_once(records)
    check(code == 0, f"{backend}: the portal stops cleanly again (exit 0)", code)
    check(total == distinct and total >= 2 * COUNT,
          f"{backend}: {total} answers acknowledged, each for its own transaction", (total, distinct))
    check(done.returncode == 0 and summary.get("forms_kept") == summary.get("acknowledged") == total,
          f"{backend}: after a restart every acknowledged answer still has its filled form",
          done.stderr or summary)
    check(summary.get("replays_refused") == total,
          f"{backend}: every acknowledged answer posted again is refused", done.stderr or summary)
    return summary


def database_for(backend, folder):
    if backend == "sqlite":
        return "sqlite:" + os.path.join(folder, "portal.db"), None
    cluster = os.path.join(folder, "pg")
    done = subprocess.run([PG_CLUSTER, "start", cluster], capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        raise RuntimeError(f"pg-cluster.sh (exit {done.returncode}): {done.stderr}")
    return done.stdout.strip(), cluster


def one_backend(fixture, backend):
    folder = fixture.path(backend)
    os.makedirs(folder)
    database, cluster = database_for(backend, folder)
    portal = Portal(fixture, database, free_port())
    try:
        rate = bench(fixture)
        comment(f"{backend}: library verify+fill {rate.get('verify_fill_per_s', 0):.0f}/s "
                f"(verify alone {rate.get('verify_per_s', 0):.0f}/s), {rate.get('batches')} batches of "
                f"{rate.get('per_batch')}, median, one thread")
        portal.start()
        records = [os.path.join(folder, "plain.json"), os.path.join(folder, "restart.json")]
        plain = run_plain(fixture, portal, records[0], backend, rate.get("verify_fill_per_s", 0))
        restarted = run_with_restart(fixture, portal, records[1], backend)
        after = check_after_restart(fixture, portal, records, backend)
        return {"library": rate, "load": plain, "restart": restarted, "after_restart": after}
    finally:
        if portal.process and portal.process.poll() is None:
            portal.stop()
        if cluster:
            subprocess.run([PG_CLUSTER, "stop", cluster], timeout=120)


def main(argv):
    json_path = None
    if "--json" in argv:
        json_path = argv[argv.index("--json") + 1]
        del argv[argv.index("--json"):argv.index("--json") + 2]
    backends = argv or ["sqlite", "postgresql"]
    folder = tempfile.mkdtemp(prefix="vneid-load-")
    os.chmod(folder, 0o755)       # the PostgreSQL cluster runs as nobody when we are root
    summary = {"machine": {"cpus": os.cpu_count(), "note": "shared machine: other work runs beside"},
               "form": FORM, "transactions": COUNT}
    try:
        try:
            fixture = Fixture(folder)
        except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError, KeyError) as error:
            check(False, "the fixtures: keys, attestation, credentials, status list", error)
            backends = []
        for backend in backends:
            try:
                summary[backend] = one_backend(fixture, backend)
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
                if "exit 77" in str(error) and not os.environ.get("CI"):
                    print(f"ok {len(results) + 1} # SKIP {backend}: no PostgreSQL server here", flush=True)
                    results.append(True)
                    continue
                check(False, f"{backend}: the load run", error)
        if backends:
            fixture.status_server.stop()
            summary["status_list_fetches"] = fixture.status_server.fetches
            comment(f"status list fetched {fixture.status_server.fetches} times by the portals")
    finally:
        if all(results):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            comment(f"kept for inspection: {folder}")
    if json_path:
        with open(json_path, "w") as out:
            json.dump(summary, out, indent=2, ensure_ascii=False)
        comment(f"summary: {json_path}")
    print(f"1..{len(results)}", flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
