#!/usr/bin/python3
"""Lists the Check suites of a meson build folder: the tests whose program is
an ELF executable built in BUILD/tests/ itself (not a script such as the CLI
suite, not the Python or interop suites, not tests/fuzz/).

  check-suites.py BUILD   -> their names, one a line

build.sh runs these under valgrind (`meson test --setup valgrind NAME...`).
"""
import json
import os
import subprocess
import sys


def main():
    build = os.path.abspath(sys.argv[1])
    tests = json.loads(subprocess.run(["meson", "introspect", "--tests", build],
                                      check=True, capture_output=True, text=True).stdout)
    folder = os.path.join(build, "tests")
    for test in tests:
        program = test["cmd"][0] if test["cmd"] else ""
        if os.path.dirname(os.path.abspath(program)) != folder or not os.path.isfile(program):
            continue
        with open(program, "rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        print(test["name"])


if __name__ == "__main__":
    main()
