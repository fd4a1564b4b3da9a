"""``interview-sim --self-test``: proves that an installed (or frozen) app has what it needs.

Each check exercises a real component the way the app uses it: Qt on the offscreen platform
with the main window built, and once more in a child process on the system's own window plugin
where there is a display (Windows, macOS, X11 or Wayland), the bundled question bank, PortAudio,
the text-to-speech process writing two WAVs in a row (a second synthesis on one engine is what
hangs on some systems), the Vosk Korean model transcribing a bundled sample, Praat measuring the voice in
that sample, the keyring backend that keeps API keys, the built-in AI engine (llama.cpp), and a fresh SQLite database migrated to the current schema. It runs in a
temporary user-data folder, so the user's own data, settings, keys and caches are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from interview_sim import __version__, paths

SAMPLE_NAME = "ko-sample.flac"
# What the text-to-speech check says, twice in a row on one engine; Korean first, English where
# no Korean voice is installed (Windows and macOS ship Korean voices only as optional downloads).
TTS_TEXTS = {
    "ko": ("자가 진단 중입니다.", "두 번째 문장도 읽습니다."),
    "en": ("Running the self test.", "And a second sentence."),
}
# The hidden option that runs only the window check, in a child process (see check_qt_window).
QT_WINDOW_OPTION = "--self-test-qt-window"
WINDOW_TIMEOUT_S = 120.0
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


def check_qt(*, offscreen: bool = True) -> str:
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    from interview_sim.core.settings import Settings
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    # Built from no settings file: the check reads nothing of the user's.
    window = MainWindow(AppState(Settings.load(Path(os.devnull)), lang="ko"))
    try:
        if not offscreen:
            window.show()  # a real window on the screen, through the platform's plugin
        app.processEvents()
        if not window.windowTitle():
            raise CheckFailed("the main window was built without a title")
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"PySide6 {pyside_version}, platform {app.platformName()}, main window built"


def has_display(platform: str, environ: Mapping[str, str]) -> bool:
    """Whether a window can be shown: always on Windows and macOS, with X11 or Wayland on Linux."""
    if platform in ("win32", "darwin"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def self_command() -> list[str]:
    """How to start this app again: the frozen executable, or Python with the package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "interview_sim"]


def check_qt_window() -> str:
    """The main window on the system's own platform plugin (qwindows, qcocoa, xcb, wayland).

    In a child process: a process has one QApplication with one platform, the "qt" check uses
    offscreen, and a plugin that cannot start aborts its process (qFatal) instead of raising.
    """
    if not has_display(sys.platform, os.environ):
        return "skipped: no display here (DISPLAY and WAYLAND_DISPLAY are unset)"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    try:
        child = subprocess.run(
            [*self_command(), QT_WINDOW_OPTION],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=WINDOW_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        raise CheckFailed(f"the window did not open within {WINDOW_TIMEOUT_S:.0f} s") from exc
    lines = [line for line in child.stdout.splitlines() if line.strip()]
    if child.returncode != 0 or not lines:
        detail = (child.stderr.strip().splitlines() or [f"exit code {child.returncode}"])[-3:]
        raise CheckFailed(f"the window could not be shown on this system's display: {' | '.join(detail)}")
    result = lines[-1]
    if "platform offscreen" in result or "platform minimal" in result:
        raise CheckFailed(f"Qt fell back to a platform without a screen: {result}")
    return result


def run_window_check() -> int:
    """The child's side of check_qt_window."""
    try:
        print(check_qt(offscreen=False), flush=True)
    except Exception as exc:  # reported by the parent as the check's failure
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


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
        for lang, texts in TTS_TEXTS.items():
            durations = []
            for number, text in enumerate(texts, 1):
                try:
                    wav = synthesizer.wav_for(text, lang)
                except NoVoiceError:
                    break
                except DeviceError as exc:
                    raise CheckFailed(f"synthesis {number} of {len(texts)}: {exc}") from exc
                info = sf.info(str(wav))
                # A real WAV, whatever the voice's driver wrote (macOS writes AIFF).
                if info.format != "WAV":
                    raise CheckFailed(f"synthesis {number} wrote {info.format}, not WAV: {wav}")
                if info.duration < 0.3:
                    raise CheckFailed(f"the {lang} voice produced only {info.duration:.2f} s of audio")
                durations.append(f"{info.duration:.2f}")
            if not durations:
                continue
            voice = synthesizer.voice_for(lang) or {}
            return (
                f"{' + '.join(durations)} s of {lang} speech in {len(durations)} WAVs, "
                f"voice {voice.get('name') or voice.get('id')}"
            )
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
        from interview_sim.devices.vosk_engine import ansi_code_page, deterministic_model_path

        detail = f"Korean model from {path}"
        if path is not None:
            # Where Vosk really opened it, and on Windows the code page it read the path in.
            detail += f", opened as {deterministic_model_path(path)}"
        code_page = ansi_code_page()
        return detail if code_page is None else f"{detail}, ANSI code page {code_page}"

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


def check_voice() -> str:
    """Praat (praat-parselmouth, a compiled module a frozen build must carry) on the sample."""
    from interview_sim.core.voice import measure_file

    sample = sample_path()
    if not sample.is_file():
        raise CheckFailed(f"the sample recording is missing: {sample}")
    measured = measure_file(sample, lang="ko")
    if measured.median_f0_hz is None or not 60 <= measured.median_f0_hz <= 400:
        raise CheckFailed(f"no voice pitch found in {sample.name} (median F0 {measured.median_f0_hz})")
    return (
        f"median F0 {measured.median_f0_hz:.0f} Hz, range {measured.pitch_range_st:.1f} semitones, "
        f"{len(measured.sentences)} sentence(s) in {measured.duration_s:.1f} s"
    )


def check_pdf(work: Path) -> str:
    """pypdf (questions from the candidate's documents) writes a one-page PDF with a text line
    and core/documents.py reads the line back, as it reads a self-introduction letter."""
    from pypdf import PdfWriter
    from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

    from interview_sim.core.documents import DocumentError, read_document

    expected = "Interview Sim self-test"
    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=100)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 20 50 Td ({expected}) Tj ET".encode("ascii"))
    page.replace_contents(ContentStream(stream, writer))
    path = work / "self-test.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    try:
        text = read_document(path).text
    except DocumentError as exc:
        raise CheckFailed(exc.message("en")) from exc
    if text != expected:
        raise CheckFailed(f"the PDF's text read back as {text!r}")
    return f"read back: {text}"


def check_keyring() -> str:
    """The backend that keeps API keys loads; nothing is read from or written to it.

    On Linux the Secret Service backend needs secretstorage and cryptography: a build without
    them cannot store keys anywhere, while a machine without a running keyring daemon is the
    user's to set up (the app says so when a key is saved).
    """
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if sys.platform.startswith("linux"):
        from keyring.backends import SecretService

        try:
            SecretService.Keyring.priority  # noqa: B018 - the property checks the backend
        except RuntimeError as exc:
            if "required" in str(exc):  # "SecretStorage required": the module could not load
                raise CheckFailed(f"the Secret Service keyring backend cannot load: {exc}") from exc
            return f"Secret Service backend ready ({exc}); current backend {name}"
        return f"Secret Service backend ready; current backend {name}"
    if isinstance(backend, fail.Keyring):
        raise CheckFailed(f"no keyring backend: API keys cannot be stored ({name})")
    return f"backend {name}"


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


def check_builtin_llm() -> str:
    """The built-in AI engine loads: xllamacpp imported and its native llama.cpp library called.
    No model: the models are downloaded after consent, never shipped."""
    from interview_sim.llm.base import LLMError
    from interview_sim.llm.builtin import engine_version

    try:
        return engine_version()
    except LLMError as exc:
        raise CheckFailed(str(exc)) from exc


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
            _run("qt-window", check_qt_window, out),
            _run("bank", check_bank, out),
            _run("portaudio", check_portaudio, out),
            _run("tts", lambda: check_tts(work), out),
            _run("vosk-model", vosk.check_model, out),
            _run("transcribe", vosk.check_transcribe, out),
            _run("voice", check_voice, out),
            _run("pdf", lambda: check_pdf(work), out),
            _run("keyring", check_keyring, out),
            _run("second-pass", check_second_pass, out),
            _run("builtin-llm", check_builtin_llm, out),
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
