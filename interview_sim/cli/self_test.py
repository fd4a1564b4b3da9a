"""``interview-sim --self-test``: proves that an installed (or frozen) app has what it needs.

Each check exercises a real component the way the app uses it: Qt on the offscreen platform
with the main window built, the bundled question bank, PortAudio, the text-to-speech process
writing a WAV (no audio device needed), the Vosk Korean model transcribing a bundled sample and
a fresh SQLite database migrated to the current schema. It runs in a temporary user-data folder,
so the user's own data, settings and caches are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interview_sim import __version__, paths

SAMPLE_NAME = "ko-sample.flac"
# What the text-to-speech check says; Korean first, English where no Korean voice is installed
# (Windows and macOS ship Korean voices only as optional downloads).
TTS_TEXTS = {"ko": "자가 진단 중입니다.", "en": "Running the self test."}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
MODEL_TIMEOUT_S = 300.0


class CheckFailed(Exception):
    """A check found something wrong; the message says what."""


@dataclass
class CheckResult:
    name: str
    ok: bool
    seconds: float
    detail: str


def sample_path() -> Path:
    return paths.resources_dir() / "self-test" / SAMPLE_NAME


def check_qt() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    from interview_sim.qt.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    window = MainWindow("ko")
    try:
        app.processEvents()
        if not window.windowTitle():
            raise CheckFailed("the main window was built without a title")
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"PySide6 {pyside_version}, platform {app.platformName()}, main window built"


def check_bank() -> str:
    from interview_sim.core.bank import load_bank
    from interview_sim.core.templates import load_templates

    folder = paths.bundled_questions_dir()
    bank = load_bank(templates=load_templates(), include_user=False)
    errors = [p for p in bank.problems if p.severity == "error"]
    if errors:
        shown = "; ".join(str(p) for p in errors[:3])
        raise CheckFailed(f"{len(errors)} problem(s) in the bundled bank at {folder}: {shown}")
    if not bank.questions:
        raise CheckFailed(f"no questions in the bundled bank at {folder}")
    return f"{len(bank.questions)} questions from {folder}"


def check_portaudio() -> str:
    from interview_sim.devices.base import DeviceError
    from interview_sim.devices.sdutil import load_sounddevice

    try:
        sd = load_sounddevice()
    except DeviceError as exc:
        raise CheckFailed(str(exc)) from exc
    # The version comes from the loaded library itself and needs no audio device.
    return str(sd.get_portaudio_version()[1])


def check_tts(work: Path) -> str:
    import soundfile as sf

    from interview_sim.devices.base import DeviceError, NoVoiceError
    from interview_sim.devices.tts import CachedSynthesizer, TtsProcess

    synthesizer = CachedSynthesizer(TtsProcess(), work / "tts")
    try:
        for lang, text in TTS_TEXTS.items():
            try:
                wav = synthesizer.wav_for(text, lang)
            except NoVoiceError:
                continue
            except DeviceError as exc:
                raise CheckFailed(str(exc)) from exc
            info = sf.info(str(wav))
            if info.duration < 0.3:
                raise CheckFailed(f"the {lang} voice produced only {info.duration:.2f} s of audio")
            voice = synthesizer.voice_for(lang) or {}
            return f"{info.duration:.2f} s of {lang} speech, voice {voice.get('name') or voice.get('id')}"
        raise CheckFailed("no Korean or English text-to-speech voice is installed")
    finally:
        synthesizer.close()


class VoskChecks:
    """Loading the model and transcribing with it: two checks sharing one engine."""

    def __init__(self) -> None:
        from interview_sim.devices.vosk_engine import VoskEngine

        self.engine = VoskEngine()
        self.loaded = False

    def check_model(self) -> str:
        from interview_sim.devices.base import EngineUnavailableError

        path = self.engine.model_paths.get("ko")
        try:
            self.engine.model("ko", timeout=MODEL_TIMEOUT_S)
        except EngineUnavailableError as exc:
            raise CheckFailed(str(exc)) from exc
        except TimeoutError as exc:
            raise CheckFailed(f"the Korean model did not load within {MODEL_TIMEOUT_S:.0f} s") from exc
        self.loaded = True
        return f"Korean model from {path}"

    def check_transcribe(self) -> str:
        import soundfile as sf

        from interview_sim.devices.engines import transcribe_file

        sample = sample_path()
        if not sample.is_file():
            raise CheckFailed(f"the bundled sample {sample} is missing")
        if not self.loaded:
            raise CheckFailed("skipped: the Korean model did not load")
        expected = float(sf.info(str(sample)).duration)
        result = transcribe_file(self.engine, sample, "ko")
        if abs(result.duration_s - expected) > 0.05:
            raise CheckFailed(
                f"read {result.duration_s:.2f} s of audio from {sample}, expected {expected:.2f} s"
            )
        if not HANGUL.search(result.text):
            raise CheckFailed(f"no Korean words recognized in {sample.name} (got {result.text!r})")
        if not result.words or result.words[-1].end > expected + 0.05:
            raise CheckFailed("the recognizer returned no word times, or times past the end of the audio")
        return f"{len(result.words)} words from {expected:.1f} s: {result.text}"


def check_second_pass() -> str:
    """The second-pass engine loads: faster-whisper, its CTranslate2 runtime, and the Silero VAD
    model it bundles (run on a second of silence). Whisper models are downloaded, not shipped."""
    import ctranslate2
    import faster_whisper
    import numpy as np
    from faster_whisper.vad import get_speech_timestamps

    speech = get_speech_timestamps(np.zeros(16_000, dtype=np.float32))
    if speech:
        raise CheckFailed("the voice activity detector found speech in silence")
    return (
        f"faster-whisper {faster_whisper.__version__}, CTranslate2 {ctranslate2.__version__}, Silero VAD ok"
    )


def check_database(work: Path) -> str:
    from interview_sim.core.storage import SCHEMA_VERSION, Database

    with Database.open(work / "self-test.sqlite3") as db:
        if db.schema_version != SCHEMA_VERSION:
            raise CheckFailed(f"schema {db.schema_version} after migration, expected {SCHEMA_VERSION}")
        session_id = db.create_session({"self_test": True})
        db.end_session(session_id)
        if [s.id for s in db.sessions()] != [session_id]:
            raise CheckFailed("a session written to the new database did not read back")
        if not db.integrity_ok():
            raise CheckFailed("the new database failed its integrity check")
    return f"migrated 0 -> {SCHEMA_VERSION}, write and read back, integrity ok"


def _run(name: str, check: Callable[[], str], out: Callable[[str], None]) -> CheckResult:
    start = time.perf_counter()
    try:
        detail, ok = check(), True
    except CheckFailed as exc:
        detail, ok = str(exc), False
    except Exception as exc:  # any crash of a component is a failed check, reported in one line
        detail, ok = f"{type(exc).__name__}: {exc}", False
    seconds = time.perf_counter() - start
    out(f"{'OK  ' if ok else 'FAIL'}  {name:<12} {seconds * 1000:7.0f} ms  {detail}")
    return CheckResult(name, ok, seconds, detail)


def run_self_test(out: Callable[[str], None] | None = None) -> int:
    """Run every check, print one line each, return 0 only if all passed."""

    def echo(line: str) -> None:
        print(line, flush=True)

    if out is None:
        # A Windows pipe (CI logs) encodes as cp1252: Korean text must not crash the report.
        for stream in (sys.stdout, sys.stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
    out = out or echo
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    out(f"interview-sim {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})")
    work = Path(tempfile.mkdtemp(prefix="interview-sim-self-test-"))
    saved_home = os.environ.get(paths.HOME_ENV)
    # Everything the checks write (TTS cache, model shadow folder, database) goes to a throwaway
    # folder; the TTS process inherits it through the environment.
    os.environ[paths.HOME_ENV] = str(work / "home")
    started = time.perf_counter()
    try:
        vosk = VoskChecks()
        results = [
            _run("qt", check_qt, out),
            _run("bank", check_bank, out),
            _run("portaudio", check_portaudio, out),
            _run("tts", lambda: check_tts(work), out),
            _run("vosk-model", vosk.check_model, out),
            _run("transcribe", vosk.check_transcribe, out),
            _run("second-pass", check_second_pass, out),
            _run("database", lambda: check_database(work), out),
        ]
    finally:
        if saved_home is None:
            os.environ.pop(paths.HOME_ENV, None)
        else:
            os.environ[paths.HOME_ENV] = saved_home
        shutil.rmtree(work, ignore_errors=True)
    failed = [r.name for r in results if not r.ok]
    total = time.perf_counter() - started
    if failed:
        out(
            f"self-test FAILED: {len(failed)} of {len(results)} checks ({', '.join(failed)}) in {total:.1f} s"
        )
        return 1
    out(f"self-test passed: {len(results)} checks in {total:.1f} s")
    return 0
