#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Verification and form-filling throughput from Python, beside C's.

Not a test: run it by hand (docs/performance.md):

    GI_TYPELIB_PATH=build/libvneid LD_LIBRARY_PATH=build/libvneid \\
    PYTHONPATH=bindings/python VNEID_PLUGIN_PATH=build/plugins \\
    /usr/bin/python3 tests/bench/vneid-bench.py [--c-bench build/tests/vneid-bench]

The presentation is the C vneid-bench's: a level-2 PID with the same 19
requested claims (25 disclosures with their parents) and a KB-JWT. Python
batches time what a Python portal calls: verify_with_nonce (through GI);
filling CT01 from the verified profile; and verify + profile + fill. Each
round runs the Python batches, then the C bench (--json) with the same
batch size, so both see the same machine noise; the report gives medians,
and the Python/C ratios as the median of each round's ratio.
"""
import argparse
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time

import gi

gi.require_version("Vneid", "1.0")
from gi.repository import Vneid  # noqa: E402

ISSUER = "https://id.vneid.example"
PID_VCT = "urn:vn:vneid:pid:1"
NONCE = "bench-nonce-4f1c"
AUDIENCE = "https://dichvucong.example"
FORM_ID = "vn.bca.ct01"

# The C bench's claims and disclosed paths (tests/bench/vneid-bench.c).
PID_CLAIMS = {
    "personal_administrative_number": "001090012345",
    "name": "Nguyễn Văn An", "family_name": "Nguyễn", "middle_name": "Văn", "given_name": "An",
    "birthdate": "1990-05-17", "sex": 1, "nationalities": ["VN"],
    "ethnicity": "Kinh", "religion": "Không",
    "place_of_birth": "Hà Nội", "place_of_origin": "Xã Đông Hội, Huyện Đông Anh, Hà Nội",
    "address": {"formatted": "Số 12 Phố Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
                "street_address": "Số 12 Phố Hàng Bài", "locality": "Phường Hoàn Kiếm",
                "region": "Thành phố Hà Nội", "country": "VN"},
    "current_address": {"formatted": "Số 12 Phố Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội"},
    "household": {"head_name": "Nguyễn Văn Bình", "head_personal_administrative_number": "001060004321",
                  "relationship_to_head": "Con"},
    "vneid_level": 2,
}
DISCLOSED = [
    "personal_administrative_number", "name", "family_name", "middle_name", "given_name",
    "birthdate", "sex", "nationalities", "ethnicity", "religion", "place_of_birth",
    "place_of_origin", "address.formatted", "address.street_address", "address.locality",
    "address.region", "address.country", "current_address", "household",
]


class Bench:
    def __init__(self):
        issuer_key = Vneid.Key.generate()
        holder_key = Vneid.Key.generate()
        builder = Vneid.CredentialBuilder.new_from_json(PID_VCT, json.dumps(PID_CLAIMS, ensure_ascii=False))
        builder.set_all_disclosable(True)
        builder.set_holder_key(holder_key)
        credential = Vneid.Credential.new(builder.build(issuer_key, ISSUER))
        self.presentation = credential.present(DISCLOSED, holder_key, NONCE, AUDIENCE, 0)
        trust = Vneid.TrustStore.new()
        trust.add_key(ISSUER, issuer_key)
        trust.allow(PID_VCT, ISSUER)
        self.verifier = Vneid.Verifier(trust)

        self.profile = Vneid.Profile.new([self.verify(1)])
        registry = Vneid.PluginRegistry()
        registry.load_default()
        self.mapper = registry.lookup(FORM_ID)
        if self.mapper is None:
            raise SystemExit(f"vneid-bench.py: no plugin fills {FORM_ID} (set VNEID_PLUGIN_PATH, e.g. build/plugins)")
        form = self.mapper.fill(self.profile)
        assert form["full_name"].value == "Nguyễn Văn An"

    def verify(self, n):
        verify, presentation = self.verifier.verify_with_nonce, self.presentation
        for _ in range(n):
            verified = verify(presentation, NONCE, AUDIENCE)
        return verified

    def fill(self, n):
        fill, profile = self.mapper.fill, self.profile
        for _ in range(n):
            fill(profile)

    def verify_fill(self, n):
        verify, presentation, fill = self.verifier.verify_with_nonce, self.presentation, self.mapper.fill
        for _ in range(n):
            fill(Vneid.Profile.new([verify(presentation, NONCE, AUDIENCE)]))


def rate(run, n):
    start = time.perf_counter()
    run(n)
    return n / (time.perf_counter() - start)


def c_bench(path, batches, iterations):
    out = subprocess.run([path, "--json", "--batches", str(batches), "--iterations", str(iterations)],
                         check=True, capture_output=True, text=True, env=os.environ).stdout
    return json.loads(out)


def main():
    here = pathlib.Path(__file__).resolve()
    default_c = here.parents[2] / "build" / "tests" / "vneid-bench"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of Python then C (default 7)")
    parser.add_argument("--batches", type=int, default=3, help="Python batches of each kind per round, "
                        "and the C bench's --batches (default 3)")
    parser.add_argument("--iterations", type=int, default=200, help="calls per batch (default 200)")
    parser.add_argument("--c-bench", default=str(default_c) if default_c.exists() else None,
                        help="the C vneid-bench binary (default build/tests/vneid-bench if built); "
                        "'none' to skip C")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    if min(args.rounds, args.batches, args.iterations) <= 0:
        parser.error("--rounds, --batches and --iterations must be positive")
    c_path = None if args.c_bench in (None, "none") else args.c_bench

    bench = Bench()
    bench.verify(args.iterations // 4 + 1)  # warm up
    bench.verify_fill(args.iterations // 4 + 1)
    kinds = {"verify": "library_per_s", "fill": "fill_per_s", "verify_fill": "verify_fill_per_s"}
    rates = {kind: [] for kind in kinds}
    rounds = []  # per round: the Python medians and the C run, paired
    for _ in range(args.rounds):
        this_round = {kind: [] for kind in kinds}
        for _ in range(args.batches):
            for kind in kinds:
                this_round[kind].append(rate(getattr(bench, kind), args.iterations))
        for kind in kinds:
            rates[kind] += this_round[kind]
        if c_path:
            rounds.append(({kind: statistics.median(v) for kind, v in this_round.items()},
                           c_bench(c_path, args.batches, args.iterations)))

    py = {kind: statistics.median(values) for kind, values in rates.items()}
    figures = {
        "presentation_bytes": len(bench.presentation),
        "disclosures": bench.presentation.count("~") - 1,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "rounds": args.rounds, "batches": args.rounds * args.batches, "iterations": args.iterations,
    }
    for kind in kinds:
        figures[f"py_{kind}_per_s"] = round(py[kind])
    c, ratio = {}, {}
    if rounds:
        for kind, c_key in kinds.items():
            c[kind] = statistics.median(run[c_key] for _, run in rounds)
            # The ratio of each round's Python and C medians (measured minutes
            # apart at most), then the median over the rounds.
            ratio[kind] = statistics.median(py_round[kind] / run[c_key] for py_round, run in rounds
                                            if run[c_key]) if c[kind] else None
            figures[f"c_{kind}_per_s"] = round(c[kind])
            figures[f"{kind}_ratio"] = None if ratio[kind] is None else round(ratio[kind], 3)

    if args.json:
        print(json.dumps(figures))
        return
    print(f"presentation: {figures['presentation_bytes']} bytes, {figures['disclosures']} disclosures, KB-JWT")
    print(f"{figures['python']}; {args.rounds} rounds of {args.batches} batches x {args.iterations} "
          f"calls each (Python, then C); medians")
    for label, kind in (("verify", "verify"), ("fill " + FORM_ID, "fill"),
                        ("verify+profile+fill", "verify_fill")):
        line = f"{label:22} python {py[kind]:8.0f} /s ({1e6 / py[kind]:6.1f} us)"
        if c.get(kind):
            line += f"   C {c[kind]:8.0f} /s ({1e6 / c[kind]:6.1f} us)   python/C {ratio[kind]:.3f}"
        print(line)
    if not rounds:
        print("C: not measured (build build/tests/vneid-bench or pass --c-bench PATH)", file=sys.stderr)

if __name__ == "__main__":
    main()
