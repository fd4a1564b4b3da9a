"""``interview-sim --self-test`` from source: every check runs on the real components.

The frozen app's self-test is run by packaging/build_linux.sh (see tests/test_frozen_build.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CHECKS = ("qt", "bank", "portaudio", "tts", "vosk-model", "transcribe", "database")

pytestmark = pytest.mark.slow


def run_self_test(env_overrides: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, **(env_overrides or {}))
    return subprocess.run(
        [sys.executable, "-m", "interview_sim", "--self-test"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check_lines(stdout: str) -> dict[str, str]:
    """Check name -> its status word, from lines like ``OK    bank   60 ms  189 questions ...``."""
    found = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("OK", "FAIL") and parts[1] in CHECKS:
            found[parts[1]] = parts[0]
    return found


def test_self_test_passes_every_check_and_leaves_user_data_alone(isolated_home: Path) -> None:
    result = run_self_test()

    assert result.returncode == 0, result.stdout + result.stderr
    assert check_lines(result.stdout) == dict.fromkeys(CHECKS, "OK")
    assert "self-test passed: 8 checks" in result.stdout
    assert "Traceback" not in result.stderr
    # Its TTS cache, model folder and database went to a temporary folder, not the user's.
    assert list(isolated_home.iterdir()) == []


def test_self_test_fails_with_a_reason_when_the_bank_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "no-bank-here"

    result = run_self_test({"INTERVIEW_SIM_BANK": str(missing)})

    assert result.returncode == 1
    statuses = check_lines(result.stdout)
    assert statuses["bank"] == "FAIL"
    assert all(statuses[name] == "OK" for name in CHECKS if name != "bank")
    bank_line = next(line for line in result.stdout.splitlines() if line.split()[:2] == ["FAIL", "bank"])
    assert str(missing) in bank_line and "missing" in bank_line
    assert "self-test FAILED: 1 of 8 checks (bank)" in result.stdout
    assert "Traceback" not in result.stderr
