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


def test_fill_form_example():
    result = run("fill_form.py")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Trần Thị Mai (level 2) → vn.bca.ct01: Tờ khai thay đổi thông tin cư trú (CT01)"
    assert any(line.split()[:5] == ["full_name", "Trần", "Thị", "Mai", "verified,"] and
               line.endswith("from cccd-chip") for line in lines)
    assert lines[-1] == "still to type: recipient_authority, request_content (67% of the required fields filled)"


def test_fill_form_example_level_1_on_a_level_2_form():
    result = run("fill_form.py", "--citizen", "le-minh-khoa", "vn.sbv.bank-account")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("needs-level-2") == 15
    assert result.stdout.splitlines()[-1] == "this form needs a level-2 VNeID account"


def test_fill_form_example_lists_and_refuses():
    listed = run("fill_form.py", "--list")
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [
        "vn.bca.ct01", "vn.bca.tk01", "vn.bhxh.bhyt-checkin", "vn.mic.sim-registration", "vn.sbv.bank-account"]
    unknown = run("fill_form.py", "vn.example.nothing")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "fill_form: no plugin fills form “vn.example.nothing”"


def test_custom_mapper_example():
    result = run("custom_mapper.py")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "vn.example.library-card" in out.splitlines()[0] and "vn.bca.ct01" in out.splitlines()[0]
    assert "Trần Thị Mai (level 2): Phiếu đăng ký thẻ thư viện" in out
    assert "personal_administrative_number (cccd-chip)" in out
    assert "email (self-asserted)" in out
    assert "needs a level-2 VNeID account" in out  # Lê Minh Khoa, level 1
