"""Settings, each declared once with its type and default, stored as JSON; their labels are in
the one catalogue with every other text (``interview_sim/i18n/settings.py``, keys ``setting.<name>``).

A settings file that is corrupt or from another version never stops the app: values that do
not fit their declaration are reset to the default and reported, the rest are kept.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, NamedTuple

from interview_sim.core.files import write_file

SETTINGS_VERSION = 1
MAX_SETTINGS_BYTES = 1024 * 1024


def _keep_broken_copy(path: Path) -> str:
    """Copy an unreadable settings file aside before the next save replaces it; says where."""
    copy = path.with_name(path.name + ".broken")
    try:
        shutil.copyfile(path, copy)
    except OSError:
        return ""
    return f"; the old file is kept as {copy}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Setting(NamedTuple):  # not a dataclass: read before the first paint, dataclasses cost 3 ms
    key: str
    type: type
    default: Any
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None

    def accepts(self, value: Any) -> bool:
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            return False
        if self.choices is not None and value not in self.choices:
            return False
        if isinstance(value, int | float):
            if self.minimum is not None and value < self.minimum:
                return False
            if self.maximum is not None and value > self.maximum:
                return False
        return True


DECLARED: tuple[Setting, ...] = (
    Setting("ui_language", str, "ko", choices=("ko", "en")),
    Setting("theme", str, "system", choices=("system", "light", "dark")),
    Setting("font_size", int, 11, minimum=8, maximum=32),
    Setting("input_device", str, ""),
    Setting("output_device", str, ""),
    Setting("tts_rate", int, 170, minimum=60, maximum=400),
    Setting("tts_volume", float, 1.0, minimum=0.0, maximum=1.0),
    Setting("tts_voice_ko", str, ""),
    Setting("tts_voice_en", str, ""),
    Setting("stt_engine", str, "vosk", choices=("vosk", "faster-whisper", "google")),
    Setting("vosk_model_en_path", str, ""),
    Setting("think_time_s", int, 5, minimum=0, maximum=120),
    Setting("stop_on_silence", bool, False),
    Setting("silence_s", float, 4.0, minimum=1.0, maximum=30.0),
    Setting("live_captions", bool, False),
    Setting("review_mode", str, "each", choices=("each", "end")),
    # The AI interviewer (issue 13): off until the user picks a provider. An address that is
    # not this computer sends the question, the references and the transcript to it.
    Setting("llm_provider", str, "off", choices=("off", "ollama", "openai", "builtin")),
    Setting("llm_base_url", str, ""),
    Setting("llm_model", str, ""),
    # The built-in provider's model: a catalogue key (llm/models.py) or a GGUF file's path. Kept
    # apart from llm_model so that switching providers loses neither choice.
    Setting("llm_builtin_model", str, "qwen2.5-1.5b-instruct-q4_k_m"),
    Setting(
        "feedback_language",
        str,
        "question",
        choices=("question", "ko", "en"),
    ),
    # After each answer the interviewer asks one follow-up: generated from the answer when a
    # provider is set, else the bank's linked follow-up chosen by the key terms said and missed.
    Setting("follow_up_questions", bool, False),
    # Answers a day; the start screen shows it quietly beside today's count (core/today.py).
    Setting("daily_goal", int, 5, minimum=1, maximum=100),
    # The language of the questions asked (start screen): Korean, English or both; today's
    # practice and the custom session follow it (core/today.py LANG_CHOICES).
    Setting("question_langs", str, "ko", choices=("ko", "en", "both")),
    # The second pass: an accurate engine refining the live transcript while the candidate
    # speaks (interview_sim.devices.refiner). "none" keeps the live transcript only.
    Setting("refine_engine", str, "faster-whisper", choices=("faster-whisper", "none")),
    # A model size (tiny, base, small, medium, large-v3) or a folder holding a CTranslate2 model.
    Setting("refine_model", str, "base"),
)

BY_KEY = {setting.key: setting for setting in DECLARED}
# What chooses the AI provider (llm/config.py reads them): screens that show it listen for these.
PROVIDER_SETTINGS = frozenset({"llm_provider", "llm_base_url", "llm_model", "llm_builtin_model"})


class Settings:
    """Typed access to the declared settings, backed by a JSON file."""

    def __init__(
        self,
        path: Path,
        values: dict[str, Any],
        problems: list[str],
        unknown: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self._values = values
        self.problems = problems
        # Settings of another version, written back as they were: going back to that version
        # must not find them reset.
        self._unknown = unknown or {}

    @classmethod
    def load(cls, path: Path) -> Settings:
        values = {s.key: s.default for s in DECLARED}
        if not path.exists():
            return cls(path, values, [])
        try:
            if path.stat().st_size > MAX_SETTINGS_BYTES:
                raise ValueError(f"{path.stat().st_size} bytes, far too big for settings")
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            kept = _keep_broken_copy(path)
            return cls(path, values, [f"{path}: unreadable settings, all reset to defaults ({exc}){kept}"])
        if not isinstance(raw, dict) or not isinstance(raw.get("values", {}), dict):
            kept = _keep_broken_copy(path)
            return cls(path, values, [f"{path}: not a settings file, all reset to defaults{kept}"])
        problems: list[str] = []
        version = raw.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > SETTINGS_VERSION:
            problems.append(
                f"{path}: written by a newer Interview Sim (settings version {version}); the settings "
                "this version knows are used, the others are kept for the newer one"
            )
        unknown: dict[str, Any] = {}
        for key, value in raw.get("values", {}).items():
            setting = BY_KEY.get(key)
            if setting is None:
                unknown[key] = value
                continue
            if setting.accepts(value):
                values[key] = float(value) if setting.type is float else value
            else:
                problems.append(
                    f"{path}: setting {key!r} had an invalid value {_short(value)}; reset to {setting.default!r}"
                )
        return cls(path, values, problems, unknown)

    def get(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        setting = BY_KEY[key]
        if not setting.accepts(value):
            raise ValueError(f"invalid value for {key}: {value!r}")
        self._values[key] = float(value) if setting.type is float else value

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def save(self) -> None:
        """Write atomically: a crash mid-save leaves the previous file, never half a file."""
        payload = json.dumps(
            {"version": SETTINGS_VERSION, "values": {**self._unknown, **self._values}},
            ensure_ascii=False,
            indent=2,
        )
        write_file(self.path, payload)
