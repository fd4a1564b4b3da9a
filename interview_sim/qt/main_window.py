"""The main window: the start screen, the interview, and the question bank browser, one at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QSize, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from interview_sim.core.categories import CATEGORIES
from interview_sim.i18n import LANGUAGES, UserMessage, tr
from interview_sim.qt.archive_screens import ArchiveScreens
from interview_sim.qt.start_screen import StartScreen
from interview_sim.qt.tasks import run_in_background
from interview_sim.qt.theme import MUTED, tone

# ``QtCore.Qt`` is named only in code that runs after the first paint: its first use builds the
# Python enums of the whole Qt namespace, some 25 ms. For the same reason the bank browser's
# widget types are imported when it is built: each Qt type's first import builds its enums.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit, QListWidget, QSplitter, QTextBrowser

    from interview_sim.core.bank import Bank, Question
    from interview_sim.core.interview import Interview, PlanOptions, Step
    from interview_sim.core.storage import Database
    from interview_sim.core.templates import Template
    from interview_sim.qt.interview_screen import InterviewDevices, InterviewScreen

ALL = "__all__"
ELLIPSIS = "…"


class StatusLabel(QLabel):
    """Status text on one line: what does not fit ends in "…" at a character, not clipped
    against the next label, and the whole text is in the tooltip. ``text()`` is the whole text."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        self._fit()

    def text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        # Any width will do, the text is shortened to it: a long message does not widen the window.
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = elide(self._full, self.contentsRect().width(), self.fontMetrics().horizontalAdvance)
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


def elide(text: str, width: int, advance: Callable[[str], int]) -> str:
    """``text``, or its longest beginning that fits ``width`` with "…" after it.

    Measured by hand rather than with ``QFontMetrics.elidedText``, whose mode argument is a
    ``Qt`` enum: the status line is set before the first paint, which does without ``Qt``."""
    if advance(text) <= width:
        return text
    low, high = 0, len(text)  # the answer's length is in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        if advance(text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle
    return text[:low].rstrip() + ELLIPSIS


class MainWindow(QMainWindow):
    # Emitted once, right after the first paint: background loading starts then, so that it
    # does not compete with building and painting the window for the interpreter.
    first_painted = Signal()

    def __init__(
        self,
        lang: str = "ko",
        on_language: Callable[[str], None] | None = None,
        devices: InterviewDevices | None = None,
        think_s: int = 5,
        review: str = "each",
    ) -> None:
        super().__init__()
        self.lang = lang
        self.on_language = on_language
        self.bank: Bank | None = None
        self.templates: dict[str, Template] = {}
        self.resize(1100, 720)

        self.start_screen = StartScreen(lang, think_s=think_s, review=review)
        self.start_screen.start_requested.connect(self.start_interview)
        # The interview screen and the bank browser are built on first use, or just after the
        # first paint: the window paints with the start screen alone (issue 4, cold start).
        self._devices = devices
        self._interview_screen: InterviewScreen | None = None
        self._interview_setup: list[Callable[[InterviewScreen], None]] = []
        self._browser: QSplitter | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_screen)
        self.setCentralWidget(self.pages)
        self.first_painted.connect(lambda: QTimer.singleShot(0, self, self.build_pages))
        self.archive = ArchiveScreens(self)  # review, session summary, history

        self.status = StatusLabel()
        self.status.setObjectName("status_message")
        self.statusBar().addWidget(self.status, 1)
        # Speech model and devices load after the window shows (create_window says "loading"
        # until they are there); a window given its devices has nothing to wait for.
        self.speech_state = "ready"
        self.speech_status = QLabel()
        self.speech_status.setObjectName("speech_status")
        self.statusBar().addPermanentWidget(self.speech_status)
        self.on_settings: Callable[[], None] | None = None
        self._painted = False
        self.problems: list[UserMessage | str] = []
        self._pending_start: PlanOptions | None = None
        self._build_menus()
        self.retranslate()
        self.show_message(tr("bank.loading", self.lang))
        # Focus where Enter starts the interview, as soon as the window is active.
        self.start_screen.start_button.setFocus()

    def build_pages(self) -> None:
        """The pages left out of the first paint, built now so that their first use is quick."""
        self.interview_screen  # noqa: B018  # the property builds it
        self.browser  # noqa: B018

    @property
    def interview_screen(self) -> InterviewScreen:
        if self._interview_screen is None:
            from interview_sim.qt.interview_screen import InterviewScreen

            screen = InterviewScreen(self.lang, self._devices)
            screen.finished.connect(self._interview_finished)
            self.pages.addWidget(screen)
            self._interview_screen = screen
            for setup in self._interview_setup:
                setup(screen)
            self._interview_setup.clear()
        return self._interview_screen

    def setup_interview_screen(self, setup: Callable[[InterviewScreen], None]) -> None:
        """Run ``setup`` on the interview screen once it is built (now, if it is)."""
        if self._interview_screen is not None:
            setup(self._interview_screen)
        else:
            self._interview_setup.append(setup)

    def _in_interview(self) -> bool:
        screen = self._interview_screen
        return screen is not None and self.pages.currentWidget() is screen

    def _archive_db(self) -> Database | None:
        if self._interview_screen is not None:
            return self._interview_screen.devices.db
        return self._devices.db if self._devices is not None else None

    @property
    def browser(self) -> QSplitter:
        """The question bank: categories, the questions with a search field, the question."""
        if self._browser is None:
            from PySide6.QtWidgets import (
                QLineEdit,
                QListWidget,
                QSplitter,
                QTextBrowser,
                QVBoxLayout,
                QWidget,
            )

            self._categories = QListWidget()
            self._categories.setObjectName("categories")
            self._categories.currentItemChanged.connect(self._show_category)
            self._search = QLineEdit()
            self._search.setObjectName("search")
            self._search.setClearButtonEnabled(True)
            self._search.setPlaceholderText(tr("search.placeholder", self.lang))
            self._search.textChanged.connect(lambda _text: self._show_category())
            self._questions = QListWidget()
            self._questions.setObjectName("questions")
            self._questions.setWordWrap(True)
            self._questions.setSpacing(3)
            self._questions.currentItemChanged.connect(self._show_question)
            self._detail = QTextBrowser()
            self._detail.setObjectName("detail")
            self._detail.setOpenLinks(False)  # notes are data: nothing in them is ever followed

            middle = QWidget()
            middle_layout = QVBoxLayout(middle)
            middle_layout.setContentsMargins(0, 0, 0, 0)
            middle_layout.addWidget(self._search)
            middle_layout.addWidget(self._questions)

            splitter = QSplitter(QtCore.Qt.Orientation.Horizontal)
            splitter.addWidget(self._categories)
            splitter.addWidget(middle)
            splitter.addWidget(self._detail)
            splitter.setSizes([220, 420, 460])
            self.pages.addWidget(splitter)
            self._browser = splitter
        return self._browser

    @property
    def categories(self) -> QListWidget:
        self.browser  # noqa: B018
        return self._categories

    @property
    def search(self) -> QLineEdit:
        self.browser  # noqa: B018
        return self._search

    @property
    def questions(self) -> QListWidget:
        self.browser  # noqa: B018
        return self._questions

    @property
    def detail(self) -> QTextBrowser:
        self.browser  # noqa: B018
        return self._detail

    def _build_menus(self) -> None:
        # setShortcuts, not setShortcut: the latter's overloads take Qt.Key, and resolving them
        # builds the Python enums of the whole Qt namespace before the first paint (25 ms).
        self.quit_action = QAction(self)
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.find_action = QAction(self)
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: self.search.setFocus())
        self.addAction(self.find_action)
        self.new_action = QAction(self)
        self.new_action.setShortcuts(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.show_start)
        self.bank_action = QAction(self)
        self.bank_action.setShortcuts([QKeySequence("Ctrl+B")])
        self.bank_action.triggered.connect(self.show_bank)
        self.help_action = QAction(self)
        self.help_action.triggered.connect(self._show_help)
        self.settings_action = QAction(self)
        self.settings_action.setObjectName("settings_action")
        self.settings_action.setShortcuts([QKeySequence("Ctrl+,")])
        self.settings_action.triggered.connect(self.open_settings)
        self.addAction(self.settings_action)
        self.backup_action = QAction(self)
        self.backup_action.setObjectName("backup_action")
        self.backup_action.triggered.connect(self.back_up_archive)
        self.restore_action = QAction(self)
        self.restore_action.setObjectName("restore_action")
        self.restore_action.triggered.connect(self.restore_archive)
        self.language_actions: dict[str, QAction] = {}
        for lang in LANGUAGES:
            action = QAction("한국어" if lang == "ko" else "English", self)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, chosen=lang: self.set_language(chosen))
            self.language_actions[lang] = action

    def retranslate(self) -> None:
        menu_bar = self.menuBar()
        menu_bar.clear()
        file_menu = menu_bar.addMenu(tr("menu.file", self.lang))
        self.quit_action.setText(tr("menu.quit", self.lang))
        self.settings_action.setText(tr("menu.settings", self.lang))
        file_menu.addAction(self.settings_action)
        self.backup_action.setText(tr("menu.backup", self.lang))
        file_menu.addAction(self.backup_action)
        self.restore_action.setText(tr("menu.restore", self.lang))
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        practice_menu = menu_bar.addMenu(tr("menu.practice", self.lang))
        self.new_action.setText(tr("menu.new_interview", self.lang))
        self.bank_action.setText(tr("menu.bank", self.lang))
        practice_menu.addAction(self.new_action)
        practice_menu.addAction(self.bank_action)
        self.archive.retranslate(self.lang, practice_menu)
        view_menu = menu_bar.addMenu(tr("menu.view", self.lang))
        language_menu = view_menu.addMenu(tr("menu.language", self.lang))
        for lang, action in self.language_actions.items():
            action.setChecked(lang == self.lang)
            language_menu.addAction(action)
        help_menu = menu_bar.addMenu(tr("menu.help", self.lang))
        self.help_action.setText(tr("menu.shortcuts", self.lang) + "\tF1")
        help_menu.addAction(self.help_action)
        if self.start_screen.lang != self.lang:  # built in this language, it is translated
            self.start_screen.retranslate(self.lang)
        if self._interview_screen is not None:
            self._interview_screen.retranslate(self.lang)
        self.setWindowTitle(tr("app.title", self.lang))
        if self._browser is not None:
            self._search.setPlaceholderText(tr("search.placeholder", self.lang))
        self.set_speech_state(self.speech_state)
        if self.bank is not None:
            self.set_bank(self.bank, self.templates)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()
        if self.on_language:
            self.on_language(lang)

    def show_message(self, text: str) -> None:
        self.status.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._browser is not None:
            self._show_question()  # the question's HTML holds its secondary text colour

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def show_problem(self, text: UserMessage | str) -> None:
        """A device or model problem: kept on the start screen, where later status lines
        (the bank count, a saved setting) cannot hide it; the status bar shows its one line."""
        self.problems.append(text)
        self.start_screen.set_problems(self.problems[-3:])
        self.show_message(str(text))

    def clear_problems(self) -> None:
        self.problems.clear()
        self.start_screen.set_problems([])

    def open_settings(self) -> None:
        if self.on_settings is not None:
            self.on_settings()

    def set_speech_state(self, state: str) -> None:
        """``loading`` until the devices and the speech model are ready (or known missing)."""
        self.speech_state = state
        key = {"loading": "speech.loading", "ready": "speech.ready"}.get(state, "speech.unavailable")
        self.speech_status.setText(tr(key, self.lang))
        self.start_screen.set_speech_notice(
            tr("start.speech_loading", self.lang) if state == "loading" else ""
        )
        if state != "loading":
            self.refresh_orders()
        if state != "loading" and self._pending_start is not None:
            options, self._pending_start = self._pending_start, None
            self.start_interview(options)

    def show_start(self) -> None:
        if self._in_interview():
            self.interview_screen.end_interview()
        self.pages.setCurrentWidget(self.start_screen)
        self.start_screen.start_button.setFocus()

    def show_bank(self) -> None:
        if self._in_interview():
            self.interview_screen.end_interview()
        self.pages.setCurrentWidget(self.browser)
        self.questions.setFocus()

    def back_up_archive(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"interview-sim-backup-{datetime.now():%Y-%m-%d}.zip"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, tr("menu.backup", self.lang), str(Path(folder or Path.home()) / name), "Zip (*.zip)"
        )
        if chosen:
            # The dialog has already asked before replacing an existing file.
            self.write_backup(Path(chosen), replace=True)

    def write_backup(self, target: Path, *, replace: bool = False) -> None:
        """The whole archive (database, recordings, own questions, settings) as one zip, written
        off the GUI thread."""
        from interview_sim.core.archive import ExportResult, export_archive

        def done(result: ExportResult) -> None:
            if shiboken6.isValid(self):
                self.show_message(tr("backup.done", self.lang, path=result.path, files=result.files))

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self.show_problem(tr("backup.failed", self.lang, error=exc))

        self.show_message(tr("backup.writing", self.lang))
        run_in_background(lambda: export_archive(target, force=replace), done, failed)

    def restore_archive(self) -> None:
        """File > Restore: the flow (checks, confirmation, restart) lives in qt.restore, imported
        only when chosen."""
        from interview_sim.qt.restore import restore_flow

        restore_flow(self).choose_file()

    def refresh_orders(self) -> None:
        """Offer "weakest first" and "due for review" once the archive has data behind them;
        the archive is read off the GUI thread."""
        db = self._archive_db()
        if db is None:
            return

        def ready(orders: tuple[str, ...]) -> None:
            if shiboken6.isValid(self):  # the window may have closed while the archive was read
                self.start_screen.set_orders(orders)

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self.show_problem(tr("start.orders_failed", self.lang, error=exc))

        from interview_sim.core.interview import orders_with_history

        run_in_background(lambda: orders_with_history(db), ready, failed)

    def start_interview(self, options: PlanOptions) -> None:
        from interview_sim.core.interview import PlanError, plan_session, plan_with_history

        if self.bank is None:
            return
        if self.speech_state == "loading":
            # Starting now would record without devices; the interview starts once they are ready.
            self._pending_start = options
            self.start_screen.show_message(tr("start.waiting_speech", self.lang))
            return
        db = self._archive_db()
        if options.order in ("weakest", "due") and db is not None:
            bank = self.bank
            # These orders read the whole practice history: not on the GUI thread.
            run_in_background(
                lambda: plan_with_history(bank, options, db),
                lambda steps: self._begin_planned(options, steps) if shiboken6.isValid(self) else None,
                lambda exc: self._plan_failed(exc) if shiboken6.isValid(self) else None,
            )
            return
        try:
            steps = plan_session(self.bank, options)
        except PlanError as exc:
            self._plan_failed(exc)
            return
        self._begin_planned(options, steps)

    def _plan_failed(self, exc: BaseException) -> None:
        from interview_sim.core.interview import PlanError

        if isinstance(exc, PlanError) and "due" in str(exc):
            self.start_screen.show_message(tr("start.nothing_due", self.lang, detail=exc))
        elif isinstance(exc, PlanError):
            self.start_screen.show_message(tr("start.empty", self.lang))
        else:
            self.start_screen.show_message(tr("start.orders_failed", self.lang, error=exc))

    def _begin_planned(self, options: PlanOptions, steps: list[Step]) -> None:
        if self.pages.currentWidget() is not self.start_screen:
            return  # the user moved on while the history was read
        self.pages.setCurrentWidget(self.interview_screen)
        self.interview_screen.begin(steps, options, self.templates)

    def _interview_finished(self, interview: Interview) -> None:
        self.start_screen.show_message(tr("interview.done", self.lang, count=len(interview.answered)))
        self.refresh_orders()
        self.archive.interview_finished(self.interview_screen.saved_session())

    def _show_help(self) -> None:
        if not self._in_interview():
            self.pages.setCurrentWidget(self.start_screen)
        if self._in_interview():
            self.interview_screen.toggle_help()
        else:
            self.start_screen.toggle_help()

    def set_bank(self, bank: Bank, templates: dict[str, Template]) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        self.bank, self.templates = bank, templates
        self.start_screen.set_bank(bank)
        self.archive.set_bank(bank, templates)
        current = self.categories.currentItem()
        selected = current.data(QtCore.Qt.ItemDataRole.UserRole) if current else ALL
        self.categories.blockSignals(True)
        self.categories.clear()
        counts = {c: len(bank.select([c])) for c in CATEGORIES}
        entries = [(ALL, tr("bank.all", self.lang), len(bank))]
        entries += [
            (c, names[0 if self.lang == "ko" else 1], counts[c])
            for c, names in CATEGORIES.items()
            if counts[c]
        ]
        for key, label, count in entries:
            item = QListWidgetItem(f"{label}  ({count})")
            item.setData(QtCore.Qt.ItemDataRole.UserRole, key)
            self._categories.addItem(item)
            if key == selected:
                self._categories.setCurrentItem(item)
        if self.categories.currentItem() is None:
            self._categories.setCurrentRow(0)
        self.categories.blockSignals(False)
        self._show_category()
        answered = sum(1 for q in bank.questions if q.answers)
        message = tr("bank.count", self.lang, count=len(bank), answered=answered)
        if bank.errors:
            message += "  ·  " + tr("bank.problems", self.lang, count=len(bank.errors))
        self.show_message(message)

    def select_category(self, category: str) -> None:
        for row in range(self.categories.count()):
            if self.categories.item(row).data(QtCore.Qt.ItemDataRole.UserRole) == category:
                self._categories.setCurrentRow(row)
                return

    def _show_category(self, *_args: object) -> None:
        import html

        from PySide6.QtWidgets import QListWidgetItem

        if self.bank is None:
            return
        item = self.categories.currentItem()
        key = item.data(QtCore.Qt.ItemDataRole.UserRole) if item else ALL
        questions = self.bank.questions if key == ALL else self.bank.select([key])
        needle = self.search.text().strip().lower()
        if needle:
            questions = [q for q in questions if needle in q.question.lower() or needle in q.id]
        self.questions.clear()
        for q in questions:
            row = QListWidgetItem(("" if q.answers else "✎ ") + q.question)
            row.setData(QtCore.Qt.ItemDataRole.UserRole, q.id)
            self._questions.addItem(row)
        if questions:
            self._questions.setCurrentRow(0)
        else:
            self._detail.setHtml(f"<p>{html.escape(tr('question.select', self.lang))}</p>")

    def _show_question(self, *_args: object) -> None:
        item = self.questions.currentItem()
        question = self.bank.get(item.data(QtCore.Qt.ItemDataRole.UserRole)) if item and self.bank else None
        if question is None:
            return
        self.detail.setHtml(self._question_html(question))

    def _question_html(self, q: Question) -> str:
        import html

        esc = html.escape
        parts = [f"<h2>{esc(q.question)}</h2>"]
        category = CATEGORIES.get(q.category, (q.category, q.category))[0 if self.lang == "ko" else 1]
        muted = tone(MUTED, self.palette()).name()
        parts.append(f"<p style='color:{muted}'>{esc(category)} · {esc(tr('kind.' + q.kind, self.lang))}</p>")
        template = self.templates.get(q.template_id)
        if template:
            parts.append(
                f"<p>{esc(tr('question.template', self.lang, target=f'{template.target_s:g}', max=f'{template.max_s:g}'))}</p>"
            )
        if q.keywords:
            terms = ", ".join(esc(k.split("|")[0].strip()) for k in q.keywords)
            parts.append(f"<p><b>{esc(tr('question.keywords', self.lang))}:</b> {terms}</p>")
        answers = q.answers
        if not answers:
            parts.append(f"<p><i>{esc(tr('question.no_reference', self.lang))}</i></p>")
        for ref in answers:
            parts.append(f"<h3>{esc(tr('question.reference', self.lang))}</h3>")
            parts.append(f"<p style='white-space:pre-wrap'>{esc(ref.text)}</p>")
            parts.append(
                f"<p style='color:{muted}'>{esc(tr('question.source', self.lang, source=ref.source))}</p>"
            )
        if q.follow_ups and self.bank:
            parts.append(f"<h3>{esc(tr('question.follow_ups', self.lang))}</h3><ul>")
            for target in q.follow_ups:
                follow = self.bank.get(target)
                parts.append(f"<li>{esc(follow.question if follow else target)}</li>")
            parts.append("</ul>")
        return "".join(parts)
