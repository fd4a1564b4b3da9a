"""The settings window's simple pages (general, interview) and what every page shares.

A page edits a copy of some settings: it reads them from ``state.settings`` once, and
:meth:`SettingsPage.values` returns what the user chose; the window compares and hands on only
the changed ones. Labels come from the catalogue (``setting.<name>``), in the UI language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from interview_sim.core.settings import BY_KEY
from interview_sim.i18n import plural_category, setting_label
from interview_sim.qt.app_state import AppState


def select(combo: QComboBox, value: Any) -> None:
    """Make the item whose data is ``value`` current (nothing changes when none has it)."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class SettingsPage(QWidget):
    """A form of settings; ``notice`` carries a message (str or UserMessage) for the window."""

    notice = Signal(object)

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def label(self, key: str) -> str:
        return setting_label(key, self.state.lang)

    def choice(self, key: str, options: tuple[str, ...], text_key: str) -> QComboBox:
        """A list of ``options`` for the setting ``key``, each shown as ``text_key.format(option)``."""
        combo = QComboBox()
        combo.setObjectName(key)
        for option in options:
            combo.addItem(self.state.text(text_key.format(option)), option)
        select(combo, self.state.settings.get(key))
        return combo

    def values(self) -> dict[str, Any]:
        raise NotImplementedError


class GeneralPage(SettingsPage):
    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.language = self.choice("ui_language", ("ko", "en"), "settings.language_{}")
        self.theme = self.choice("theme", ("system", "light", "dark"), "settings.theme_{}")
        self.font_size = QSpinBox()
        self.font_size.setObjectName("font_size")
        declared = BY_KEY["font_size"]
        self.font_size.setRange(int(declared.minimum or 8), int(declared.maximum or 32))
        self.font_size.setValue(state.settings.get("font_size"))
        self.font_size.setSuffix(" pt")
        self.form.addRow(self.label("ui_language"), self.language)
        self.form.addRow(self.label("theme"), self.theme)
        self.form.addRow(self.label("font_size"), self.font_size)

    def values(self) -> dict[str, Any]:
        return {
            "ui_language": self.language.currentData(),
            "theme": self.theme.currentData(),
            "font_size": self.font_size.value(),
        }


class InterviewPage(SettingsPage):
    """How an interview runs, and the target length of each answer template."""

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        settings, seconds = state.settings, state.text("start.seconds")
        self.think = QSpinBox()
        self.think.setObjectName("think_time_s")
        self.think.setRange(0, 120)
        self.think.setSuffix(seconds)
        self.think.setValue(settings.get("think_time_s"))
        self.review = self.choice("review_mode", ("each", "end"), "review.{}")
        self.live_captions = QCheckBox()
        self.live_captions.setObjectName("live_captions")
        self.live_captions.setChecked(settings.get("live_captions"))
        self.stop_on_silence = QCheckBox()
        self.stop_on_silence.setObjectName("stop_on_silence")
        self.stop_on_silence.setChecked(settings.get("stop_on_silence"))
        self.silence = QDoubleSpinBox()
        self.silence.setObjectName("silence_s")
        self.silence.setRange(1.0, 30.0)
        self.silence.setDecimals(1)
        self.silence.setSuffix(seconds)
        self.silence.setValue(settings.get("silence_s"))
        self.daily_goal = self._daily_goal_field()
        for key, field in (
            ("think_time_s", self.think),
            ("review_mode", self.review),
            ("live_captions", self.live_captions),
            ("stop_on_silence", self.stop_on_silence),
            ("silence_s", self.silence),
            ("daily_goal", self.daily_goal),
        ):
            self.form.addRow(self.label(key), field)
        self._template_rows()

    def _daily_goal_field(self) -> QSpinBox:
        """Answers a day (issue 15): "하루 목표 [5]개", "[5] answers a day"."""
        spin = QSpinBox()
        spin.setObjectName("daily_goal")
        declared = BY_KEY["daily_goal"]
        spin.setRange(int(declared.minimum or 1), int(declared.maximum or 100))

        def unit(value: int) -> None:
            one = plural_category(self.state.lang, value) == "one"
            spin.setSuffix(self.state.text("today.goal_unit_one" if one else "today.goal_unit"))

        spin.valueChanged.connect(unit)
        spin.setValue(self.state.settings.get("daily_goal"))
        unit(spin.value())
        return spin

    def _template_rows(self) -> None:
        hint = QLabel(self.state.text("settings.templates_hint"))
        hint.setWordWrap(True)
        self.form.addRow(QLabel(f"<b>{self.state.text('settings.templates')}</b>"))
        self.form.addRow(hint)
        # A copy: the state's templates may be replaced while the window is open.
        self.templates = dict(self.state.templates)
        self.template_targets: dict[str, QSpinBox] = {}
        for template in self.templates.values():
            spin = QSpinBox()
            spin.setObjectName(f"template_{template.id}")
            spin.setRange(10, 900)
            spin.setSingleStep(5)
            spin.setSuffix(self.state.text("start.seconds"))
            spin.setValue(round(template.target_s))
            self.template_targets[template.id] = spin
            self.form.addRow(template.label(self.state.lang), spin)

    def values(self) -> dict[str, Any]:
        return {
            "think_time_s": self.think.value(),
            "review_mode": self.review.currentData(),
            "live_captions": self.live_captions.isChecked(),
            "stop_on_silence": self.stop_on_silence.isChecked(),
            "silence_s": float(self.silence.value()),
            "daily_goal": self.daily_goal.value(),
        }

    def changed_targets(self) -> dict[str, float]:
        """Template id -> the new target, for the templates whose target the user changed."""
        return {
            tid: float(spin.value())
            for tid, spin in self.template_targets.items()
            if spin.value() != round(self.templates[tid].target_s)
        }
