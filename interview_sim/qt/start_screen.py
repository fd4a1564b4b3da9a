"""The start screen: today's practice first (``today_panel.py``), the language of the questions,
the two one-click quick starts, and the custom session's form beside them.

Enter starts today's practice (Ctrl+T too), or the custom session while the focus is in its form;
Ctrl+Enter starts the custom session from anywhere. It keeps itself current from the app's state:
the bank's categories, the orders the archive allows, the defaults from the settings, the
devices' loading notice, the problems, the language.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.categories import LANG_CHOICES
from interview_sim.i18n import UserMessage, tr
from interview_sim.qt.custom_session import CustomSession
from interview_sim.qt.theme import ERROR, MUTED, ToneLabel
from interview_sim.qt.today_panel import TodayPanel, question_langs

# The planner is imported when the user starts: not before the window's first paint.
if TYPE_CHECKING:
    from interview_sim.core.bank import Bank
    from interview_sim.core.interview import PlanOptions
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.widgets import HelpOverlay


# Problems kept in view: the newest few; older ones are in the log.
PROBLEMS_SHOWN = 3

# Qt.ShortcutContext.WidgetWithChildrenShortcut, set through the "context" property by number:
# naming it builds the Python enums of the whole Qt namespace, 25 ms the first paint does without.
WIDGET_WITH_CHILDREN_SHORTCUT = 3


def screen_shortcut(keys: str, screen: QWidget) -> QShortcut:
    """A shortcut that works while ``screen`` or a widget on it has focus, and only then."""
    shortcut = QShortcut(QKeySequence(keys), screen)
    shortcut.setProperty("context", WIDGET_WITH_CHILDREN_SHORTCUT)
    return shortcut


class StartScreen(QWidget):
    start_requested = Signal(object)  # PlanOptions

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setObjectName("start_screen")
        self.state = state
        self._start_pending = False
        self._problems: list[UserMessage | str] = []
        self._custom_first = False  # the command line chose the categories: Enter starts those

        self.title = QLabel()
        self._scale_fonts()
        self.today = TodayPanel(state)
        self.today.start_requested.connect(self.start_requested)
        self.langs_label = QLabel()
        self.langs = QComboBox()
        self.langs.setObjectName("question_langs")
        self.langs_label.setBuddy(self.langs)
        for choice in LANG_CHOICES:
            self.langs.addItem("", choice)
        self.langs.setCurrentIndex(max(0, self.langs.findData(state.settings.get("question_langs"))))
        self.langs.activated.connect(self._langs_chosen)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.langs_label)
        header.addWidget(self.langs)

        self.custom = CustomSession(state)
        self.custom.start_button.clicked.connect(self.start)
        # The form's fields, by their old names: the main window, the CLI's preselection and
        # the tests reach them on the screen.
        custom = self.custom
        self.categories, self.kind, self.count, self.order = (
            custom.categories,
            custom.kind,
            custom.count,
            custom.order,
        )
        self.follow_ups, self.think, self.review = custom.follow_ups, custom.think, custom.review
        self.start_button = custom.start_button
        left = self._build_side()
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(left, 3)
        columns.addWidget(self.custom, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(header)
        layout.addLayout(columns, 1)
        self._tab_order()

        # Enter anywhere on this screen starts: today's practice, or the custom session when the
        # focus is in its form (even in the list or a spin box); Ctrl+Enter that from anywhere.
        for enter in ("Return", "Enter"):
            screen_shortcut(enter, self).activated.connect(self._enter)
            screen_shortcut(f"Ctrl+{enter}", self).activated.connect(self.start)
        screen_shortcut("Ctrl+T", self).activated.connect(self.start_today)
        self._help: HelpOverlay | None = None  # built when first asked for: not on the first paint
        for help_key in ("F1", "?"):
            screen_shortcut(help_key, self).activated.connect(self.toggle_help)
        state.language_changed.connect(self.retranslate)
        state.bank_changed.connect(self._bank_changed)
        state.settings_changed.connect(self._settings_changed)
        state.speech_state_changed.connect(self._speech_state_changed)
        state.problem.connect(self._add_problem)
        state.language_changed.connect(lambda _lang: self._show_fix())
        self.retranslate()

    def _build_side(self) -> QVBoxLayout:
        """Today's practice, messages and the quick starts, top to bottom."""
        self.setFocusProxy(self.today.button)  # coming back to this screen: Enter starts
        self.message = QLabel()
        self.message.setObjectName("start_message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.speech_notice = QLabel()
        self.speech_notice.setObjectName("speech_notice")
        self.speech_notice.setWordWrap(True)
        self.speech_notice.setVisible(False)
        self.problems = ToneLabel(ERROR)
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setVisible(False)
        # The button that fixes the latest problem (the microphone: its settings tab), and its
        # technical detail behind "details".
        self.fix_button = QPushButton()
        self.fix_button.setObjectName("problem_fix")
        self.fix_button.clicked.connect(self._fix)
        self.details_button = QPushButton()
        self.details_button.setObjectName("problem_details")
        self.details_button.setFlat(True)
        self.problem_details = ToneLabel(MUTED)
        self.problem_details.setObjectName("problem_detail_text")
        self.problem_details.setWordWrap(True)
        self.details_button.clicked.connect(
            lambda: self.problem_details.setVisible(not self.problem_details.isVisibleTo(self))
        )
        self._fix_page = ""
        for widget in (self.fix_button, self.details_button, self.problem_details):
            widget.setVisible(False)

        self.quick_box = QGroupBox()
        self.quick_intro = QPushButton()
        self.quick_intro.setObjectName("quick_intro")
        self.quick_intro.clicked.connect(self.quick_self_introduction)
        self.quick_technical = QPushButton()
        self.quick_technical.setObjectName("quick_technical")
        self.quick_technical.clicked.connect(self.quick_random_technical)
        quick_layout = QVBoxLayout(self.quick_box)
        quick_layout.addWidget(self.quick_intro)
        quick_layout.addWidget(self.quick_technical)

        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.today)
        left.addWidget(self.message)
        left.addWidget(self.speech_notice)
        left.addWidget(self.problems)
        fixes = QHBoxLayout()
        fixes.addWidget(self.fix_button)
        fixes.addWidget(self.details_button)
        fixes.addStretch(1)
        left.addLayout(fixes)
        left.addWidget(self.problem_details)
        left.addWidget(self.quick_box)
        left.addStretch(1)
        return left

    def _tab_order(self) -> None:
        """Tab goes as the eye does: today's practice, the quick starts, the language, then the
        custom session top to bottom."""
        chain = [
            self.today.button,
            self.quick_intro,
            self.quick_technical,
            self.langs,
            self.categories,
            self.kind,
            self.count,
            self.order,
            self.follow_ups,
            self.think,
            self.review,
            self.start_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def bank(self) -> Bank | None:
        return self.state.bank

    def retranslate(self) -> None:
        lang = self.lang
        self.title.setText(tr("start.title", lang))
        self.langs_label.setText(tr("start.question_langs", lang))
        for index in range(self.langs.count()):
            self.langs.setItemText(index, tr(f"start.langs.{self.langs.itemData(index)}", lang))
        self.custom.retranslate()
        self.quick_box.setTitle(tr("start.quick", lang))
        self.quick_intro.setText(tr("start.quick_intro", lang))
        self.quick_technical.setText(tr("start.quick_technical", lang))
        self._show_speech_notice()

    def _scale_fonts(self) -> None:
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.title.setFont(title_font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._scale_fonts()

    @property
    def help(self) -> HelpOverlay:
        if self._help is None:
            from interview_sim.qt.widgets import HelpOverlay

            self._help = HelpOverlay(self)
        return self._help

    def toggle_help(self) -> None:
        from interview_sim.qt.widgets import shortcuts_html

        self.help.toggle(shortcuts_html(self.lang, "start"))

    # The custom session's form (custom_session.py), as the screen offers it.

    def set_orders(self, orders: Sequence[str]) -> None:
        self.custom.set_orders(orders)

    def refresh_orders(self, *_args: object) -> None:
        self.custom.refresh_orders()

    def preselect(self, categories: Sequence[str] = (), count: int | None = None) -> None:
        self.custom.preselect(categories, count)

    def selected_categories(self) -> list[str]:
        return self.custom.selected_categories()

    def options(self) -> PlanOptions:
        return self.custom.options()

    def _bank_changed(self) -> None:
        if self.bank is None:
            return
        self.custom.fill_categories()
        if not self._start_pending:
            self.show_message("")

    def prefer_custom(self) -> None:
        """The command line chose what to practise: Enter starts the custom session with it."""
        self._custom_first = True
        self.start_button.setDefault(True)
        self.today.button.setDefault(False)
        self.setFocusProxy(self.start_button)
        self.start_button.setFocus()

    def focus_default(self) -> None:
        """The focus where Enter starts what this screen leads with."""
        (self.start_button if self._custom_first else self.today.button).setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))  # no empty line's gap above the quick starts

    def _speech_state_changed(self, speech: str) -> None:
        if speech == "loading":
            # The devices are being (re)opened, with new settings maybe: earlier problems may be gone.
            self.clear_problems()
        self._show_speech_notice()

    def _show_speech_notice(self) -> None:
        loading = self.state.speech_state == "loading"
        text = tr("start.speech_loading", self.lang) if loading else ""
        self.speech_notice.setText(text)
        self.speech_notice.setVisible(bool(text))

    def _add_problem(self, problem: UserMessage | str) -> None:
        """A device or model problem: kept here, where later status lines (the bank count, a
        saved setting) cannot hide it. One short line each; the technical detail (device names,
        exception text) in the tooltip."""
        self._problems.append(problem)
        shown = self._problems[-PROBLEMS_SHOWN:]
        self.problems.setText("\n".join(str(p) for p in shown))
        self.problems.setToolTip("\n\n".join(p.full() if isinstance(p, UserMessage) else p for p in shown))
        self.problems.setVisible(True)
        self._show_fix()

    def _show_fix(self) -> None:
        shown = [p for p in self._problems[-PROBLEMS_SHOWN:] if isinstance(p, UserMessage)]
        fixable = [p.fix for p in shown if p.fix]
        self._fix_page = fixable[-1] if fixable else ""
        self.fix_button.setText(tr(f"fix.open_{self._fix_page}", self.lang) if self._fix_page else "")
        self.fix_button.setVisible(bool(self._fix_page))
        details = "\n".join(p.detail for p in shown if p.detail)
        self.problem_details.setText(details)
        self.details_button.setText(tr("message.details", self.lang))
        self.details_button.setVisible(bool(details))
        if not details:
            self.problem_details.setVisible(False)

    def _fix(self) -> None:
        from interview_sim.qt.errors import FIX_PAGES

        if self._fix_page:
            self.state.settings_requested.emit(FIX_PAGES.get(self._fix_page, ""))

    def clear_problems(self) -> None:
        self._problems.clear()
        self.problems.clear()
        self.problems.setVisible(False)
        self._show_fix()

    def _settings_changed(self, keys: set[str]) -> None:
        self.custom.settings_changed(keys)
        if "question_langs" in keys:
            self.langs.setCurrentIndex(max(0, self.langs.findData(self.state.settings.get("question_langs"))))

    def _langs_chosen(self, index: int) -> None:
        self.state.change_settings({"question_langs": self.langs.itemData(index)})

    def _enter(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self.custom or self.custom.isAncestorOf(focus)):
            self.start()
        else:
            self.start_today()

    def start_today(self) -> None:
        """Today's practice: the plan's questions (it waits for the plan, as for the bank)."""
        self.today.start()

    def start(self) -> None:
        if self.bank is None:
            # Pressed before the questions loaded: it starts when they are there.
            self._start_pending = True
            self.show_message(tr("start.waiting", self.lang))
            return
        self.start_requested.emit(self.options())

    def start_if_pending(self) -> None:
        if self._start_pending and self.bank is not None:
            self._start_pending = False
            self.start()

    def quick_self_introduction(self) -> None:
        from interview_sim.core.interview import self_introduction_options

        self._quick(self_introduction_options(self.think.value()))

    def quick_random_technical(self) -> None:
        from interview_sim.core.interview import random_technical_options

        self._quick(random_technical_options(self.think.value()))

    def _quick(self, options: PlanOptions) -> None:
        from dataclasses import replace

        if self.bank is None:
            self.show_message(tr("start.waiting", self.lang))
            return
        self.start_requested.emit(replace(options, langs=question_langs(self.state)))
