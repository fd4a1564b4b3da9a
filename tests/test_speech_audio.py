"""Sample conversion, crash-safe WAV repair and FLAC compaction."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_sim.devices.audio import Pcm16kConverter, Rechunker, SilenceDetector, level_of
from interview_sim.devices.base import Level
from interview_sim.devices.wavfile import CrashSafeWavWriter, compress_to_flac, repair_wav
from tests.fakes import tone, write_wav


def _convert(samples: np.ndarray, rate: int, sizes: list[int]) -> bytes:
    converter = Pcm16kConverter(rate)
    out, pos, i = [], 0, 0
    while pos < len(samples):
        size = sizes[i % len(sizes)]
        out.append(converter.process(samples[pos : pos + size, None]))
        pos += size
        i += 1
    out.append(converter.flush())
    return b"".join(out)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=9000), min_size=1, max_size=6),
    st.sampled_from([44_100, 48_000, 16_000]),
)
def test_conversion_does_not_depend_on_block_sizes(sizes: list[int], rate: int) -> None:
    # The live path gets the device's block sizes, the file path its own: same bytes regardless.
    samples = (np.random.default_rng(rate).standard_normal(rate) * 5000).astype(np.int16)
    assert _convert(samples, rate, sizes) == _convert(samples, rate, [rate // 10])


def test_conversion_resamples_to_16k() -> None:
    pcm = np.frombuffer(_convert(tone(2.0, 44_100, 1000.0)[:, None][:, 0], 44_100, [4410]), "<i2")
    assert len(pcm) == pytest.approx(32_000, abs=2)
    spectrum = np.abs(np.fft.rfft(pcm.astype(float)))
    assert np.argmax(spectrum) * 16_000 / len(pcm) == pytest.approx(1000, abs=2)


def test_16k_input_passes_through_unchanged() -> None:
    samples = (np.random.default_rng(3).standard_normal(16_000) * 5000).astype(np.int16)
    assert _convert(samples, 16_000, [1234]) == samples.astype("<i2").tobytes()


@given(st.binary(max_size=20_000), st.integers(min_value=1, max_value=5000))
def test_rechunker_keeps_every_byte_in_fixed_chunks(data: bytes, split: int) -> None:
    rechunker = Rechunker(3200)
    chunks = [*rechunker.push(data[:split]), *rechunker.push(data[split:]), *rechunker.flush()]
    assert b"".join(chunks) == data
    assert all(len(c) == 3200 for c in chunks[:-1])


def test_level_and_silence_detector() -> None:
    assert level_of(np.zeros(100, np.int16)).rms_db == -100.0
    loud = level_of(tone(0.1, 16_000, level=0.5))
    assert loud.peak_db == pytest.approx(-6.0, abs=0.2) and loud.rms_db == pytest.approx(-9.0, abs=0.3)
    detector = SilenceDetector(1.0)
    quiet, voice = Level(-80, -70), Level(-20, -10)
    assert not any(detector.push(quiet, 0.1) for _ in range(30))  # nothing said yet: keep waiting
    assert not detector.push(voice, 0.1)
    assert [detector.push(quiet, 0.1) for _ in range(10)][-1]


def _crashed_wav(path: Path, frames: int, torn_bytes: int = 0) -> np.ndarray:
    """A WAV as left by a writer whose header was never updated (sizes 0), maybe a torn frame."""
    samples = (np.random.default_rng(frames).standard_normal(frames) * 4000).astype("<i2")
    header = b"RIFF" + struct.pack("<I", 0) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 44_100, 88_200, 2, 16)
    header += b"data" + struct.pack("<I", 0)
    path.write_bytes(header + samples.tobytes() + b"\x01" * torn_bytes)
    return samples


def test_repair_restores_an_interrupted_wav(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    samples = _crashed_wav(path, 44_100, torn_bytes=1)
    assert repair_wav(path) == 44_100
    data, rate = sf.read(str(path), dtype="int16")
    assert rate == 44_100
    np.testing.assert_array_equal(data, samples)
    assert repair_wav(path) == 44_100  # idempotent


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=1))
def test_repair_keeps_every_whole_frame(frames: int, torn: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.wav"
        _crashed_wav(path, frames, torn)
        assert repair_wav(path) == frames


def test_repair_of_an_empty_file_and_a_non_wav(tmp_path: Path) -> None:
    (tmp_path / "empty.wav").write_bytes(b"")
    assert repair_wav(tmp_path / "empty.wav") == 0
    (tmp_path / "junk.wav").write_bytes(b"not audio at all")
    with pytest.raises(ValueError, match="not a WAV"):
        repair_wav(tmp_path / "junk.wav")


def test_writer_header_is_current_without_close(tmp_path: Path) -> None:
    writer = CrashSafeWavWriter(tmp_path / "a.wav", 16_000, 1)
    assert writer.header_auto_update
    writer.write(tone(0.5, 16_000)[:, None])
    assert sf.info(str(tmp_path / "a.wav")).frames == 8000  # before close, as after a kill
    writer.close()


def test_flac_compaction_is_lossless_and_replaces_the_wav(tmp_path: Path) -> None:
    samples = (np.random.default_rng(5).standard_normal(44_100 * 3) * 6000).astype(np.int16)
    wav = write_wav(tmp_path / "a.wav", samples, 44_100)
    flac = compress_to_flac(wav)
    assert flac.suffix == ".flac" and flac.exists()
    assert wav.exists()  # the caller deletes it after pointing the database to the FLAC
    data, _ = sf.read(str(flac), dtype="int16")
    np.testing.assert_array_equal(data, samples)
    assert flac.stat().st_size < wav.stat().st_size
    assert not (tmp_path / "a.flac.part").exists()


def test_failed_compaction_keeps_the_wav(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wav = write_wav(tmp_path / "a.wav", tone(1.0, 16_000), 16_000)
    before = wav.read_bytes()

    def broken(a: Path, b: Path) -> None:
        raise OSError("the compressed file does not match the recording")

    monkeypatch.setattr("interview_sim.devices.wavfile._verify_same_audio", broken)
    with pytest.raises(OSError, match="does not match"):
        compress_to_flac(wav)
    assert wav.read_bytes() == before
    assert not (tmp_path / "a.flac").exists() and not (tmp_path / "a.flac.part").exists()
