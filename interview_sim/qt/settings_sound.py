"""The settings page for the microphone and the voice: devices, a microphone test, a spoken sample.

Every device call goes through :class:`SettingsServices` on a worker (``state.tasks``), owned by
this page, so the window never waits on a device and nothing arrives after the page is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QSpinBox

from interview_sim.core.settings import BY_KEY
from interview_sim.devices.tts import pick_voice
from interview_sim.i18n import no_korean_voice
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import UserMessage, describe_error, show_message
from interview_sim.qt.settings_pages import SettingsPage, select
from interview_sim.qt.settings_services import LevelProbe, SettingsServices
from interview_sim.qt.taskman import Cancelled, TaskContext, TaskHandle
from interview_sim.qt.widgets import LevelMeter

METER_MS = 50


def voices_for(voices: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Voices that speak ``lang`` first; espeak offers a hundred languages nobody wants here."""

    def speaks(v: dict[str, Any]) -> bool:
        langs = [str(x).lower().replace("_", "-") for x in v.get("languages", [])]
        vid = str(v.get("id", "")).lower()
        return any(x == lang or x.startswith(lang + "-") for x in langs) or vid.rsplit("/", 1)[-1] == lang

    matching = [v for v in voices if speaks(v)]
    return matching or list(voices)


class SoundPage(SettingsPage):
    def __init__(
        self, state: AppState, services: SettingsServices, current_values: Callable[[], dict[str, Any]]
    ) -> None:
        super().__init__(state)
        self.services = services
        # Every value in the window, for the sample: it is spoken as the user has set it so far.
        self.current_values = current_values
        self._probe: LevelProbe | None = None
        self._opening: TaskHandle | None = None
        self.input_device = self._combo("input_device", "settings.default_device")
        self.output_device = self._combo("output_device", "settings.default_device")
        self.voice_ko = self._combo("tts_voice_ko", "settings.auto_voice")
        self.voice_en = self._combo("tts_voice_en", "settings.auto_voice")
        self._mic_rows()
        self._voice_rows()
        self.meter_timer = QTimer(self)
        self.meter_timer.setInterval(METER_MS)
        self.meter_timer.timeout.connect(self._read_meter)

    def _combo(self, key: str, default_key: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        combo.addItem(self.state.text(default_key), "")
        current = self.state.settings.get(key)
        if current:
            combo.addItem(current, current)
            select(combo, current)
        return combo

    def _mic_rows(self) -> None:
        self.mic_test = QPushButton(self.state.text("settings.mic_test"))
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
        self.form.addRow(self.label("input_device"), self.input_device)
        self.form.addRow("", mic_row)
        self.form.addRow("", self.mic_hint)

    def _voice_rows(self) -> None:
        settings = self.state.settings
        self.rate = QSpinBox()
        self.rate.setObjectName("tts_rate")
        self.rate.setRange(int(BY_KEY["tts_rate"].minimum or 60), int(BY_KEY["tts_rate"].maximum or 400))
        self.rate.setSingleStep(10)
        self.rate.setValue(settings.get("tts_rate"))
        self.rate.setSuffix(self.state.text("settings.rate_unit"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("tts_volume")
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.volume.setValue(round(settings.get("tts_volume") * 100))
        self.volume_value = QLabel()  # the slider's value with its unit
        self.volume_value.setObjectName("tts_volume_value")
        self.volume.valueChanged.connect(lambda value: self.volume_value.setText(f"{value} %"))
        self.volume_value.setText(f"{self.volume.value()} %")
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.volume_value)
        self.sample = QPushButton(self.state.text("settings.speak_sample"))
        self.sample.setObjectName("speak_sample")
        self.sample.clicked.connect(self.speak_sample)
        self.sample_status = QLabel()
        self.sample_status.setObjectName("sample_status")
        self.sample_status.setWordWrap(True)
        sample_row = QHBoxLayout()
        sample_row.addWidget(self.sample)
        sample_row.addWidget(self.sample_status, 1)
        for key, field in (
            ("output_device", self.output_device),
            ("tts_voice_ko", self.voice_ko),
            ("tts_voice_en", self.voice_en),
            ("tts_rate", self.rate),
        ):
            self.form.addRow(self.label(key), field)
        self.form.addRow(self.label("tts_volume"), volume_row)
        self.form.addRow("", sample_row)

    def values(self) -> dict[str, Any]:
        return {
            "input_device": self.input_device.currentData() or "",
            "output_device": self.output_device.currentData() or "",
            "tts_voice_ko": self.voice_ko.currentData() or "",
            "tts_voice_en": self.voice_en.currentData() or "",
            "tts_rate": self.rate.value(),
            "tts_volume": self.volume.value() / 100.0,
        }

    # -- the device and voice lists --------------------------------------------------------------

    def load_lists(self) -> None:
        services, tasks = self.services, self.state.tasks
        tasks.run(
            lambda: (services.input_devices(), services.output_devices()),
            owner=self,
            key="devices",
            on_done=self._fill_devices,
            on_error=self._list_failed,
        )
        tasks.run(
            services.voices, owner=self, key="voices", on_done=self._fill_voices, on_error=self._list_failed
        )

    def _list_failed(self, exc: BaseException) -> None:
        message = describe_error(exc, self.state.lang)
        self.notice.emit(UserMessage(self.state.text("settings.list_failed"), message.detail))

    def _fill_devices(self, lists: tuple[list[str], list[str]]) -> None:
        for combo, names in zip((self.input_device, self.output_device), lists, strict=True):
            for name in names:
                if combo.findData(name) < 0:
                    combo.addItem(name, name)

    def _fill_voices(self, voices: list[dict[str, Any]]) -> None:
        if pick_voice(voices, "ko") is None:  # questions fall back to text (devices/tts.py)
            self.notice.emit(no_korean_voice(self.state.lang))
        for combo, lang in ((self.voice_ko, "ko"), (self.voice_en, "en")):
            for voice in voices_for(voices, lang):
                if combo.findData(voice["id"]) < 0:
                    combo.addItem(str(voice.get("name") or voice["id"]), voice["id"])

    # -- microphone test ---------------------------------------------------------------------

    def _toggle_mic_test(self, on: bool) -> None:
        if on:
            self.start_mic_test()
        else:
            self.stop_mic_test()

    def start_mic_test(self) -> None:
        device = self.input_device.currentData() or ""
        services = self.services
        self.mic_test.setText(self.state.text("settings.mic_test_stop"))
        show_message(self.mic_hint, self.state.text("settings.mic_test_hint"))

        def open_probe(ctx: TaskContext) -> LevelProbe:
            probe = services.level_probe(device)
            probe.start()
            if ctx.cancelled:  # stopped while the device was opening: close it here and now
                probe.stop()
                raise Cancelled
            return probe

        def opened(probe: LevelProbe) -> None:
            self._opening = None
            self._probe = probe
            self.meter_timer.start()

        def failed(exc: BaseException) -> None:
            self._opening = None
            show_message(self.mic_hint, describe_error(exc, self.state.lang))
            self._uncheck()

        tasks = self.state.tasks

        def unwanted(probe: LevelProbe) -> None:
            # Stopped, or the window closed, after the device opened: close what nobody holds.
            tasks.run(probe.stop, owner=None)

        self._opening = tasks.run_with_context(
            open_probe, owner=self, key="probe", on_done=opened, on_error=failed, on_dropped=unwanted
        )

    def _read_meter(self) -> None:
        if self._probe is not None:
            self.meter.set_level(self._probe.level_db())

    def _uncheck(self) -> None:
        if self.mic_test.isChecked():
            self.mic_test.blockSignals(True)
            self.mic_test.setChecked(False)
            self.mic_test.blockSignals(False)
        self.mic_test.setText(self.state.text("settings.mic_test"))

    def stop_mic_test(self) -> None:
        if self._opening is not None:
            self._opening.cancel()  # the worker closes the device it was opening
            self._opening = None
        self.meter_timer.stop()
        self.meter.set_level(-100.0)
        probe, self._probe = self._probe, None
        self._uncheck()
        if probe is not None:
            # No owner: the device must be closed even when the window is gone by then.
            self.state.tasks.run(probe.stop, owner=None)

    # -- spoken sample -------------------------------------------------------------------------

    def speak_sample(self) -> None:
        values = {**self.state.settings.as_dict(), **self.current_values()}
        lang = values.get("ui_language") or self.state.lang
        text = self.state.text(f"settings.sample_text_{lang}")
        services = self.services
        self.sample.setEnabled(False)
        show_message(self.sample_status, self.state.text("settings.sample_busy"))

        def done(_result: object) -> None:
            self.sample.setEnabled(True)
            show_message(self.sample_status, "")

        def failed(exc: BaseException) -> None:
            self.sample.setEnabled(True)
            show_message(self.sample_status, describe_error(exc, self.state.lang))

        self.state.tasks.run(
            lambda: services.speak_sample(text, lang, settings=values),
            owner=self,
            key="sample",
            on_done=done,
            on_error=failed,
        )
