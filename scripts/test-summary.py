#!/usr/bin/python3
"""Counts test cases in meson's testlog.json: the TAP lines of each suite.

  test-summary.py LABEL testlog.json   -> one line "LABEL: P passed, F failed, S skipped"
  test-summary.py --total FILE         -> adds up such lines: "P passed, F failed, S skipped"
  test-summary.py --self-test          -> checks the counting on made-up logs

A suite that printed no TAP line counts as one case, by its meson result.
The counts agree with meson's verdicts: a suite meson failed counts at
least one failure whatever it printed (TAP lines or pytest's "8 passed"
before a crash), and a stage whose log is missing counts as one failure
instead of dropping out of the totals.
"""
import json
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b(.*)$")
# pytest's closing line, such as "3 failed, 40 passed, 1 skipped in 2.31s"
PYTEST = re.compile(r"^=*\s*((?:\d+ \w+(?:, )?)+) in [\d.]+s")


def count_log(path):
    passed = failed = skipped = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            entry = json.loads(line)
            cases = [TAP.match(l) for l in (entry.get("stdout") or "").splitlines()]
            cases = [c for c in cases if c]
            pytest_line = [m for m in map(PYTEST.match, (entry.get("stdout") or "").splitlines()) if m]
            meson_failed = entry.get("result") not in ("OK", "SKIP")
            if not cases and pytest_line:
                counts = dict((w, int(n)) for n, w in re.findall(r"(\d+) (\w+)", pytest_line[-1].group(1)))
                passed += counts.get("passed", 0)
                pytest_failed = counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
                # "8 passed" and then a crash (or a timeout): meson's verdict stands
                failed += pytest_failed or int(meson_failed)
                skipped += counts.get("skipped", 0)
                continue
            if not cases:
                result = entry.get("result")
                passed += result == "OK"
                skipped += result == "SKIP"
                failed += result not in ("OK", "SKIP")
                continue
            for c in cases:
                if "# SKIP" in c.group(2).upper():
                    skipped += 1
                elif c.group(1) == "ok":
                    passed += 1
                else:
                    failed += 1
            # a suite that crashed after its last TAP line failed all the same
            if meson_failed and not any(c.group(1) == "not ok" for c in cases):
                failed += 1
    return passed, failed, skipped


def main():
    if sys.argv[1] == "--total":
        totals = [0, 0, 0]
        with open(sys.argv[2], encoding="utf-8") as f:
            for line in f:
                print(line.rstrip())
                numbers = [int(n) for n in re.findall(r"(\d+) (?:passed|failed|skipped)", line)]
                totals = [t + n for t, n in zip(totals, numbers)]
        print(f"{totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
        return
    if sys.argv[1] == "--self-test":
        sys.exit(self_test())
    label, path = sys.argv[1], sys.argv[2]
    print(summary_line(label, path))


def summary_line(label, path):
    try:
        passed, failed, skipped = count_log(path)
    except (OSError, ValueError) as e:
        # a stage that left no (readable) log did not pass
        return f"{label}: 0 passed, 1 failed, 0 skipped (no usable test log: {e})"
    return f"{label}: {passed} passed, {failed} failed, {skipped} skipped"


def self_test():
    import os
    import tempfile

    cases = [
        # (entries, expected (passed, failed, skipped))
        ([{"result": "OK", "stdout": "ok 1 - a\nok 2 - b\n"}], (2, 0, 0)),
        ([{"result": "FAIL", "stdout": "ok 1 - a\nnot ok 2 - b\n"}], (1, 1, 0)),
        ([{"result": "FAIL", "stdout": "ok 1 - a\n"}], (1, 1, 0)),            # crashed after its TAP
        ([{"result": "OK", "stdout": "ok 1 - a # SKIP no clang\n"}], (0, 0, 1)),
        ([{"result": "OK", "stdout": "==== 8 passed in 2.00s ====\n"}], (8, 0, 0)),
        ([{"result": "FAIL", "stdout": "==== 8 passed in 2.00s ====\n"}], (8, 1, 0)),  # then crashed
        ([{"result": "TIMEOUT", "stdout": "== 1 failed, 7 passed in 9.0s ==\n"}], (7, 1, 0)),
        ([{"result": "SKIP", "stdout": ""}], (0, 0, 1)),
        ([{"result": "ERROR", "stdout": ""}], (0, 1, 0)),
    ]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (entries, want) in enumerate(cases):
            path = os.path.join(tmp, f"log{i}.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write("".join(json.dumps(e) + "\n" for e in entries))
            got = count_log(path)
            ok = got == want
            bad += not ok
            print(f"{'ok' if ok else 'not ok'} {i + 1} - {entries[0]['result']}: {got}, want {want}")
        line = summary_line("gone", os.path.join(tmp, "missing.json"))
        ok = line.startswith("gone: 0 passed, 1 failed, 0 skipped")
        bad += not ok
        print(f"{'ok' if ok else 'not ok'} {len(cases) + 1} - a missing log is a failure: {line}")
    print(f"1..{len(cases) + 1}")
    return 1 if bad else 0


if __name__ == "__main__":
    main()
