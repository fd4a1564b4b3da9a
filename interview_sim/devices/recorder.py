"""The microphone: PortAudio callback -> queue -> writer thread -> crash-safe WAV.

The callback only copies the block, queues it and notes its level, so a busy GUI thread or a
slow recognizer can never make PortAudio drop audio. The writer thread owns the file and feeds
the recognizer with 16 kHz mono audio. The device is captured at its own rate.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from interview_sim.devices.audio import SILENT_DB, Pcm16kConverter, SilenceDetector, block_frames, level_of
from interview_sim.devices.base import (
    AudioSink,
    DeviceError,
    DeviceLostError,
    DiskFullError,
    Level,
    NoInputDeviceError,
    RecordingResult,
)
from interview_sim.devices.filelock import FileLock, lock_path_for
from interview_sim.devices.sdutil import find_device, load_sounddevice
from interview_sim.devices.wavfile import CrashSafeWavWriter, repair_wav

_END = object()
# Denied microphone access (macOS privacy settings, Windows' "let desktop apps access your
# microphone") does not fail: the stream runs and delivers exact zeros. A real microphone, even
# a muted-looking one, always has some noise, so a whole second of zeros means no access.
BLOCKED_INPUT_CHECK_S = 1.0


class SoundDeviceRecorder:
    """One answer at a time: ``open()``, ``start(path)``, ``wait()``, ``stop()``."""

    def __init__(
        self,
        sd: Any = None,
        device: str | int | None = None,
        *,
        sample_rate: int | None = None,
        channels: int = 1,
        stall_timeout_s: float = 2.0,
        stop_timeout_s: float = 3.0,
    ) -> None:
        self._sd = sd
        self.device = device
        self.sample_rate = sample_rate or 0
        self.channels = channels
        self.stall_timeout_s = stall_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self.device_name = ""
        self._stream: Any = None
        self._reset()

    def _reset(self) -> None:
        """Fresh state for the next answer: one recorder serves a whole session."""
        self._queue: queue.Queue[Any] = queue.Queue()
        self._level = Level(SILENT_DB, SILENT_DB)
        self._overflows = 0
        self._done = threading.Event()
        self._stopping = False
        self._stopped_by = ""
        self._stop_requested_at: float | None = None
        self._error: str | None = None
        self._writer: CrashSafeWavWriter | None = None
        self._writer_thread: threading.Thread | None = None
        self._lock: FileLock | None = None
        self._path: Path | None = None
        self._frames = 0
        self._on_audio: AudioSink | None = None
        self._converter: Pcm16kConverter | None = None
        self._zero_check_pending = True
        self.input_blocked = False  # set by the writer thread: the first second was all zeros

    # -- setup -------------------------------------------------------------------------------

    @property
    def sd(self) -> Any:
        if self._sd is None:
            self._sd = load_sounddevice()
        return self._sd

    def open(self) -> int:
        """Pick the device and open its stream; returns the capture rate. Raises DeviceError."""
        if self._stream is not None:
            return self.sample_rate
        sd = self.sd
        info = find_device(sd, self.device, "input")
        self.device_name = str(info.get("name", ""))
        rate = self.sample_rate or int(info.get("default_samplerate") or 48_000)
        channels = min(self.channels, int(info.get("max_input_channels") or 1)) or 1
        try:
            self._stream = sd.InputStream(
                device=info.get("index"),
                samplerate=rate,
                channels=channels,
                dtype="int16",
                blocksize=block_frames(rate),
                callback=self._callback,
                finished_callback=self._finished,
            )
        except Exception as exc:  # PortAudioError and friends
            raise NoInputDeviceError(
                f"the microphone {self.device_name!r} could not be opened ({exc}). "
                "Check that it is connected and not used by another program."
            ) from exc
        self.sample_rate, self.channels = rate, channels
        return rate

    def start(
        self,
        path: Path,
        *,
        on_audio: AudioSink | None = None,
        max_seconds: float | None = None,
        silence_seconds: float | None = None,
    ) -> None:
        if self._writer_thread is not None:
            self._reset()  # the previous answer's state; its stream was closed by stop()
        self.open()
        self._path = path
        self._lock = FileLock(lock_path_for(path))
        self._lock.try_acquire()
        self._writer = CrashSafeWavWriter(path, self.sample_rate, self.channels)
        self._on_audio = on_audio
        self._converter = Pcm16kConverter(self.sample_rate) if on_audio else None
        max_frames = int(max_seconds * self.sample_rate) if max_seconds else None
        silence = SilenceDetector(silence_seconds) if silence_seconds else None
        self._writer_thread = threading.Thread(
            target=self._write_loop, args=(max_frames, silence), name="recorder-writer", daemon=True
        )
        self._writer_thread.start()
        try:
            self._stream.start()
        except Exception as exc:
            self._fail(f"the microphone {self.device_name!r} could not be started ({exc})")
            raise DeviceLostError(self._error or "") from exc

    # -- the PortAudio thread ----------------------------------------------------------------

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if status and getattr(status, "input_overflow", False):
            self._overflows += 1
        self._queue.put_nowait(indata.copy())
        self._level = level_of(indata)

    def _finished(self) -> None:
        if not self._stopping:
            self._fail(
                f"the microphone {self.device_name!r} stopped (disconnected?); the answer so far is kept"
            )

    # -- the writer thread -------------------------------------------------------------------

    def _write_loop(self, max_frames: int | None, silence: SilenceDetector | None) -> None:
        assert self._writer is not None
        last_block = time.monotonic()
        # Some devices (Bluetooth headsets) take seconds to deliver their first block.
        allowed_gap = max(self.stall_timeout_s, 5.0)
        write_failed = False
        while True:
            try:
                item = self._queue.get(timeout=0.25)
            except queue.Empty:
                if self._stopping:
                    continue
                if time.monotonic() - last_block > allowed_gap and not self._done.is_set():
                    self._fail(
                        f"the microphone {self.device_name!r} stopped delivering audio (disconnected?); "
                        "the answer so far is kept"
                    )
                continue
            if item is _END:
                return
            last_block = time.monotonic()
            allowed_gap = self.stall_timeout_s
            if write_failed or self._stopped_by == "silence":
                continue  # after a failed write, or the silence that ended the answer: drain
            if max_frames is not None and self._frames >= max_frames:
                continue  # the limit: drain, never write
            # A device that went away (its stream finished) leaves the blocks it delivered before
            # in the queue: they are the end of the answer, and are written like the rest.
            block = item
            if max_frames is not None and self._frames + len(block) > max_frames:
                block = block[: max_frames - self._frames]
            try:
                self._writer.write(block)
            except DiskFullError as exc:
                write_failed = True
                self._fail(str(exc))
                continue
            self._frames += len(block)
            if self._zero_check_pending:
                self._check_blocked_input(block)
            if self._converter is not None and self._on_audio is not None:
                pcm = self._converter.process(block)
                if pcm:
                    self._on_audio(pcm)
            if max_frames is not None and self._frames >= max_frames:
                self._request_stop("max_length")
            elif silence is not None and silence.push(level_of(block), len(block) / self.sample_rate):
                self._request_stop("silence")

    def _check_blocked_input(self, block: np.ndarray) -> None:
        if np.any(block):
            self._zero_check_pending = False
        elif self._frames >= BLOCKED_INPUT_CHECK_S * self.sample_rate:
            self._zero_check_pending = False
            self.input_blocked = True

    def _request_stop(self, reason: str) -> None:
        if not self._stopped_by:
            self._stopped_by = reason
            self._stop_requested_at = time.monotonic()
        self._done.set()

    def _fail(self, message: str) -> None:
        if self._error is None:
            self._error = message
        self._request_stop("error")

    # -- the owner's side --------------------------------------------------------------------

    def level(self) -> Level:
        return self._level

    @property
    def elapsed_s(self) -> float:
        return self._frames / self.sample_rate if self.sample_rate else 0.0

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the recording stops by itself (length, silence, error)."""
        return self._done.wait(timeout)

    def stop(self) -> RecordingResult:
        self._request_stop("user")
        self._stopping = True
        stream, self._stream = self._stream, None
        if stream is not None:
            self._close_stream(stream)
        self._queue.put(_END)
        if self._writer_thread is not None:
            self._writer_thread.join()
        if self._converter is not None and self._on_audio is not None and self._error is None:
            tail = self._converter.flush()
            if tail:
                self._on_audio(tail)
        path = self._path or Path()
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception as exc:  # closing can hit the full disk again
                self._error = self._error or f"could not finish writing {path}: {exc}"
            if self._error is not None and path.exists():
                # A failed write may have left a torn block; the header must match the data.
                with contextlib.suppress(OSError, ValueError):
                    self._frames = repair_wav(path)
        if self._lock is not None:
            self._lock.release()
        return RecordingResult(
            path=path,
            sample_rate=self.sample_rate,
            channels=self.channels,
            frames=self._frames,
            stopped_by=self._stopped_by or "user",
            error=self._error,
            overflows=self._overflows,
            stop_requested_at=self._stop_requested_at,
            input_blocked=self.input_blocked,
        )

    def _close_stream(self, stream: Any) -> None:
        # abort, not stop: every block delivered so far is already queued, and stop() waits up to
        # a whole block (about 100 ms of the stop-to-transcript budget) for audio nobody wants.
        # A vanished device can make even that hang, so it gets a deadline.
        def close() -> None:
            try:
                stream.abort()
                stream.close()
            except Exception:  # the device is going away; nothing to save
                pass

        closer = threading.Thread(target=close, name="recorder-close", daemon=True)
        closer.start()
        closer.join(self.stop_timeout_s)
        if closer.is_alive() and self._error is None:
            self._error = (
                f"the microphone {self.device_name!r} did not stop cleanly; the answer so far is kept"
            )


def describe_error(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, DeviceError) else f"recording failed: {exc}"
