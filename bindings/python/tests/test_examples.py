# SPDX-License-Identifier: LGPL-2.1-or-later
"""The examples in examples/python run as documented."""
import os
import pathlib
import subprocess
import sys

EXAMPLES = pathlib.Path(__file__).resolve().parents[3] / "examples" / "python"


def run(script, *args):
    return subprocess.run([sys.executable, str(EXAMPLES / script), *args],
                          capture_output=True, text=True, env=os.environ, timeout=120)


def test_verify_profile_example():
    result = run("verify_profile.py")
    assert result.returncode == 0, result.stderr
    assert "Trần Thị Mai — level 2, born 1985-03-08 in Hà Nội" in result.stdout
    assert "population-db" in result.stdout and "bhyt-db" in result.stdout
    assert "conflict: address.district" in result.stdout
