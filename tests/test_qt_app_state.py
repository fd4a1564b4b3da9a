"""The application state: language, settings and the archive, announced by signals."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.core.storage import Database
from interview_sim.qt.app_state import AppState
from tests.waits import UI_MS


def make_state(tmp_path: Path) -> AppState:
    return AppState(Settings.load(tmp_path / "settings.json"))


def test_language_change_is_announced_once(qtbot: QtBot, tmp_path: Path) -> None:
    state = make_state(tmp_path)
    seen: list[str] = []
    state.language_changed.connect(seen.append)
    korean = state.text("menu.history")
    state.set_language("en")
    state.set_language("en")
    assert seen == ["en"]
    assert state.text("menu.history") != korean
    state.set_language("ko")
    assert seen == ["en", "ko"]


def test_changed_settings_are_saved_off_the_gui_thread_and_announced(qtbot: QtBot, tmp_path: Path) -> None:
    state = make_state(tmp_path)
    changed: list[set[str]] = []
    languages: list[str] = []
    state.settings_changed.connect(changed.append)
    state.language_changed.connect(languages.append)
    state.change_settings({"think_time_s": 9, "ui_language": "en", "theme": state.settings.get("theme")})
    assert changed == [{"think_time_s", "ui_language"}]
    assert languages == ["en"]
    saved = tmp_path / "settings.json"
    qtbot.waitUntil(
        lambda: saved.exists() and json.loads(saved.read_text())["values"].get("think_time_s") == 9,
        timeout=UI_MS,
    )
    assert state.tasks.shutdown(10_000)


def test_with_db_opens_the_archive_once_for_every_waiter(qtbot: QtBot, tmp_path: Path) -> None:
    state = make_state(tmp_path)
    got: list[Database] = []
    state.with_db(got.append)
    state.with_db(got.append)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=UI_MS)
    assert got[0] is got[1] is state.db
    assert Path(got[0].path) == paths.database_path()
    state.with_db(got.append)  # open now: at once
    assert len(got) == 3
    assert state.tasks.shutdown(10_000)
    state.close_own_db()
    assert state.db is None


def test_a_db_waiter_whose_owner_is_gone_is_dropped(qtbot: QtBot, tmp_path: Path) -> None:
    """A screen closed while the archive opens: its callback is not run on a deleted widget."""
    import shiboken6
    from PySide6.QtCore import QObject

    state = make_state(tmp_path)
    gone, kept = QObject(), QObject()
    called: list[str] = []
    state.with_db(lambda _db: called.append("gone"), owner=gone)
    state.with_db(lambda _db: called.append("kept"), owner=kept)
    shiboken6.delete(gone)  # before the archive is open: the worker is still opening it
    qtbot.waitUntil(lambda: called == ["kept"], timeout=UI_MS)
    assert state.db is not None
    assert state.tasks.shutdown(10_000)
    state.close_own_db()
