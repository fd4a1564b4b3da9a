"""The start screen: what to practise, and the two one-click quick starts. Enter starts.

It keeps itself current from the app's state: the bank's categories, the orders the archive
allows, the defaults from the settings, the devices' loading notice, the problems, the language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.categories import CATEGORIES, KINDS, ORDERS, available_orders
from interview_sim.i18n import UserMessage, tr
from interview_sim.qt.theme import ERROR, MUTED, ToneLabel

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
        self._orders: tuple[str, ...] = available_orders()
        self._start_pending = False
        self._problems: list[UserMessage | str] = []
        think_s, review = state.settings.get("think_time_s"), state.settings.get("review_mode")

        self.title = QLabel()
        self._scale_fonts()

        self.categories_box = QGroupBox()
        self.categories = QListWidget()
        self.categories.setObjectName("start_categories")
        self.categories.setSpacing(3)
        box_layout = QVBoxLayout(self.categories_box)
        box_layout.addWidget(self.categories)
        self._build_form(think_s, review)
        right = self._build_side()
        columns = QHBoxLayout()
        columns.addWidget(self.categories_box, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)

        # Enter anywhere on this screen starts, even with focus in the list or a spin box.
        for enter in ("Return", "Enter"):
            screen_shortcut(enter, self).activated.connect(self.start)
        self._help: HelpOverlay | None = None  # built when first asked for: not on the first paint
        for help_key in ("F1", "?"):
            screen_shortcut(help_key, self).activated.connect(self.toggle_help)
        state.language_changed.connect(self.retranslate)
        state.bank_changed.connect(self._bank_changed)
        state.settings_changed.connect(self._settings_changed)
        state.speech_state_changed.connect(self._speech_state_changed)
        state.problem.connect(self._add_problem)
        state.language_changed.connect(lambda _lang: self._show_fix())
        # The orders that need practice data: asked again when the archive opens or changes.
        state.devices_changed.connect(self.refresh_orders)
        state.attempts_changed.connect(self.refresh_orders)
        self.retranslate()

    def _build_form(self, think_s: int, review: str) -> None:
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.count = QSpinBox()
        self.count.setObjectName("count")
        self.count.setRange(1, 100)
        self.count.setValue(5)
        self.order = QComboBox()
        self.order.setObjectName("order")
        self.follow_ups = QCheckBox()
        self.follow_ups.setObjectName("follow_ups")
        self.think = QSpinBox()
        self.think.setObjectName("think")
        self.think.setRange(0, 120)
        self.think.setValue(think_s)
        self.review = QComboBox()
        self.review.setObjectName("review")
        self._review_initial = review

        self.form = QFormLayout()
        self.form_labels: dict[str, QLabel] = {}
        for key, field in (
            ("start.kind", self.kind),
            ("start.count", self.count),
            ("start.order", self.order),
            ("", self.follow_ups),
            ("start.think", self.think),
            ("start.review", self.review),
        ):
            label = QLabel()
            label.setBuddy(field)
            self.form_labels[key] = label
            self.form.addRow(label, field)

    def _build_side(self) -> QVBoxLayout:
        """The form, the start button, messages and the quick starts, top to bottom."""
        self.start_button = QPushButton()
        self.start_button.setObjectName("start")
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(40)
        self.start_button.clicked.connect(self.start)
        self.setFocusProxy(self.start_button)  # coming back to this screen: Enter starts
        self.message = QLabel()
        self.message.setObjectName("start_message")
        self.message.setWordWrap(True)
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
        quick_layout.addStretch(1)

        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.start_button)
        right.addWidget(self.message)
        right.addWidget(self.speech_notice)
        right.addWidget(self.problems)
        fixes = QHBoxLayout()
        fixes.addWidget(self.fix_button)
        fixes.addWidget(self.details_button)
        fixes.addStretch(1)
        right.addLayout(fixes)
        right.addWidget(self.problem_details)
        right.addWidget(self.quick_box)
        right.addStretch(1)
        return right

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def bank(self) -> Bank | None:
        return self.state.bank

    def retranslate(self) -> None:
        lang = self.lang
        self.title.setText(tr("start.title", lang))
        self.categories_box.setTitle(tr("start.categories", lang))
        for key, label in self.form_labels.items():
            label.setText(tr(key, lang) if key else "")
        kind = self.kind.currentData()
        self.kind.clear()
        self.kind.addItem(tr("start.kind_any", lang), "")
        for key, names in KINDS.items():
            self.kind.addItem(names[0 if lang == "ko" else 1], key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.set_orders(self._orders)
        self.follow_ups.setText(tr("start.follow_ups", lang))
        self.think.setSuffix(tr("start.seconds", lang))
        review = self.review.currentData() or self._review_initial
        self.review.clear()
        for mode in ("each", "end"):
            self.review.addItem(tr(f"review.{mode}", lang), mode)
        self.review.setCurrentIndex(max(0, self.review.findData(review)))
        self.start_button.setText(tr("start.start", lang))
        self.start_button.setToolTip(tr("start.start_tip", lang))
        self.quick_box.setTitle(tr("start.quick", lang))
        self.quick_intro.setText(tr("start.quick_intro", lang))
        self.quick_technical.setText(tr("start.quick_technical", lang))
        self._show_speech_notice()
        if self.bank is not None:
            self._bank_changed()

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

        self.help.toggle(shortcuts_html(self.lang))

    def set_orders(self, orders: Sequence[str]) -> None:
        """Orders that need practice data stay visible but disabled until the data exists."""
        self._orders = tuple(orders)
        current = self.order.currentData() or "bank"
        self.order.clear()
        for order in ORDERS:
            self.order.addItem(tr(f"order.{order}", self.lang), order)
            index = self.order.count() - 1
            if order not in self._orders:
                item = self.order.model().item(index)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(tr("order.needs_data", self.lang))
        self.order.setCurrentIndex(self.order.findData(current if current in self._orders else "bank"))

    def refresh_orders(self, *_args: object) -> None:
        """Offer "weakest first" and "due for review" once the archive has data behind them;
        the archive is read off the GUI thread."""
        db = self.state.devices.db
        if db is None:
            return
        from interview_sim.core.interview import orders_with_history

        state = self.state
        state.tasks.run(
            lambda: orders_with_history(db),
            owner=self,
            key="orders",
            on_done=self.set_orders,
            on_error=self._orders_failed,
            uses_db=True,
        )

    def _bank_changed(self) -> None:
        from PySide6.QtCore import Qt  # the bank comes after the first paint (see screen_shortcut)

        bank = self.bank
        if bank is None:
            return
        ticked = set(self.selected_categories())
        self.categories.clear()
        for key, names in CATEGORIES.items():
            count = len(bank.select([key]))
            if not count:
                continue
            item = QListWidgetItem(f"{names[0 if self.lang == 'ko' else 1]}  ({count})")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in ticked else Qt.CheckState.Unchecked)
            self.categories.addItem(item)
        if not self._start_pending:
            self.message.clear()

    def preselect(self, categories: Sequence[str] = (), count: int | None = None) -> None:
        from PySide6.QtCore import Qt

        wanted = set(categories)
        for row in range(self.categories.count()):
            item = self.categories.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if count is not None:
            self.count.setValue(count)

    def selected_categories(self) -> list[str]:
        from PySide6.QtCore import Qt

        return [
            self.categories.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.categories.count())
            if self.categories.item(row).checkState() == Qt.CheckState.Checked
        ]

    def options(self) -> PlanOptions:
        from interview_sim.core.interview import PlanOptions

        kind = self.kind.currentData()
        return PlanOptions(
            categories=tuple(self.selected_categories()),
            kinds=(kind,) if kind else (),
            count=self.count.value(),
            order=self.order.currentData() or "bank",
            follow_ups=self.follow_ups.isChecked(),
            think_s=float(self.think.value()),
            review=self.review.currentData() or "each",
        )

    def show_message(self, text: str) -> None:
        self.message.setText(text)

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

    def _orders_failed(self, exc: BaseException) -> None:
        from interview_sim.qt.errors import describe_failure

        self.state.problem.emit(describe_failure("start.orders_failed", exc, self.lang))

    def clear_problems(self) -> None:
        self._problems.clear()
        self.problems.clear()
        self.problems.setVisible(False)
        self._show_fix()

    def _settings_changed(self, keys: set[str]) -> None:
        settings = self.state.settings
        if "think_time_s" in keys:
            self.think.setValue(settings.get("think_time_s"))
        if "review_mode" in keys:
            self._review_initial = settings.get("review_mode")
            self.review.setCurrentIndex(max(0, self.review.findData(self._review_initial)))

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
        if self.bank is None:
            self.show_message(tr("start.waiting", self.lang))
            return
        self.start_requested.emit(options)
