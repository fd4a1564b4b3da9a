"""Sample conversions shared by the live path and the file path.

The live transcript must equal the transcript of the stored file, so both paths push the same
samples through the same converter in the same fixed-size blocks: the converter regroups its
input into blocks of a tenth of a second before resampling, whatever sizes it is fed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import soxr

from interview_sim.devices.base import RECOGNITION_RATE, Level

SILENT_DB = -100.0
BLOCK_S = 0.1


def block_frames(sample_rate: int) -> int:
    return max(1, round(sample_rate * BLOCK_S))


def to_db(value: float) -> float:
    return 20.0 * math.log10(value) if value > 1e-5 else SILENT_DB


def level_of(block: np.ndarray) -> Level:
    """RMS and peak of an int16 or float block, cheap enough for the audio callback."""
    if block.size == 0:
        return Level(SILENT_DB, SILENT_DB)
    scale = 32768.0 if block.dtype == np.int16 else 1.0
    data = block.astype(np.float32) / scale
    peak = float(np.max(np.abs(data)))
    rms = float(np.sqrt(np.mean(data * data)))
    return Level(to_db(rms), to_db(peak))


def to_mono_float(block: np.ndarray) -> np.ndarray:
    data = block.astype(np.float32)
    if block.dtype == np.int16:
        data /= 32768.0
    if data.ndim == 2:
        data = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    return np.ascontiguousarray(data, dtype=np.float32)


def float_to_pcm16(data: np.ndarray) -> bytes:
    return np.clip(np.rint(data * 32768.0), -32768, 32767).astype("<i2").tobytes()


class Pcm16kConverter:
    """Device-rate int16 blocks in, 16 kHz mono s16le bytes out, deterministic in block layout."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._block = block_frames(sample_rate)
        self._pending: list[np.ndarray] = []
        self._pending_frames = 0
        self._resampler = (
            None
            if sample_rate == RECOGNITION_RATE
            else soxr.ResampleStream(sample_rate, RECOGNITION_RATE, 1, "float32", "HQ")
        )

    def process(self, block: np.ndarray) -> bytes:
        self._pending.append(to_mono_float(block))
        self._pending_frames += len(block)
        if self._pending_frames < self._block:
            return b""
        data = np.concatenate(self._pending)
        whole = (len(data) // self._block) * self._block
        rest = data[whole:]
        self._pending = [rest] if len(rest) else []
        self._pending_frames = len(rest)
        return b"".join(
            self._convert(data[i : i + self._block], last=False) for i in range(0, whole, self._block)
        )

    def flush(self) -> bytes:
        data = np.concatenate(self._pending) if self._pending else np.zeros(0, np.float32)
        self._pending, self._pending_frames = [], 0
        return self._convert(data, last=True)

    def _convert(self, data: np.ndarray, *, last: bool) -> bytes:
        if self._resampler is not None:
            data = self._resampler.resample_chunk(data, last=last)
        return float_to_pcm16(data)


class Rechunker:
    """Regroups a byte stream into chunks of exactly ``size`` bytes (the last may be short)."""

    def __init__(self, size: int = int(RECOGNITION_RATE * BLOCK_S) * 2) -> None:
        self.size = size
        self._buffer = bytearray()

    def push(self, data: bytes) -> list[bytes]:
        self._buffer.extend(data)
        chunks = []
        while len(self._buffer) >= self.size:
            chunks.append(bytes(self._buffer[: self.size]))
            del self._buffer[: self.size]
        return chunks

    def flush(self) -> list[bytes]:
        rest, self._buffer = bytes(self._buffer), bytearray()
        return [rest] if rest else []


def iter_pcm16k(path: Path) -> Iterator[bytes]:
    """A stored answer as recognition chunks, exactly as the live path produced them."""
    import soundfile as sf

    with sf.SoundFile(str(path)) as f:
        converter = Pcm16kConverter(f.samplerate)
        rechunker = Rechunker()
        for block in f.blocks(blocksize=block_frames(f.samplerate), dtype="int16", always_2d=True):
            yield from rechunker.push(converter.process(block))
        yield from rechunker.push(converter.flush())
        yield from rechunker.flush()


class SilenceDetector:
    """Says when the speaker has been quiet for ``seconds`` after having said something.

    Waiting for speech first keeps a slow starter from being cut off before the first word.
    """

    def __init__(self, seconds: float, threshold_db: float = -45.0) -> None:
        self.seconds = seconds
        self.threshold_db = threshold_db
        self.heard_speech = False
        self._quiet_s = 0.0

    def push(self, level: Level, duration_s: float) -> bool:
        if level.rms_db > self.threshold_db:
            self.heard_speech = True
            self._quiet_s = 0.0
            return False
        self._quiet_s += duration_s
        return self.heard_speech and self._quiet_s >= self.seconds - 1e-6  # summed 0.1 s steps drift
