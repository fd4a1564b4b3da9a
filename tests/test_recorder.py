"""The recorder with a fake sounddevice that replays samples (no audio hardware needed)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_sim.devices.audio import iter_pcm16k
from interview_sim.devices.base import DiskFullError, NoInputDeviceError
from interview_sim.devices.filelock import FileLock, lock_path_for
from interview_sim.devices.recorder import SoundDeviceRecorder
from interview_sim.devices.wavfile import CrashSafeWavWriter
from tests.fakes import FakeSoundDevice, tone

RATE = 44_100


def speech_like(seconds: float, rate: int = RATE, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(int(seconds * rate)) * 3000).astype(np.int16)


def test_records_exactly_what_the_device_delivers(tmp_path: Path) -> None:
    samples = speech_like(2.0)
    sd = FakeSoundDevice(samples, rate=RATE)
    sd.stall_after_samples = True  # then the test stops it like a user
    recorder = SoundDeviceRecorder(sd)
    assert recorder.open() == RATE
    fed: list[bytes] = []
    recorder.start(tmp_path / "a.wav", on_audio=fed.append, max_seconds=10)
    while recorder.elapsed_s < 2.0:
        recorder.wait(0.01)
    result = recorder.stop()
    recorded, rate = sf.read(str(tmp_path / "a.wav"), dtype="int16")
    assert rate == RATE
    assert result.frames == len(samples) == len(recorded)
    np.testing.assert_array_equal(recorded, samples)
    assert result.stopped_by == "user" and result.error is None
    assert recorder.level().rms_db > -40  # the meter saw the signal
    # The live 16 kHz feed equals what the file path gives for the stored file.
    assert b"".join(fed) == b"".join(iter_pcm16k(tmp_path / "a.wav"))
    assert len(b"".join(fed)) // 2 == pytest.approx(2.0 * 16000, abs=2)
    assert not lock_path_for(tmp_path / "a.wav").exists()


def test_stops_at_the_maximum_length_to_the_sample(tmp_path: Path) -> None:
    sd = FakeSoundDevice(speech_like(5.0), rate=RATE)
    recorder = SoundDeviceRecorder(sd)
    recorder.start(tmp_path / "a.wav", max_seconds=1.234)
    assert recorder.wait(10)
    result = recorder.stop()
    assert result.stopped_by == "max_length"
    assert result.frames == int(1.234 * RATE)
    assert sf.info(str(tmp_path / "a.wav")).frames == result.frames
    assert result.stop_requested_at is not None


def test_stops_on_silence_only_after_speech(tmp_path: Path) -> None:
    samples = np.concatenate([np.zeros(RATE * 2, np.int16), speech_like(1.0), np.zeros(RATE * 5, np.int16)])
    recorder = SoundDeviceRecorder(FakeSoundDevice(samples, rate=RATE))
    recorder.start(tmp_path / "a.wav", max_seconds=20, silence_seconds=1.5)
    assert recorder.wait(10)
    result = recorder.stop()
    assert result.stopped_by == "silence"
    # 2 s of leading silence did not count; 1 s speech + 1.5 s silence did.
    assert result.duration_s == pytest.approx(4.5, abs=0.15)


def test_wav_is_readable_while_recording(tmp_path: Path) -> None:
    sd = FakeSoundDevice(speech_like(3.0), rate=RATE)
    recorder = SoundDeviceRecorder(sd)
    recorder.start(tmp_path / "a.wav", max_seconds=3)
    while recorder.elapsed_s < 1.0:
        recorder.wait(0.01)
    # As a crash would leave it: the header already describes the data written so far.
    info = sf.info(str(tmp_path / "a.wav"))
    assert info.frames >= RATE
    # And the recording is marked as live for recovery.
    assert not FileLock(lock_path_for(tmp_path / "a.wav")).try_acquire()
    recorder.wait(10)
    recorder.stop()


def test_device_lost_keeps_the_audio_and_says_so(tmp_path: Path) -> None:
    sd = FakeSoundDevice(speech_like(5.0), rate=RATE)
    sd.deliver_limit = 8  # 0.8 s, then the device goes quiet
    recorder = SoundDeviceRecorder(sd, stall_timeout_s=0.5)
    recorder.start(tmp_path / "a.wav", max_seconds=10)
    assert recorder.wait(10)
    result = recorder.stop()
    assert result.stopped_by == "error"
    assert result.error is not None and "stopped delivering audio" in result.error
    assert result.frames == 8 * 4410
    assert sf.info(str(tmp_path / "a.wav")).frames == result.frames


def test_stream_ending_by_itself_is_a_lost_device(tmp_path: Path) -> None:
    sd = FakeSoundDevice(speech_like(5.0), rate=RATE)
    sd.deliver_limit = 5
    sd.end_stream_when_exhausted = True
    recorder = SoundDeviceRecorder(sd)
    recorder.start(tmp_path / "a.wav", max_seconds=10)
    assert recorder.wait(10)
    result = recorder.stop()
    assert result.error is not None and "disconnected" in result.error
    assert result.frames == 5 * 4410


def test_disk_full_keeps_a_valid_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = CrashSafeWavWriter.write
    calls = {"n": 0}

    def failing_write(self: CrashSafeWavWriter, block: np.ndarray) -> None:
        calls["n"] += 1
        if calls["n"] > 6:
            raise DiskFullError(
                "could not write the recording (No space left on device); the disk may be full"
            )
        real_write(self, block)

    monkeypatch.setattr(CrashSafeWavWriter, "write", failing_write)
    recorder = SoundDeviceRecorder(FakeSoundDevice(speech_like(3.0), rate=RATE))
    recorder.start(tmp_path / "a.wav", max_seconds=10)
    assert recorder.wait(10)
    result = recorder.stop()
    assert result.error is not None and "disk may be full" in result.error
    assert result.frames == 6 * 4410
    assert sf.info(str(tmp_path / "a.wav")).frames == 6 * 4410


def test_no_input_device_is_a_clear_error() -> None:
    recorder = SoundDeviceRecorder(FakeSoundDevice(has_input=False))
    with pytest.raises(NoInputDeviceError, match="no microphone"):
        recorder.open()


def test_unknown_configured_device_lists_the_real_ones() -> None:
    recorder = SoundDeviceRecorder(FakeSoundDevice(), device="USB headset")
    with pytest.raises(NoInputDeviceError, match="fake mic"):
        recorder.open()


def test_stereo_device_is_mixed_to_mono_for_recognition(tmp_path: Path) -> None:
    samples = tone(1.0, 48_000)
    sd = FakeSoundDevice(samples, rate=48_000, input_channels=2)
    recorder = SoundDeviceRecorder(sd, channels=2)
    fed: list[bytes] = []
    recorder.start(tmp_path / "a.wav", on_audio=fed.append, max_seconds=1.0)
    recorder.wait(10)
    result = recorder.stop()
    assert result.channels == 2 and sf.info(str(tmp_path / "a.wav")).channels == 2
    pcm = np.frombuffer(b"".join(fed), "<i2")
    assert len(pcm) == pytest.approx(16000, abs=2)
    assert np.abs(pcm).max() == pytest.approx(0.3 * 32767, rel=0.05)


def test_callback_never_blocks_on_a_slow_consumer(tmp_path: Path) -> None:
    # A recognizer that stalls must not slow the device's callback (it would drop audio).
    gate = threading.Event()

    def slow(pcm: bytes) -> None:
        gate.wait(60)  # stalled until the test has seen the queue fill, however busy the machine

    sd = FakeSoundDevice(speech_like(1.0), rate=RATE)
    recorder = SoundDeviceRecorder(sd)
    recorder.start(tmp_path / "a.wav", on_audio=slow, max_seconds=1.0)
    stream = sd.input_streams[0]
    deadline = time.monotonic() + 30
    while stream.active and time.monotonic() < deadline and recorder._queue.qsize() < 9:
        recorder.wait(0.01)
    assert recorder._queue.qsize() >= 9
    gate.set()
    recorder.wait(10)
    assert recorder.stop().frames == RATE


def test_one_recorder_records_several_answers(tmp_path: Path) -> None:
    sd = FakeSoundDevice(speech_like(3.0), rate=RATE)
    recorder = SoundDeviceRecorder(sd)
    first = tmp_path / "1.wav"
    recorder.start(first, max_seconds=0.5)
    assert recorder.wait(10)
    assert recorder.stop().frames == RATE // 2
    recorder.start(tmp_path / "2.wav", max_seconds=0.3)
    assert recorder.wait(10)
    second = recorder.stop()
    assert second.frames == int(0.3 * RATE) and second.stopped_by == "max_length"
    assert len(sd.input_streams) == 2 and sf.info(str(first)).frames == RATE // 2


@pytest.mark.parametrize(
    ("samples", "blocked"),
    [
        (np.zeros(RATE * 3, np.int16), True),  # access denied: the stream runs, exact zeros
        (np.concatenate([np.zeros(RATE // 2, np.int16), speech_like(2.5)]), False),  # speaks at 0.5 s
        (np.full(RATE * 3, 1, np.int16), False),  # a very quiet microphone is still a microphone
        (np.concatenate([speech_like(0.5), np.zeros(RATE * 3, np.int16)]), False),  # silence later
    ],
)
def test_exact_zeros_in_the_first_second_mean_blocked_input(
    tmp_path: Path, samples: np.ndarray, blocked: bool
) -> None:
    recorder = SoundDeviceRecorder(FakeSoundDevice(samples, rate=RATE))
    recorder.start(tmp_path / "a.wav", max_seconds=2.5)
    assert recorder.wait(10)
    result = recorder.stop()
    assert result.input_blocked is blocked and recorder.input_blocked is blocked
    assert result.frames == int(2.5 * RATE)  # the answer is recorded either way
