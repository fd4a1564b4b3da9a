"""``interview-sim --self-test`` from source: every check runs on the real components.

The frozen app's self-test is run by packaging/build_linux.sh (see tests/test_frozen_build.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CHECKS = (
    "qt",
    "qt-window",
    "bank",
    "portaudio",
    "tts",
    "vosk-model",
    "transcribe",
    "voice",
    "pdf",
    "keyring",
    "second-pass",
    "builtin-llm",
    "database",
)

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
    assert f"self-test passed: {len(CHECKS)} checks" in result.stdout
    # The speech process wrote two WAVs in a row; the keyring backend could load.
    tts_line = next(line for line in result.stdout.splitlines() if line.split()[:2] == ["OK", "tts"])
    assert "in 2 WAVs" in tts_line
    assert "Secret Service backend ready" in result.stdout
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
    assert f"self-test FAILED: 1 of {len(CHECKS)} checks (bank)" in result.stdout
    assert "Traceback" not in result.stderr


def test_window_check_uses_the_real_platform_plugin_where_there_is_a_display(tmp_path: Path) -> None:
    """Under Xvfb the child process shows the main window through xcb, not offscreen."""
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        pytest.skip("xvfb-run is not installed (Debian: xvfb)")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [
            xvfb_run,
            "-a",
            sys.executable,
            "-c",
            "from interview_sim.cli.self_test import check_qt_window; print(check_qt_window())",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "platform xcb, main window built" in result.stdout


def test_window_check_is_skipped_without_a_display() -> None:
    from interview_sim.cli.self_test import has_display

    assert has_display("win32", {}) and has_display("darwin", {})
    assert has_display("linux", {"DISPLAY": ":1"}) and has_display("linux", {"WAYLAND_DISPLAY": "wayland-0"})
    assert not has_display("linux", {})
