"""The settings window on real widgets (offscreen): each setting is saved to the settings file and
applied to the running window; device work goes through fake services on worker threads."""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.core.templates import load_templates
from interview_sim.devices.base import NoInputDeviceError
from interview_sim.devices.downloads import DownloadCallbacks, DownloadCancelled
from interview_sim.qt.app import create_window
from interview_sim.qt.app_state import AppState
from interview_sim.qt.interview_screen import InterviewDevices
from interview_sim.qt.main_window import MainWindow
from interview_sim.qt.settings_dialog import SettingsDialog
from tests.waits import UI_MS


class FakeProbe:
    def __init__(self, services: FakeServices, device: str) -> None:
        self.services, self.device = services, device
        self.level = -100.0
        self.stopped = threading.Event()

    def start(self) -> None:
        self.services.threads.append(threading.current_thread())
        if self.device == "broken mic":
            raise NoInputDeviceError("the microphone 'broken mic' could not be opened")
        self.level = -12.0

    def level_db(self) -> float:
        return self.level

    def stop(self) -> None:
        self.stopped.set()


class FakeServices:
    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.probes: list[FakeProbe] = []
        self.samples: list[tuple[str, str, dict[str, Any]]] = []
        self.installed = False
        self.download_chunks = 4
        self.release_download = threading.Event()
        self.downloaded_sizes: list[str] = []
        self.measured: list[str] = []
        self.rtf: float | None = 0.12  # None: no model installed to measure with

    def input_devices(self) -> list[str]:
        return ["USB mic", "broken mic"]

    def output_devices(self) -> list[str]:
        return ["Headphones"]

    def voices(self) -> list[dict[str, Any]]:
        return [
            {"id": "ko", "name": "Korean", "languages": ["ko"]},
            {"id": "en-us", "name": "English (America)", "languages": ["en-us"]},
            {"id": "fr", "name": "French", "languages": ["fr"]},
        ]

    def level_probe(self, device: str) -> FakeProbe:
        probe = FakeProbe(self, device)
        self.probes.append(probe)
        return probe

    def speak_sample(self, text: str, lang: str, *, settings: dict[str, Any]) -> None:
        self.threads.append(threading.current_thread())
        self.samples.append((text, lang, settings))

    def measure_whisper(self, size: str) -> tuple[str, float] | None:
        self.threads.append(threading.current_thread())
        self.measured.append(size)
        return None if self.rtf is None else ("base", self.rtf)

    def whisper_installed(self, size: str = "small") -> bool:
        return self.installed

    def download_whisper(self, callbacks: DownloadCallbacks, size: str = "small") -> None:
        self.threads.append(threading.current_thread())
        self.downloaded_sizes.append(size)
        total = 1000 * self.download_chunks
        if not callbacks.consent("small", total):
            raise DownloadCancelled("declined")
        for chunk in range(self.download_chunks):
            if callbacks.cancelled():
                raise DownloadCancelled("cancelled")
            callbacks.progress((chunk + 1) * 1000, total)
            self.release_download.wait(60)
        self.installed = True


class DeviceOpener:
    """Counts openings and remembers the settings each was made with."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, settings: Settings) -> tuple[InterviewDevices, list[str]]:
        self.calls.append(settings.as_dict())
        return InterviewDevices(), []


@pytest.fixture
def restore_app_look() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, palette, style = QFont(app.font()), QPalette(app.palette()), app.style().name()
    yield
    app.setStyle(style)
    app.setPalette(palette)
    app.setFont(font)


_states: list[AppState] = []


@pytest.fixture(autouse=True)
def _stop_state_tasks() -> Iterator[None]:
    yield
    while _states:
        assert _states.pop().tasks.shutdown()


def make_state(lang: str) -> AppState:
    """The application state a settings window gets, on the test's settings file."""
    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    _states.append(state)
    return state


def saved_values() -> dict[str, Any]:
    return json.loads(paths.settings_path().read_text(encoding="utf-8"))["values"]


def open_app(qtbot: QtBot, services: FakeServices, opener: DeviceOpener | None = None) -> MainWindow:
    settings = Settings.load(paths.settings_path())
    window = create_window(
        settings,
        argparse.Namespace(category=None, count=None),
        open_devices=opener or DeviceOpener(),
        services=services,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.bank is not None and window.speech_state != "loading", timeout=UI_MS)
    return window


def open_dialog(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    if QApplication.activeWindow() is not window:
        with qtbot.waitActive(window, timeout=UI_MS):
            window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    controller = window.controller  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: isinstance(controller.dialog, SettingsDialog) and controller.dialog.isVisible(), timeout=UI_MS
    )
    dialog = controller.dialog
    assert isinstance(dialog, SettingsDialog)
    return dialog


def devices_reopened(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the devices reopened after a device setting changed: their result must reach
    this test's window, not a later test after this window is gone."""
    qtbot.waitUntil(lambda: window.speech_state != "loading", timeout=UI_MS)


def pick(combo: Any, value: Any) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def press_enter(qtbot: QtBot, dialog: SettingsDialog) -> None:
    """Enter as a user gives it: to the field that has the focus in the active settings window."""
    # The offscreen platform leaves the main window active under a dialog (a window manager
    # would not); keys would then reach the main window's shortcuts.
    handle = dialog.windowHandle()
    handle.requestActivate()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is handle, timeout=UI_MS)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)


def accept(qtbot: QtBot, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=UI_MS):
        press_enter(qtbot, dialog)


def test_ctrl_comma_opens_settings_and_esc_changes_nothing(qtbot: QtBot) -> None:
    window = open_app(qtbot, FakeServices())
    dialog = open_dialog(qtbot, window)
    dialog.interview.think.setValue(42)
    with qtbot.waitSignal(dialog.rejected, timeout=UI_MS):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.start_screen.think.value() == 5
    assert not paths.settings_path().exists()


def test_language_is_saved_and_applied_without_restart(qtbot: QtBot) -> None:
    window = open_app(qtbot, FakeServices())
    assert window.menuBar().actions()[0].text() == "파일(&F)"
    dialog = open_dialog(qtbot, window)
    pick(dialog.general.language, "en")
    accept(qtbot, dialog)
    assert window.lang == "en"
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.start_screen.start_button.text() == "Start interview"
    qtbot.waitUntil(
        lambda: paths.settings_path().exists() and saved_values()["ui_language"] == "en", timeout=UI_MS
    )


def test_theme_and_font_size_are_saved_and_applied(qtbot: QtBot, restore_app_look: None) -> None:
    window = open_app(qtbot, FakeServices())
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    question_size = window.interview_screen.question.font().pointSizeF()
    dialog = open_dialog(qtbot, window)
    pick(dialog.general.theme, "dark")
    dialog.general.font_size.setValue(16)
    accept(qtbot, dialog)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 60
    assert app.font().pointSize() == 16
    # The big question text follows the new size, not only the plain labels.
    qtbot.waitUntil(
        lambda: window.interview_screen.question.font().pointSizeF() == pytest.approx(32.0), timeout=UI_MS
    )
    assert question_size != pytest.approx(32.0)
    qtbot.waitUntil(
        lambda: paths.settings_path().exists() and saved_values()["font_size"] == 16, timeout=UI_MS
    )
    assert saved_values()["theme"] == "dark"
    dialog = open_dialog(qtbot, window)
    pick(dialog.general.theme, "light")
    accept(qtbot, dialog)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180


def test_interview_settings_are_saved_and_applied(qtbot: QtBot) -> None:
    window = open_app(qtbot, FakeServices())
    dialog = open_dialog(qtbot, window)
    dialog.interview.think.setValue(12)
    pick(dialog.interview.review, "end")
    dialog.interview.live_captions.setChecked(True)
    dialog.interview.stop_on_silence.setChecked(True)
    dialog.interview.silence.setValue(6.5)
    accept(qtbot, dialog)
    assert window.start_screen.think.value() == 12
    assert window.start_screen.options().review == "end"
    assert window.interview_screen.live_captions is True
    assert window.interview_screen.silence_s == 6.5
    qtbot.waitUntil(
        lambda: paths.settings_path().exists() and saved_values()["think_time_s"] == 12, timeout=UI_MS
    )
    values = saved_values()
    assert (
        values["review_mode"],
        values["live_captions"],
        values["stop_on_silence"],
        values["silence_s"],
    ) == (
        "end",
        True,
        True,
        6.5,
    )


def test_device_choices_are_saved_and_the_devices_reopened_with_them(qtbot: QtBot) -> None:
    services, opener = FakeServices(), DeviceOpener()
    window = open_app(qtbot, services, opener)
    assert len(opener.calls) == 1
    dialog = open_dialog(qtbot, window)
    qtbot.waitUntil(
        lambda: dialog.sound.input_device.findData("USB mic") >= 0 and dialog.sound.voice_ko.count() > 1,
        timeout=UI_MS,
    )
    # Only voices that speak the language are offered for it.
    assert [dialog.sound.voice_ko.itemData(i) for i in range(dialog.sound.voice_ko.count())] == ["", "ko"]
    pick(dialog.sound.input_device, "USB mic")
    pick(dialog.sound.output_device, "Headphones")
    pick(dialog.sound.voice_ko, "ko")
    pick(dialog.sound.voice_en, "en-us")
    dialog.sound.rate.setValue(200)
    dialog.sound.volume.setValue(60)
    pick(dialog.recognition.engine, "google")
    assert not dialog.recognition.online_warning.isHidden()  # on a tab not shown yet
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: len(opener.calls) == 2, timeout=UI_MS)
    reopened = opener.calls[1]
    expected = {
        "input_device": "USB mic",
        "output_device": "Headphones",
        "tts_voice_ko": "ko",
        "tts_voice_en": "en-us",
        "tts_rate": 200,
        "tts_volume": 0.6,
        "stt_engine": "google",
    }
    assert {k: reopened[k] for k in expected} == expected
    qtbot.waitUntil(
        lambda: paths.settings_path().exists() and saved_values()["stt_engine"] == "google", timeout=UI_MS
    )
    assert {k: saved_values()[k] for k in expected} == expected
    devices_reopened(qtbot, window)


def test_online_warning_only_for_the_online_engine(qtbot: QtBot) -> None:
    dialog = SettingsDialog(make_state("ko"), FakeServices())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    assert not dialog.recognition.online_warning.isVisible()
    pick(dialog.recognition.engine, "google")
    assert dialog.recognition.online_warning.isVisible()
    assert dialog.recognition.engine.currentText() == "Google (온라인)"


def recognition_texts(dialog: SettingsDialog) -> list[str]:
    page = dialog.recognition
    shown = [page.engine.currentText(), page.engine_privacy.text()]
    return shown + ([page.online_warning.text()] if page.online_warning.isVisible() else [])


@pytest.mark.parametrize(
    ("lang", "here", "google", "size"),
    [("ko", "이 컴퓨터", "Google 서버", "MB"), ("en", "this computer", "Google's servers", "MB")],
)
def test_the_settings_say_where_each_engine_sends_the_audio_once(
    qtbot: QtBot, lang: str, here: str, google: str, size: str
) -> None:
    dialog = SettingsDialog(make_state(lang), FakeServices())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    assert dialog.recognition.engine_privacy.isVisible()
    for engine in ("vosk", "faster-whisper"):
        pick(dialog.recognition.engine, engine)
        about = dialog.recognition.engine_privacy.text()
        assert here in about and size in about, (engine, about)  # where it runs, how big
        assert not dialog.recognition.online_warning.isVisible()
    pick(dialog.recognition.engine, "google")
    texts = recognition_texts(dialog)
    # Where the audio goes is said once, in the warning: not in the list and again below it.
    assert sum(google in text for text in texts) == 1, texts
    assert google in dialog.recognition.online_warning.text()
    assert all(here not in text for text in texts)
    assert dialog.recognition.engine_privacy.text()  # what it needs (the internet), still said


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_number_has_its_unit_once(qtbot: QtBot, lang: str) -> None:
    """A spin box carries its unit as a suffix; the row's label never repeats it."""
    from PySide6.QtWidgets import QAbstractSpinBox, QFormLayout, QLabel, QWidget

    dialog = SettingsDialog(make_state(lang), FakeServices())
    qtbot.addWidget(dialog)
    boxes = dialog.findChildren(QAbstractSpinBox)
    assert len(boxes) >= 4  # think time, silence, speech rate, font size (and the template targets)
    for box in boxes:
        suffix = box.suffix().strip()  # type: ignore[attr-defined]
        assert suffix, box.objectName()
        form = box.parentWidget().layout()
        if isinstance(form, QFormLayout):
            label = form.labelForField(box)
            if isinstance(label, QLabel):
                assert suffix not in label.text() and "(" not in label.text(), (label.text(), suffix)
    assert dialog.sound.rate.suffix().strip() == ("단어/분" if lang == "ko" else "words/min")
    assert dialog.interview.think.suffix().strip() == ("초" if lang == "ko" else "s")
    volume = dialog.findChild(QWidget, "tts_volume_value")
    assert isinstance(volume, QLabel) and volume.text().endswith("%")
    dialog.sound.volume.setValue(60)
    assert volume.text() == "60 %"


def test_english_vosk_model_path_is_checked_then_saved(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_app(qtbot, FakeServices())
    dialog = open_dialog(qtbot, window)
    not_a_model = tmp_path / "not-a-model"
    not_a_model.mkdir()
    dialog.recognition.vosk_en.setText(str(not_a_model))
    press_enter(qtbot, dialog)
    assert dialog.isVisible()  # bad input keeps the window open, with what and where
    assert str(not_a_model) in dialog.message.text() and "am" in dialog.message.text()
    assert dialog.tabs.currentIndex() == 2
    model = tmp_path / "vosk-model-small-en-us"
    (model / "am").mkdir(parents=True)
    dialog.recognition.vosk_en.setText(str(model))
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: paths.settings_path().exists(), timeout=UI_MS)
    assert saved_values()["vosk_model_en_path"] == str(model)
    devices_reopened(qtbot, window)


def test_template_length_goes_to_the_user_templates_file_and_is_used(qtbot: QtBot) -> None:
    window = open_app(qtbot, FakeServices())
    assert window.templates["self-introduction"].target_s == 60
    dialog = open_dialog(qtbot, window)
    dialog.interview.template_targets["self-introduction"].setValue(90)
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: window.templates["self-introduction"].target_s == 90, timeout=UI_MS)
    template = window.templates["self-introduction"]
    assert sum(s.budget_s for s in template.sections) == 90
    assert template.max_s >= 90
    # The file is the user's own, and loads on its own like any templates file.
    assert load_templates(user=paths.user_templates_path())["self-introduction"].target_s == 90
    assert window.templates["technical"].target_s == 60  # untouched templates stay bundled


def test_microphone_test_meter_reads_the_level_off_the_gui_thread(qtbot: QtBot) -> None:
    services = FakeServices()
    dialog = SettingsDialog(make_state("ko"), services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.sound.input_device.findData("USB mic") >= 0, timeout=UI_MS)
    pick(dialog.sound.input_device, "USB mic")
    dialog.sound.mic_test.setFocus()
    qtbot.keyClick(dialog.sound.mic_test, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.sound.meter.value() == -12, timeout=UI_MS)
    assert services.probes[0].device == "USB mic"
    assert threading.main_thread() not in services.threads  # the device opened on a worker
    qtbot.keyClick(dialog.sound.mic_test, Qt.Key.Key_Space)
    assert services.probes[0].stopped.wait(60)
    assert dialog.sound.meter.value() == dialog.sound.meter.minimum()


def test_microphone_test_failure_is_translated(qtbot: QtBot) -> None:
    services = FakeServices()
    dialog = SettingsDialog(make_state("ko"), services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.sound.input_device.findData("broken mic") >= 0, timeout=UI_MS)
    pick(dialog.sound.input_device, "broken mic")
    dialog.sound.mic_test.click()
    qtbot.waitUntil(lambda: "마이크를 찾을 수 없습니다" in dialog.sound.mic_hint.text(), timeout=UI_MS)
    # The device's own detail is kept, apart from the sentence: in the tooltip (and the log).
    assert (
        "broken mic" in dialog.sound.mic_hint.toolTip() and "broken mic" not in dialog.sound.mic_hint.text()
    )
    assert not dialog.sound.mic_test.isChecked()


def test_speak_a_sample_uses_the_values_in_the_window(qtbot: QtBot) -> None:
    services = FakeServices()
    dialog = SettingsDialog(make_state("ko"), services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.sound.rate.setValue(250)
    dialog.sound.volume.setValue(30)
    dialog.sound.sample.click()
    qtbot.waitUntil(lambda: bool(services.samples) and dialog.sound.sample.isEnabled(), timeout=UI_MS)
    text, lang, values = services.samples[0]
    assert lang == "ko" and "TCP" in text
    assert values["tts_rate"] == 250 and values["tts_volume"] == 0.3
    assert threading.main_thread() not in services.threads


def test_whisper_download_asks_shows_progress_and_completes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = FakeServices()
    services.release_download.set()
    asked: list[tuple[str, int]] = []
    dialog = SettingsDialog(make_state("en"), services)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(
        dialog.recognition, "ask_download_consent", lambda model, total: asked.append((model, total)) or True
    )
    dialog.show()
    qtbot.waitUntil(lambda: "Not installed" in dialog.recognition.whisper_status.text(), timeout=UI_MS)
    dialog.recognition.whisper_download.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "The model is downloaded.", timeout=UI_MS)
    assert asked == [("small", 4000)]
    qtbot.waitUntil(lambda: dialog.recognition.whisper_status.text() == "Installed", timeout=UI_MS)
    assert dialog.recognition.whisper_download.isHidden()


def test_whisper_download_declined_or_cancelled(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    services = FakeServices()
    dialog = SettingsDialog(make_state("en"), services)
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(dialog.recognition, "ask_download_consent", lambda model, total: False)
    dialog.recognition.whisper_download.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "The download was cancelled.", timeout=UI_MS)
    assert not services.installed
    monkeypatch.setattr(dialog.recognition, "ask_download_consent", lambda model, total: True)
    dialog.recognition.whisper_download.click()
    qtbot.waitUntil(lambda: dialog.recognition.whisper_progress.value() > 0, timeout=UI_MS)
    assert not dialog.recognition.whisper_cancel.isHidden()
    dialog.recognition.whisper_cancel.click()
    services.release_download.set()
    qtbot.waitUntil(lambda: dialog.message.text() == "The download was cancelled.", timeout=UI_MS)
    assert not services.installed
    qtbot.waitUntil(lambda: not dialog.recognition.whisper_download.isHidden(), timeout=UI_MS)


def test_system_theme_follows_the_os_scheme(
    qtbot: QtBot, restore_app_look: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_sim.qt import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    theme.apply_theme(app, "system")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 60
    monkeypatch.setattr(theme, "system_is_dark", lambda: False)
    theme.apply_theme(app, "system")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    theme.apply_theme(app, "dark")  # an explicit choice wins over the OS
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 60


def test_the_start_guesses_the_scheme_from_the_palette_and_corrects_it_after_the_paint(
    qtbot: QtBot, restore_app_look: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_sim.qt import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setPalette(theme.dark_palette())  # the palette Qt starts with on a dark desktop
    theme.apply_theme(app, "system", starting=True)
    assert theme.palette_is_dark(app)
    theme.apply_theme(app, "light", starting=True)  # an explicit choice wins over the OS
    assert not theme.palette_is_dark(app)

    # A desktop whose start palette is light although its scheme is dark: corrected after paint.
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    theme.follow_system_scheme(app, "light")
    assert not theme.palette_is_dark(app)  # the user's own choice stays
    theme.follow_system_scheme(app, "system")
    assert theme.palette_is_dark(app)
    monkeypatch.setattr(theme, "system_is_dark", lambda: False)
    theme.follow_system_scheme(app, "system")
    assert not theme.palette_is_dark(app)


def test_qt_own_texts_follow_the_language_chosen_in_the_settings(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from interview_sim.qt.translations import install_qt_translations

    cancel = QDialogButtonBox.StandardButton.Cancel
    box = QDialogButtonBox(cancel)  # one of Qt's own texts, as in every file dialog and message box
    qtbot.addWidget(box)
    window = open_app(qtbot, FakeServices())
    try:
        for lang, expected in (("en", "Cancel"), ("ko", "취소"), ("en", "Cancel")):
            dialog = open_dialog(qtbot, window)
            pick(dialog.general.language, lang)
            accept(qtbot, dialog)
            assert window.lang == lang
            qtbot.waitUntil(lambda expected=expected: box.button(cancel).text() == expected, timeout=UI_MS)
    finally:
        app = QApplication.instance()
        assert app is not None
        install_qt_translations(app, "en")


class EnglishOnlyServices(FakeServices):
    """Windows with only the built-in English voices (Korean added through Settings is invisible
    to SAPI5), or a Mac without a downloaded Korean voice."""

    def voices(self) -> list[dict[str, Any]]:
        return [{"id": "en-us", "name": "Microsoft Zira Desktop", "languages": ["en-us"]}]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_settings_say_how_to_add_a_korean_voice_when_there_is_none(qtbot: QtBot, lang: str) -> None:
    from interview_sim.i18n import no_korean_voice

    settings = Settings.load(paths.settings_path())
    settings.set("ui_language", lang)
    settings.save()
    window = open_app(qtbot, EnglishOnlyServices())
    dialog = open_dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.message.text() == no_korean_voice(lang), timeout=UI_MS)
    assert dialog.message.isVisible()


def test_no_voice_advice_is_given_for_each_system() -> None:
    from interview_sim.i18n import no_korean_voice

    assert "Speech_OneCore" in no_korean_voice("en", "win32") and "SAPI5" in no_korean_voice("ko", "win32")
    assert "Manage Voices" in no_korean_voice("en", "darwin") and "음성 관리" in no_korean_voice(
        "ko", "darwin"
    )
    assert "espeak-ng" in no_korean_voice("en", "linux")
