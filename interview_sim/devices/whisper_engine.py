"""faster-whisper: offline and more accurate, Korean and English, int8 on the CPU.

The engine of the second pass (see :mod:`interview_sim.devices.refiner`) and of English answers;
it ships with the app. Its model is not bundled:
it is downloaded on first use into the user-data folder, after the user agreed to the size,
with progress and a way to cancel. A download goes to ``*.part`` files and the model counts as
installed only once every file is complete, so a cancelled or failed download never leaves a
model that fails to load.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from interview_sim import paths
from interview_sim.devices.base import EngineUnavailableError, Hints, TranscriptResult, Word
from interview_sim.devices.buffered import BufferedStream
from interview_sim.devices.downloads import (
    DownloadCallbacks,
    DownloadCancelled,
    Fetcher,
    HubFetcher,
    Progress,
    fetch_file,
    sha256_file,
)

MODEL_REPOS = {
    "tiny": "Systran/faster-whisper-tiny",
    "base": "Systran/faster-whisper-base",
    "small": "Systran/faster-whisper-small",
    "medium": "Systran/faster-whisper-medium",
    "large-v3": "Systran/faster-whisper-large-v3",
}
MODEL_FILES = (
    "config.json",
    "model.bin",
    "tokenizer.json",
    "vocabulary.txt",
    "vocabulary.json",
    "preprocessor_config.json",
)
REQUIRED_FILES = ("config.json", "model.bin", "tokenizer.json")


@dataclass(frozen=True)
class ModelSize:
    """What the user sees before choosing a download."""

    size: str
    disk_mb: int  # the CTranslate2 int8/float16 files of Systran/faster-whisper-<size>
    params_m: int
    speed_vs_large: float  # OpenAI's README: relative speed on English (A100), large = 1
    accuracy: str  # expected accuracy, in words: published figures are GPU/English-only


MODEL_SIZES = (
    ModelSize("tiny", 75, 39, 10.0, "lowest; rough for Korean"),
    ModelSize(
        "base", 145, 74, 7.0, "good for clear English (word error 0.1 on synthetic speech here); weak Korean"
    ),
    ModelSize("small", 484, 244, 4.0, "good English, usable Korean"),
    ModelSize("medium", 1530, 769, 2.0, "very good English and Korean"),
    ModelSize("large-v3", 3090, 1550, 1.0, "best; slow without a GPU"),
)
SIZES = {m.size: m for m in MODEL_SIZES}


def estimate_rtf(measured_size: str, measured_rtf: float, size: str) -> float:
    """A size's real-time factor on this machine, scaled from one measured size by OpenAI's
    relative speeds (CPU ratios follow the parameter counts roughly the same way)."""
    return measured_rtf * SIZES[measured_size].speed_vs_large / SIZES[size].speed_vs_large


def recommend_size(
    measured_size: str, measured_rtf: float, answer_s: float = 60.0, budget_s: float = 20.0
) -> str | None:
    """The largest size that transcribes an ``answer_s`` answer within ``budget_s`` on this
    machine (after the answer, the slowest case), or None when even the smallest cannot."""
    fitting = [
        m.size
        for m in MODEL_SIZES
        if estimate_rtf(measured_size, measured_rtf, m.size) * answer_s <= budget_s
    ]
    return fitting[-1] if fitting else None


def measure_rtf(engine: Any, seconds: float = 10.0) -> float:
    """Seconds of work per second of audio for ``engine``'s model on this machine.

    The test signal (voiced bursts and pauses) is not speech, so the decoder is held to the
    number of tokens real speech of that length gives (about 3.5 a second in English): the cost
    is then that of a real answer, on any computer, without shipping a recording.
    """
    import time

    t = np.arange(int(seconds * 16000)) / 16000
    voiced = (np.sin(2 * np.pi * 3 * t) > 0).astype(np.float32)
    audio = (0.2 * voiced * np.sin(2 * np.pi * 160 * t) * (1 + 0.3 * np.sin(2 * np.pi * 900 * t))).astype(
        np.float32
    )
    model = engine.model()
    start = time.perf_counter()
    segments, _info = model.transcribe(
        audio,
        language="en",
        beam_size=5,
        word_timestamps=True,
        temperature=0.0,
        condition_on_previous_text=False,
        max_new_tokens=int(seconds * 3.5),
    )
    for _segment in segments:  # the work happens while the segments are read
        pass
    return (time.perf_counter() - start) / seconds


COMPLETE_MARKER = ".complete"


class WhisperModelStore:
    def __init__(self, root: Path | None = None, fetcher: Fetcher | None = None) -> None:
        self.root = root or paths.models_dir() / "faster-whisper"
        self.fetcher = fetcher or HubFetcher()

    def path(self, size: str) -> Path:
        return self.root / size

    def is_installed(self, size: str) -> bool:
        """Complete: the marker, and every file it lists at its listed size."""
        return self.problem(size) is None

    def manifest(self, size: str) -> dict[str, Any]:
        try:
            data = json.loads((self.path(size) / COMPLETE_MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def problem(self, size: str, *, checksums: bool = False) -> str | None:
        """Why the model in the store cannot be used (missing, incomplete, damaged), or None.
        ``checksums`` also compares every file's SHA-256 with the manifest (slower)."""
        folder = self.path(size)
        if not (folder / COMPLETE_MARKER).exists():
            return "not downloaded"
        if not all((folder / f).exists() for f in REQUIRED_FILES):
            return "incomplete (a required file is missing)"
        for name, expected in (self.manifest(size).get("files") or {}).items():
            path = folder / name
            if not path.is_file() or path.stat().st_size != int(expected.get("size", -1)):
                return f"incomplete ({name} has the wrong size)"
            if checksums and expected.get("sha256") and sha256_file(path) != expected["sha256"]:
                return f"damaged ({name} does not match its checksum)"
        return None

    def download(self, size: str, callbacks: DownloadCallbacks) -> Path:
        repo = MODEL_REPOS.get(size)
        if repo is None:
            raise EngineUnavailableError(
                f"unknown faster-whisper model {size!r} (one of: {', '.join(MODEL_REPOS)})"
            )
        try:
            files = [f for f in self.fetcher.files(repo) if f[0] in MODEL_FILES]
        except Exception as exc:  # network errors come in many types
            raise EngineUnavailableError(
                f"the faster-whisper model list could not be fetched: {exc}"
            ) from exc
        if not {name for name, _, _ in files} >= set(REQUIRED_FILES):
            raise EngineUnavailableError(f"{repo} does not look like a faster-whisper model")
        total = sum(size_ for _, size_, _ in files)
        if not callbacks.consent(size, total):
            raise DownloadCancelled(f"the download of the faster-whisper model {size!r} was declined")
        folder = self.path(size)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / COMPLETE_MARKER).unlink(missing_ok=True)
        progress = Progress(total)
        manifest: dict[str, dict[str, Any]] = {}
        try:
            for name, expected_size, expected_sha in files:
                got_size, sha = fetch_file(
                    self.fetcher.stream(repo, name),
                    folder / name,
                    expected_size=expected_size,
                    expected_sha=expected_sha,
                    callbacks=callbacks,
                    progress=progress,
                )
                manifest[name] = {"size": got_size, "sha256": sha}
        except DownloadCancelled:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        except Exception as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise EngineUnavailableError(f"the faster-whisper model could not be downloaded: {exc}") from exc
        done = progress.done
        (folder / COMPLETE_MARKER).write_text(json.dumps({"repo": repo, "bytes": done, "files": manifest}))
        return folder


class FasterWhisperEngine:
    name = "faster-whisper"
    label = "faster-whisper (offline, more accurate, slower)"
    offline = True

    def __init__(
        self,
        size: str = "base",
        *,
        store: WhisperModelStore | None = None,
        module: Any = None,
        download: DownloadCallbacks | None = None,
        cpu_threads: int = 0,
        num_workers: int = 1,
        hints: Hints | None = None,
        low_priority: bool = False,
    ) -> None:
        """``size`` is a model size (``base``, ``small``...) kept in the store, or the path of a
        folder holding a CTranslate2 Whisper model (e.g. one another Whisper app downloaded)."""
        self.size = size
        self.store = store or WhisperModelStore()
        self._module = module
        self.download = download
        self.cpu_threads = cpu_threads  # 0: CTranslate2's default (all cores)
        # Decodes that can run at once from different threads, each with ``cpu_threads``
        # (faster-whisper's num_workers: one model replica each, about 90 MB more for base).
        self.num_workers = max(1, num_workers)
        self.hints = hints  # used by streams opened without their own
        # The second pass: CTranslate2 computes in threads it starts when the model is loaded,
        # and threads inherit the scheduling priority of the thread that starts them.
        self.low_priority = low_priority
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path | None:
        """The model folder given by path, or None for a model size kept in the store."""
        if self.size in MODEL_REPOS:
            return None
        return Path(self.size).expanduser()

    @property
    def parallel_decodes(self) -> int:
        return self.num_workers

    @property
    def model_name(self) -> str:
        folder = self.folder
        return self.size if folder is None else folder.name

    @property
    def module(self) -> Any:
        if self._module is None:
            try:
                import faster_whisper
            except ImportError as exc:
                raise EngineUnavailableError(
                    "faster-whisper is not installed (it ships with Interview Sim; reinstall the app or "
                    "run: pip install faster-whisper)"
                ) from exc
            self._module = faster_whisper
        return self._module

    def is_ready(self) -> bool:
        """The model is on disk (no download needed)."""
        folder = self.folder
        if folder is not None:
            return all((folder / f).is_file() for f in REQUIRED_FILES)
        return self.store.is_installed(self.size)

    def preload(self) -> None:
        if self.is_ready():
            threading.Thread(target=self._safe_load, name="whisper-model-load", daemon=True).start()

    def _safe_load(self) -> None:
        # A missing model is reported when the engine is used.
        with contextlib.suppress(EngineUnavailableError):
            self.model()

    def _path(self) -> Path:
        folder = self.folder
        if folder is not None:
            missing = [f for f in REQUIRED_FILES if not (folder / f).is_file()]
            if not folder.is_dir() or missing:
                raise EngineUnavailableError(
                    f"{folder} is neither a faster-whisper model size ({', '.join(MODEL_REPOS)}) nor a "
                    f"folder holding a CTranslate2 Whisper model (missing: {', '.join(missing)})"
                )
            return folder
        problem = self.store.problem(self.size, checksums=True)
        if problem is not None and problem != "not downloaded":
            raise EngineUnavailableError(
                f"the faster-whisper model {self.size!r} is {problem}; download it again in the settings"
            )
        if problem is not None:
            if self.download is None:
                raise EngineUnavailableError(
                    f"the faster-whisper model {self.size!r} is not downloaded yet "
                    f"(about {_approx_size(self.size)}); allow the download in the settings or run "
                    "`interview-sim transcribe FILE --engine faster-whisper --download`"
                )
            self.store.download(self.size, self.download)
        return self.store.path(self.size)

    def model(self) -> Any:
        with self._lock:
            if self._model is not None:
                return self._model
            module = self.module
            path = self._path()

            def load() -> Any:
                return module.WhisperModel(
                    str(path),
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=self.cpu_threads,
                    num_workers=self.num_workers,
                )

            try:
                self._model = _in_low_priority_thread(load) if self.low_priority else load()
            except Exception as exc:
                raise EngineUnavailableError(f"the faster-whisper model could not be loaded: {exc}") from exc
            return self._model

    def open_stream(self, lang: str, *, partials: bool = True, hints: Hints | None = None) -> BufferedStream:
        self.model()  # fail before the answer, not after it
        return BufferedStream(self, lang, hints=hints or self.hints)

    def recognize(self, pcm: bytes, lang: str, hints: Hints | None = None) -> TranscriptResult:
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        return self.transcribe_audio(audio, lang, hints=hints or self.hints)

    def choose_language(self, audio: np.ndarray, lang: str | None) -> str | None:
        """``lang``, or for ``auto``/None the likelier of the app's languages.

        Whisper's own detection picks among about a hundred languages; robotic or accented
        speech then comes out as, say, Japanese. An answer here is Korean or English.
        """
        if lang and lang != "auto":
            return lang
        try:
            _best, _prob, probs = self.model().detect_language(audio, vad_filter=True)
        except Exception:  # too short or silent: let transcribe() decide
            return None
        ranked = {code: p for code, p in probs if code in APP_LANGUAGES}
        return max(ranked, key=lambda code: ranked[code]) if ranked else None

    def transcribe_audio(
        self,
        audio: np.ndarray,
        lang: str | None,
        *,
        hints: Hints | None = None,
        context: str = "",
        offset_s: float = 0.0,
        vad: bool = False,
        beam_size: int = 5,
        speech_end_s: float | None = None,
    ) -> TranscriptResult:
        """Transcribe 16 kHz float32 ``audio``; word times are shifted by ``offset_s``.

        ``context`` is the text said before this audio (the earlier segments of the answer);
        ``vad`` lets the engine skip the silences of a long recording. ``speech_end_s`` is where
        the speech in ``audio`` ends (the second pass's VAD knows): decoding stops once the words
        reach it. Without it, whenever Whisper's text does not close with a final timestamp,
        faster-whisper decodes what follows the last word in another 30 s window: a second
        encoder pass (most of a short segment's cost) over silence, where Whisper makes up
        "Thank you." or "I'm sorry, I'm sorry, ..." (seen on the bench's answers).
        """
        language = self.choose_language(audio, lang if lang != "auto" else (hints.lang if hints else None))
        prompt = build_prompt(hints, context, language)
        seconds = len(audio) / 16000
        segments, info = self.model().transcribe(
            audio,
            language=language,
            word_timestamps=True,
            beam_size=beam_size,
            initial_prompt=prompt or None,
            hotwords=hotwords(hints),
            # The prompt carries the context; conditioning on the model's own text as well
            # lets one misheard phrase repeat through the rest of the answer.
            condition_on_previous_text=False,
            vad_filter=vad,
            # No temperature fallback: on speech it cannot make out, the fallback decodes each
            # window up to six times (a 16 s segment of espeak Korean took 46 s on 2 cores).
            temperature=0.0,
            # Bounded output: fast speech is about 5 syllables (or 3 English words) a second.
            max_new_tokens=min(MAX_NEW_TOKENS, int(seconds * 8) + 12),
        )
        texts: list[str] = []
        words: list[Word] = []
        for segment in segments:
            reached_the_end = speech_end_s is not None and (
                max([float(segment.end), *(float(w.end) for w in segment.words or [])])
                >= speech_end_s - SPEECH_END_MARGIN_S
            )
            if speech_end_s is not None and float(segment.start) >= speech_end_s:
                pass  # text on the silence after the speech: made up
            elif is_prompt_echo(str(segment.text), hints, language):
                pass
            elif float(getattr(segment, "compression_ratio", 0.0) or 0.0) > COMPRESSION_LIMIT:
                pass  # a loop ("흑, 흑, 흑, ..."), Whisper's own sign of a hallucination
            else:
                self._keep(segment, offset_s, texts, words)
            if reached_the_end:
                break  # the rest is silence: never decoded (the generator decodes lazily)
        return TranscriptResult(
            text=" ".join(t for t in texts if t),
            words=words,
            engine=self.name,
            duration_s=len(audio) / 16000,
            lang=str(getattr(info, "language", None) or language or ""),
            model=self.model_name,
        )

    @staticmethod
    def _keep(segment: Any, offset_s: float, texts: list[str], words: list[Word]) -> None:
        texts.append(str(segment.text).strip())
        for w in segment.words or []:
            words.append(
                Word(
                    str(w.word).strip(),
                    float(w.start) + offset_s,
                    float(w.end) + offset_s,
                    float(w.probability),
                )
            )


def _in_low_priority_thread(func: Callable[[], Any]) -> Any:
    """Run ``func`` in a thread with a lower priority (Linux: per thread), for what it starts."""
    box: dict[str, Any] = {}

    def run() -> None:
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOW_PRIORITY)
        try:
            box["value"] = func()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, name="whisper-model-load", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


LOW_PRIORITY = 10  # nice: the recorder and the live stream win every contest for the CPU

# The languages an answer can be in: automatic detection chooses between these.
APP_LANGUAGES = ("ko", "en")

# Whisper continues the style of its prompt; a prompt full of fillers keeps the ones the
# candidate says instead of writing them out of the transcript ("prompting" in OpenAI's
# speech-to-text guide; the verbatim style is what the delivery metrics count).
FILLER_PROMPTS = {
    "en": "Um, so, uh, I think, uh, the answer is, um, like this.",
    "ko": "음, 그러니까, 어, 제 생각에는, 음, 이렇게, 어, 말할 수 있습니다.",
}


MAX_NEW_TOKENS = 220  # Whisper's 448-token window, less the prompt's 224
COMPRESSION_LIMIT = 2.4  # Whisper's compression_ratio_threshold
# How far before the speech's end (by the caller's VAD) the words may stop and still count as
# having reached it: Whisper's word ends fell 0.02-0.16 s before Silero's (whose hysteresis
# trails the voice by about 0.1 s) on the bench's answers; no word fits in what is left.
SPEECH_END_MARGIN_S = 0.25


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def is_prompt_echo(text: str, hints: Hints | None, lang: str | None) -> bool:
    """A segment that only repeats the prompt: the question, the list of key terms, or the whole
    filler primer. Whisper does this on audio it cannot make out; kept, it would put the bank's
    terms into an answer that never said them. A few fillers alone are not an echo: candidates
    say "um, so, uh" too."""
    said = _letters(text)
    if not said:
        return True
    primer = _letters(FILLER_PROMPTS.get(lang or "", FILLER_PROMPTS["en"]))
    if said in primer and len(said) >= 0.8 * len(primer):
        return True
    if hints is None:
        return False
    if len(said) >= 8 and said in _letters(hints.prompt):
        return True
    if hints.terms:
        rest = said
        for term in sorted(hints.terms, key=len, reverse=True):
            rest = rest.replace(_letters(term), "")
        if not rest:
            return True
    return False


def build_prompt(hints: Hints | None, context: str, lang: str | None) -> str:
    """The initial prompt: the filler style, the question and its terms, then the text so far.

    Whisper keeps only the last 223 prompt tokens, so the context goes last and is cut first.
    """
    parts = [FILLER_PROMPTS.get(lang or "", FILLER_PROMPTS["en"])]
    if hints is not None:
        if hints.prompt:
            parts.append(hints.prompt.strip())
        if hints.terms:
            parts.append(", ".join(hints.terms) + ".")
    if context:
        parts.append(context[-400:].strip())
    return " ".join(p for p in parts if p)


def hotwords(hints: Hints | None) -> str | None:
    return ", ".join(hints.terms) if hints is not None and hints.terms else None


def _approx_size(size: str) -> str:
    info = SIZES.get(size)
    return f"{info.disk_mb} MB" if info is not None else "several hundred MB"
