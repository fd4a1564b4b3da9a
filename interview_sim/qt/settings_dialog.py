"""The settings window: every declared setting, edited with the keyboard (Tab, arrows, Enter, Esc).

It edits a copy of the values; OK hands the changed values to the caller, which saves and applies
them. Lists of devices and voices, the microphone test, the spoken sample and the model download
go through :class:`SettingsServices` on worker threads, so the window never waits on a device.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.settings import BY_KEY, Settings
from interview_sim.core.templates import Template
from interview_sim.devices.tts import pick_voice
from interview_sim.i18n import no_korean_voice, tr
from interview_sim.qt.errors import describe_error
from interview_sim.qt.settings_services import WHISPER_SIZE, LevelProbe, SettingsServices
from interview_sim.qt.tasks import run_in_background
from interview_sim.qt.theme import ERROR, ToneLabel
from interview_sim.qt.widgets import LevelMeter

METER_MS = 50
ENGINES = ("vosk", "faster-whisper", "google")
WHISPER_APPROX = {"small": "480 MB"}


@dataclass
class SettingsChanges:
    values: dict[str, Any] = field(default_factory=dict)  # only the settings that changed
    template_targets: dict[str, float] = field(default_factory=dict)  # template id -> new target


class _Relay(QObject):
    """Download progress from the worker thread to the window, through queued signals."""

    progress = Signal(int, int)
    consent = Signal(str, int)


def is_vosk_model(folder: str) -> bool:
    path = Path(folder)
    return (path / "am").is_dir() or (path / "final.mdl").exists()


def voices_for(voices: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Voices that speak ``lang`` first; espeak offers a hundred languages nobody wants here."""

    def speaks(v: dict[str, Any]) -> bool:
        langs = [str(x).lower().replace("_", "-") for x in v.get("languages", [])]
        vid = str(v.get("id", "")).lower()
        return any(x == lang or x.startswith(lang + "-") for x in langs) or vid.rsplit("/", 1)[-1] == lang

    matching = [v for v in voices if speaks(v)]
    return matching or list(voices)


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        services: SettingsServices,
        lang: str,
        templates: dict[str, Template] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.settings = settings
        self.services = services
        self.lang = lang
        self.templates = dict(templates or {})
        self.changes = SettingsChanges()
        self._probe: LevelProbe | None = None
        self._download_cancel = threading.Event()
        self._downloading = False
        self._relay = _Relay()
        self._relay.progress.connect(self._download_progress)
        self._relay.consent.connect(self._answer_consent)
        self._consent = (threading.Event(), threading.Event())  # (given, answered)
        self.setWindowTitle(tr("settings.title", lang))
        self.resize(720, 560)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_page(), tr("settings.tab_general", lang))
        self.tabs.addTab(self._sound_page(), tr("settings.tab_sound", lang))
        self.tabs.addTab(self._recognition_page(), tr("settings.tab_recognition", lang))
        self.tabs.addTab(self._interview_page(), tr("settings.tab_interview", lang))
        self.message = ToneLabel(ERROR)
        self.message.setObjectName("settings_message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        # Qt's own button texts stay English without its translation files; ours are set here.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("settings.ok", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("settings.cancel", lang))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.tabs.setFocus()
        self.meter_timer = QTimer(self)
        self.meter_timer.setInterval(METER_MS)
        self.meter_timer.timeout.connect(self._read_meter)
        self._load_lists()

    # -- pages ------------------------------------------------------------------------------

    def _label(self, key: str) -> str:
        setting = BY_KEY[key]
        return setting.label_ko if self.lang == "ko" else setting.label_en

    def _form_page(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return page, form

    def _general_page(self) -> QWidget:
        page, form = self._form_page()
        self.language = QComboBox()
        self.language.setObjectName("ui_language")
        for code in ("ko", "en"):
            self.language.addItem(tr(f"settings.language_{code}", self.lang), code)
        self._select(self.language, self.settings.get("ui_language"))
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        for theme in ("system", "light", "dark"):
            self.theme.addItem(tr(f"settings.theme_{theme}", self.lang), theme)
        self._select(self.theme, self.settings.get("theme"))
        self.font_size = QSpinBox()
        self.font_size.setObjectName("font_size")
        self.font_size.setRange(int(BY_KEY["font_size"].minimum or 8), int(BY_KEY["font_size"].maximum or 32))
        self.font_size.setValue(self.settings.get("font_size"))
        self.font_size.setSuffix(" pt")
        form.addRow(self._label("ui_language"), self.language)
        form.addRow(self._label("theme"), self.theme)
        form.addRow(self._label("font_size"), self.font_size)
        return page

    def _sound_page(self) -> QWidget:
        page, form = self._form_page()
        self.input_device = self._device_combo("input_device")
        self.mic_test = QPushButton(tr("settings.mic_test", self.lang))
        self.mic_test.setObjectName("mic_test")
        self.mic_test.setCheckable(True)
        self.mic_test.toggled.connect(self._toggle_mic_test)
        self.meter = LevelMeter()
        self.meter.setObjectName("settings_level")
        self.mic_hint = QLabel()
        self.mic_hint.setWordWrap(True)
        mic_row = QHBoxLayout()
        mic_row.addWidget(self.mic_test)
        mic_row.addWidget(self.meter, 1)
        self.output_device = self._device_combo("output_device")
        self.voice_ko = self._voice_combo("tts_voice_ko")
        self.voice_en = self._voice_combo("tts_voice_en")
        self.rate = QSpinBox()
        self.rate.setObjectName("tts_rate")
        self.rate.setRange(int(BY_KEY["tts_rate"].minimum or 60), int(BY_KEY["tts_rate"].maximum or 400))
        self.rate.setSingleStep(10)
        self.rate.setValue(self.settings.get("tts_rate"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("tts_volume")
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.volume.setValue(round(self.settings.get("tts_volume") * 100))
        self.sample = QPushButton(tr("settings.speak_sample", self.lang))
        self.sample.setObjectName("speak_sample")
        self.sample.clicked.connect(self.speak_sample)
        self.sample_status = QLabel()
        self.sample_status.setObjectName("sample_status")
        self.sample_status.setWordWrap(True)
        sample_row = QHBoxLayout()
        sample_row.addWidget(self.sample)
        sample_row.addWidget(self.sample_status, 1)
        form.addRow(self._label("input_device"), self.input_device)
        form.addRow("", mic_row)
        form.addRow("", self.mic_hint)
        form.addRow(self._label("output_device"), self.output_device)
        form.addRow(self._label("tts_voice_ko"), self.voice_ko)
        form.addRow(self._label("tts_voice_en"), self.voice_en)
        form.addRow(self._label("tts_rate"), self.rate)
        form.addRow(self._label("tts_volume"), self.volume)
        form.addRow("", sample_row)
        return page

    def _device_combo(self, key: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        combo.addItem(tr("settings.default_device", self.lang), "")
        current = self.settings.get(key)
        if current:
            combo.addItem(current, current)
            self._select(combo, current)
        return combo

    def _voice_combo(self, key: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        combo.addItem(tr("settings.auto_voice", self.lang), "")
        current = self.settings.get(key)
        if current:
            combo.addItem(current, current)
            self._select(combo, current)
        return combo

    def _recognition_page(self) -> QWidget:
        page, form = self._form_page()
        self.engine = QComboBox()
        self.engine.setObjectName("stt_engine")
        for engine in ENGINES:
            self.engine.addItem(tr(f"settings.engine_{engine}", self.lang), engine)
        self._select(self.engine, self.settings.get("stt_engine"))
        self.online_warning = ToneLabel(ERROR, tr("settings.online_warning", self.lang))
        self.online_warning.setObjectName("online_warning")
        self.online_warning.setWordWrap(True)
        bold = QFont()  # only the weight set: the size still follows the app's font setting
        bold.setBold(True)
        self.online_warning.setFont(bold)
        # Where the chosen engine sends the audio, for every engine, not only the online one.
        self.engine_privacy = QLabel()
        self.engine_privacy.setObjectName("engine_privacy")
        self.engine_privacy.setWordWrap(True)
        self.engine.currentIndexChanged.connect(self._engine_changed)
        self.whisper_status = QLabel()
        self.whisper_status.setObjectName("whisper_status")
        self.whisper_download = QPushButton(tr("settings.whisper_download", self.lang))
        self.whisper_download.setObjectName("whisper_download")
        self.whisper_download.clicked.connect(self.download_whisper)
        self.whisper_cancel = QPushButton(tr("settings.whisper_cancel", self.lang))
        self.whisper_cancel.setObjectName("whisper_cancel")
        self.whisper_cancel.clicked.connect(self._download_cancel.set)
        self.whisper_cancel.setVisible(False)
        self.whisper_progress = QProgressBar()
        self.whisper_progress.setObjectName("whisper_progress")
        self.whisper_progress.setVisible(False)
        whisper_row = QHBoxLayout()
        whisper_row.addWidget(self.whisper_status, 1)
        whisper_row.addWidget(self.whisper_download)
        whisper_row.addWidget(self.whisper_cancel)
        self.vosk_en = QLineEdit(self.settings.get("vosk_model_en_path"))
        self.vosk_en.setObjectName("vosk_model_en_path")
        self.vosk_en.setPlaceholderText(tr("settings.vosk_en_hint", self.lang))
        self.vosk_en.setToolTip(tr("settings.vosk_en_hint", self.lang))
        browse = QPushButton(tr("settings.browse", self.lang))
        browse.clicked.connect(self._browse_vosk)
        vosk_row = QHBoxLayout()
        vosk_row.addWidget(self.vosk_en, 1)
        vosk_row.addWidget(browse)
        form.addRow(self._label("stt_engine"), self.engine)
        form.addRow("", self.online_warning)
        form.addRow("", self.engine_privacy)
        form.addRow(tr("settings.whisper_model", self.lang), whisper_row)
        form.addRow("", self.whisper_progress)
        form.addRow(self._label("vosk_model_en_path"), vosk_row)
        self._engine_changed()
        return page

    def _interview_page(self) -> QWidget:
        page, form = self._form_page()
        self.think = QSpinBox()
        self.think.setObjectName("think_time_s")
        self.think.setRange(0, 120)
        self.think.setSuffix(tr("start.seconds", self.lang))
        self.think.setValue(self.settings.get("think_time_s"))
        self.review = QComboBox()
        self.review.setObjectName("review_mode")
        for mode in ("each", "end"):
            self.review.addItem(tr(f"review.{mode}", self.lang), mode)
        self._select(self.review, self.settings.get("review_mode"))
        self.live_captions = QCheckBox()
        self.live_captions.setObjectName("live_captions")
        self.live_captions.setChecked(self.settings.get("live_captions"))
        self.stop_on_silence = QCheckBox()
        self.stop_on_silence.setObjectName("stop_on_silence")
        self.stop_on_silence.setChecked(self.settings.get("stop_on_silence"))
        self.silence = QDoubleSpinBox()
        self.silence.setObjectName("silence_s")
        self.silence.setRange(1.0, 30.0)
        self.silence.setDecimals(1)
        self.silence.setSuffix(tr("start.seconds", self.lang))
        self.silence.setValue(self.settings.get("silence_s"))
        form.addRow(self._label("think_time_s"), self.think)
        form.addRow(self._label("review_mode"), self.review)
        form.addRow(self._label("live_captions"), self.live_captions)
        form.addRow(self._label("stop_on_silence"), self.stop_on_silence)
        form.addRow(self._label("silence_s"), self.silence)
        heading = QLabel(f"<b>{tr('settings.templates', self.lang)}</b>")
        hint = QLabel(tr("settings.templates_hint", self.lang))
        hint.setWordWrap(True)
        form.addRow(heading)
        form.addRow(hint)
        self.template_targets: dict[str, QSpinBox] = {}
        for template in self.templates.values():
            spin = QSpinBox()
            spin.setObjectName(f"template_{template.id}")
            spin.setRange(10, 900)
            spin.setSingleStep(5)
            spin.setSuffix(tr("start.seconds", self.lang))
            spin.setValue(round(template.target_s))
            self.template_targets[template.id] = spin
            form.addRow(template.label(self.lang), spin)
        return page

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    # -- background lists -------------------------------------------------------------------

    def _alive(self) -> bool:
        return shiboken6.isValid(self)

    def _background(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        run_in_background(
            fn,
            lambda result: on_done(result) if self._alive() else None,
            lambda exc: on_error(exc) if self._alive() else None,
        )

    def _load_lists(self) -> None:
        services = self.services

        def failed(exc: BaseException) -> None:
            self.message.setText(tr("settings.list_failed", self.lang, error=describe_error(exc, self.lang)))

        self._background(
            lambda: (services.input_devices(), services.output_devices()), self._fill_devices, failed
        )
        self._background(services.voices, self._fill_voices, failed)
        self._background(services.whisper_installed, self._show_whisper_state, failed)

    def _fill_devices(self, lists: tuple[list[str], list[str]]) -> None:
        for combo, names in zip((self.input_device, self.output_device), lists, strict=True):
            for name in names:
                if combo.findData(name) < 0:
                    combo.addItem(name, name)

    def _fill_voices(self, voices: list[dict[str, Any]]) -> None:
        if pick_voice(voices, "ko") is None:  # questions fall back to text (devices/tts.py)
            self.message.setText(no_korean_voice(self.lang))
        for combo, lang in ((self.voice_ko, "ko"), (self.voice_en, "en")):
            for voice in voices_for(voices, lang):
                if combo.findData(voice["id"]) < 0:
                    combo.addItem(str(voice.get("name") or voice["id"]), voice["id"])

    def _show_whisper_state(self, installed: bool) -> None:
        if installed:
            self.whisper_status.setText(tr("settings.whisper_installed", self.lang))
        else:
            size = WHISPER_APPROX.get(WHISPER_SIZE, "?")
            self.whisper_status.setText(tr("settings.whisper_missing", self.lang, size=size))
        self.whisper_download.setVisible(not installed and not self._downloading)

    def _engine_changed(self, *_args: object) -> None:
        from interview_sim.devices.engines import privacy_statement

        self.online_warning.setVisible(self.engine.currentData() == "google")
        self.engine_privacy.setText(privacy_statement(self.engine.currentData(), self.lang))

    def _browse_vosk(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self._label("vosk_model_en_path"), self.vosk_en.text()
        )
        if folder:
            self.vosk_en.setText(folder)

    # -- microphone test --------------------------------------------------------------------

    def _toggle_mic_test(self, on: bool) -> None:
        if on:
            self.start_mic_test()
        else:
            self.stop_mic_test()

    def start_mic_test(self) -> None:
        device = self.input_device.currentData() or ""
        services = self.services
        self.mic_test.setText(tr("settings.mic_test_stop", self.lang))
        self.mic_hint.setText(tr("settings.mic_test_hint", self.lang))

        def open_probe() -> LevelProbe:
            probe = services.level_probe(device)
            probe.start()
            return probe

        def opened(probe: LevelProbe) -> None:
            if not self.mic_test.isChecked():  # stopped while the device was opening
                run_in_background(probe.stop, lambda _r: None, lambda _e: None)
                return
            self._probe = probe
            self.meter_timer.start()

        def failed(exc: BaseException) -> None:
            self.mic_hint.setText(describe_error(exc, self.lang))
            self.mic_test.blockSignals(True)
            self.mic_test.setChecked(False)
            self.mic_test.blockSignals(False)
            self.mic_test.setText(tr("settings.mic_test", self.lang))

        self._background(open_probe, opened, failed)

    def _read_meter(self) -> None:
        if self._probe is not None:
            self.meter.set_level(self._probe.level_db())

    def stop_mic_test(self) -> None:
        self.meter_timer.stop()
        self.meter.set_level(-100.0)
        probe, self._probe = self._probe, None
        if self.mic_test.isChecked():
            self.mic_test.blockSignals(True)
            self.mic_test.setChecked(False)
            self.mic_test.blockSignals(False)
        self.mic_test.setText(tr("settings.mic_test", self.lang))
        if probe is not None:
            run_in_background(probe.stop, lambda _r: None, lambda _e: None)

    # -- spoken sample ----------------------------------------------------------------------

    def speak_sample(self) -> None:
        lang = self.language.currentData() or self.lang
        text = tr(f"settings.sample_text_{lang}", self.lang)
        values = {**self.settings.as_dict(), **self._values()}
        services = self.services
        self.sample.setEnabled(False)
        self.sample_status.setText(tr("settings.sample_busy", self.lang))

        def done(_result: object) -> None:
            self.sample.setEnabled(True)
            self.sample_status.clear()

        def failed(exc: BaseException) -> None:
            self.sample.setEnabled(True)
            self.sample_status.setText(describe_error(exc, self.lang))

        self._background(lambda: services.speak_sample(text, lang, settings=values), done, failed)

    # -- faster-whisper download ------------------------------------------------------------

    def ask_download_consent(self, model: str, total_bytes: int) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("settings.whisper_model", self.lang))
        box.setText(tr("settings.whisper_consent", self.lang, model=model, size=round(total_bytes / 1e6)))
        yes = box.addButton(tr("settings.download_yes", self.lang), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("settings.cancel", self.lang), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def download_whisper(self) -> None:
        from interview_sim.devices.whisper_engine import DownloadCallbacks, DownloadCancelled

        consent_given = threading.Event()
        consent_answered = threading.Event()
        relay = self._relay
        cancel = self._download_cancel
        cancel.clear()
        services = self.services

        # The worker learns the size before asking; the question itself is asked on the GUI
        # thread (a dialog cannot open on a worker), and the worker waits for the answer.
        self._consent = (consent_given, consent_answered)

        def consent(model: str, total: int) -> bool:
            relay.consent.emit(model, total)
            while not consent_answered.wait(0.1):
                if cancel.is_set():  # the window closed before the user answered
                    return False
            return consent_given.is_set() and not cancel.is_set()

        callbacks = DownloadCallbacks(consent=consent, progress=relay.progress.emit, cancelled=cancel.is_set)
        self._downloading = True
        self.whisper_download.setVisible(False)
        self.whisper_cancel.setVisible(True)
        self.whisper_progress.setVisible(True)
        self.whisper_progress.setRange(0, 0)

        def finish(text: str) -> None:
            self._downloading = False
            self.whisper_cancel.setVisible(False)
            self.whisper_progress.setVisible(False)
            self.message.setText(text)
            self._background(services.whisper_installed, self._show_whisper_state, lambda _e: None)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DownloadCancelled):
                finish(tr("settings.whisper_cancelled", self.lang))
            else:
                finish(describe_error(exc, self.lang))

        self._background(
            lambda: services.download_whisper(callbacks),
            lambda _r: finish(tr("settings.whisper_done", self.lang)),
            failed,
        )

    def _answer_consent(self, model: str, total: int) -> None:
        given, answered = self._consent
        if self.ask_download_consent(model, total):
            given.set()
        answered.set()

    def _download_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.whisper_progress.setRange(0, 1000)
            self.whisper_progress.setValue(int(done * 1000 / total))

    # -- closing ----------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        return {
            "ui_language": self.language.currentData(),
            "theme": self.theme.currentData(),
            "font_size": self.font_size.value(),
            "input_device": self.input_device.currentData() or "",
            "output_device": self.output_device.currentData() or "",
            "tts_voice_ko": self.voice_ko.currentData() or "",
            "tts_voice_en": self.voice_en.currentData() or "",
            "tts_rate": self.rate.value(),
            "tts_volume": self.volume.value() / 100.0,
            "stt_engine": self.engine.currentData(),
            "vosk_model_en_path": self.vosk_en.text().strip(),
            "think_time_s": self.think.value(),
            "review_mode": self.review.currentData(),
            "live_captions": self.live_captions.isChecked(),
            "stop_on_silence": self.stop_on_silence.isChecked(),
            "silence_s": float(self.silence.value()),
        }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter saves from any field, even before a button ever had the focus (QDialog only
        # honours Enter through a default button, which it sets when a button gets focus).
        focus = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(focus, QPushButton):
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        values = self._values()
        path = values["vosk_model_en_path"]
        if path and not is_vosk_model(path):
            self.tabs.setCurrentIndex(2)
            self.vosk_en.setFocus()
            self.message.setText(tr("settings.bad_vosk_path", self.lang, path=path))
            return
        self.changes = SettingsChanges(
            values={k: v for k, v in values.items() if self.settings.get(k) != v},
            template_targets={
                tid: float(spin.value())
                for tid, spin in self.template_targets.items()
                if spin.value() != round(self.templates[tid].target_s)
            },
        )
        self._close_devices()
        super().accept()

    def reject(self) -> None:
        self._close_devices()
        super().reject()

    def _close_devices(self) -> None:
        self.stop_mic_test()
        self._download_cancel.set()
