"""What the settings window asks of the devices: lists, a microphone probe, a spoken sample,
the faster-whisper model. Every method here may block and is called on a worker thread.

The settings window takes these as an argument, so its tests hand it fakes; this module's real
implementation imports the device modules only when a method is first called.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Protocol

from interview_sim import paths

WHISPER_SIZE = "small"  # the size offered when the settings name none (the fakes' default)


class LevelProbe(Protocol):
    def start(self) -> None: ...

    def level_db(self) -> float: ...

    def stop(self) -> None: ...


class SettingsServices(Protocol):
    def input_devices(self) -> list[str]: ...

    def output_devices(self) -> list[str]: ...

    def voices(self) -> list[dict[str, Any]]: ...

    def level_probe(self, device: str) -> LevelProbe: ...

    def speak_sample(self, text: str, lang: str, *, settings: dict[str, Any]) -> None: ...

    def whisper_installed(self, size: str = WHISPER_SIZE) -> bool: ...

    def download_whisper(self, callbacks: Any, size: str = WHISPER_SIZE) -> None: ...

    def measure_whisper(self, size: str) -> tuple[str, float] | None: ...


class RecorderProbe:
    """The real recorder, writing to a scratch file that is deleted afterwards; its level is the
    one the interview screen shows, so the test shows exactly what an answer would get."""

    def __init__(self, device: str) -> None:
        from interview_sim.devices.recorder import SoundDeviceRecorder

        self.recorder = SoundDeviceRecorder(device=device or None)
        self.folder = Path(tempfile.mkdtemp(prefix="mic-test-", dir=paths.cache_dir()))

    def start(self) -> None:
        self.recorder.start(self.folder / "test.wav", max_seconds=120.0)

    def level_db(self) -> float:
        return self.recorder.level().rms_db

    def stop(self) -> None:
        try:
            self.recorder.stop()
        finally:
            for item in self.folder.iterdir():
                item.unlink(missing_ok=True)
            self.folder.rmdir()


class DeviceSettingsServices:
    def _names(self, kind: str) -> list[str]:
        from interview_sim.devices.sdutil import device_list, load_sounddevice

        return [str(d.get("name", "")) for d in device_list(load_sounddevice(), kind)]

    def input_devices(self) -> list[str]:
        return self._names("input")

    def output_devices(self) -> list[str]:
        return self._names("output")

    def voices(self) -> list[dict[str, Any]]:
        from interview_sim.devices.tts import TtsProcess

        process = TtsProcess()
        try:
            return process.voices()
        finally:
            process.close()

    def level_probe(self, device: str) -> LevelProbe:
        return RecorderProbe(device)

    def speak_sample(self, text: str, lang: str, *, settings: dict[str, Any]) -> None:
        from interview_sim.devices.base import DeviceError
        from interview_sim.devices.speaker import SoundDeviceSpeaker
        from interview_sim.devices.tts import CachedSynthesizer, TtsProcess

        synthesizer = CachedSynthesizer(
            TtsProcess(),
            paths.cache_dir() / "tts",
            rate=settings["tts_rate"],
            voice_ko=settings["tts_voice_ko"],
            voice_en=settings["tts_voice_en"],
        )
        speaker = SoundDeviceSpeaker(
            synthesizer, device=settings["output_device"] or None, volume=settings["tts_volume"]
        )
        try:
            utterance = speaker.say(text, lang)
            utterance.wait(60.0)
            if utterance.message:
                raise DeviceError(utterance.message)
        finally:
            speaker.close()

    def whisper_installed(self, size: str = WHISPER_SIZE) -> bool:
        from interview_sim.devices.whisper_engine import FasterWhisperEngine

        return FasterWhisperEngine(size).is_ready()  # a size in the store, or a model folder

    def download_whisper(self, callbacks: Any, size: str = WHISPER_SIZE) -> None:
        from interview_sim.devices.whisper_engine import WhisperModelStore

        WhisperModelStore().download(size, callbacks)

    def measure_whisper(self, size: str) -> tuple[str, float] | None:
        """Seconds of work per second of audio here (``models --measure``), timed on ``size`` if
        installed, else on the smallest installed size; None when none is installed."""
        from interview_sim.devices.whisper_engine import MODEL_SIZES, FasterWhisperEngine, measure_rtf

        sizes = [size] + [m.size for m in MODEL_SIZES if m.size != size]
        for candidate in sizes:
            if candidate not in {m.size for m in MODEL_SIZES}:
                continue  # a folder's model: its speed is not comparable with the table
            engine = FasterWhisperEngine(candidate, low_priority=True)
            if engine.is_ready():
                return candidate, measure_rtf(engine)
        return None
