"""Speaking questions: voice choice, the TTS process, the cache and playback with fakes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from interview_sim.devices.base import DeviceError, NoVoiceError, Utterance
from interview_sim.devices.speaker import LEAD_IN_S, SoundDeviceSpeaker
from interview_sim.devices.tts import CachedSynthesizer, TtsProcess, pick_voice
from tests.fakes import FakeSoundDevice, tone

ESPEAK = [
    {"id": "gmw/en", "name": "English (Great Britain)", "languages": ["en-gb"]},
    {"id": "gmw/en-us", "name": "English (America)", "languages": ["en-us"]},
    {"id": "inc/kok", "name": "Konkani", "languages": ["kok"]},
    {"id": "ko", "name": "Korean", "languages": ["ko"]},
]
MACOS = [
    {"id": "com.apple.voice.compact.ko-KR.Yuna", "name": "Yuna", "languages": ["ko_KR"]},
    {"id": "com.apple.voice.compact.en-US.Samantha", "name": "Samantha", "languages": ["en_US"]},
]
SAPI5 = [
    {
        "id": r"HKEY_LOCAL_MACHINE\...\TTS_MS_KO-KR_HEAMI_11.0",
        "name": "Microsoft Heami Desktop - Korean",
        "languages": [],
    },
    {
        "id": r"HKEY_LOCAL_MACHINE\...\TTS_MS_EN-US_ZIRA_11.0",
        "name": "Microsoft Zira Desktop - English (United States)",
        "languages": [],
    },
]


@pytest.mark.parametrize(
    ("voices", "lang", "expected"),
    [
        (ESPEAK, "ko", "ko"),  # not Konkani, whose code starts with "ko"
        (ESPEAK, "en", "gmw/en-us"),
        (MACOS, "ko", "com.apple.voice.compact.ko-KR.Yuna"),
        (MACOS, "en", "com.apple.voice.compact.en-US.Samantha"),
        (SAPI5, "ko", SAPI5[0]["id"]),
        (SAPI5, "en", SAPI5[1]["id"]),
    ],
)
def test_voice_is_picked_by_language(voices: list[dict[str, Any]], lang: str, expected: str) -> None:
    voice = pick_voice(voices, lang)
    assert voice is not None and voice["id"] == expected


def test_voice_from_settings_wins_and_missing_language_gives_none() -> None:
    assert pick_voice(ESPEAK, "en", "gmw/en")["id"] == "gmw/en"  # type: ignore[index]
    assert pick_voice(ESPEAK[:3], "ko") is None


class FakeBackend:
    def __init__(self, voices: list[dict[str, Any]], seconds: float = 0.5) -> None:
        self._voices = voices
        self.seconds = seconds
        self.calls: list[tuple[str, str, int]] = []
        self.closed = False

    def voices(self) -> list[dict[str, Any]]:
        return self._voices

    def synthesize(self, text: str, voice_id: str, rate: int, out_path: Path) -> float:
        self.calls.append((text, voice_id, rate))
        sf.write(str(out_path), tone(self.seconds, 22_050), 22_050, subtype="PCM_16")
        return self.seconds

    def close(self) -> None:
        self.closed = True


def test_cache_per_text_voice_and_rate(tmp_path: Path) -> None:
    backend = FakeBackend(ESPEAK)
    synth = CachedSynthesizer(backend, tmp_path, rate=170)
    first = synth.wav_for("질문입니다", "ko")
    assert synth.wav_for("질문입니다", "ko") == first
    assert len(backend.calls) == 1
    synth.rate = 200
    assert synth.wav_for("질문입니다", "ko") != first
    assert synth.wav_for("Question", "en") != first
    assert [c[1:] for c in backend.calls] == [("ko", 170), ("ko", 200), ("gmw/en-us", 200)]


def test_no_voice_raises_a_message(tmp_path: Path) -> None:
    synth = CachedSynthesizer(FakeBackend(ESPEAK[:3]), tmp_path)
    with pytest.raises(NoVoiceError, match="no Korean text-to-speech voice"):
        synth.wav_for("안녕하세요", "ko")


def _speaker(
    tmp_path: Path, voices: list[dict[str, Any]] = ESPEAK, seconds: float = 0.5, speed: float = 0.0
) -> tuple[SoundDeviceSpeaker, FakeSoundDevice, FakeBackend]:
    backend = FakeBackend(voices, seconds)
    sd = FakeSoundDevice(output_speed=speed)
    return SoundDeviceSpeaker(CachedSynthesizer(backend, tmp_path), sd, volume=0.5), sd, backend


def test_playback_plays_every_sample_then_signals_finished(tmp_path: Path) -> None:
    speaker, sd, _ = _speaker(tmp_path)
    finished: list[Utterance] = []
    utterance = speaker.say("질문", "ko", on_finished=finished.append)
    assert utterance.wait(30)
    assert utterance.spoken and utterance.completed and finished == [utterance]
    played = np.concatenate(sd.output_streams[0].played)[:, 0]
    assert sd.output_streams[0].kwargs["samplerate"] == 48_000  # the device's own rate
    assert utterance.duration_s == pytest.approx(0.5 + LEAD_IN_S, abs=0.01)
    # Volume applied on playback: a 0.3 tone at volume 0.5.
    assert np.abs(played).max() == pytest.approx(0.15, abs=0.01)
    voiced = np.flatnonzero(np.abs(played) > 0.01)
    assert (voiced[-1] - voiced[0]) / 48_000 == pytest.approx(0.5, abs=0.005)  # all of it, once


def test_stop_interrupts_and_replay_does_not_synthesize_again(tmp_path: Path) -> None:
    speaker, sd, backend = _speaker(tmp_path, seconds=3.0, speed=1.0)
    utterance = speaker.say("긴 질문", "ko")
    while not sd.output_streams:
        utterance.wait(0.01)
    speaker.stop()
    assert utterance.wait(30) and not utterance.completed
    again = speaker.replay()
    assert again is not None and again.text == "긴 질문"
    speaker.stop()
    assert again.wait(30)
    assert len(backend.calls) == 1


def test_each_question_closes_its_stream_when_it_ends_or_is_stopped(tmp_path: Path) -> None:
    # The soak bench found one sound-server connection and thread left per spoken question.
    speaker, sd, _ = _speaker(tmp_path, seconds=0.1, speed=1.0)
    for text in ("하나", "둘", "셋"):
        utterance = speaker.say(text, "ko")
        assert utterance.wait(30) and utterance.completed
    assert len(sd.output_streams) == 3 and all(s.closed for s in sd.output_streams)
    sd.output_speed = 20.0  # the fourth would take seconds: it is stopped
    long = speaker.say("긴 질문", "ko")
    while len(sd.output_streams) < 4:
        long.wait(0.01)
    speaker.stop()
    assert long.wait(30) and not long.completed
    assert sd.output_streams[3].closed


def test_missing_voice_is_told_once_and_the_flow_goes_on(tmp_path: Path) -> None:
    speaker, _, _ = _speaker(tmp_path, voices=ESPEAK[:3])
    first = speaker.say("안녕하세요", "ko")
    assert first.wait(30) and not first.spoken
    assert first.message and "shown as text" in first.message
    second = speaker.say("또 질문", "ko")
    assert second.wait(30) and not second.spoken and second.message is None


def test_no_output_device_does_not_stop_the_interview(tmp_path: Path) -> None:
    backend = FakeBackend(ESPEAK)
    speaker = SoundDeviceSpeaker(CachedSynthesizer(backend, tmp_path), FakeSoundDevice(has_output=False))
    utterance = speaker.say("질문", "ko")
    assert utterance.wait(30) and not utterance.spoken
    assert utterance.message is not None and "no speaker" in utterance.message


# -- the real TTS process (pyttsx3 + espeak-ng), no audio device needed ----------------------


@pytest.fixture(scope="module")
def tts_process() -> Any:
    if shutil.which("espeak-ng") is None and shutil.which("espeak") is None:
        pytest.skip("espeak-ng is not installed")
    process = TtsProcess()
    yield process
    process.close()


def test_tts_process_lists_a_korean_voice(tts_process: TtsProcess) -> None:
    voice = pick_voice(tts_process.voices(), "ko")
    assert voice is not None and "ko" in voice["languages"]


def test_tts_process_synthesizes_a_wav(tts_process: TtsProcess, tmp_path: Path) -> None:
    voice = pick_voice(tts_process.voices(), "ko")
    assert voice is not None
    out = tmp_path / "q.wav"
    duration = tts_process.synthesize("운영체제의 역할을 설명해 주세요.", voice["id"], 170, out)
    data, rate = sf.read(str(out), dtype="float32")
    assert duration == pytest.approx(len(data) / rate)
    assert 1.0 < duration < 10.0
    assert np.sqrt(np.mean(data**2)) > 0.01  # speech, not silence
    # A faster rate gives shorter speech, every time the rate changes (espeak used to apply a
    # new rate only after the synthesis on a busy machine).
    for _ in range(3):
        assert (
            tts_process.synthesize("운영체제의 역할을 설명해 주세요.", voice["id"], 340, out) < duration * 0.7
        )
        assert tts_process.synthesize(
            "운영체제의 역할을 설명해 주세요.", voice["id"], 170, out
        ) == pytest.approx(duration, rel=0.05)


def test_tts_process_reports_errors_as_messages(tts_process: TtsProcess, tmp_path: Path) -> None:
    with pytest.raises(DeviceError):
        tts_process.synthesize("x", "ko", 170, tmp_path / "missing-folder" / "q.wav")
    # and keeps working afterwards
    assert tts_process.voices()


def test_cache_keeps_the_most_recently_used(tmp_path: Path) -> None:
    import os

    backend = FakeBackend(ESPEAK, seconds=0.05)
    synth = CachedSynthesizer(backend, tmp_path, max_files=2)
    first = synth.wav_for("하나", "ko")
    os.utime(first, (1, 1))
    second = synth.wav_for("둘", "ko")
    os.utime(second, (2, 2))
    synth.wav_for("하나", "ko")  # used again: now the newest
    synth.wav_for("셋", "ko")
    assert first.exists() and not second.exists()
    assert len(list(tmp_path.glob("*.wav"))) == 2


def test_espeak_is_idle_whenever_a_synthesis_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pyttsx3's runAndWait() first stops speech that espeak says is still playing. espeak still
    # busy with the voice settings counted as playing, and the stop request left behind now and
    # then cancelled the next question at once: a file with no audio, the question shown as text
    # (one question in 16 in the soak bench). Runs the worker's code in this process.
    if shutil.which("espeak-ng") is None and shutil.which("espeak") is None:
        pytest.skip("espeak-ng is not installed")
    pyttsx3 = pytest.importorskip("pyttsx3")
    from interview_sim.devices import tts_worker

    engine = pyttsx3.init()
    espeak = tts_worker._espeak_module(engine)
    if espeak is None:
        pytest.skip("pyttsx3 does not use espeak here")
    driver_class = type(engine.proxy._driver)
    busy_at_stop: list[int] = []
    original_stop = driver_class.stop

    def stop(self: Any) -> None:
        busy_at_stop.append(espeak.IsPlaying())
        original_stop(self)

    monkeypatch.setattr(driver_class, "stop", stop)
    voice = pick_voice(tts_worker.voice_info(engine), "ko")
    assert voice is not None
    for i in range(8):
        out = tmp_path / f"{i}.wav"
        assert (
            tts_worker.synthesize(engine, "파이썬에서 튜플은 무엇인가요?", voice["id"], 170, str(out)) > 1.0
        )
    assert len(busy_at_stop) == 8 and not any(busy_at_stop), busy_at_stop


class AiffWritingEngine:
    """A pyttsx3 engine that behaves like the macOS driver: save_to_file writes AIFF into
    whatever file name it is given (NSSpeechSynthesizer, like `say -o x.wav`)."""

    def __init__(self, samples: np.ndarray, rate: int) -> None:
        self.samples, self.rate = samples, rate
        self._callbacks: dict[int, Any] = {}
        self._target: str | None = None

    def setProperty(self, name: str, value: object) -> None:
        pass

    def connect(self, topic: str, callback: Any) -> int:
        self._callbacks[len(self._callbacks)] = callback
        return len(self._callbacks) - 1

    def disconnect(self, token: int) -> None:
        self._callbacks.pop(token, None)

    def save_to_file(self, text: str, path: str) -> None:
        self._target = path

    def runAndWait(self) -> None:
        assert self._target is not None
        sf.write(self._target, self.samples, self.rate, format="AIFF", subtype="PCM_16")
        for callback in list(self._callbacks.values()):
            callback(name=None, completed=True)


def test_speech_written_as_aiff_by_the_driver_becomes_a_real_wav(tmp_path: Path) -> None:
    from interview_sim.devices import tts_worker

    rate = 22_050
    samples = (np.sin(np.arange(rate) / rate * 2 * np.pi * 220) * 12000).astype(np.int16)
    out = tmp_path / "tts" / "question.wav"
    out.parent.mkdir()

    duration = tts_worker.synthesize(AiffWritingEngine(samples, rate), "안녕하세요", "ko", 170, str(out))

    assert duration == pytest.approx(1.0)
    assert out.read_bytes()[:4] == b"RIFF" and out.read_bytes()[8:12] == b"WAVE"
    info = sf.info(str(out))
    assert (info.format, info.subtype, info.samplerate) == ("WAV", "PCM_16", rate)
    written, _ = sf.read(str(out), dtype="int16")
    np.testing.assert_array_equal(written, samples)  # converted without changing a sample
    assert sorted(p.name for p in out.parent.iterdir()) == ["question.wav"]  # no temporary left


@pytest.mark.parametrize("subtype", ["PCM_24", "FLOAT"])
def test_aiff_conversion_keeps_the_sample_format(tmp_path: Path, subtype: str) -> None:
    from interview_sim.devices.tts_worker import as_wav

    samples = np.linspace(-0.5, 0.5, 4410).reshape(-1, 1)
    path = tmp_path / "x.wav"
    sf.write(str(path), samples, 44_100, format="AIFF", subtype=subtype)
    before, _ = sf.read(str(path), dtype="float64", always_2d=True)

    info = as_wav(str(path))

    assert (info.format, info.subtype) == ("WAV", subtype)
    after, _ = sf.read(str(path), dtype="float64", always_2d=True)
    np.testing.assert_array_equal(after, before)
