"""FilePlayer on the fake sounddevice: WAV and FLAC, seek, pause, position, bad files."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_sim.devices.base import DeviceError
from interview_sim.devices.player import FilePlayer
from tests.fakes import FakeSoundDevice


def write(path: Path, seconds: float, rate: int = 16_000) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    sf.write(str(path), (np.sin(2 * np.pi * 300 * t) * 0.3).astype(np.float32), rate)
    return path


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_loads_plays_seeks_and_pauses(tmp_path: Path, suffix: str) -> None:
    sd = FakeSoundDevice(has_input=False, output_speed=1.0)
    player = FilePlayer(sd)
    assert player.load(write(tmp_path / f"a{suffix}", 2.0)) == pytest.approx(2.0, abs=0.01)
    player.seek(1.5)
    assert player.position_s() == pytest.approx(1.5, abs=0.01)
    player.play()
    deadline = time.monotonic() + 30
    while player.playing and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not player.playing  # ran to the end and stopped by itself
    assert player.position_s() == pytest.approx(2.0, abs=0.01)
    stream = sd.output_streams[-1]
    assert stream.kwargs["samplerate"] == 48_000  # resampled to the device's rate
    played = np.concatenate(stream.played)[:, 0]
    assert np.abs(played).max() > 0.2
    player.play(from_s=0.0)  # from the start again
    # Wait for the sound to be under way rather than a fixed time: on a busy machine the
    # stream's thread may not have run at all within one.
    deadline = time.monotonic() + 30
    while player.position_s() <= 0.0 and time.monotonic() < deadline:
        time.sleep(0.01)
    player.pause()
    paused_at = player.position_s()
    assert 0.0 < paused_at < 2.0 and not player.playing
    time.sleep(0.1)
    assert player.position_s() == paused_at


def test_unreadable_file_and_missing_speaker_are_device_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF not really")
    player = FilePlayer(FakeSoundDevice(has_input=False, has_output=False))
    with pytest.raises(DeviceError, match=r"broken\.wav"):
        player.load(broken)
    player.load(write(tmp_path / "ok.wav", 0.5))
    with pytest.raises(DeviceError, match="speaker"):
        player.play()
    assert not player.playing


def test_every_stream_is_closed_whether_it_ended_or_was_stopped(tmp_path: Path) -> None:
    # An output stream left open after it ended keeps its sound-server connection and thread.
    sd = FakeSoundDevice(has_input=False, output_speed=0.0)
    player = FilePlayer(sd)
    player.load(write(tmp_path / "a.wav", 0.3))
    for _ in range(3):
        player.play(from_s=0.0)
        deadline = time.monotonic() + 30
        while player.playing and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not player.playing
    assert [s.closed for s in sd.output_streams] == [True, True, False]  # the last: at stop or close
    player.close()
    assert all(s.closed for s in sd.output_streams)
