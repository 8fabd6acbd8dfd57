#!/usr/bin/python3
"""Counts test cases in meson's testlog.json: the TAP lines of each suite.

  test-summary.py LABEL testlog.json   -> one line "LABEL: P passed, F failed, S skipped"
  test-summary.py --total FILE         -> adds up such lines: "P passed, F failed, S skipped"

A suite that printed no TAP line counts as one case, by its meson result.
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
            if not cases and pytest_line:
                counts = dict((w, int(n)) for n, w in re.findall(r"(\d+) (\w+)", pytest_line[-1].group(1)))
                passed += counts.get("passed", 0)
                failed += counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
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
            if entry.get("result") not in ("OK", "SKIP") and not any(c.group(1) == "not ok" for c in cases):
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
    label, path = sys.argv[1], sys.argv[2]
    passed, failed, skipped = count_log(path)
    print(f"{label}: {passed} passed, {failed} failed, {skipped} skipped")


if __name__ == "__main__":
    main()
