"""Voice measures on real signals whose answer is known: synthesized tones and sweeps (known F0),
espeak-ng speech with a flat and a lively pitch range (SSML prosody), and sentences faded out at
the end with sox (trailing off). Plus a property test that odd audio never raises."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_sim.core import voice
from interview_sim.core.analysis import analyze

RATE = 16000

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
needs_sox = pytest.mark.skipif(shutil.which("sox") is None, reason="sox is not installed")

SENTENCE_1 = "The transmission control protocol guarantees ordered delivery of every byte."
SENTENCE_2 = "It retransmits lost segments and controls congestion on the network."


def tone(f0_hz: np.ndarray | float, seconds: float, amplitude: float = 0.3) -> np.ndarray:
    count = int(RATE * seconds)
    freq = np.broadcast_to(np.asarray(f0_hz, dtype=float), (count,))
    return amplitude * np.sin(2 * np.pi * np.cumsum(freq) / RATE)


def write(path: Path, samples: np.ndarray) -> Path:
    sf.write(str(path), samples, RATE, subtype="PCM_16")
    return path


def espeak(path: Path, text: str, *, ssml_range: str | None = None, lang: str = "en") -> Path:
    if ssml_range is None:
        argv = ["espeak-ng", "-v", lang, "-w", str(path), text]
    else:
        markup = f'<speak><prosody range="{ssml_range}">{text}</prosody></speak>'
        argv = ["espeak-ng", "-m", "-v", lang, "-w", str(path), markup]
    subprocess.run(argv, check=True, capture_output=True, timeout=60)
    return path


def sox(*argv: str) -> None:
    subprocess.run(["sox", *argv], check=True, capture_output=True, timeout=60)


# -- tones and sweeps with a known F0 -----------------------------------------------------------


def test_a_steady_200_hz_tone_is_monotone_at_200_hz(tmp_path: Path) -> None:
    measured = voice.measure_file(write(tmp_path / "tone.wav", tone(200.0, 3.0)))
    assert measured.median_f0_hz == pytest.approx(200.0, abs=1.0)
    assert measured.pitch_range_st is not None and measured.pitch_range_st < 0.2
    assert measured.pitch_sd_st is not None and measured.pitch_sd_st < 0.1
    assert measured.monotone is True


def test_an_octave_sweep_spans_12_semitones(tmp_path: Path) -> None:
    seconds = 3.0
    t = np.arange(int(RATE * seconds)) / RATE
    # Exponential in frequency, so the semitones are spread evenly: the middle 96% of the
    # frames span 0.96 x 12 st, and the SD of a uniform spread over them is that / sqrt(12).
    sweep = tone(120.0 * 2 ** (t / seconds), seconds)
    measured = voice.measure(sweep, RATE)
    low, high = voice.RANGE_PERCENTILES
    assert measured.pitch_range_st == pytest.approx(12 * (high - low) / 100, abs=0.5)
    assert measured.pitch_sd_st == pytest.approx(12 * (high - low) / 100 / math.sqrt(12), abs=0.2)
    assert measured.median_f0_hz == pytest.approx(120 * 2**0.5, rel=0.03)
    assert measured.monotone is False


def test_pitch_across_the_analysis_chunks_has_no_seams() -> None:
    # Long enough for several of the chunks Praat is run on (so the GIL is handed back).
    seconds = 3.5 * voice.PITCH_CHUNK_S
    t = np.arange(int(RATE * seconds)) / RATE
    f0, t0 = voice._pitch(tone(120.0 * 2 ** (t / seconds), seconds), RATE)
    voiced = np.flatnonzero(f0 > 0)
    assert len(voiced) and np.all(np.diff(voiced) == 1)  # no unvoiced hole at a seam
    expected = 120.0 * 2 ** ((t0 + voiced * voice.PITCH_STEP_S) / seconds)
    assert np.max(np.abs(12 * np.log2(f0[voiced] / expected))) < 0.3  # each frame at its time
    measured = voice.measure(tone(120.0 * 2 ** (t / seconds), seconds), RATE)
    assert measured.pitch_range_st == pytest.approx(12 * 0.96, abs=0.5)


def test_level_is_relative_to_the_answer_not_the_microphone_gain(tmp_path: Path) -> None:
    # Two sentences, the second 12 dB quieter at its end; the same at a quarter of the gain.
    body = tone(180.0, 1.6)
    quiet_end = np.concatenate([body[: int(RATE * 1.2)], body[int(RATE * 1.2) :] * 10 ** (-12 / 20)])
    signal = np.concatenate([body, np.zeros(RATE), quiet_end])
    loud, soft = voice.measure(signal, RATE), voice.measure(signal * 0.25, RATE)
    assert [s.trailing_off for s in loud.sentences] == [False, True]
    assert [s.trailing_off for s in soft.sentences] == [False, True]
    for a, b in zip(loud.sentences, soft.sentences, strict=True):
        assert a.drop_db == pytest.approx(b.drop_db, abs=0.01)
    assert loud.sentences[1].drop_db == pytest.approx(12.0, abs=1.5)


def test_word_times_running_into_silence_are_not_trailing_off() -> None:
    # Recognizers' last word often ends well after the sound: the silence is not the end.
    signal = np.concatenate([tone(160.0, 1.5), np.zeros(RATE)])
    words = [{"text": "끝", "start": 0, "end": 1, "time_start": 0.0, "time_end": 2.4}]

    class Spoken:
        text, start, end, time_start, time_end = "끝", 0, 1, 0.0, 2.4

    measured = voice.measure(signal, RATE, text="끝", words=words, sentences=[Spoken()])
    assert len(measured.sentences) == 1 and measured.sentences[0].time_end == 2.4
    assert measured.sentences[0].trailing_off is False
    assert measured.sentences[0].drop_db == pytest.approx(0.0, abs=1.0)


def test_speaking_and_articulation_rate_with_word_times() -> None:
    # Ten one-syllable Korean words, 0.3 s each, with a 2 s pause in the middle: 10 syllables
    # over 2 x 1.5 s of speech (+2 s pause).
    text = " ".join(["가"] * 10)
    words, chunks, t = [], [], 0.0
    for index in range(10):
        if index == 5:
            chunks.append(np.zeros(2 * RATE))
            t += 2.0
        chunks.append(tone(150.0 + 10 * index, 0.3))
        words.append(
            {"text": "가", "start": 2 * index, "end": 2 * index + 1, "time_start": t, "time_end": t + 0.3}
        )
        t += 0.3
    measured = voice.measure(np.concatenate(chunks), RATE, lang="ko", text=text, words=words)
    assert measured.pauses == 1 and measured.pause_s == pytest.approx(2.0, abs=0.05)
    assert measured.speaking_rate == pytest.approx(10 / 5.0, rel=0.03)
    assert measured.articulation_rate == pytest.approx(10 / 3.0, rel=0.03)
    # First third (0-1.67 s): 5 words start in it; last third (3.33-5 s): 5 words.
    assert measured.rate_first_third == pytest.approx(5 / (5.0 / 3), rel=0.05)
    assert measured.rate_last_third == pytest.approx(5 / (5.0 / 3), rel=0.05)


def test_english_rate_is_in_words_per_minute() -> None:
    words = [
        {"text": w, "start": 0, "end": 1, "time_start": i * 0.5, "time_end": i * 0.5 + 0.4}
        for i, w in enumerate(["we", "ship", "small", "changes", "every", "single", "day"])
    ]
    signal = np.concatenate([np.concatenate([tone(140.0, 0.4), np.zeros(int(0.1 * RATE))]) for _ in words])
    measured = voice.measure(signal, RATE, lang="en", words=words)
    assert measured.rate_unit == "words_per_minute"
    assert measured.speaking_rate == pytest.approx(7 * 60 / 3.4, rel=0.05)


# -- espeak-ng speech and sox fades ---------------------------------------------------------------


@needs_espeak
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_espeak_at_a_flat_pitch_range_is_monotone_and_at_a_wide_one_is_not(tmp_path: Path, lang: str) -> None:
    text = SENTENCE_1 if lang == "en" else "TCP는 연결 지향 프로토콜로 신뢰성 있는 전송을 보장합니다."
    flat = voice.measure_file(espeak(tmp_path / "flat.wav", text, ssml_range="x-low", lang=lang), lang=lang)
    lively = voice.measure_file(
        espeak(tmp_path / "lively.wav", text, ssml_range="x-high", lang=lang), lang=lang
    )
    assert flat.monotone is True and lively.monotone is False
    assert flat.pitch_range_st is not None and lively.pitch_range_st is not None
    assert lively.pitch_range_st > flat.pitch_range_st + 3
    assert lively.pitch_sd_st is not None and flat.pitch_sd_st is not None
    assert lively.pitch_sd_st > 2 * flat.pitch_sd_st


@needs_espeak
@needs_sox
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_sentence_faded_out_at_its_end_trails_off(tmp_path: Path, lang: str) -> None:
    texts = (
        [SENTENCE_1, SENTENCE_2]
        if lang == "en"
        else [
            "TCP는 연결 지향 프로토콜로 신뢰성 있는 전송을 보장합니다.",
            "손실된 세그먼트는 다시 보내고 혼잡을 제어합니다.",
        ]
    )
    first = espeak(tmp_path / "s1.wav", texts[0], lang=lang)
    second = espeak(tmp_path / "s2.wav", texts[1], lang=lang)
    # Trim espeak's trailing silence so the fade falls on the last words, not on silence.
    sox(str(first), str(tmp_path / "s1t.wav"), "reverse", "silence", "1", "0.02", "0.5%", "reverse")
    sox(str(tmp_path / "s1t.wav"), str(tmp_path / "s1f.wav"), "fade", "t", "0", "-0", "1.5")
    for name, head in (("plain", "s1t.wav"), ("faded", "s1f.wav")):
        sox(str(tmp_path / head), str(tmp_path / f"{name}-head.wav"), "pad", "0", "0.8")
        sox(str(tmp_path / f"{name}-head.wav"), str(second), str(tmp_path / f"{name}.wav"))
    plain = voice.measure_file(tmp_path / "plain.wav", lang=lang)
    faded = voice.measure_file(tmp_path / "faded.wav", lang=lang)
    assert len(plain.sentences) == len(faded.sentences) == 2
    assert [s.trailing_off for s in plain.sentences] == [False, False]
    assert [s.trailing_off for s in faded.sentences] == [True, False]
    assert faded.trailing_off == 1 and plain.trailing_off == 0
    assert faded.sentences[0].drop_db is not None and plain.sentences[0].drop_db is not None
    assert faded.sentences[0].drop_db >= voice.TRAIL_DROP_DB > plain.sentences[0].drop_db


@needs_espeak
def test_sentences_come_from_the_transcript_times_when_there_are_some(tmp_path: Path) -> None:
    audio = espeak(tmp_path / "two.wav", f"{SENTENCE_1} {SENTENCE_2}")
    duration = sf.info(str(audio)).duration
    text = f"{SENTENCE_1} {SENTENCE_2}"
    # Spread the words evenly over the audio: enough for sentence spans and word counts.
    tokens = text.split()
    step = duration / len(tokens)
    words = [{"word": w.strip("."), "start": i * step, "end": (i + 0.9) * step} for i, w in enumerate(tokens)]
    analysis = analyze(text, words=words, duration_s=duration, lang="en", audio=audio)
    measured = analysis.voice
    assert measured is not None
    assert [s.text for s in measured.sentences] == [SENTENCE_1, SENTENCE_2]
    assert measured.speaking_rate is not None and measured.rate_unit == "words_per_minute"
    assert measured.articulation_rate is not None and measured.articulation_rate >= measured.speaking_rate
    data = analysis.to_json()
    for key in (
        "pitch_range_st",
        "pitch_sd_st",
        "monotone",
        "trailing_off",
        "speaking_rate",
        "articulation_rate",
    ):
        assert data[key] is not None, key
    timeline = voice.measure_file(audio, lang="en", with_timeline=True).timeline
    assert timeline is not None
    assert len(timeline.level_db) == pytest.approx(duration / voice.TIMELINE_LEVEL_STEP_S, abs=2)
    assert np.isfinite(timeline.pitch_st).any() and np.isnan(timeline.pitch_st).any()
    assert timeline.to_json()["median_f0_hz"] == pytest.approx(timeline.median_f0_hz, abs=0.1)
    times, contour = timeline.sentence_contour(0)
    sentence = timeline.sentences[0]
    assert len(times) and sentence.time_start <= times[0] and times[-1] <= sentence.time_end
    assert np.nanmedian(contour) == pytest.approx(sentence.pitch_median_st, abs=0.01)


def test_an_unreadable_recording_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio at all")
    with pytest.raises(voice.VoiceError, match=r"junk\.wav: cannot read the audio"):
        voice.measure_file(junk)
    with pytest.raises(voice.VoiceError, match=r"missing\.flac: cannot read the audio"):
        voice.measure_file(tmp_path / "missing.flac")


@pytest.mark.parametrize(
    ("name", "channels", "rate", "subtype", "seconds"),
    [
        ("empty.wav", 1, 16000, "PCM_16", 0.0),
        ("stereo-44k.wav", 2, 44100, "PCM_16", 2.0),
        ("u8.wav", 1, 8000, "PCM_U8", 2.0),
        ("float.flac", 1, 48000, "PCM_24", 2.0),
    ],
)
def test_files_of_any_shape_are_measured(
    tmp_path: Path, name: str, channels: int, rate: int, subtype: str, seconds: float
) -> None:
    count = int(rate * seconds)
    mono = 0.3 * np.sin(2 * np.pi * 200.0 * np.arange(count) / rate)
    sf.write(str(tmp_path / name), np.stack([mono] * channels, axis=1), rate, subtype=subtype)
    measured = voice.measure_file(tmp_path / name)
    if seconds:
        assert measured.median_f0_hz == pytest.approx(200.0, abs=2.0) and measured.monotone is True
    else:
        assert measured.median_f0_hz is None and measured.monotone is None and measured.sentences == []


# -- odd input never raises ----------------------------------------------------------------------


@st.composite
def odd_audio(draw: st.DrawFn) -> np.ndarray:
    kind = draw(st.sampled_from(["silence", "short", "clipped", "noise", "dc", "empty", "nan"]))
    seconds = draw(st.floats(min_value=0.0, max_value=1.5))
    count = int(RATE * seconds)
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if kind == "silence":
        return np.zeros(count)
    if kind == "short":
        return tone(200.0, 0.1)[: draw(st.integers(0, int(0.1 * RATE)))]
    if kind == "clipped":
        return np.clip(tone(draw(st.floats(80, 400)), max(seconds, 0.05), amplitude=20.0), -1.0, 1.0)
    if kind == "noise":
        return rng.normal(0, draw(st.floats(0.0, 2.0)), count)
    if kind == "dc":
        return np.full(count, draw(st.floats(-1.0, 1.0)))
    if kind == "nan":
        data = tone(220.0, max(seconds, 0.05))
        data[:: max(len(data) // 7, 1)] = np.nan
        return data
    return np.zeros(0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(samples=odd_audio(), lang=st.sampled_from(["ko", "en"]))
def test_odd_audio_never_raises_and_gives_finite_figures(samples: np.ndarray, lang: str) -> None:
    words = [{"text": "가나", "start": 0, "end": 2, "time_start": 0.0, "time_end": 0.05}]
    measured = voice.measure(samples, RATE, lang=lang, text="가나", words=words, with_timeline=True)
    for key, value in measured.summary().items():
        if isinstance(value, float):
            assert math.isfinite(value), key
    assert measured.to_json()["version"] == voice.VOICE_VERSION
    assert measured.timeline is not None and not np.isnan(measured.timeline.level_db).any()


def test_baseline_compares_with_the_candidates_own_answers() -> None:
    earlier = [
        {"pitch_sd_st": 2.0, "articulation_rate": 5.0, "voice_rate_unit": "syllables_per_second"},
        {"pitch_sd_st": 2.2, "articulation_rate": 5.2, "voice_rate_unit": "syllables_per_second"},
        {"pitch_sd_st": 1.8, "articulation_rate": 4.8, "voice_rate_unit": "syllables_per_second"},
        {"pitch_sd_st": 9.0, "articulation_rate": 150.0, "voice_rate_unit": "words_per_minute"},
        None,
        {"pitch_sd_st": float("nan")},
    ]
    mine = voice.baseline(earlier, "syllables_per_second")
    assert mine.stats["articulation_rate"][2] == 3  # the English answer's words/min left out
    assert mine.compare("articulation_rate", 6.0) == "higher"
    assert mine.compare("articulation_rate", 5.0) == "usual"
    assert mine.stats["pitch_sd_st"][2] == 4
    assert voice.baseline(earlier[:2]).compare("pitch_sd_st", 1.0) == "unknown"  # too few answers
    assert mine.to_json()["source"].startswith("your earlier answers")


def test_each_answer_is_compared_with_the_ones_before_it() -> None:
    ordered = [
        {"hedges": 1, "articulation_rate": 5.0, "voice_rate_unit": "syllables_per_second"},
        {"hedges": 1, "articulation_rate": 5.0, "voice_rate_unit": "syllables_per_second"},
        {"hedges": 2, "articulation_rate": 150.0, "voice_rate_unit": "words_per_minute"},
        None,
        {"hedges": 1, "articulation_rate": 5.2, "voice_rate_unit": "syllables_per_second"},
        {"hedges": 6, "articulation_rate": 4.0, "voice_rate_unit": "syllables_per_second"},
    ]
    verdicts = voice.compare_with_earlier(ordered)
    assert verdicts[0] == {"hedges": "unknown", "articulation_rate": "unknown"}
    assert verdicts[2]["articulation_rate"] == "unknown"  # the first in words per minute
    assert verdicts[3] == {}
    assert verdicts[4]["hedges"] == "usual"  # 1 against 1, 1, 2
    assert verdicts[4]["articulation_rate"] == "unknown"  # only 2 earlier in syllables/s
    assert verdicts[5] == {"hedges": "higher", "articulation_rate": "lower"}
    # The same as the batch baseline of the earlier answers.
    assert voice.baseline(ordered[:5], "syllables_per_second").compare("hedges", 6) == "higher"
