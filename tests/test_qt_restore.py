"""File > Restore on real widgets (offscreen), a real SQLite archive with a recording and a real
backup zip made by the real export: the restored data shows up after the restart, the current
data is kept, and a bad, hostile, newer or damaged zip, an interview in progress or a failing
swap each end with a clear message and the current data whole."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import threading
import zipfile
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.archive import BACKUPS_DIR, MANIFEST_NAME, export_archive
from interview_sim.core.interview import PlanOptions, State
from interview_sim.core.settings import Settings
from interview_sim.core.storage import STATUS_FINISHED, Database
from interview_sim.i18n import tr
from interview_sim.qt.app import create_window
from interview_sim.qt.interview_screen import InterviewDevices
from interview_sim.qt.main_window import MainWindow
from interview_sim.qt.restore import RestoreFlow, relaunch_command, restore_flow
from tests.archive_fixtures import TCP, fill_archive, save_screenshot, write_audio
from tests.test_archive import folder_digest
from tests.waits import UI_MS

CURRENT_QUESTION = "os.deadlock"


@pytest.fixture
def backup_zip(tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A backup made on "another machine": the real archive fixture (a recorded Korean answer
    with its audio, typed answers), exported by the real export."""
    other = tmp_path / "other-machine"
    monkeypatch.setenv(paths.HOME_ENV, str(other))
    archive = fill_archive()
    archive.db.set_rating(archive.attempt_id, "hard")  # so the restored data offers "weakest first"
    archive.db.close()
    target = tmp_path / "practice-backup.zip"
    export_archive(target, home=other)
    monkeypatch.setenv(paths.HOME_ENV, str(isolated_home))
    return target


@pytest.fixture
def current_data(isolated_home: Path) -> dict[str, object]:
    """This machine's own practice: one recorded answer to another question."""
    audio = write_audio(isolated_home / "recordings" / "current-answer.wav", 3.0)
    with Database.open(paths.database_path()) as db:
        session = db.create_session({"questions": [CURRENT_QUESTION]})
        attempt = db.create_attempt(session, CURRENT_QUESTION, audio_path=str(audio), sample_rate=16_000)
        db.add_transcript(attempt, "vosk", "교착 상태는 네 가지 조건", [])
        db.finish_attempt(attempt, status=STATUS_FINISHED, duration_s=3.0)
        db.end_session(session)
    return {"audio": audio.read_bytes(), "digest": user_state(isolated_home)}


def user_state(home: Path) -> dict[str, object]:
    """The files of the data folder and the answers in its database. The database's own bytes
    and its WAL change as the app opens and checkpoints it; its rows must not."""
    files = {
        k: v
        for k, v in folder_digest(home).items()
        if v != "dir" and not k.startswith("interview_sim.sqlite3") and not k.startswith(".")
    }
    return {"files": files, "attempts": attempts_in(home / "interview_sim.sqlite3")}


def open_window(qtbot: QtBot, lang: str = "en") -> MainWindow:
    """The app's window with its database open as the devices open it; answers are typed."""

    def devices(_settings: Settings) -> tuple[InterviewDevices, list[str]]:
        return InterviewDevices(db=Database.open(paths.database_path())), []

    settings = Settings.load(paths.settings_path())
    settings.set("ui_language", lang)
    window = create_window(settings, argparse.Namespace(category=None, count=None), open_devices=devices)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.bank is not None and window.speech_state != "loading", timeout=UI_MS)
    return window


def shown_box(qtbot: QtBot, flow: RestoreFlow, name: str, timeout: int = UI_MS) -> QMessageBox:
    def ready() -> bool:
        box = flow.box
        valid = box is not None and shiboken6.isValid(box)  # a closed box deletes itself
        return valid and box.objectName() == name and box.isVisible()  # type: ignore[union-attr]

    qtbot.waitUntil(ready, timeout=timeout)
    assert flow.box is not None
    return flow.box


def click(box: QMessageBox, name: str) -> None:
    button = box.findChild(QPushButton, name)
    assert button is not None, name
    button.click()


def history_questions(qtbot: QtBot, window: MainWindow) -> list[str]:
    window.archive.show_history()
    history = window.archive.history
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=UI_MS)
    return sorted(r.question_id for r in history.model.rows)


def attempts_in(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return sorted(row[0] for row in conn.execute("SELECT question_id FROM attempts"))
    finally:
        conn.close()


def test_restore_replaces_the_data_keeps_the_old_and_shows_it_after_the_restart(
    qtbot: QtBot, isolated_home: Path, backup_zip: Path, current_data: dict[str, object]
) -> None:
    window = open_window(qtbot)
    assert history_questions(qtbot, window) == [CURRENT_QUESTION]
    assert "weakest" not in window.start_screen.custom._orders  # nothing rated here yet
    app_db = window.state.db
    assert app_db is not None

    flow = restore_flow(window.state, window)
    assert restore_flow(window.state, window) is flow  # one flow per window
    flow.restore_from(backup_zip)
    confirm = shown_box(qtbot, flow, "restore_confirm")
    text = confirm.text()
    save_screenshot(confirm, "restore-confirm-en.png")
    assert "practice-backup.zip" in text and "replaced by this backup" in text
    assert str(isolated_home / BACKUPS_DIR) in text and "not deleted" in text
    assert "restarts" in text
    # Nothing happens before the user says so.
    assert user_state(isolated_home) == current_data["digest"]

    click(confirm, "restore_button")
    done = shown_box(qtbot, flow, "restore_done", timeout=60_000)
    assert "Restored" in done.text() and "previous data is kept in" in done.text()
    save_screenshot(done, "restore-done-en.png")
    # The app let go of its database before the folders were swapped.
    with pytest.raises(sqlite3.ProgrammingError):
        app_db.sessions()

    # The restored archive is in place, its audio path pointing into this data folder.
    assert attempts_in(isolated_home / "interview_sim.sqlite3") == sorted(
        ["network.tcp", "network.hostile", "python.gil", "web.rest"]
    )
    restored_audio = isolated_home / "recordings" / "answer-1.wav"
    assert restored_audio.is_file()
    # The previous data, recording and database, is whole in the backup folder.
    (kept,) = list((isolated_home / BACKUPS_DIR).iterdir())
    assert str(kept) in done.text()
    assert (kept / "recordings" / "current-answer.wav").read_bytes() == current_data["audio"]
    assert attempts_in(kept / "interview_sim.sqlite3") == [CURRENT_QUESTION]
    assert not [p.name for p in isolated_home.iterdir() if p.name.startswith((".import-", ".archive"))]

    click(done, "restore_ok")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=UI_MS)
    assert window.state.restart_after_close
    window.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]  # as run_app does

    # The restart: a new window shows the restored answers, and offers the orders they allow.
    again = open_window(qtbot)
    qtbot.waitUntil(lambda: "weakest" in again.start_screen.custom._orders, timeout=UI_MS)
    assert history_questions(qtbot, again) == sorted(
        ["network.tcp", "network.hostile", "python.gil", "web.rest"]
    )
    with Database.open(paths.database_path()) as db:
        paths_ = [a.audio_path for s in db.sessions() for a in s.attempts if a.question_id == TCP.id]
    assert paths_ == [str(restored_audio)]
    again.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]


def test_the_swap_waits_for_database_work_still_running(
    qtbot: QtBot, isolated_home: Path, backup_zip: Path, current_data: dict[str, object]
) -> None:
    """An answer still being saved when the user confirms: the folders are swapped only once
    the task manager counts no database work, not while it runs."""
    window = open_window(qtbot)
    state = window.state
    app_db = state.db
    assert app_db is not None
    saving, release = threading.Event(), threading.Event()

    def slow_save() -> None:  # stands for an answer being written to the archive
        saving.set()
        assert release.wait(60)

    state.tasks.run(slow_save, owner=None, uses_db=True)
    try:
        assert saving.wait(60)
        flow = restore_flow(state, window)
        flow.restore_from(backup_zip)
        click(shown_box(qtbot, flow, "restore_confirm"), "restore_button")
        waiting = tr("restore.waiting", "en")
        qtbot.waitUntil(
            lambda: flow.progress is not None and flow.progress.labelText() == waiting, timeout=60_000
        )
        # Staged beside the data, and waiting for the save alone (other reads may still end).
        qtbot.waitUntil(lambda: state.tasks.db_running == 1, timeout=UI_MS)
        assert flow.progress is not None and flow.progress.labelText() == waiting
        # Nothing swapped, the database still open.
        assert user_state(isolated_home) == current_data["digest"]
        assert app_db.sessions()
    finally:
        release.set()
    done = shown_box(qtbot, flow, "restore_done", timeout=60_000)
    assert "Restored" in done.text()
    assert attempts_in(isolated_home / "interview_sim.sqlite3") == sorted(
        ["network.tcp", "network.hostile", "python.gil", "web.rest"]
    )
    with pytest.raises(sqlite3.ProgrammingError):
        app_db.sessions()  # let go of before the swap
    click(done, "restore_ok")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=UI_MS)
    window.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]


def test_korean_confirmation_says_where_the_data_goes(
    qtbot: QtBot, isolated_home: Path, backup_zip: Path, current_data: dict[str, object]
) -> None:
    window = open_window(qtbot, lang="ko")
    assert window.menus.restore_action.text() == "백업에서 연습 기록 복원…"
    flow = restore_flow(window.state, window)
    flow.restore_from(backup_zip)
    confirm = shown_box(qtbot, flow, "restore_confirm")
    assert "옮겨 보관합니다" in confirm.text() and str(isolated_home / BACKUPS_DIR) in confirm.text()
    save_screenshot(confirm, "restore-confirm-ko.png")
    click(confirm, "restore_cancel")
    qtbot.waitUntil(lambda: not flow.running, timeout=UI_MS)
    assert user_state(isolated_home) == current_data["digest"]
    window.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]


def test_no_restore_while_an_interview_is_in_progress(
    qtbot: QtBot, isolated_home: Path, backup_zip: Path, current_data: dict[str, object]
) -> None:
    window = open_window(qtbot)
    window.start_interview(PlanOptions(count=1, think_s=30))
    screen = window.interview_screen
    qtbot.waitUntil(
        lambda: screen.interview is not None and screen.interview.state is not State.READY, timeout=UI_MS
    )
    flow = restore_flow(window.state, window)
    flow.restore_from(backup_zip)
    refused = shown_box(qtbot, flow, "restore_refused")
    assert "interview is in progress" in refused.text()
    assert not flow.running and flow.progress is None
    click(refused, "restore_ok")
    screen.end_interview()
    window.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]
    assert user_state(isolated_home) == current_data["digest"]


def garbage(tmp_path: Path, _backup: Path) -> Path:
    path = tmp_path / "holiday-photos.zip"
    path.write_bytes(b"\x89PNG not a zip at all" * 100)
    return path


def hostile(tmp_path: Path, _backup: Path) -> Path:
    path = tmp_path / "escape.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(MANIFEST_NAME, json.dumps({"format": "interview-sim-archive", "format_version": 1}))
        archive.writestr("data/../../outside.txt", "escaped")
    return path


def newer(tmp_path: Path, backup: Path) -> Path:
    path = tmp_path / "from-the-future.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == MANIFEST_NAME:
                manifest = json.loads(data)
                manifest["schema_version"] = 999
                manifest["app_version"] = "9.0"
                data = json.dumps(manifest).encode()
            target.writestr(info, data)
    return path


@pytest.mark.parametrize(
    ("make", "words", "details"),
    [
        (garbage, ["cannot restore from holiday-photos.zip", "damaged"], ["not a zip file", "BadZipFile"]),
        (hostile, ["cannot restore from escape.zip"], ["leaves its folder"]),
        (newer, ["from-the-future.zip was made by a newer Interview Sim", "Update the app"], ["schema 999"]),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_changes(
    qtbot: QtBot,
    tmp_path: Path,
    isolated_home: Path,
    backup_zip: Path,
    current_data: dict[str, object],
    make: object,
    words: list[str],
    details: list[str],
) -> None:
    """Issue 16: one plain sentence, and what exactly is wrong (paths, schema versions, the zip
    library's words) behind "Show Details..."."""
    source = make(tmp_path, backup_zip)  # type: ignore[operator]
    window = open_window(qtbot)
    flow = restore_flow(window.state, window)
    flow.restore_from(source)
    refused = shown_box(qtbot, flow, "restore_refused")
    for word in [*words, "Your current data is unchanged"]:
        assert word in refused.text()
    for word in details:
        assert word in refused.detailedText() and word not in refused.text()
    assert str(tmp_path) not in refused.text() and str(tmp_path) in refused.detailedText()
    assert "Traceback" not in refused.text()
    save_screenshot(refused, f"restore-refused-{source.stem}.png")
    assert "Nothing was restored" in window.status.text()
    assert not flow.running
    click(refused, "restore_ok")
    # The app keeps working on the data it had.
    assert history_questions(qtbot, window) == [CURRENT_QUESTION]
    window.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]
    assert user_state(isolated_home) == current_data["digest"]


def test_damaged_content_found_while_extracting_leaves_the_app_running_on_its_data(
    qtbot: QtBot, tmp_path: Path, isolated_home: Path, backup_zip: Path, current_data: dict[str, object]
) -> None:
    """The zip's headers and manifest are fine, a recording's bytes are not: found only while
    extracting, after the confirmation, before the app let go of its data."""
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(backup_zip) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("answer-1.wav"):
                data = data[:-4] + b"\x00\x01\x02\x03"
            target.writestr(info, data)
    window = open_window(qtbot)
    app_db = window.state.db
    assert app_db is not None
    flow = restore_flow(window.state, window)
    flow.restore_from(damaged)
    confirm = shown_box(qtbot, flow, "restore_confirm")
    click(confirm, "restore_button")
    refused = shown_box(qtbot, flow, "restore_refused", timeout=60_000)
    assert "cannot restore from damaged.zip" in refused.text() and "sha256" not in refused.text()
    assert "sha256 differs" in refused.detailedText() and "answer-1.wav" in refused.detailedText()
    click(refused, "restore_ok")
    assert app_db.sessions()  # still open: the app was never asked to let go
    assert not window.state.restart_after_close
    window.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]
    assert user_state(isolated_home) == current_data["digest"]


def test_a_swap_that_fails_puts_everything_back_and_restarts(
    qtbot: QtBot,
    isolated_home: Path,
    backup_zip: Path,
    current_data: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rename into place fails (a file held open by another program on Windows, say): the
    current recordings and database are put back, and the app restarts on them."""
    real_replace = os.replace

    def refusing_replace(src: object, dst: object) -> None:
        moving_in = Path(str(src)).parent.name.startswith(".import-")  # out of the staging folder
        if moving_in and Path(str(dst)).parent == isolated_home:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real_replace(src, dst)  # type: ignore[arg-type]

    window = open_window(qtbot)
    flow = restore_flow(window.state, window)
    flow.restore_from(backup_zip)
    confirm = shown_box(qtbot, flow, "restore_confirm")
    monkeypatch.setattr(os, "replace", refusing_replace)
    click(confirm, "restore_button")
    failed = shown_box(qtbot, flow, "restore_swap_failed", timeout=60_000)
    monkeypatch.setattr(os, "replace", real_replace)
    assert "nothing changed" in failed.text() and "restarts" in failed.text()
    assert "cannot access the file" in failed.detailedText() and "cannot access" not in failed.text()
    assert user_state(isolated_home) == current_data["digest"]
    click(failed, "restore_ok")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=UI_MS)
    window.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]
    again = open_window(qtbot)
    assert history_questions(qtbot, again) == [CURRENT_QUESTION]
    again.controller.shutdown(wait_ms=5_000)  # type: ignore[attr-defined]


def test_the_restart_command_starts_this_app_with_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys, "argv", ["/usr/bin/interview-sim", "--category", "network"])
    assert relaunch_command() == [sys.executable, "-m", "interview_sim", "--category", "network"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert relaunch_command() == [sys.executable, "--category", "network"]
