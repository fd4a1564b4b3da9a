"""Comparing recorded audio with what was fed to the virtual microphone."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import soxr


@dataclass
class Alignment:
    lag: int  # where the fed signal starts in the recording (samples at the fed rate)
    ncc: float  # normalized cross-correlation over the whole fed signal
    window_ncc: np.ndarray  # the same per window: a gap or a repeated block breaks alignment after it


def _xcorr_lag(haystack: np.ndarray, needle: np.ndarray) -> int:
    n = len(haystack) + len(needle)
    size = 1 << (n - 1).bit_length()
    spectrum = np.fft.rfft(haystack, size) * np.conj(np.fft.rfft(needle, size))
    corr = np.fft.irfft(spectrum, size)[: len(haystack)]
    return int(np.argmax(corr))


def ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    denominator = np.sqrt(np.dot(a, a) * np.dot(b, b))
    return float(np.dot(a, b) / denominator) if denominator else 0.0


def align(
    recorded: np.ndarray, recorded_rate: int, fed: np.ndarray, fed_rate: int, window_s: float = 1.0
) -> Alignment:
    """Find ``fed`` inside ``recorded`` (resampled to the fed rate) and measure the match."""
    rec = recorded.astype(np.float32)
    if rec.ndim == 2:
        rec = rec.mean(axis=1)
    if recorded_rate != fed_rate:
        rec = soxr.resample(rec, recorded_rate, fed_rate, "VHQ")
    ref = fed.astype(np.float32)
    lag = _xcorr_lag(rec, ref)
    segment = rec[lag : lag + len(ref)]
    ref = ref[: len(segment)]
    window = int(window_s * fed_rate)
    windows = np.array(
        [ncc(segment[i : i + window], ref[i : i + window]) for i in range(0, len(ref) - window + 1, window)]
    )
    return Alignment(lag, ncc(segment, ref), windows)


def band_limited_noise(seconds: float, rate: int, cutoff_hz: float, level: float, seed: int) -> np.ndarray:
    """White noise low-passed below ``cutoff_hz``: unique content everywhere that survives resampling."""
    low_rate = int(cutoff_hz * 2)
    noise = np.random.default_rng(seed).standard_normal(int(seconds * low_rate)).astype(np.float32)
    return soxr.resample(noise, low_rate, rate, "VHQ")[: int(seconds * rate)] * level


def _sentences_and_pauses(
    clips: list[np.ndarray], seconds: float, rng: np.random.Generator, rate: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Sentences drawn from ``clips`` at random loudness, each with a pause after it, until they
    fill ``seconds``: the layout of :func:`answer` and :func:`answer_ending_in_silence`."""
    pairs: list[tuple[np.ndarray, np.ndarray]] = []
    total = 0
    while total < seconds * rate:
        clip = clips[int(rng.integers(len(clips)))] * float(rng.uniform(0.5, 0.9))
        pause = np.zeros(int(rng.uniform(0.2, 1.2) * rate), np.float32)
        pairs.append((clip, pause))
        total += len(clip) + len(pause)
    return pairs


def answer(clips: list[np.ndarray], seconds: float, seed: int, rate: int = 16_000) -> np.ndarray:
    """Sentences with pauses and a faint unique noise floor, ``seconds`` long, int16 at ``rate``
    (the clips' rate; 16 kHz, the virtual microphone's).

    The same seed gives the same samples, so what was fed can be made again for the analysis.
    """
    pairs = _sentences_and_pauses(clips, seconds, np.random.default_rng(seed), rate)
    audio = np.concatenate([part for pair in pairs for part in pair])[: int(seconds * rate)]
    # A faint unique floor, so that every second can be aligned with what was recorded.
    audio = audio + band_limited_noise(seconds, rate, 6000, 0.01, seed)[: len(audio)]
    return to_int16(audio)


def answer_ending_in_silence(
    clips: list[np.ndarray], seconds: float, seed: int, reaction_s: float, rate: int = 16_000
) -> tuple[np.ndarray, float]:
    """An answer that ends as a candidate ends one: the sentences of :func:`answer` (same seed)
    that end within ``seconds``, then silence; and when the stop comes, ``reaction_s`` after the
    last word. The samples run 2 s past the stop."""
    pairs = _sentences_and_pauses(clips, seconds, np.random.default_rng(seed), rate)
    kept: list[tuple[np.ndarray, np.ndarray]] = []
    start = 0  # of the next sentence, in samples
    for clip, pause in pairs:
        if kept and start + len(clip) > seconds * rate:
            break
        kept.append((clip, pause))
        start += len(clip) + len(pause)
    speech_end = start - len(kept[-1][1])
    parts = [part for pair in kept for part in pair]
    stop_s = speech_end / rate + reaction_s
    total = int((stop_s + 2) * rate)
    audio = np.concatenate([*parts[:-1], np.zeros(total, np.float32)])[:total]
    audio = audio + band_limited_noise(stop_s + 3, rate, 6000, 0.01, seed)[: len(audio)]
    return to_int16(audio), stop_s


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] as int16, clipped: what the pipe-source microphone is fed."""
    return np.clip(samples * 32767, -32768, 32767).astype(np.int16)


def active_span(
    samples: np.ndarray, rate: int, block_s: float = 0.01, level: float = 1e-3
) -> tuple[float, float]:
    """When the sound starts and ends (seconds), from 10 ms blocks louder than ``level`` RMS.

    A null sink's monitor is digital silence (exact zeros) while nothing plays, so anything
    above a faint floor is what was played. (0.0, 0.0) when nothing was.
    """
    block = max(1, int(block_s * rate))
    usable = len(samples) // block * block
    rms = np.sqrt(np.mean(samples[:usable].astype(np.float64).reshape(-1, block) ** 2, axis=1))
    loud = np.flatnonzero(rms > level)
    if not len(loud):
        return 0.0, 0.0
    return loud[0] * block / rate, (loud[-1] + 1) * block / rate


def locate(piece: np.ndarray, piece_rate: int, reference: np.ndarray, reference_rate: int) -> float:
    """Where (seconds) a piece of a recording sits in ``reference``: which part was played."""
    samples = piece.astype(np.float32)
    if piece_rate != reference_rate:
        samples = soxr.resample(samples, piece_rate, reference_rate, "VHQ")
    return _xcorr_lag(reference.astype(np.float32), samples) / reference_rate


@dataclass
class Piece:
    reference_s: float  # where the piece starts in the reference
    found_s: float  # where it was found in the recording
    ncc: float


def follow(
    recorded: np.ndarray, recorded_rate: int, reference: np.ndarray, reference_rate: int
) -> list[Piece]:
    """Each second of ``reference`` found on its own in ``recorded``, compared at the recording's
    (higher) rate: a fraction of a sample off at the lower rate costs the highs their match.

    Found one by one, a gap (the sound server starved for a moment) shows as one late piece
    instead of failing every piece after it; a skipped, repeated or wrong part shows as pieces
    out of place or not matching.
    """
    ref = reference.astype(np.float32)
    if reference_rate != recorded_rate:
        ref = soxr.resample(ref, reference_rate, recorded_rate, "VHQ")
    rec = recorded.astype(np.float32)
    if rec.ndim == 2:
        rec = rec.mean(axis=1)
    pieces = []
    for start in range(0, len(ref) - recorded_rate + 1, recorded_rate):
        piece = ref[start : start + recorded_rate]
        lag = _xcorr_lag(rec, piece)
        pieces.append(
            Piece(start / recorded_rate, lag / recorded_rate, ncc(rec[lag : lag + len(piece)], piece))
        )
    return pieces
