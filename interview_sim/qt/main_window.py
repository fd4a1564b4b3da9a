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
    from interview_sim.qt.documents_dialog import DocumentsDialog
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
        self._documents: DocumentsDialog | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_screen)
        self.setCentralWidget(self.pages)
        self.first_painted.connect(lambda: QTimer.singleShot(0, self, self.build_pages))
        self.archive = ArchiveScreens(state, self.pages, self.start_screen)  # review, summary, history
        self.archive.practise_requested.connect(self.practise)

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
        state.problem.connect(self._problem)  # the start screen keeps it in view as well
        state.bank_changed.connect(self._bank_changed)
        state.language_changed.connect(self.retranslate)
        state.speech_state_changed.connect(self._speech_state_changed)
        # The status bar says what the devices allow: never "speech ready" without a microphone.
        self._devices_reported = False  # the devices were opened (and told what is missing)
        self._microphone_missing = False  # a problem said so since the devices were opened
        state.devices_changed.connect(self._devices_changed)
        state.practice_requested.connect(self.practise)
        self.retranslate()
        self.show_message(state.text("bank.loading"))
        # Focus where Enter starts the interview, as soon as the window is active.
        self.start_screen.focus_default()

    def _connect_menus(self) -> None:
        menus = self.menus
        menus.quit_action.triggered.connect(self.close)
        menus.find_action.triggered.connect(lambda: self.browser.search.setFocus())
        menus.new_action.triggered.connect(self.show_start)
        menus.bank_action.triggered.connect(self.show_bank)
        menus.history_action.triggered.connect(self.show_history)
        menus.documents_action.triggered.connect(self.show_documents)
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
            self._browser.practise_requested.connect(self.practise_question)
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
        self.start_screen.focus_default()

    def show_bank(self) -> None:
        self._leave_interview()
        self.pages.setCurrentWidget(self.browser)
        self.browser.questions.setFocus()

    def show_documents(self) -> DocumentsDialog:
        """Questions from my documents: one dialog, kept (with its drafts) until the app ends."""
        if self._documents is None:
            from interview_sim.qt.documents_dialog import DocumentsDialog

            self._documents = DocumentsDialog(self.state, self)
        if self._documents.isVisible():  # behind the window: bring it forward
            self._documents.raise_()
            self._documents.activateWindow()
        else:
            self._documents.show()
        return self._documents

    def show_history(self) -> None:
        # Ending the interview shows its summary; the history's Esc then leads home, not there.
        left = self._leave_interview()
        self.archive.show_history(remember_current=not left)

    def _show_help(self) -> None:
        # A page with keys of its own (the bank, the history) shows them over itself.
        page = self.pages.currentWidget()
        screen = getattr(page, "help_screen", None)
        if isinstance(screen, str) and page is not None:
            from interview_sim.qt.widgets import toggle_page_help

            toggle_page_help(page, screen, self.state.lang)
            return
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

    def _problem(self, problem: UserMessage | str) -> None:
        self.show_message(problem)
        if getattr(problem, "fix", "") == "microphone" and not self._microphone_missing:
            self._microphone_missing = True
            self._speech_state_changed(self.state.speech_state, start=False)

    def _bank_changed(self) -> None:
        bank = self.state.bank
        if bank is None:
            return
        answered = sum(1 for q in bank.questions if q.answers)
        message = self.state.text("bank.count", count=len(bank), answered=answered)
        if bank.errors:
            message += "  ·  " + self.state.text("bank.problems", count=len(bank.errors))
        self.show_message(message)

    def _speech_state_changed(self, speech: str, *, start: bool = True) -> None:
        """``loading`` until the devices and the speech model are ready (or known missing)."""
        key = {"loading": "speech.loading", "ready": "speech.ready"}.get(speech, "speech.unavailable")
        if speech == "loading":
            self._microphone_missing = False  # the devices are opened again: we will hear
        missing = self._microphone_missing or (self._devices_reported and self.state.devices.recorder is None)
        if speech == "ready" and missing:
            # Speech is "ready" but there is no microphone: answers are typed, say so.
            key = "speech.no_microphone"
        self.speech_status.setText(self.state.text(key))
        if start and speech != "loading" and self._pending_start is not None:
            options, self._pending_start = self._pending_start, None
            self.start_interview(options)

    def _devices_changed(self) -> None:
        self._devices_reported = True
        self._speech_state_changed(self.state.speech_state, start=False)

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

    def practise_question(self, question_id: str) -> None:
        """The bank's "practise this question": an interview of that question alone, with the
        start screen's think time and review, through the same start as any other."""
        from dataclasses import replace

        options = replace(
            self.start_screen.options(), question_ids=(question_id,), count=1, order="bank", follow_ups=False
        )
        self.pages.setCurrentWidget(self.start_screen)  # where a wait or a refusal is told
        self.start_interview(options)

    def _plan_failed(self, exc: BaseException) -> None:
        from interview_sim.core.interview import PlanError
        from interview_sim.qt.errors import describe_failure

        if self.pages.currentWidget() is not self.start_screen:
            self.pages.setCurrentWidget(self.start_screen)  # a practise request from another page
        lang = self.state.lang
        if isinstance(exc, PlanError) and "due" in str(exc):
            message = describe_failure("start.nothing_due", exc, lang)
        elif isinstance(exc, PlanError):
            message = describe_failure("start.empty", exc, lang)
        else:
            message = describe_failure("start.orders_failed", exc, lang)
        self.start_screen.show_message(message.text)
        self.start_screen.message.setToolTip(message.full())

    def practise(self, question_ids: list[str]) -> None:
        """Answer these questions (again), in this order: the review's "answer again" and the
        summary's "practise the weak ones", through the start screen's usual path with its
        think time and review choice."""
        from dataclasses import replace

        if not question_ids or self._in_interview():
            return
        options = replace(self.start_screen.options(), question_ids=tuple(question_ids), order="bank")
        self.pages.setCurrentWidget(self.start_screen)
        self.start_interview(options)

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
            from interview_sim.qt.errors import describe_failure

            state.problem.emit(describe_failure("backup.failed", exc, state.lang))

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
