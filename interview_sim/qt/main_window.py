"""The main window: the start screen, the interview, the question bank and the archive screens,
one page at a time, with the status bar that shows the app's messages and problems.

It holds no data of its own: the bank, the settings, the language and the devices are the
:class:`~interview_sim.qt.app_state.AppState`'s, and every page keeps itself current from it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from interview_sim.qt.archive_screens import ArchiveScreens
from interview_sim.qt.menus import MainMenus
from interview_sim.qt.start_screen import StartScreen
from interview_sim.qt.status_label import StatusLabel

# ``QtCore.Qt`` is named only in code that runs after the first paint: its first use builds the
# Python enums of the whole Qt namespace, some 25 ms. For the same reason the bank browser and
# the interview screen are imported when they are built.
if TYPE_CHECKING:
    from interview_sim.core.bank import Bank
    from interview_sim.core.interview import Interview, PlanOptions, Step
    from interview_sim.core.templates import Template
    from interview_sim.i18n import UserMessage
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.bank_browser import BankBrowser
    from interview_sim.qt.interview_screen import InterviewScreen


class MainWindow(QMainWindow):
    # Emitted once, right after the first paint: background loading starts then, so that it
    # does not compete with building and painting the window for the interpreter.
    first_painted = Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.resize(1100, 720)
        self.start_screen = StartScreen(state)
        self.start_screen.start_requested.connect(self.start_interview)
        # The interview screen and the bank browser are built on first use, or just after the
        # first paint: the window paints with the start screen alone (issue 4, cold start).
        self._interview_screen: InterviewScreen | None = None
        self._browser: BankBrowser | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_screen)
        self.setCentralWidget(self.pages)
        self.first_painted.connect(lambda: QTimer.singleShot(0, self, self.build_pages))
        self.archive = ArchiveScreens(state, self.pages, self.start_screen)  # review, summary, history

        self.status = StatusLabel()
        self.status.setObjectName("status_message")
        self.statusBar().addWidget(self.status, 1)
        self.speech_status = QLabel()
        self.speech_status.setObjectName("speech_status")
        self.statusBar().addPermanentWidget(self.speech_status)
        self._painted = False
        self._pending_start: PlanOptions | None = None
        self.menus = MainMenus(self, state)
        self._connect_menus()
        state.message.connect(self.show_message)
        state.problem.connect(self.show_message)  # the start screen keeps it in view as well
        state.bank_changed.connect(self._bank_changed)
        state.language_changed.connect(self.retranslate)
        state.speech_state_changed.connect(self._speech_state_changed)
        state.practice_requested.connect(self.practise)
        self.retranslate()
        self.show_message(state.text("bank.loading"))
        # Focus where Enter starts the interview, as soon as the window is active.
        self.start_screen.start_button.setFocus()

    def _connect_menus(self) -> None:
        menus = self.menus
        menus.quit_action.triggered.connect(self.close)
        menus.find_action.triggered.connect(lambda: self.browser.search.setFocus())
        menus.new_action.triggered.connect(self.show_start)
        menus.bank_action.triggered.connect(self.show_bank)
        menus.history_action.triggered.connect(self.show_history)
        menus.help_action.triggered.connect(self._show_help)
        menus.backup_action.triggered.connect(self.back_up_archive)
        menus.restore_action.triggered.connect(self.restore_archive)

    # -- what the app's state holds, for reading --------------------------------------------

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def bank(self) -> Bank | None:
        return self.state.bank

    @property
    def templates(self) -> dict[str, Template]:
        return self.state.templates

    @property
    def speech_state(self) -> str:
        return self.state.speech_state

    # -- pages ------------------------------------------------------------------------------

    def build_pages(self) -> None:
        """The pages left out of the first paint, built now so that their first use is quick."""
        self.interview_screen  # noqa: B018  # the property builds it
        self.browser  # noqa: B018

    @property
    def interview_screen(self) -> InterviewScreen:
        if self._interview_screen is None:
            from interview_sim.qt.interview_screen import InterviewScreen

            screen = InterviewScreen(self.state)
            screen.finished.connect(self._interview_finished)
            self.pages.addWidget(screen)
            self._interview_screen = screen
        return self._interview_screen

    @property
    def browser(self) -> BankBrowser:
        """The question bank: categories, the questions with a search field, the question."""
        if self._browser is None:
            from interview_sim.qt.bank_browser import BankBrowser

            self._browser = BankBrowser(self.state)
            self.pages.addWidget(self._browser)
        return self._browser

    def _in_interview(self) -> bool:
        screen = self._interview_screen
        return screen is not None and self.pages.currentWidget() is screen

    def _leave_interview(self) -> bool:
        """End an interview shown now (its answers are kept); True if there was one."""
        if not self._in_interview():
            return False
        self.interview_screen.end_interview()
        return True

    def show_start(self) -> None:
        self._leave_interview()
        self.pages.setCurrentWidget(self.start_screen)
        self.start_screen.start_button.setFocus()

    def show_bank(self) -> None:
        self._leave_interview()
        self.pages.setCurrentWidget(self.browser)
        self.browser.questions.setFocus()

    def show_history(self) -> None:
        # Ending the interview shows its summary; the history's Esc then leads home, not there.
        left = self._leave_interview()
        self.archive.show_history(remember_current=not left)

    def _show_help(self) -> None:
        if not self._in_interview():
            self.pages.setCurrentWidget(self.start_screen)
        if self._in_interview():
            self.interview_screen.toggle_help()
        else:
            self.start_screen.toggle_help()

    # -- what the state announces -------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.state.text("app.title"))
        self._speech_state_changed(self.state.speech_state)
        if self.state.bank is not None:
            self._bank_changed()

    def show_message(self, text: UserMessage | str) -> None:
        """One line in the status bar; a problem's technical detail stays in its tooltip."""
        self.status.setText(str(text))

    def _bank_changed(self) -> None:
        bank = self.state.bank
        if bank is None:
            return
        answered = sum(1 for q in bank.questions if q.answers)
        message = self.state.text("bank.count", count=len(bank), answered=answered)
        if bank.errors:
            message += "  ·  " + self.state.text("bank.problems", count=len(bank.errors))
        self.show_message(message)

    def _speech_state_changed(self, speech: str) -> None:
        """``loading`` until the devices and the speech model are ready (or known missing)."""
        key = {"loading": "speech.loading", "ready": "speech.ready"}.get(speech, "speech.unavailable")
        self.speech_status.setText(self.state.text(key))
        if speech != "loading" and self._pending_start is not None:
            options, self._pending_start = self._pending_start, None
            self.start_interview(options)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    # -- the interview --------------------------------------------------------------------------

    def start_interview(self, options: PlanOptions) -> None:
        from interview_sim.core.interview import PlanError, plan_session, plan_with_history

        bank = self.state.bank
        if bank is None:
            return
        if self.state.speech_state == "loading":
            # Starting now would record without devices; the interview starts once they are ready.
            self._pending_start = options
            self.start_screen.show_message(self.state.text("start.waiting_speech"))
            return
        db = self.state.devices.db
        if options.order in ("weakest", "due") and db is not None:
            # These orders read the whole practice history: not on the GUI thread.
            self.state.tasks.run(
                lambda: plan_with_history(bank, options, db),
                owner=self,
                key="plan",
                on_done=lambda steps: self._begin_planned(options, steps),
                on_error=self._plan_failed,
                uses_db=True,
            )
            return
        try:
            steps = plan_session(bank, options)
        except PlanError as exc:
            self._plan_failed(exc)
            return
        self._begin_planned(options, steps)

    def practise(self, options: PlanOptions) -> None:
        """An interview asked for by another screen (a debrief's questions to practise next)."""
        self.show_start()
        self.start_interview(options)

    def _plan_failed(self, exc: BaseException) -> None:
        from interview_sim.core.interview import PlanError

        text = self.state.text
        if isinstance(exc, PlanError) and "due" in str(exc):
            self.start_screen.show_message(text("start.nothing_due", detail=exc))
        elif isinstance(exc, PlanError):
            self.start_screen.show_message(text("start.empty"))
        else:
            self.start_screen.show_message(text("start.orders_failed", error=exc))

    def _begin_planned(self, options: PlanOptions, steps: list[Step]) -> None:
        if self.pages.currentWidget() is not self.start_screen:
            return  # the user moved on while the history was read
        self.pages.setCurrentWidget(self.interview_screen)
        self.interview_screen.begin(steps, options, self.state.templates)

    def _interview_finished(self, interview: Interview) -> None:
        self.start_screen.show_message(self.state.text("interview.done", count=len(interview.answered)))
        self.archive.interview_finished(self.interview_screen.saved_session())

    # -- the archive: back up, restore --------------------------------------------------------

    def back_up_archive(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"interview-sim-backup-{datetime.now():%Y-%m-%d}.zip"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.state.text("menu.backup"), str(Path(folder or Path.home()) / name), "Zip (*.zip)"
        )
        if chosen:
            # The dialog has already asked before replacing an existing file.
            self.write_backup(Path(chosen), replace=True)

    def write_backup(self, target: Path, *, replace: bool = False) -> None:
        """The whole archive (database, recordings, own questions, settings) as one zip, written
        off the GUI thread."""
        from interview_sim.core.archive import ExportResult, export_archive

        state = self.state

        def done(result: ExportResult) -> None:
            state.message.emit(state.text("backup.done", path=result.path, files=result.files))

        def failed(exc: BaseException) -> None:
            state.problem.emit(state.text("backup.failed", error=exc))

        self.show_message(state.text("backup.writing"))
        state.tasks.run(
            lambda: export_archive(target, force=replace),
            owner=self,
            on_done=done,
            on_error=failed,
            uses_db=True,
        )

    def restore_archive(self) -> None:
        """File > Restore: the flow (checks, confirmation, restart) lives in qt.restore, imported
        only when chosen."""
        from interview_sim.qt.restore import restore_flow

        restore_flow(self.state, self).choose_file()
