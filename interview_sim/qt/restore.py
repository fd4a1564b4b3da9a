"""File > Restore practice data from a backup: choose a zip, check it, confirm, restore, restart.

The steps, each off the GUI thread where it reads or writes files:

1. refuse while an interview runs or the app is still opening its devices;
2. check the zip (entries, manifest, versions) and say what is wrong with it, if anything;
3. confirm, saying what happens to the data there is now (moved to ``import-backups/<time>/``
   by the core's replace logic, never deleted);
4. extract and verify the archive beside the data while the app still uses it;
5. wait for the answers still being saved, close the app's database and player, swap the
   folders (renames);
6. restart the app.

Why restart rather than reload in place: the database handle, the settings, the bank, the
templates, the recorder's folder and the recovery of unfinished answers are all opened at
start, by different parts of the app, some of them on worker threads. Reopening each of them in
place would be one more code path that has to get every one right, and a miss would write into
the data just moved aside. A fresh start opens them all the way it always does.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QStandardPaths, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from interview_sim import paths
from interview_sim.core.archive import (
    BACKUPS_DIR,
    ArchiveError,
    ArchiveSummary,
    ImportResult,
    StagedImport,
    archive_has_data,
    inspect_archive,
    stage_import,
)
from interview_sim.core.interview import State
from interview_sim.i18n import tr
from interview_sim.qt.tasks import run_in_background

if TYPE_CHECKING:
    from interview_sim.qt.main_window import MainWindow

log = logging.getLogger(__name__)

# How long to wait for background work (an answer being saved or transcribed) before the swap.
IDLE_WAIT_S = 30.0
_IDLE_POLL_MS = 100


class _Progress(QObject):
    """Extraction progress from the worker, delivered on the GUI thread."""

    step = Signal(int, int)


class RestoreFlow(QObject):
    """One restore at a time for one window; ``box`` and ``progress`` are the dialogs shown now."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("restore_flow")
        self.window = window
        self.box: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        self.running = False
        self.restart = self._restart_window
        self._source: Path | None = None
        self._relay = _Progress(self)
        self._relay.step.connect(self._extracted)

    @property
    def lang(self) -> str:
        return self.window.lang

    # -- 1. choose and refuse ---------------------------------------------------------------

    def choose_file(self) -> None:
        refusal = self.refusal()
        if refusal is not None:
            self._tell(QMessageBox.Icon.Information, refusal).setObjectName("restore_refused")
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window, tr("menu.restore", self.lang), folder or str(Path.home()), "Zip (*.zip)"
        )
        if chosen:
            self.restore_from(Path(chosen))

    def refusal(self) -> str | None:
        """Why a restore cannot start now, or None."""
        if self.running:
            return tr("restore.already_running", self.lang)
        screen = self.window._interview_screen
        if screen is not None and screen.interview is not None and screen.interview.state is not State.DONE:
            return tr("restore.busy_interview", self.lang)
        if self.window.speech_state == "loading":
            # The devices, with the database, are being opened on a worker; a restore now would
            # race that opening for the data folder.
            return tr("restore.busy_loading", self.lang)
        return None

    # -- 2. check ---------------------------------------------------------------------------

    def restore_from(self, source: Path) -> None:
        refusal = self.refusal()
        if refusal is not None:
            self._tell(QMessageBox.Icon.Information, refusal).setObjectName("restore_refused")
            return
        self.running = True
        self._source = source
        self._show_progress(tr("restore.checking", self.lang, file=source.name))
        home = paths.data_home()

        def check() -> tuple[ArchiveSummary, bool]:
            return inspect_archive(source), archive_has_data(home)

        run_in_background(check, self._checked, self._refused)

    def _checked(self, result: tuple[ArchiveSummary, bool]) -> None:
        if not self._alive():
            return
        summary, has_data = result
        self._close_progress()
        home = paths.data_home()
        details = tr(
            "restore.details",
            self.lang,
            created=_when(summary.created_at),
            version=summary.app_version,
            files=summary.files,
            size=_size(summary.bytes),
        )
        key = "restore.confirm_replace" if has_data else "restore.confirm_empty"
        text = tr(
            key, self.lang, file=summary.source.name, details=details, home=home, backups=home / BACKUPS_DIR
        )
        box = self._box(QMessageBox.Icon.Question, text)
        box.setObjectName("restore_confirm")
        restore = box.addButton(tr("restore.button", self.lang), QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("restore_button")
        cancel = box.addButton(tr("restore.cancel", self.lang), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("restore_cancel")
        box.setDefaultButton(cancel)  # replacing data is never what Enter does by accident

        def answered(_result: int) -> None:
            if box.clickedButton() is restore:
                self._stage()
            else:
                self.running = False

        box.finished.connect(answered)
        box.open()

    # -- 3. extract and verify beside the data ----------------------------------------------

    def _stage(self) -> None:
        source = self._source
        assert source is not None
        self.running = False
        refusal = self.refusal()  # an interview may have started while the box was open
        if refusal is not None:
            self._tell(QMessageBox.Icon.Information, refusal).setObjectName("restore_refused")
            return
        self.running = True
        self._show_progress(tr("restore.extracting", self.lang, file=source.name), maximum=1000)
        relay = self._relay

        def stage() -> StagedImport:
            return stage_import(source, replace=True, progress=relay.step.emit)

        run_in_background(stage, self._staged, self._refused)

    def _extracted(self, done: int, total: int) -> None:
        if self.progress is not None and total > 0:
            self.progress.setValue(min(1000, done * 1000 // total))

    def _staged(self, staged: StagedImport) -> None:
        if not self._alive():
            staged.discard()
            return
        if self.progress is not None:
            self.progress.setRange(0, 0)
            self.progress.setLabelText(tr("restore.waiting", self.lang))
        deadline = time.monotonic() + IDLE_WAIT_S

        def poll() -> None:
            if not self._alive():
                staged.discard()
                return
            if QThreadPool.globalInstance().activeThreadCount() == 0:
                self._swap(staged)
            elif time.monotonic() > deadline:
                run_in_background(staged.discard, lambda _r: None, lambda _e: None)
                self._finish_refused(tr("restore.still_working", self.lang))
            else:
                QTimer.singleShot(_IDLE_POLL_MS, self, poll)

        poll()

    # -- 4. let go of the data, swap, restart -------------------------------------------------

    def _swap(self, staged: StagedImport) -> None:
        if self.progress is not None:
            self.progress.setLabelText(tr("restore.swapping", self.lang))
        self._release_data()
        run_in_background(staged.swap_in, self._swapped, self._swap_failed)

    def _release_data(self) -> None:
        """Close everything of the app that holds a file in the data folder (the database, the
        review's audio player): the swap renames them, and Windows refuses to rename open files.
        From here on the app restarts whatever the swap's outcome."""
        window = self.window
        window.archive.close()
        databases = [window._archive_db()]
        controller = getattr(window, "controller", None)
        if controller is not None:
            databases.append(controller.devices.db)
        for db in {id(d): d for d in databases if d is not None}.values():
            db.close()

    def _swapped(self, result: ImportResult) -> None:
        if not self._alive():
            return
        self._close_progress()
        source = self._source.name if self._source is not None else ""
        kept = tr("restore.kept", self.lang, backup=result.backup) if result.backup is not None else ""
        text = tr("restore.done", self.lang, files=result.files, file=source, kept=kept)
        box = self._tell(QMessageBox.Icon.Information, text)
        box.setObjectName("restore_done")
        box.finished.connect(lambda _r: self.restart())

    def _swap_failed(self, exc: BaseException) -> None:
        if not self._alive():
            return
        self._close_progress()
        log.warning("restore: the swap failed: %s", exc)
        box = self._tell(QMessageBox.Icon.Warning, tr("restore.swap_failed", self.lang, detail=exc))
        box.setObjectName("restore_swap_failed")
        box.finished.connect(lambda _r: self.restart())

    def _restart_window(self) -> None:
        """Close the window; ``run_app`` starts the app again once everything is closed."""
        self.window.restart_after_close = True  # type: ignore[attr-defined]
        self.running = False
        self.window.close()

    # -- messages ---------------------------------------------------------------------------

    def _refused(self, exc: BaseException) -> None:
        if not self._alive():
            return
        name = self._source.name if self._source is not None else ""
        if isinstance(exc, ArchiveError):
            key = {"newer": "restore.newer_file", "busy": "restore.busy_file"}.get(
                exc.kind, "restore.bad_file"
            )
        else:
            log.exception("restore: unexpected failure", exc_info=exc)
            key = "restore.bad_file"
        self._finish_refused(tr(key, self.lang, file=name, detail=exc))

    def _finish_refused(self, text: str) -> None:
        self._close_progress()
        self.running = False
        box = self._tell(QMessageBox.Icon.Warning, text)
        box.setObjectName("restore_refused")
        self.window.show_message(tr("restore.unchanged", self.lang))

    def _box(self, icon: QMessageBox.Icon, text: str) -> QMessageBox:
        if self.box is not None and shiboken6.isValid(self.box):
            self.box.close()
        box = QMessageBox(self.window)
        box.setIcon(icon)
        box.setWindowTitle(tr("restore.title", self.lang))
        box.setText(text)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box = box
        return box

    def _tell(self, icon: QMessageBox.Icon, text: str) -> QMessageBox:
        box = self._box(icon, text)
        box.addButton(tr("restore.ok", self.lang), QMessageBox.ButtonRole.AcceptRole).setObjectName(
            "restore_ok"
        )
        box.open()
        return box

    def _show_progress(self, label: str, maximum: int = 0) -> None:
        self._close_progress()
        dialog = QProgressDialog(self.window)
        dialog.setObjectName("restore_progress")
        dialog.setWindowTitle(tr("restore.title", self.lang))
        dialog.setLabelText(label)
        dialog.setCancelButton(None)  # a half-done swap is finished, not cancelled
        dialog.setRange(0, maximum)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self.progress = dialog

    def _close_progress(self) -> None:
        if self.progress is not None and shiboken6.isValid(self.progress):
            self.progress.close()
            self.progress.deleteLater()
        self.progress = None

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.window)


def restore_flow(window: MainWindow) -> RestoreFlow:
    """The window's restore flow, made on first use."""
    flow = window.findChild(RestoreFlow, "restore_flow")
    return flow if isinstance(flow, RestoreFlow) else RestoreFlow(window)


def _when(created_at: str) -> str:
    return created_at.replace("T", " ")[:16] if created_at else "?"


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} B"


# -- starting again ---------------------------------------------------------------------------


def relaunch_command() -> list[str]:
    """The command that starts this app again, with the options it was started with."""
    if getattr(sys, "frozen", False):  # the packaged app is its own executable
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, "-m", "interview_sim", *sys.argv[1:]]


def relaunch() -> None:
    """Start the app again, detached: called once this one has closed its data."""
    command = relaunch_command()
    options: dict[str, object] = {"stdin": subprocess.DEVNULL, "close_fds": True}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    try:
        subprocess.Popen(command, **options)  # type: ignore[call-overload]
    except OSError as exc:
        log.warning("could not start the app again (%s): %s", command, exc)
    else:
        log.info("started again after a restore: %s", command)
