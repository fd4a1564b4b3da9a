"""File > Restore practice data from a backup: choose a zip, check it, confirm, restore, restart.

The steps, each off the GUI thread where it reads or writes files:

1. refuse while an interview runs or the app is still opening its devices;
2. check the zip (entries, manifest, versions) and say what is wrong with it, if anything;
3. confirm, saying what happens to the data there is now (moved to ``import-backups/<time>/``
   by the core's replace logic, never deleted);
4. extract and verify the archive beside the data while the app still uses it;
5. wait until no database work runs (the task manager counts it: answers being saved), close
   the app's database and player, swap the folders (renames);
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
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

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
from interview_sim.qt.taskman import Cancelled, TaskContext

if TYPE_CHECKING:
    from interview_sim.qt.app_state import AppState

log = logging.getLogger(__name__)

# How long to wait for database work (an answer being saved or transcribed) before the swap.
IDLE_WAIT_S = 30.0


class RestoreFlow(QObject):
    """One restore at a time for one window; ``box`` and ``progress`` are the dialogs shown now
    (None once closed)."""

    def __init__(self, state: AppState, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("restore_flow")
        self.state = state
        self.parent_widget = parent
        self.box: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        self.running = False
        self.restart = self._restart_window
        self._source: Path | None = None
        self._waiting: StagedImport | None = None  # staged, waiting for the database to be idle

    @property
    def lang(self) -> str:
        return self.state.lang

    def _text(self, key: str, **values: object) -> str:
        return self.state.text(key, **values)

    # -- 1. choose and refuse ---------------------------------------------------------------

    def choose_file(self) -> None:
        refusal = self.refusal()
        if refusal is not None:
            self._tell(QMessageBox.Icon.Information, refusal).setObjectName("restore_refused")
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getOpenFileName(
            self.parent_widget, self._text("menu.restore"), folder or str(Path.home()), "Zip (*.zip)"
        )
        if chosen:
            self.restore_from(Path(chosen))

    def refusal(self) -> str | None:
        """Why a restore cannot start now, or None."""
        if self.running:
            return self._text("restore.already_running")
        if self.state.interview_running:
            return self._text("restore.busy_interview")
        if self.state.speech_state == "loading":
            # The devices, with the database, are being opened on a worker; a restore now would
            # race that opening for the data folder.
            return self._text("restore.busy_loading")
        return None

    # -- 2. check ---------------------------------------------------------------------------

    def restore_from(self, source: Path) -> None:
        refusal = self.refusal()
        if refusal is not None:
            self._tell(QMessageBox.Icon.Information, refusal).setObjectName("restore_refused")
            return
        self.running = True
        self._source = source
        self._show_progress(self._text("restore.checking", file=source.name))
        home = paths.data_home()

        def check() -> tuple[ArchiveSummary, bool]:
            return inspect_archive(source), archive_has_data(home)

        self.state.tasks.run(check, owner=self, on_done=self._checked, on_error=self._refused)

    def _checked(self, result: tuple[ArchiveSummary, bool]) -> None:
        summary, has_data = result
        self._close_progress()
        home = paths.data_home()
        details = self._text(
            "restore.details",
            created=_when(summary.created_at),
            version=summary.app_version,
            files=summary.files,
            size=_size(summary.bytes),
        )
        key = "restore.confirm_replace" if has_data else "restore.confirm_empty"
        text = self._text(
            key, file=summary.source.name, details=details, home=home, backups=home / BACKUPS_DIR
        )
        box = self._box(QMessageBox.Icon.Question, text)
        box.setObjectName("restore_confirm")
        restore = box.addButton(self._text("restore.button"), QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("restore_button")
        cancel = box.addButton(self._text("restore.cancel"), QMessageBox.ButtonRole.RejectRole)
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
        self._show_progress(self._text("restore.extracting", file=source.name), maximum=1000)

        def stage(ctx: TaskContext) -> StagedImport:
            staged = stage_import(
                source, replace=True, progress=lambda done, total: ctx.report((done, total))
            )
            if ctx.cancelled:  # the window closed meanwhile: nobody will swap it in
                staged.discard()
                raise Cancelled
            return staged

        self.state.tasks.run_with_context(
            stage, owner=self, on_done=self._staged, on_error=self._refused, on_progress=self._extracted
        )

    def _extracted(self, step: tuple[int, int]) -> None:
        done, total = step
        if self.progress is not None and total > 0:
            self.progress.setValue(min(1000, done * 1000 // total))

    def _staged(self, staged: StagedImport) -> None:
        if self.progress is not None:
            self.progress.setRange(0, 0)
            self.progress.setLabelText(self._text("restore.waiting"))
        self._waiting = staged
        self.state.tasks.when_db_idle(lambda: self._idle(staged), owner=self)
        QTimer.singleShot(int(IDLE_WAIT_S * 1000), self, lambda: self._gave_up_waiting(staged))

    def _idle(self, staged: StagedImport) -> None:
        if self._waiting is staged:  # not given up on meanwhile
            self._waiting = None
            self._swap(staged)

    def _gave_up_waiting(self, staged: StagedImport) -> None:
        if self._waiting is not staged:
            return  # swapped already
        self._waiting = None
        self.state.tasks.run(staged.discard, owner=None)
        self._finish_refused(self._text("restore.still_working"))

    # -- 4. let go of the data, swap, restart -------------------------------------------------

    def _swap(self, staged: StagedImport) -> None:
        if self.progress is not None:
            self.progress.setLabelText(self._text("restore.swapping"))
        # Everything of the app that holds a file in the data folder closes (the database, the
        # review's audio player): the swap renames them, and Windows refuses to rename open
        # files. From here on the app restarts whatever the swap's outcome.
        self.state.release_data()
        self.state.tasks.run(staged.swap_in, owner=self, on_done=self._swapped, on_error=self._swap_failed)

    def _swapped(self, result: ImportResult) -> None:
        self._close_progress()
        source = self._source.name if self._source is not None else ""
        kept = self._text("restore.kept", backup=result.backup) if result.backup is not None else ""
        text = self._text("restore.done", files=result.files, file=source, kept=kept)
        box = self._tell(QMessageBox.Icon.Information, text)
        box.setObjectName("restore_done")
        box.finished.connect(lambda _r: self.restart())

    def _swap_failed(self, exc: BaseException) -> None:
        self._close_progress()
        log.warning("restore: the swap failed: %s", exc)
        box = self._tell(QMessageBox.Icon.Warning, self._text("restore.swap_failed"), detail=str(exc))
        box.setObjectName("restore_swap_failed")
        box.finished.connect(lambda _r: self.restart())

    def _restart_window(self) -> None:
        """Close the window; ``run_app`` starts the app again once everything is closed."""
        self.state.restart_after_close = True
        self.running = False
        self.parent_widget.window().close()

    # -- messages ---------------------------------------------------------------------------

    def _refused(self, exc: BaseException) -> None:
        name = self._source.name if self._source is not None else ""
        if isinstance(exc, ArchiveError):
            key = {"newer": "restore.newer_file", "busy": "restore.busy_file"}.get(
                exc.kind, "restore.bad_file"
            )
        else:
            log.exception("restore: unexpected failure", exc_info=exc)
            key = "restore.bad_file"
        # The sentence names the file and what to do; what exactly is wrong (paths, schema
        # versions, the zip library's words) is behind Qt's "Show Details...".
        log.warning("restore refused: %s: %s", type(exc).__name__, exc)
        self._finish_refused(self._text(key, file=name), detail=f"{type(exc).__name__}: {exc}")

    def _finish_refused(self, text: str, detail: str = "") -> None:
        self._close_progress()
        self.running = False
        box = self._tell(QMessageBox.Icon.Warning, text, detail=detail)
        box.setObjectName("restore_refused")
        self.state.message.emit(self._text("restore.unchanged"))

    def _box(self, icon: QMessageBox.Icon, text: str) -> QMessageBox:
        if self.box is not None:
            self.box.close()
        box = QMessageBox(self.parent_widget)
        box.setIcon(icon)
        box.setWindowTitle(self._text("restore.title"))
        box.setText(text)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A closed box deletes itself: forget it then, so nothing reaches for a deleted dialog.
        box.destroyed.connect(lambda _obj=None, gone=box: self._forget_box(gone))
        self.box = box
        return box

    def _forget_box(self, gone: QMessageBox) -> None:
        if self.box is gone:
            self.box = None

    def _tell(self, icon: QMessageBox.Icon, text: str, *, detail: str = "") -> QMessageBox:
        box = self._box(icon, text)
        if detail:
            box.setDetailedText(detail)
        box.addButton(self._text("restore.ok"), QMessageBox.ButtonRole.AcceptRole).setObjectName("restore_ok")
        box.open()
        return box

    def _show_progress(self, label: str, maximum: int = 0) -> None:
        self._close_progress()
        dialog = QProgressDialog(self.parent_widget)
        dialog.setObjectName("restore_progress")
        dialog.setWindowTitle(self._text("restore.title"))
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
        # Only this flow closes its progress dialog, and the window that would take it along
        # takes the flow too: the dialog is still there when this runs.
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
        self.progress = None


def restore_flow(state: AppState, parent: QWidget) -> RestoreFlow:
    """The restore flow of ``parent`` (the main window), made on first use."""
    flow = parent.findChild(RestoreFlow, "restore_flow")
    return flow if isinstance(flow, RestoreFlow) else RestoreFlow(state, parent)


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
