"""Speaking a question: a cached WAV from the TTS process, played through sounddevice.

Playing our own samples gives what pyttsx3 cannot: the exact moment the last sample left the
output (PortAudio's finished callback, after ``CallbackStop``), instant stop, and replay
without synthesizing again.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
import soxr

from interview_sim.devices.base import DeviceError, NoVoiceError, Utterance
from interview_sim.devices.sdutil import find_device, load_sounddevice
from interview_sim.devices.tts import CachedSynthesizer

Callback = Callable[[Utterance], None]

# Outputs waking from suspend (PulseAudio sinks, Bluetooth, HDMI) swallow their first samples;
# a short silence in front keeps the first syllable of the question.
LEAD_IN_S = 0.15
# How long past its length a question may take before its stream is given up as hung.
END_GRACE_S = 10.0


def _close(stream: Any) -> None:
    try:
        stream.abort()
        stream.close()
    except Exception:  # stopping a stream that already ended, or a device that went away
        pass


class SoundDeviceSpeaker:
    def __init__(
        self,
        synthesizer: CachedSynthesizer,
        sd: Any = None,
        *,
        device: str | int | None = None,
        volume: float = 1.0,
    ) -> None:
        self.synthesizer = synthesizer
        self._sd = sd
        self.device = device
        self.volume = volume
        # Re-entrant: PortAudio may call the finished callback from inside start() or abort().
        self._lock = threading.RLock()
        self._current: Utterance | None = None
        self._stream: Any = None
        self._last: tuple[str, str] | None = None
        self._told_no_voice: set[str] = set()

    @property
    def sd(self) -> Any:
        if self._sd is None:
            self._sd = load_sounddevice()
        return self._sd

    def say(self, text: str, lang: str, on_finished: Callback | None = None) -> Utterance:
        """Start speaking and return at once; ``Utterance.done`` is set when speech ended."""
        self.stop()
        utterance = Utterance(text, lang)
        with self._lock:
            self._current = utterance
            self._last = (text, lang)
        threading.Thread(target=self._run, args=(utterance, on_finished), name="speaker", daemon=True).start()
        return utterance

    def replay(self, on_finished: Callback | None = None) -> Utterance | None:
        last = self._last
        return None if last is None else self.say(*last, on_finished=on_finished)

    def stop(self) -> None:
        with self._lock:
            utterance, stream = self._current, self._stream
            self._current = self._stream = None
        if stream is not None:
            _close(stream)
        if utterance is not None:
            utterance._finish(False)

    def synthesize_to_file(self, text: str, lang: str, out: Path) -> float:
        wav = self.synthesizer.wav_for(text, lang)
        shutil.copyfile(wav, out)
        return float(sf.info(str(out)).duration)

    def close(self) -> None:
        self.stop()
        self.synthesizer.close()

    # -- playback ----------------------------------------------------------------------------

    def _run(self, utterance: Utterance, on_finished: Callback | None) -> None:
        def finish(completed: bool, message: str | None = None) -> None:
            if not utterance.done.is_set():
                utterance._finish(completed, message)
                if on_finished is not None:
                    on_finished(utterance)

        try:
            wav = self.synthesizer.wav_for(utterance.text, utterance.lang)
            samples, rate = self._prepare(wav)
        except NoVoiceError as exc:
            # Say it once per language; the question text is on screen either way.
            first = utterance.lang not in self._told_no_voice
            self._told_no_voice.add(utterance.lang)
            finish(False, str(exc) if first else None)
            return
        except (DeviceError, OSError, RuntimeError) as exc:
            finish(False, f"the question could not be spoken ({exc}); it is shown as text")
            return
        utterance.duration_s = len(samples) / rate
        position = 0
        sd = self.sd

        def callback(outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
            nonlocal position
            chunk = samples[position : position + frames]
            position += frames
            outdata[: len(chunk), 0] = chunk
            outdata[len(chunk) :] = 0
            if len(chunk) < frames:
                raise sd.CallbackStop

        # PortAudio must not close a stream from its own callbacks, and a stream that ended by
        # itself still holds its connection and thread until it is closed (one per question, the
        # soak bench found): this thread waits for the end and closes it.
        ended = threading.Event()

        failure = ""
        stream: Any = None
        with self._lock:
            if self._current is not utterance:
                return  # stopped while synthesizing
            try:
                info = find_device(sd, self.device, "output")
                stream = sd.OutputStream(
                    device=info.get("index"),
                    samplerate=rate,
                    channels=1,
                    dtype="float32",
                    callback=callback,
                    finished_callback=ended.set,
                )
                self._stream = stream
                utterance.spoken = True
                utterance.started_at = time.monotonic()
                stream.start()
            except Exception as exc:  # no speaker must not stop the interview
                self._current = self._stream = None
                utterance.spoken = False
                failure = (
                    str(exc) if isinstance(exc, DeviceError) else f"the speaker could not be opened ({exc})"
                )
        if not utterance.spoken:
            if stream is not None:
                _close(stream)
            finish(False, f"{failure}; the question is shown as text")
            return
        deadline = time.monotonic() + utterance.duration_s + END_GRACE_S
        # stop() or the next say() takes the stream away and closes it themselves.
        while not ended.wait(0.05) and not utterance.done.is_set() and time.monotonic() < deadline:
            pass
        with self._lock:
            mine = self._current is utterance and self._stream is stream
            if mine:
                self._current = self._stream = None
        if mine:
            _close(stream)
            finish(ended.is_set())

    def _prepare(self, wav: Path) -> tuple[np.ndarray, int]:
        samples, rate = sf.read(str(wav), dtype="float32", always_2d=True)
        mono = samples.mean(axis=1) if samples.shape[1] > 1 else samples[:, 0]
        mono = mono * np.float32(self.volume)
        # Play at the device's own rate: WASAPI shared mode and some ALSA devices refuse others.
        device_rate = rate
        try:
            info = find_device(self.sd, self.device, "output")
            device_rate = int(info.get("default_samplerate") or rate)
        except DeviceError:
            pass
        if device_rate != rate:
            mono = soxr.resample(mono, rate, device_rate, "HQ")
        mono = np.concatenate([np.zeros(int(LEAD_IN_S * device_rate), np.float32), mono])
        return np.ascontiguousarray(mono, dtype=np.float32), device_rate
