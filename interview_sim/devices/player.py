"""Playing back a recorded answer (WAV or FLAC) through sounddevice, with seeking.

The review screen polls :meth:`FilePlayer.position_s` to highlight the word being heard. The
samples are read once (:meth:`load`, slow: call it off the GUI thread); :meth:`play` opens an
output stream whose callback reads from the current position, so a seek is a new position.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

from interview_sim.devices.base import DeviceError
from interview_sim.devices.sdutil import find_device, load_sounddevice


class FilePlayer:
    def __init__(self, sd: Any = None, *, device: str | int | None = None) -> None:
        self._sd = sd
        self.device = device
        self._lock = threading.RLock()
        # No audio yet; numpy and libsndfile load with the first recording, not with the window.
        self._samples: Any = ()
        self._rate = 16_000
        self._position = 0  # frames into _samples
        self._stream: Any = None
        self._ended_stream: Any = None
        self.path: Path | None = None

    @property
    def sd(self) -> Any:
        if self._sd is None:
            self._sd = load_sounddevice()
        return self._sd

    @property
    def duration_s(self) -> float:
        return len(self._samples) / self._rate if self._rate else 0.0

    @property
    def playing(self) -> bool:
        return self._stream is not None

    def load(self, path: Path) -> float:
        """Read the recording at the output device's rate; returns its length in seconds."""
        import numpy as np
        import soundfile as sf
        import soxr

        self.stop()
        try:
            samples, rate = sf.read(str(path), dtype="float32", always_2d=True)
        except (OSError, RuntimeError, sf.LibsndfileError) as exc:
            raise DeviceError(f"{path}: the recording cannot be read ({exc})") from exc
        mono = samples.mean(axis=1) if samples.shape[1] > 1 else samples[:, 0]
        device_rate = rate
        try:
            info = find_device(self.sd, self.device, "output")
            device_rate = int(info.get("default_samplerate") or rate)
        except DeviceError:
            pass  # play() reports the missing speaker; loading still gives the duration
        if device_rate != rate and len(mono):
            mono = soxr.resample(mono, rate, device_rate, "HQ")
        with self._lock:
            self._samples = np.ascontiguousarray(mono, dtype=np.float32)
            self._rate = device_rate
            self._position = 0
            self.path = path
        return self.duration_s

    def position_s(self) -> float:
        return self._position / self._rate if self._rate else 0.0

    def seek(self, seconds: float) -> None:
        with self._lock:
            frame = int(max(0.0, seconds) * self._rate)
            self._position = min(frame, len(self._samples))

    def play(self, from_s: float | None = None) -> None:
        """Start (or restart) playing; raises DeviceError when no speaker can be opened."""
        self.stop()
        if from_s is not None:
            self.seek(from_s)
        with self._lock:
            if self._position >= len(self._samples):
                self._position = 0
        sd = self.sd
        info = find_device(sd, self.device, "output")

        def callback(outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
            with self._lock:
                chunk = self._samples[self._position : self._position + frames]
                self._position += len(chunk)
            outdata[: len(chunk), 0] = chunk
            outdata[len(chunk) :] = 0
            if len(chunk) < frames:
                raise sd.CallbackStop

        def finished() -> None:
            with self._lock:
                if self._stream is stream:
                    self._stream = None
                    # A stream that ended still holds its connection and thread until closed,
                    # and PortAudio must not close it from its own callback: the next play(),
                    # stop() or close() does.
                    self._ended_stream = stream

        try:
            stream = sd.OutputStream(
                device=info.get("index"),
                samplerate=self._rate,
                channels=1,
                dtype="float32",
                callback=callback,
                finished_callback=finished,
            )
            with self._lock:
                self._stream = stream
            stream.start()
        except Exception as exc:
            with self._lock:
                self._stream = None
            raise DeviceError(f"the speaker could not be opened ({exc})") from exc

    def pause(self) -> None:
        """Stop where it is; play() goes on from there."""
        self.stop()

    def stop(self) -> None:
        with self._lock:
            streams = [s for s in (self._stream, self._ended_stream) if s is not None]
            self._stream = self._ended_stream = None
        for stream in streams:
            try:
                stream.abort()
                stream.close()
            except Exception:  # a stream that already ended
                pass

    def close(self) -> None:
        self.stop()
