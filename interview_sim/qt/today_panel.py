"""The start screen's lead: today's practice (``core/today.py``), one key to start it.

It shows how many questions are due, the streak of days, today's answers against the daily goal
(one quiet line: nothing nags), the weakest categories and the last session's three things to
work on; an archive with nothing in it reads as a first day. The plan is computed off the GUI
thread, again when answers are saved, the bank or the goal or the question language change, and
when the day changes; while the screen is hidden (an interview is on) it waits until shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout

from interview_sim.core.categories import CATEGORIES, LANG_CHOICES
from interview_sim.qt.theme import ERROR, MUTED, ToneLabel

# The planner and the archive are imported in the worker: not before the window's first paint.
if TYPE_CHECKING:
    from interview_sim.core.interview import PlanOptions
    from interview_sim.core.storage import Database
    from interview_sim.core.today import TodayPlan
    from interview_sim.qt.app_state import AppState

# Settings whose change changes the plan.
PLAN_SETTINGS = frozenset({"daily_goal", "question_langs"})
# How often the panel looks whether the day has changed (a timer set for midnight would fire
# late after a suspend; a minute's look at the date costs nothing).
DAY_CHECK_MS = 60_000


def question_langs(state: AppState) -> tuple[str, ...]:
    return LANG_CHOICES[state.settings.get("question_langs")]


class TodayPanel(QFrame):
    start_requested = Signal(object)  # PlanOptions with the plan's question ids

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setObjectName("today_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.state = state
        self.plan: TodayPlan | None = None
        self._computing = False
        self._stale = False
        self._start_pending = False
        self._waiting_for_devices = False
        self.current_day = date.today  # the clock for the day check (a test moves it on)

        self.heading = QLabel()
        self.heading.setObjectName("today_heading")
        self.summary = QLabel()  # due, or the first day's welcome
        self.summary.setObjectName("today_due")
        self.summary.setWordWrap(True)
        self.streak = QLabel()
        self.streak.setObjectName("today_streak")
        self.streak.setWordWrap(True)
        self.goal = ToneLabel(MUTED)
        self.goal.setObjectName("today_goal")
        self.goal.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("today_start")
        self.button.setDefault(True)
        self.button.setMinimumHeight(48)
        self.button.clicked.connect(self.start)
        self.notice = ToneLabel(None)
        self.notice.setObjectName("today_notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.weakest = QLabel()
        self.weakest.setObjectName("today_weakest")
        self.weakest.setWordWrap(True)
        self.focus_title = QLabel()
        self.focus_title.setObjectName("today_focus_title")
        self.focus_list = QLabel()
        self.focus_list.setObjectName("today_focus")
        self.focus_list.setWordWrap(True)
        self._scale_fonts()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.streak)
        layout.addWidget(self.goal)
        layout.addSpacing(4)
        layout.addWidget(self.button)
        layout.addWidget(self.notice)
        layout.addSpacing(4)
        layout.addWidget(self.weakest)
        layout.addWidget(self.focus_title)
        layout.addWidget(self.focus_list)
        layout.addStretch(1)

        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_day)
        state.bank_changed.connect(self.refresh)
        state.attempts_changed.connect(self.refresh)
        state.debrief_changed.connect(self.refresh)
        state.settings_changed.connect(self._settings_changed)
        state.language_changed.connect(self.render)
        state.devices_changed.connect(self._devices_settled)
        state.speech_state_changed.connect(self._devices_settled)
        self.render()

    def _scale_fonts(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        bold = QFont(self.font())
        bold.setBold(True)
        self.focus_title.setFont(bold)
        self.button.setFont(bold)

    # -- computing the plan -------------------------------------------------------------------

    def _settings_changed(self, keys: set[str]) -> None:
        if keys & PLAN_SETTINGS:
            self.refresh()

    def refresh(self, *_args: object) -> None:
        """Compute today's plan again, now if shown, else when next shown."""
        if self.state.bank is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        if self.state.db is None and self.state.speech_state == "loading":
            # The devices are opening the archive (checking and repairing it): read it after.
            self._waiting_for_devices = True
            return
        self._stale = False
        self._computing = True
        if self.plan is None:
            self.render()
        self.state.with_db(self._compute, owner=self)

    def _devices_settled(self, *_args: object) -> None:
        if self._waiting_for_devices and (self.state.db is not None or self.state.speech_state != "loading"):
            self._waiting_for_devices = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or (self.plan is None and not self._computing):
            self.refresh()
        else:
            self.check_day()

    def _compute(self, db: Database) -> None:
        state, bank = self.state, self.state.bank
        if bank is None:
            return
        templates = state.templates
        goal = state.settings.get("daily_goal")
        langs = question_langs(state)

        def work() -> TodayPlan:
            from interview_sim.core.today import today_plan

            return today_plan(db, bank, templates, goal=goal, langs=langs)

        state.tasks.run(
            work, owner=self, key="today", on_done=self._planned, on_error=self._failed, uses_db=True
        )

    def _planned(self, plan: TodayPlan) -> None:
        self.plan = plan
        self._computing = False
        self._day_timer.start()
        self.render()
        if self._start_pending:
            self._start_pending = False
            self.start()

    def _failed(self, exc: BaseException) -> None:
        self._computing = False
        self._start_pending = False
        self._show_notice(self.state.text("today.failed", error=exc), ERROR)

    def check_day(self) -> None:
        """Past midnight, "today" is another day: its own due questions, goal and streak."""
        if self.plan is not None and not self._computing and self.current_day() != self.plan.day:
            self.refresh()

    # -- showing it -----------------------------------------------------------------------------

    def _show_notice(self, text: str, tone: tuple[str, str] | None = None) -> None:
        self.notice.set_tone(tone)
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def render(self, *_args: object) -> None:
        text, plan = self.state.text, self.plan
        self.heading.setText(text("today.title"))
        self.button.setToolTip(text("today.start_tip"))
        if plan is None:
            self.summary.setText(text("today.loading"))
            for label in (self.streak, self.goal, self.weakest, self.focus_title, self.focus_list):
                label.setVisible(False)
            self.button.setText(text("today.title"))
            return
        self._show_notice("")
        upcoming = plan.next_questions
        if plan.practice:
            self.button.setText(text("today.start", count=len(upcoming)))
        elif upcoming:
            self.button.setText(text("today.more", count=len(upcoming)))
        else:
            self.button.setText(text("today.title"))
            self._show_notice(text("today.nothing_left"), MUTED)
        self.button.setEnabled(bool(upcoming))
        if plan.first_day:
            self._render_first_day(plan)
        else:
            self._render_history(plan)

    def _render_first_day(self, plan: TodayPlan) -> None:
        text = self.state.text
        self.summary.setText(text("today.first_day", count=len(plan.next_questions)))
        self.streak.setText(text("today.first_day_more"))
        self.streak.setVisible(True)
        self.goal.setText(text("today.goal_first", goal=plan.goal))
        self.goal.setVisible(True)
        for label in (self.weakest, self.focus_title, self.focus_list):
            label.setVisible(False)

    def _render_history(self, plan: TodayPlan) -> None:
        text, lang = self.state.text, self.state.lang
        due = text("today.due", count=len(plan.due)) if plan.due else text("today.due_none")
        picked = text("today.picked", count=len(plan.picked)) if plan.picked else ""
        self.summary.setText(f"{due} · {picked}" if picked else due)
        self.streak.setText(
            text("today.streak", count=plan.streak_days) if plan.streak_days else text("today.streak_none")
        )
        self.streak.setVisible(True)
        key = "today.goal_met" if plan.goal_met else "today.goal"
        self.goal.setText(text(key, done=plan.done_today, goal=plan.goal))
        self.goal.setVisible(True)
        # Names only: a bare "2%" beside a category says little; the figures are in the tooltip.
        index = 0 if lang == "ko" else 1
        names = [
            (CATEGORIES.get(category, (category, category))[index], score)
            for category, score in plan.weakest_categories
        ]
        self.weakest.setText(text("today.weakest", categories=", ".join(name for name, _ in names)))
        self.weakest.setToolTip("\n".join(f"{name}: {score * 100:.0f}%" for name, score in names))
        self.weakest.setVisible(bool(names))
        # Named here, not at construction: the Qt namespace is left out of the first paint.
        from PySide6.QtCore import Qt

        from interview_sim.core.today import FOCUS_DEBRIEF  # loaded by the worker already

        # A debrief's sentences are the model's words: plain text, never markup.
        self.focus_list.setTextFormat(Qt.TextFormat.PlainText)

        self.focus_title.setText(
            text("today.focus_title_debrief" if plan.focus_source == FOCUS_DEBRIEF else "today.focus_title")
        )
        self.focus_title.setVisible(plan.last_session_id is not None)
        # In the interface's language: the panel around it speaks that one.
        items = [f"{number}. {item.text(lang)}" for number, item in enumerate(plan.focus, start=1)]
        self.focus_list.setText("\n".join(items) if items else text("today.focus_none"))
        self.focus_list.setVisible(plan.last_session_id is not None)

    # -- starting -------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the plan's questions; asked before the plan is ready (or while it is being
        brought up to date), it starts as soon as it is."""
        if self.plan is None or self._computing:
            self._start_pending = True
            self._show_notice(self.state.text("today.loading"), MUTED)
            if self.plan is None and not self._computing:
                self.refresh()
            return
        options = self.options()
        if options is not None:
            self.start_requested.emit(options)

    def options(self) -> PlanOptions | None:
        from interview_sim.core.interview import PlanOptions

        ids = tuple(self.plan.next_questions) if self.plan is not None else ()
        if not ids:
            return None
        settings = self.state.settings
        return PlanOptions(
            question_ids=ids,
            langs=question_langs(self.state),
            count=len(ids),
            think_s=float(settings.get("think_time_s")),
            review=settings.get("review_mode"),
        )
