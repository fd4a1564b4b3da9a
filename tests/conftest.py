"""Test-wide setup: every test gets its own user-data folder and Qt runs offscreen."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests judge results, not speed: Hypothesis's default 200 ms deadline per example and
# its "data generation too slow" check fail on a busy two-core CI machine without any bug.
# Loaded here, before the test modules, so their own @settings inherit it.
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

# PulseAudio virtual devices for the real-stack speech tests (fixtures `pulse`, `mic`).
pytest_plugins = ["tests.audio_env"]

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_NOTES = REPO_ROOT / "resources" / "seed-notes"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh INTERVIEW_SIM_HOME per test, so no test touches real user data."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("INTERVIEW_SIM_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def no_engine_from_another_test() -> Iterator[None]:
    """The app keeps its loaded second-pass engine for the process (qt/second_pass.py), and that
    engine reads its model from the data folder it was made in: a test's own folder. Left for the
    next test, it would make that test's outcome depend on which tests ran before it."""
    yield
    second_pass = sys.modules.get("interview_sim.qt.second_pass")
    if second_pass is not None:
        second_pass._engines.clear()


_cjk_font_set = False


@pytest.fixture(autouse=True)
def cjk_font(request: pytest.FixtureRequest) -> None:
    """Qt tests render Korean in the CJK font the app picks, so their screenshots show real
    glyphs (the default font has none and draws boxes)."""
    global _cjk_font_set
    if _cjk_font_set or "qtbot" not in request.fixturenames:
        return
    request.getfixturevalue("qapp")
    from PySide6.QtWidgets import QApplication

    from interview_sim.qt.theme import apply_font

    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_font(app, 11)
        _cjk_font_set = True
