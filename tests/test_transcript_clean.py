"""Vosk Korean output cleaned: known inputs and outputs, and the real model on real audio."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from interview_sim.core.storage import Database
from interview_sim.devices.transcript_clean import JOINABLE, clean_text, clean_words, spell_number_token


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("있습 니다", "있습니다"),
        ("저 는 개발자 입니다", "저는 개발자입니다"),
        ("트랜잭션 은 작업 단위 입니다", "트랜잭션은 작업 단위입니다"),
        ("[2]", "이"),
        ("(천) (십)", "천십"),
        ("[2] (천) [2] (십) 년 에 입사 했습니다", "이천이십 년에 입사했습니다"),
        ("(백) 이 (십) 개", "백이십 개"),
        ("[05] [12]", "공오십이"),
        ("[3] [쩜] [5] 초", "삼점오 초"),
        # "이" and "가" are words too: never glued to the word before.
        ("이 방법 이 좋 습니다", "이 방법 이 좋습니다"),
        ("<UNK> 네 <SPOKEN_NOISE>", "네"),
        # Latin letters and particles after them stay apart: only Hangul takes a particle.
        ("TCP 는", "TCP 는"),
        ("", ""),
    ],
)
def test_known_vosk_outputs(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert clean_text(clean) == clean  # idempotent


def test_number_tokens_spelled() -> None:
    assert [
        spell_number_token(t) for t in ("[0]", "[7]", "[10]", "[20]", "[99]", "[00]", "[공]", "[쩜]")
    ] == [
        "영",
        "칠",
        "십",
        "이십",
        "구십구",
        "공영",
        "공",
        "점",
    ]
    assert spell_number_token("word") is None and spell_number_token("[abc]") is None


def test_word_times_are_merged() -> None:
    words = [
        {"word": "저", "start": 0.1, "end": 0.3, "conf": 0.9},
        {"word": "는", "start": 0.3, "end": 0.4, "conf": 0.6},
        {"word": "[2]", "start": 0.5, "end": 0.6, "conf": 1.0},
        {"word": "(천)", "start": 0.6, "end": 0.8, "conf": 0.8},
        {"word": "년", "start": 0.9, "end": 1.0, "conf": 1.0},
    ]
    text, cleaned = clean_words("저 는 [2] (천) 년", words)
    assert text == "저는 이천 년"
    assert cleaned == [
        {"word": "저는", "start": 0.1, "end": 0.4, "conf": 0.6},
        {"word": "이천", "start": 0.5, "end": 0.8, "conf": 0.8},
        {"word": "년", "start": 0.9, "end": 1.0, "conf": 1.0},
    ]


def test_stored_raw_vosk_rows_read_clean_and_corrections_untouched(tmp_path: Path) -> None:
    with Database.open(tmp_path / "db.sqlite3") as db:
        session = db.create_session()
        attempt = db.create_attempt(session, "q", audio_path=None, sample_rate=16000)
        db.add_transcript(attempt, "vosk", "저 는 [2] 개", [])
        db.add_transcript(attempt, "faster-whisper", "저 는", [])
        db.add_corrected_transcript(attempt, "저 는 [2] 개 라고 썼다")
        loaded = db.attempt(attempt)
        assert loaded is not None
        assert [t.text for t in loaded.transcripts] == ["저는 이 개", "저 는", "저 는 [2] 개 라고 썼다"]
        raw = db._read("SELECT text FROM transcripts WHERE engine = 'vosk'")
        assert raw[0][0] == "저 는 [2] 개"  # the row is kept as recorded


class _Recording:
    """A Kaldi recognizer that remembers the raw results it handed out."""

    def __init__(self, recognizer: Any) -> None:
        self._rec = recognizer
        self.raw: list[dict[str, Any]] = []

    def SetWords(self, value: bool) -> None:
        self._rec.SetWords(value)

    def AcceptWaveform(self, pcm: bytes) -> bool:
        return bool(self._rec.AcceptWaveform(pcm))

    def PartialResult(self) -> str:
        return str(self._rec.PartialResult())

    def _keep(self, raw: str) -> str:
        self.raw.extend(json.loads(raw).get("result", []))
        return raw

    def Result(self) -> str:
        return self._keep(self._rec.Result())

    def FinalResult(self) -> str:
        return self._keep(self._rec.FinalResult())


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_real_vosk_model_output_is_cleaned(tmp_path: Path) -> None:
    from interview_sim.devices.audio import iter_pcm16k
    from interview_sim.devices.base import RECOGNITION_RATE
    from interview_sim.devices.vosk_engine import VoskEngine, VoskStream

    wav = tmp_path / "ko.wav"
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            "ko",
            "-w",
            str(wav),
            "저는 문제를 끝까지 해결하는 개발자입니다. 이천이십 년에 입사했습니다. 백 이십 개의 요청을 처리했습니다.",
        ],
        check=True,
    )
    engine = VoskEngine()
    recognizer = _Recording(engine.vosk.KaldiRecognizer(engine.model("ko", timeout=120), RECOGNITION_RATE))
    stream = VoskStream(recognizer, "ko", partials=False)
    for chunk in iter_pcm16k(wav):
        stream.feed(chunk)
    result = stream.finish()
    raw_tokens = [w["word"] for w in recognizer.raw]
    # espeak's Korean is not recognizable, but the model still emits its usual pieces.
    assert any(spell_number_token(t) is not None or t in JOINABLE for t in raw_tokens), raw_tokens
    tokens = [w.word for w in result.words]
    assert result.text == " ".join(tokens)
    assert not [t for t in tokens if spell_number_token(t) is not None or t.startswith("<")]
    assert not [(a, b) for a, b in itertools.pairwise(tokens) if b in JOINABLE and "가" <= a[-1] <= "힣"]
    assert len(tokens) < len(raw_tokens)
    # Every clean word spans exactly its raw pieces.
    assert result.words[0].start == recognizer.raw[0]["start"]
    assert result.words[-1].end == recognizer.raw[-1]["end"]
    assert all(a.end <= b.start + 1e-9 for a, b in itertools.pairwise(result.words))
