"""The start screen's custom session: the categories, kind, count, order, follow-ups, think time
and review mode, and its own start button (Ctrl+Enter from anywhere on the start screen).

It keeps itself current from the app's state: the bank's categories in the chosen question
language, the orders the archive allows, the defaults from the settings. Imported before the
first paint: no ``Qt`` enums until the bank is there (see ``start_screen.screen_shortcut``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from interview_sim.core.categories import CATEGORIES, KINDS, ORDERS, available_orders
from interview_sim.i18n import tr
from interview_sim.qt.today_panel import question_langs

if TYPE_CHECKING:
    from interview_sim.core.interview import PlanOptions
    from interview_sim.qt.app_state import AppState


class CustomSession(QGroupBox):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setObjectName("custom_session")
        self.state = state
        self._orders: tuple[str, ...] = available_orders()
        self.categories_label = QLabel()
        self.categories = QListWidget()
        self.categories.setObjectName("start_categories")
        self.categories.setSpacing(2)
        self.categories_label.setBuddy(self.categories)
        self._build_form(state.settings.get("think_time_s"), state.settings.get("review_mode"))
        self.start_button = QPushButton()
        self.start_button.setObjectName("start")
        self.start_button.setMinimumHeight(36)
        layout = QVBoxLayout(self)
        layout.addWidget(self.categories_label)
        layout.addWidget(self.categories, 1)
        layout.addLayout(self.form)
        layout.addWidget(self.start_button)
        # The orders that need practice data: asked again when the archive opens or changes.
        state.devices_changed.connect(self.refresh_orders)
        state.attempts_changed.connect(self.refresh_orders)

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

    @property
    def lang(self) -> str:
        return self.state.lang

    def retranslate(self) -> None:
        lang = self.lang
        self.setTitle(tr("start.custom", lang))
        self.categories_label.setText(tr("start.categories", lang))
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
        self.start_button.setToolTip(tr("start.custom_tip", lang))
        self.fill_categories()

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

        self.state.tasks.run(
            lambda: orders_with_history(db),
            owner=self,
            key="orders",
            on_done=self.set_orders,
            on_error=self._orders_failed,
            uses_db=True,
        )

    def _orders_failed(self, exc: BaseException) -> None:
        from interview_sim.qt.errors import describe_failure

        self.state.problem.emit(describe_failure("start.orders_failed", exc, self.state.lang))

    def fill_categories(self) -> None:
        """The bank's categories with their number of questions in the chosen language."""
        bank = self.state.bank
        if bank is None:
            return
        from PySide6.QtCore import Qt  # the bank comes after the first paint

        ticked = set(self.selected_categories())
        langs = question_langs(self.state)
        self.categories.clear()
        for key, names in CATEGORIES.items():
            # A question and its edition are one question to ask (both languages: asked once).
            count = len({q.edition_of or q.id for q in bank.select([key], langs=langs)})
            if not count:
                continue
            item = QListWidgetItem(f"{names[0 if self.lang == 'ko' else 1]}  ({count})")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in ticked else Qt.CheckState.Unchecked)
            self.categories.addItem(item)

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

    def settings_changed(self, keys: set[str]) -> None:
        settings = self.state.settings
        if "think_time_s" in keys:
            self.think.setValue(settings.get("think_time_s"))
        if "review_mode" in keys:
            self._review_initial = settings.get("review_mode")
            self.review.setCurrentIndex(max(0, self.review.findData(self._review_initial)))
        if "question_langs" in keys:
            self.fill_categories()  # the counts are of this language

    def options(self) -> PlanOptions:
        from interview_sim.core.interview import PlanOptions

        kind = self.kind.currentData()
        return PlanOptions(
            categories=tuple(self.selected_categories()),
            kinds=(kind,) if kind else (),
            langs=question_langs(self.state),
            count=self.count.value(),
            order=self.order.currentData() or "bank",
            follow_ups=self.follow_ups.isChecked(),
            think_s=float(self.think.value()),
            review=self.review.currentData() or "each",
        )
