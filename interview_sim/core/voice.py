"""The voice of a recorded answer: pitch, relative loudness, sentence endings and rate.

Pitch and intensity come from Praat through praat-parselmouth (Praat is the phonetics
standard; its autocorrelation pitch tracker, Boersma 1993). Everything here is relative to the
answer itself: loudness in dB against the answer's own median level, never an absolute level
that depends on the microphone's gain; pitch in semitones against the answer's median F0.

Norms and their sources (each measure's verdict says whether it is a published norm or the
candidate's own earlier answers, see :func:`baseline`):

- Pitch variation in semitones is the measure of liveliness used by Hincks & Edlund (2009),
  "Promoting increased pitch variation in oral presentations with transient visual feedback",
  Language Learning & Technology 13(3): flat speech is low SD of F0 in semitones. Traunmüller &
  Eriksson ("The frequency range of the voice fundamental in the speech of male and female
  adults") show the SD in semitones is about the same for men and women but grows with how
  lively the discourse is, so no one SD fits all: SD is compared with the candidate's own
  answers. The range of ordinary conversation is 3 to 6 semitones (W. Scheppegrell, quoted in
  Esenwein & Carnegie, *The Art of Public Speaking*, ch. "Efficiency through change of pitch"):
  an answer whose pitch range (the middle 96% of voiced frames) stays under 3 semitones is
  flagged monotone.
- Speaking rate (pauses included) and articulation rate (pauses excluded) in syllables per
  second, as Korean speech research reports them (Lee, Shin, Yoo & Kim 2017, "Speech rate in
  Korean across region, gender and generation", Phonetics and Speech Sciences 9(1); Kim 2018,
  "Effects of gender, age, and individual speakers on articulation rate in Seoul Korean
  spontaneous speech", PSS 10(4)). The published norm used for speaking rate is conversational
  Korean of adults, 252.9 +/- 40.9 syllables per minute (4.2 +/- 0.7 per second; see
  :mod:`interview_sim.core.delivery`); English, 130-160 words per minute. No articulation-rate
  figure was found in the sources we could read, so articulation rate is compared with the
  candidate's own answers. A pause is silence of at least :data:`PAUSE_MIN_S`.
- Trailing off (말끝 흐리기): the end of a sentence :data:`TRAIL_DROP_DB` or more below its
  body. No published threshold exists; 6 dB is half the amplitude, a drop any listener hears.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from interview_sim.core.keyterms import hangul_syllables

# Bump when a change makes cached voice measures wrong.
VOICE_VERSION = 1

PITCH_FLOOR_HZ, PITCH_CEILING_HZ = 75.0, 500.0
STEP_S = 0.01  # the level envelope's step
# Pitch every 20 ms: range and SD came out the same as at 10 ms on speech (within 0.01 st) at
# half the cost (bench/voice_bench.py), and 50 points a second still draw a smooth contour.
PITCH_STEP_S = 0.02
PITCH_CHUNK_S, PITCH_MARGIN_S = 2.0, 0.1
MONOTONE_RANGE_ST = 3.0
RANGE_PERCENTILES = (2.0, 98.0)
TRAIL_DROP_DB = 6.0
# The end of a sentence is its last fifth, at least this long; shorter sentences are not judged.
END_FRACTION, END_MIN_S, SENTENCE_MIN_S = 0.2, 0.3, 0.6
# Frames more than this below the loud frames (95th percentile) are silence.
SILENCE_BELOW_DB = 30.0
PAUSE_MIN_S = 0.25
# Acoustic sentences (without word times) are speech separated by at least this much silence.
SENTENCE_GAP_S = 0.5
TIMELINE_LEVEL_STEP_S = 0.05
MIN_BASELINE_ANSWERS = 3

KO_SPEAKING_RATE_SPS = (4.2 - 0.7, 4.2 + 0.7)  # 252.9 +/- 40.9 syllables per minute
EN_SPEAKING_RATE_WPM = (130.0, 160.0)


class VoiceError(Exception):
    """Audio that cannot be measured; the message says what and where."""


def load_audio(path: str | Path) -> tuple[np.ndarray, int]:
    """Mono float64 samples and their rate; :class:`VoiceError` for a missing or unreadable file."""
    import soundfile as sf

    try:
        data, rate = sf.read(str(path), dtype="float64", always_2d=True)
    except (OSError, RuntimeError, ValueError) as exc:  # soundfile raises LibsndfileError (RuntimeError)
        raise VoiceError(f"{path}: cannot read the audio: {exc}") from exc
    mono = data.mean(axis=1) if data.shape[1] else np.zeros(0)
    return np.nan_to_num(mono, nan=0.0, posinf=1.0, neginf=-1.0), int(rate)


@dataclass
class SentenceVoice:
    index: int
    time_start: float
    time_end: float
    text: str | None  # None for sentences found in the audio alone
    char_start: int | None
    char_end: int | None
    body_db: float | None  # relative to the answer's median level
    end_db: float | None
    drop_db: float | None
    trailing_off: bool
    pitch_median_st: float | None  # relative to the answer's median F0

    def to_json(self) -> dict[str, Any]:
        def r(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        return {
            "index": self.index,
            "time_start": round(self.time_start, 2),
            "time_end": round(self.time_end, 2),
            "text": self.text,
            "start": self.char_start,
            "end": self.char_end,
            "body_db": r(self.body_db),
            "end_db": r(self.end_db),
            "drop_db": r(self.drop_db),
            "trailing_off": self.trailing_off,
            "pitch_median_st": r(self.pitch_median_st),
        }


@dataclass
class VoiceTimeline:
    """What a timeline panel draws, all on the answer's clock (seconds from the file's start).

    ``level_db`` is the level every :data:`TIMELINE_LEVEL_STEP_S` relative to the answer's
    median (silence is clipped at -40 dB); ``pitch_st`` is F0 every :data:`PITCH_STEP_S` in semitones
    relative to the median F0, NaN where unvoiced (draw with connect="finite");
    ``pauses`` are (start, end); ``words`` (text, start, end, char start, char end); sentences
    carry their contour's median and whether they trail off.
    """

    duration_s: float
    level_step_s: float
    level_db: np.ndarray
    pitch_step_s: float
    pitch_t0_s: float
    pitch_st: np.ndarray
    median_f0_hz: float | None
    pauses: list[tuple[float, float]]
    words: list[tuple[str, float, float, int, int]]
    sentences: list[SentenceVoice]

    def pitch_times(self) -> np.ndarray:
        return self.pitch_t0_s + np.arange(len(self.pitch_st)) * self.pitch_step_s

    def sentence_contour(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """One sentence's pitch contour: times and semitones (NaN where unvoiced)."""
        sentence = self.sentences[index]
        times = self.pitch_times()
        inside = (times >= sentence.time_start) & (times <= sentence.time_end)
        return times[inside], self.pitch_st[inside]

    def to_json(self) -> dict[str, Any]:
        return {
            "duration_s": round(self.duration_s, 3),
            "level_step_s": self.level_step_s,
            "level_db": [round(float(v), 1) for v in self.level_db],
            "pitch_step_s": self.pitch_step_s,
            "pitch_t0_s": round(self.pitch_t0_s, 4),
            "pitch_st": [None if not math.isfinite(v) else round(float(v), 2) for v in self.pitch_st],
            "median_f0_hz": None if self.median_f0_hz is None else round(self.median_f0_hz, 1),
            "pauses": [[round(a, 2), round(b, 2)] for a, b in self.pauses],
            "words": [list(w) for w in self.words],
            "sentences": [s.to_json() for s in self.sentences],
        }


@dataclass
class VoiceMeasures:
    duration_s: float
    voiced_s: float
    median_f0_hz: float | None
    pitch_range_st: float | None
    pitch_sd_st: float | None
    monotone: bool | None  # None: too little voiced speech to tell
    sentences: list[SentenceVoice]
    rate_unit: str  # syllables_per_second (Korean) or words_per_minute (English)
    speaking_rate: float | None
    articulation_rate: float | None
    rate_first_third: float | None
    rate_last_third: float | None
    speaking_s: float
    pause_s: float
    pauses: int
    timeline: VoiceTimeline | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)

    @property
    def trailing_off(self) -> int:
        return sum(1 for s in self.sentences if s.trailing_off)

    @property
    def rate_change(self) -> float | None:
        """Last third's rate over the first third's: above 1 the answer sped up."""
        if self.rate_first_third and self.rate_last_third is not None:
            return self.rate_last_third / self.rate_first_third
        return None

    def rate_norm(self) -> tuple[float, float]:
        return KO_SPEAKING_RATE_SPS if self.rate_unit == "syllables_per_second" else EN_SPEAKING_RATE_WPM

    def per_minute(self, rate: float) -> float:
        """One of these rates per minute, the unit the review, the history and the report show
        (syllables or words a minute); Korean is measured, cached and judged per second."""
        return rate * 60.0 if self.rate_unit == "syllables_per_second" else rate

    def summary(self) -> dict[str, Any]:
        """The flat figures (what the CLI prints at top level and the database caches)."""

        def r(value: float | None, digits: int = 2) -> float | None:
            return None if value is None else round(value, digits)

        return {
            "pitch_range_st": r(self.pitch_range_st),
            "pitch_sd_st": r(self.pitch_sd_st),
            "median_f0_hz": r(self.median_f0_hz, 1),
            "monotone": self.monotone,
            "trailing_off": self.trailing_off,
            "sentences_measured": sum(1 for s in self.sentences if s.drop_db is not None),
            "speaking_rate": r(self.speaking_rate),
            "articulation_rate": r(self.articulation_rate),
            "voice_rate_unit": self.rate_unit,
            "rate_first_third": r(self.rate_first_third),
            "rate_last_third": r(self.rate_last_third),
            "rate_change": r(self.rate_change, 3),
        }

    def to_json(self) -> dict[str, Any]:
        low, high = self.rate_norm()
        rate = self.speaking_rate
        return {
            **self.summary(),
            "version": VOICE_VERSION,
            "duration_s": round(self.duration_s, 2),
            "voiced_s": round(self.voiced_s, 2),
            "speaking_s": round(self.speaking_s, 2),
            "pause_s": round(self.pause_s, 2),
            "pauses": self.pauses,
            "norms": {
                "monotone_below_range_st": MONOTONE_RANGE_ST,
                "pitch_sd": "compared with your earlier answers (no published threshold)",
                "speaking_rate": [round(low, 2), round(high, 2)],
                "articulation_rate": "compared with your earlier answers (no published norm found)",
                "trailing_off_drop_db": TRAIL_DROP_DB,
            },
            "speaking_rate_verdict": "unknown"
            if rate is None
            else "slow"
            if rate < low
            else "fast"
            if rate > high
            else "ok",
            "sentences": [s.to_json() for s in self.sentences],
            "notes": list(self.notes),
        }


# -- signal measures ---------------------------------------------------------------------------


def _pitch(samples: np.ndarray, rate: int) -> tuple[np.ndarray, float]:
    """F0 in Hz every PITCH_STEP_S (0 where unvoiced) and the time of the first frame.

    Parselmouth holds the GIL while Praat works (its maintainer: calls from threads are
    possible but not parallel), so one call over a 5-minute answer would freeze the GUI thread
    for about a second. The sound is analysed in chunks of :data:`PITCH_CHUNK_S` with a margin
    on each side, so that the GIL is handed back between chunks (bench/voice_bench.py prints
    the longest stall another thread sees).
    """
    import parselmouth

    # Praat needs at least a few periods of the pitch floor to analyse anything.
    if len(samples) < int(rate * 3 / PITCH_FLOOR_HZ) + 2:
        return np.zeros(0), 0.0
    duration = len(samples) / rate
    t0 = 0.0
    f0 = np.zeros(int(duration / PITCH_STEP_S) + 1)
    margin = int(PITCH_MARGIN_S * rate)
    chunk = int(PITCH_CHUNK_S * rate)
    for core_start in range(0, len(samples), chunk):
        core_end = min(core_start + chunk, len(samples))
        lo, hi = max(core_start - margin, 0), min(core_end + margin, len(samples))
        if hi - lo < int(rate * 3 / PITCH_FLOOR_HZ) + 2:
            continue
        sound = parselmouth.Sound(samples[lo:hi], sampling_frequency=rate)
        try:
            pitch = sound.to_pitch_ac(
                time_step=PITCH_STEP_S, pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ
            )
        except parselmouth.PraatError:
            continue
        values = np.nan_to_num(np.asarray(pitch.selected_array["frequency"], dtype=float), nan=0.0)
        times = np.asarray(pitch.xs(), dtype=float) + lo / rate
        # Each chunk fills only its own core; the margins give Praat context at the seams.
        inside = (times >= core_start / rate) & (times < core_end / rate)
        # floor(x + 0.5), not rint: consecutive frames land on consecutive slots even at ties.
        index = np.floor((times[inside] - t0) / PITCH_STEP_S + 0.5).astype(int)
        keep = (index >= 0) & (index < len(f0))
        f0[index[keep]] = values[inside][keep]
    return f0, t0


def _level(samples: np.ndarray, rate: int) -> tuple[np.ndarray, float]:
    """Level in dB every STEP_S (40 ms RMS windows) and the time of the first frame.

    Computed with numpy rather than Praat's Intensity: Praat's Gaussian window needs 6.4 / pitch
    floor of sound and refuses shorter clips, and a plain RMS is all a relative level needs.
    """
    hop = max(round(rate * STEP_S), 1)
    window = max(round(rate * 0.04), hop)
    if len(samples) < window:
        return np.zeros(0), 0.0
    count = 1 + (len(samples) - window) // hop
    squares = np.concatenate(([0.0], np.cumsum(samples * samples)))
    starts = np.arange(count) * hop
    energy = (squares[starts + window] - squares[starts]) / window
    db = 10.0 * np.log10(np.maximum(energy, 1e-12))
    return db, window / 2 / rate


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) index pairs of the True runs of a boolean array, end exclusive."""
    if not len(mask):
        return []
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _semitones(f0: np.ndarray, reference: float) -> np.ndarray:
    return 12.0 * np.log2(f0 / reference)


@dataclass
class _TextSentence:
    text: str
    start: int
    end: int
    time_start: float | None
    time_end: float | None


def measure(
    samples: np.ndarray,
    rate: int,
    *,
    lang: str = "ko",
    text: str = "",
    words: Sequence[Mapping[str, Any]] = (),
    sentences: Sequence[Any] = (),
    with_timeline: bool = False,
) -> VoiceMeasures:
    """The voice measures of one answer.

    ``words`` are the transcript's tokens with their times, as in
    :attr:`interview_sim.core.analysis.Analysis.timeline` (``text``, ``start``, ``end``,
    ``time_start``, ``time_end``); ``sentences`` are
    :class:`interview_sim.core.habits.Sentence` (text spans with times). Without times the
    sentences are found in the audio (speech between silences) and rate over time is unknown.
    Never raises on odd audio (silence, a click, clipping): what cannot be measured is None.
    """
    samples = np.nan_to_num(np.asarray(samples, dtype=float).ravel(), nan=0.0, posinf=1.0, neginf=-1.0)
    rate = int(rate) if rate and rate > 0 else 16000
    duration = len(samples) / rate
    notes: list[str] = []

    level, level_t0 = _level(samples, rate)
    loud = float(np.percentile(level, 95)) if len(level) else -120.0
    speech = level > max(loud - SILENCE_BELOW_DB, -100.0) if len(level) else np.zeros(0, dtype=bool)
    if not speech.any():
        notes.append("no speech found in the audio")
    median_level = float(np.median(level[speech])) if speech.any() else 0.0
    rel_level = np.clip(level - median_level, -40.0, None) if len(level) else level

    f0, pitch_t0 = _pitch(samples, rate)
    voiced = f0 > 0
    median_f0 = float(np.median(f0[voiced])) if voiced.sum() >= 10 else None
    pitch_st = np.full(len(f0), np.nan)
    pitch_range = pitch_sd = None
    monotone: bool | None = None
    if median_f0 is not None:
        pitch_st[voiced] = _semitones(f0[voiced], median_f0)
        values = pitch_st[voiced]
        low, high = np.percentile(values, RANGE_PERCENTILES)
        # The SD over the same middle 96%: one octave error of the tracker (a 12-semitone jump
        # on a few frames) would otherwise weigh more than the whole intonation.
        middle = values[(values >= low) & (values <= high)]
        pitch_range, pitch_sd = float(high - low), float(np.std(middle))
        # Half a second of voicing is too little to call a voice monotone.
        if voiced.sum() * PITCH_STEP_S >= 0.5:
            monotone = pitch_range < MONOTONE_RANGE_ST
    else:
        notes.append("too little voiced speech to measure pitch")

    def frame_index(t: float, t0: float, step: float = STEP_S) -> int:
        return round((t - t0) / step)

    # Speech span and pauses, from the audio.
    runs = _runs(speech)
    if runs:
        first_t = level_t0 + runs[0][0] * STEP_S
        last_t = level_t0 + runs[-1][1] * STEP_S
    else:
        first_t = last_t = 0.0
    gaps = [
        (level_t0 + a_end * STEP_S, level_t0 + b_start * STEP_S)
        for (_a, a_end), (b_start, _b) in itertools.pairwise(runs)
    ]
    pauses = [(a, b) for a, b in gaps if b - a >= PAUSE_MIN_S]
    speaking_s = max(last_t - first_t, 0.0)
    pause_s = sum(b - a for a, b in pauses)

    # Sentences: from the transcript when it has times, else from the audio.
    spans: list[_TextSentence] = [
        _TextSentence(s.text, s.start, s.end, s.time_start, s.time_end)
        for s in sentences
        if s.time_start is not None and s.time_end is not None and s.time_end > s.time_start
    ]
    if not spans:
        merged: list[list[float]] = []
        for a, b in runs:
            start, end = level_t0 + a * STEP_S, level_t0 + b * STEP_S
            if merged and start - merged[-1][1] < SENTENCE_GAP_S:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        spans = [_TextSentence("", -1, -1, a, b) for a, b in merged]
        if sentences and text:
            notes.append("the transcript has no word times: sentences were found in the audio")

    voice_sentences = []
    for index, span in enumerate(spans):
        t_start, t_end = float(span.time_start or 0.0), float(span.time_end or 0.0)
        i0, i1 = max(frame_index(t_start, level_t0), 0), min(frame_index(t_end, level_t0), len(rel_level))
        # Word times may run into the silence after the last word (and recognizers' often do):
        # the end is judged on the last sounds, as in sentences found in the audio.
        voiced_frames = np.flatnonzero(speech[i0:i1]) if i1 > i0 else np.zeros(0, dtype=int)
        if len(voiced_frames):
            i0, i1 = i0 + int(voiced_frames[0]), i0 + int(voiced_frames[-1]) + 1
        span_s = (i1 - i0) * STEP_S
        body_db = end_db = drop = None
        trailing = False
        if span_s >= SENTENCE_MIN_S and i1 - i0 >= 4:
            end_frames = max(round(span_s * END_FRACTION / STEP_S), int(END_MIN_S / STEP_S))
            body = rel_level[i0 : i1 - end_frames]
            tail = rel_level[i1 - end_frames : i1]
            if len(body) and len(tail):
                # Medians: the gaps between words in the body and one loud syllable in the
                # end move them little; a voice fading out moves the end's.
                body_db = float(np.median(body))
                end_db = float(np.median(tail))
                drop = body_db - end_db
                trailing = drop >= TRAIL_DROP_DB
        sentence_pitch = None
        if median_f0 is not None and len(pitch_st):
            p0 = max(frame_index(t_start, pitch_t0, PITCH_STEP_S), 0)
            p1 = min(frame_index(t_end, pitch_t0, PITCH_STEP_S) + 1, len(pitch_st))
            part = pitch_st[p0:p1]
            part = part[np.isfinite(part)]
            sentence_pitch = float(np.median(part)) if len(part) else None
        voice_sentences.append(
            SentenceVoice(
                index,
                t_start,
                t_end,
                span.text or None,
                span.start if span.start >= 0 else None,
                span.end if span.end >= 0 else None,
                body_db,
                end_db,
                drop,
                trailing,
                sentence_pitch,
            )
        )

    # Rates: syllables (Korean) or words (English) over the speech span, with and without pauses.
    timed = [
        w
        for w in words
        if isinstance(w.get("time_start"), int | float) and isinstance(w.get("time_end"), int | float)
    ]
    if lang == "en":
        unit, scale = "words_per_minute", 60.0

        def units_of(token_text: str) -> int:
            return 1 if any(ch.isalpha() for ch in token_text) else 0

    else:
        unit, scale = "syllables_per_second", 1.0

        def units_of(token_text: str) -> int:
            return hangul_syllables(token_text)

    count = (
        sum(units_of(str(w.get("text", ""))) for w in words)
        if words
        else (hangul_syllables(text) if lang != "en" else len(text.split()))
    )
    articulation_s = speaking_s - pause_s
    speaking_rate = count * scale / speaking_s if count and speaking_s >= 1.0 else None
    articulation_rate = count * scale / articulation_s if count and articulation_s >= 1.0 else None
    first_third = last_third = None
    if timed and speaking_s >= 3.0:
        t_first = min(float(w["time_start"]) for w in timed)
        t_last = max(float(w["time_end"]) for w in timed)
        third = (t_last - t_first) / 3
        if third > 0:
            first_count = sum(
                units_of(str(w["text"])) for w in timed if float(w["time_start"]) < t_first + third
            )
            last_count = sum(
                units_of(str(w["text"])) for w in timed if float(w["time_start"]) >= t_last - third
            )
            first_third, last_third = first_count * scale / third, last_count * scale / third
    elif words and not timed:
        notes.append("no word times: rate over time is unknown")

    timeline = None
    if with_timeline:
        factor = round(TIMELINE_LEVEL_STEP_S / STEP_S)
        usable = len(rel_level) // factor * factor
        coarse = rel_level[:usable].reshape(-1, factor).max(axis=1) if usable else np.zeros(0)
        timeline = VoiceTimeline(
            duration_s=duration,
            level_step_s=TIMELINE_LEVEL_STEP_S,
            level_db=coarse,
            pitch_step_s=PITCH_STEP_S,
            pitch_t0_s=pitch_t0,
            pitch_st=pitch_st,
            median_f0_hz=median_f0,
            pauses=pauses,
            words=[
                (
                    str(w["text"]),
                    float(w["time_start"]),
                    float(w["time_end"]),
                    int(w.get("start", -1)),
                    int(w.get("end", -1)),
                )
                for w in timed
            ],
            sentences=voice_sentences,
        )

    return VoiceMeasures(
        duration_s=duration,
        voiced_s=float(voiced.sum() * PITCH_STEP_S),
        median_f0_hz=median_f0,
        pitch_range_st=pitch_range,
        pitch_sd_st=pitch_sd,
        monotone=monotone,
        sentences=voice_sentences,
        rate_unit=unit,
        speaking_rate=speaking_rate,
        articulation_rate=articulation_rate,
        rate_first_third=first_third,
        rate_last_third=last_third,
        speaking_s=speaking_s,
        pause_s=pause_s,
        pauses=len(pauses),
        timeline=timeline,
        notes=notes,
    )


def measure_file(path: str | Path, **kwargs: Any) -> VoiceMeasures:
    samples, rate = load_audio(path)
    return measure(samples, rate, **kwargs)


# -- the candidate's own baseline ----------------------------------------------------------------

BASELINE_FIELDS = (
    "pitch_range_st",
    "pitch_sd_st",
    "speaking_rate",
    "articulation_rate",
    "trailing_off",
    "hedges",
    "run_ons",
)


@dataclass
class Baseline:
    """The candidate's own earlier answers: mean, SD and count of each figure."""

    stats: dict[str, tuple[float, float, int]]

    def compare(self, name: str, value: float | None) -> str:
        """``usual``, ``higher`` or ``lower`` (more than one SD from the mean), or ``unknown``
        with fewer than :data:`MIN_BASELINE_ANSWERS` earlier answers."""
        found = self.stats.get(name)
        if value is None or found is None or found[2] < MIN_BASELINE_ANSWERS:
            return "unknown"
        mean, sd, _n = found
        margin = max(sd, abs(mean) * 0.05, 1e-9)
        if value > mean + margin:
            return "higher"
        if value < mean - margin:
            return "lower"
        return "usual"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": "your earlier answers (no published norm for these)",
            "fields": {
                name: {"mean": round(mean, 3), "sd": round(sd, 3), "answers": n}
                for name, (mean, sd, n) in self.stats.items()
            },
        }


def baseline(metrics: Sequence[Mapping[str, Any] | None], rate_unit: str | None = None) -> Baseline:
    """The baseline from cached metrics summaries (``Attempt.metrics``) of earlier answers.

    Rates are only compared in one unit: give ``rate_unit`` (``syllables_per_second`` or
    ``words_per_minute``) to leave out answers in the other language.
    """
    values: dict[str, list[float]] = {name: [] for name in BASELINE_FIELDS}
    for entry in metrics:
        if not isinstance(entry, Mapping):
            continue
        same_unit = rate_unit is None or entry.get("voice_rate_unit") in (None, rate_unit)
        for name in BASELINE_FIELDS:
            value = entry.get(name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                continue
            if name.endswith("_rate") and not same_unit:
                continue
            values[name].append(float(value))
    stats = {name: (float(np.mean(v)), float(np.std(v)), len(v)) for name, v in values.items() if v}
    return Baseline(stats)


def compare_with_earlier(metrics_in_order: Sequence[Mapping[str, Any] | None]) -> list[dict[str, str]]:
    """For each answer (oldest first), each baseline figure against all the answers before it:
    ``usual``, ``higher``, ``lower`` or ``unknown`` (as :meth:`Baseline.compare`), in one pass."""
    sums: dict[tuple[str, str | None], list[float]] = {}  # (field, unit) -> [n, sum, sum of squares]
    out = []
    for entry in metrics_in_order:
        verdicts: dict[str, str] = {}
        if isinstance(entry, Mapping):
            unit = entry.get("voice_rate_unit")
            for name in BASELINE_FIELDS:
                value = entry.get(name)
                if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                    continue
                key = (name, unit if name.endswith("_rate") else None)
                n, total, squares = sums.get(key, [0.0, 0.0, 0.0])
                if n:
                    mean = total / n
                    sd = math.sqrt(max(squares / n - mean * mean, 0.0))
                    verdicts[name] = Baseline({name: (mean, sd, int(n))}).compare(name, float(value))
                else:
                    verdicts[name] = "unknown"
                sums[key] = [n + 1, total + value, squares + value * value]
        out.append(verdicts)
    return out
