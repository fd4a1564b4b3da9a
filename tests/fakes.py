"""A fake ``sounddevice`` module that replays samples, and other device stand-ins for tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from interview_sim.devices.base import TranscriptResult, Word


class CallbackStop(Exception):
    pass


class PortAudioError(Exception):
    pass


@dataclass
class Status:
    input_overflow: bool = False

    def __bool__(self) -> bool:
        return self.input_overflow


class FakeInputStream:
    def __init__(self, sd: FakeSoundDevice, **kwargs: Any) -> None:
        self.sd = sd
        self.kwargs = kwargs
        self.callback: Callable[..., None] = kwargs["callback"]
        self.finished_callback: Callable[[], None] | None = kwargs.get("finished_callback")
        self.blocksize = int(kwargs["blocksize"])
        self.channels = int(kwargs["channels"])
        self.active = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        sd.input_streams.append(self)

    def start(self) -> None:
        self.active = True
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        sd = self.sd
        pos = 0
        samples = sd.input_samples
        if samples.ndim == 1:
            samples = samples[:, None]
        if samples.shape[1] != self.channels:
            samples = np.repeat(samples[:, :1], self.channels, axis=1)
        delivered = 0
        while not self._stop.is_set():
            if sd.deliver_limit is not None and delivered >= sd.deliver_limit:
                if sd.end_stream_when_exhausted and self.finished_callback is not None:
                    self.active = False
                    self.finished_callback()
                    return
                time.sleep(0.01)  # a device that went silent: no callbacks any more
                continue
            block = samples[pos : pos + self.blocksize]
            pos += self.blocksize
            if len(block) < self.blocksize:
                if sd.stall_after_samples:
                    sd.deliver_limit = delivered
                    continue
                block = np.concatenate(
                    [block, np.zeros((self.blocksize - len(block), self.channels), block.dtype)]
                )
            self.callback(block.copy(), self.blocksize, None, Status())
            delivered += 1
            if sd.realtime:
                time.sleep(self.blocksize / self.kwargs["samplerate"])
            else:
                time.sleep(0.0005)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.active = False

    abort = stop

    def close(self) -> None:
        self.stop()


class FakeOutputStream:
    def __init__(self, sd: FakeSoundDevice, **kwargs: Any) -> None:
        self.sd = sd
        self.kwargs = kwargs
        self.callback: Callable[..., None] = kwargs["callback"]
        self.finished_callback: Callable[[], None] | None = kwargs.get("finished_callback")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.played: list[np.ndarray] = []
        self.closed = False
        sd.output_streams.append(self)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        frames = 512
        rate = self.kwargs["samplerate"]
        while not self._stop.is_set():
            out = np.zeros((frames, self.kwargs["channels"]), dtype=np.float32)
            try:
                self.callback(out, frames, None, Status())
            except CallbackStop:
                self.played.append(out.copy())
                break
            self.played.append(out.copy())
            time.sleep(frames / rate * self.sd.output_speed)
        if self.finished_callback is not None:
            self.finished_callback()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    abort = stop

    def close(self) -> None:
        if self._thread is threading.current_thread():
            raise AssertionError("PortAudio forbids closing a stream from its own callbacks")
        self.stop()
        self.closed = True


class FakeSoundDevice:
    """Stands in for the ``sounddevice`` module: an input that replays ``input_samples``."""

    CallbackStop = CallbackStop
    PortAudioError = PortAudioError

    def __init__(
        self,
        input_samples: np.ndarray | None = None,
        *,
        rate: int = 44_100,
        input_channels: int = 1,
        has_input: bool = True,
        has_output: bool = True,
        realtime: bool = False,
        output_speed: float = 0.0,
    ) -> None:
        self.input_samples = input_samples if input_samples is not None else np.zeros(0, np.int16)
        self.rate = rate
        self.realtime = realtime
        self.output_speed = output_speed
        self.deliver_limit: int | None = None  # blocks delivered before the device goes quiet
        self.stall_after_samples = False
        self.end_stream_when_exhausted = False
        self.input_streams: list[FakeInputStream] = []
        self.output_streams: list[FakeOutputStream] = []
        self.devices = []
        if has_input:
            self.devices.append(
                {
                    "name": "fake mic",
                    "max_input_channels": input_channels,
                    "max_output_channels": 0,
                    "default_samplerate": rate,
                }
            )
        if has_output:
            self.devices.append(
                {
                    "name": "fake speaker",
                    "max_input_channels": 0,
                    "max_output_channels": 2,
                    "default_samplerate": 48_000,
                }
            )

    def query_devices(self, device: Any = None, kind: str | None = None) -> Any:
        if kind is None and device is None:
            return list(self.devices)
        key = "max_input_channels" if kind == "input" else "max_output_channels"
        for d in self.devices:
            if d[key] > 0:
                return dict(d)
        raise PortAudioError("Error querying device -1")

    def InputStream(self, **kwargs: Any) -> FakeInputStream:
        return FakeInputStream(self, **kwargs)

    def OutputStream(self, **kwargs: Any) -> FakeOutputStream:
        return FakeOutputStream(self, **kwargs)


class FakeTranscriber:
    """Counts what it is fed; the text says how many samples it heard."""

    name = "fake"
    label = "fake engine"
    offline = True

    def __init__(self, fail_open: Exception | None = None) -> None:
        self.fail_open = fail_open
        self.fed: list[bytes] = []

    def preload(self) -> None:
        pass

    def open_stream(self, lang: str, *, partials: bool = True) -> FakeStream:
        if self.fail_open is not None:
            raise self.fail_open
        return FakeStream(self, lang)


class FakeStream:
    def __init__(self, engine: FakeTranscriber, lang: str) -> None:
        self.engine = engine
        self.lang = lang
        self.samples = 0

    def feed(self, pcm: bytes) -> str | None:
        self.engine.fed.append(pcm)
        self.samples += len(pcm) // 2
        return f"{self.samples} samples"

    def finish(self) -> TranscriptResult:
        seconds = self.samples / 16000
        return TranscriptResult(
            f"heard {self.samples} samples",
            [Word("heard", 0.0, seconds, 0.9)],
            self.engine.name,
            seconds,
            self.lang,
        )


def tone(seconds: float, rate: int, freq: float = 440.0, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * freq * t) * level * 32767).astype(np.int16)


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    import soundfile as sf

    sf.write(str(path), samples, rate, subtype="PCM_16")
    return path
