"""``interview-sim analyze`` and ``history`` with metrics, on real files and a real SQLite archive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core.storage import Database

REPO = Path(__file__).resolve().parent.parent
ANSWER = "음 TCP는 그... 신뢰성 있는 통신 프로토콜이고\n순서를 재조합합니다"
WORDS = [
    {"word": "음", "start": 1.2, "end": 1.4, "conf": 1.0},
    {"word": "TCP는", "start": 1.6, "end": 2.0, "conf": 0.9},
    {"word": "그", "start": 2.1, "end": 2.2, "conf": 0.8},
    {"word": "신뢰성", "start": 5.0, "end": 5.5, "conf": 0.9},
    {"word": "있는", "start": 5.6, "end": 5.9, "conf": 0.9},
    {"word": "통신", "start": 6.0, "end": 6.4, "conf": 0.9},
    {"word": "프로토콜이고", "start": 6.5, "end": 7.3, "conf": 0.9},
    {"word": "순서를", "start": 7.5, "end": 8.0, "conf": 0.9},
    {"word": "재조합합니다", "start": 8.1, "end": 9.0, "conf": 0.9},
]


@pytest.fixture
def answer_files(tmp_path: Path) -> tuple[Path, Path]:
    transcript = tmp_path / "answer.txt"
    transcript.write_text(ANSWER, encoding="utf-8")
    words = tmp_path / "words.json"
    words.write_text(json.dumps({"text": ANSWER, "words": WORDS}, ensure_ascii=False), encoding="utf-8")
    return transcript, words


def run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_analyze_json(capsys: pytest.CaptureFixture[str], answer_files: tuple[Path, Path]) -> None:
    transcript, words = answer_files
    argv = ["analyze", "--question", "network.tcp", "--transcript-file", str(transcript), "--duration", "12"]
    data = run_json(capsys, [*argv, "--words", str(words), "--format", "json"])
    assert isinstance(data, dict)
    assert data["duration_s"] == 12.0 and data["target_s"] == 60.0
    assert data["time_to_first_word_s"] == 1.2
    assert data["fillers"]["count"] == 2 and [i["text"] for i in data["fillers"]["items"]] == ["음", "그"]
    assert [(p["start_s"], p["end_s"]) for p in data["long_pauses"]] == [(2.2, 5.0)]
    assert data["keywords_covered"] == ["통신 규약", "신뢰성", "순서", "재조합"]
    assert data["keywords_missed"] == ["일련번호", "손실"]
    syllables = sum(1 for ch in ANSWER if "가" <= ch <= "힣")
    assert data["syllables_per_minute"] == round(syllables * 60 / (9.0 - 1.2), 1)
    assert 0 < data["content_score"] < 100
    without_words = run_json(capsys, [*argv, "--format", "json"])
    assert isinstance(without_words, dict)
    assert without_words["time_to_first_word_s"] is None and without_words["long_pauses"] == []


def test_analyze_text_and_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    transcript = tmp_path / "en.txt"
    transcript.write_text("Um, TCP is like, reliable. It uses sequence numbers.", encoding="utf-8")
    argv = ["analyze", "--question", "network.tcp", "--transcript-file", str(transcript), "--duration", "6"]
    # 9 words (fillers included) in 6 s
    data = run_json(capsys, [*argv, "--lang", "en", "--format", "json"])
    assert isinstance(data, dict) and data["words_per_minute"] == 90.0 and data["fillers"]["count"] == 2
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "content score" in out and "fillers" in out and "missed" in out


@pytest.mark.parametrize(
    ("setup", "extra", "message"),
    [
        ("missing", [], "cannot read the transcript"),
        ("cp949", [], "is not UTF-8"),
        ("ok", ["--question", "network.nope"], "no question 'network.nope'"),
        ("ok", ["--words", "BADJSON"], "not valid JSON"),
        ("ok", ["--words", "NOWORDS"], "no usable word"),
        ("ok", ["--duration", "-3"], "--duration"),
        ("ok", ["--section-marks", "5,x"], "'x' is not a number"),
    ],
)
def test_analyze_bad_input_is_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, setup: str, extra: list[str], message: str
) -> None:
    transcript = tmp_path / "answer.txt"
    if setup == "cp949":
        transcript.write_bytes("첫 줄\n둘째 줄".encode("cp949"))
    elif setup == "ok":
        transcript.write_text(ANSWER, encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"words": [', encoding="utf-8")
    (tmp_path / "none.json").write_text('[{"word": "x"}]', encoding="utf-8")
    extra = [
        str(tmp_path / "bad.json") if e == "BADJSON" else str(tmp_path / "none.json") if e == "NOWORDS" else e
        for e in extra
    ]
    argv = ["analyze", "--question", "network.tcp", "--transcript-file", str(transcript), "--duration", "10"]
    assert main([*argv, *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_analyze_as_a_process(answer_files: tuple[Path, Path]) -> None:
    transcript, words = answer_files
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "interview_sim",
            "analyze",
            "--question",
            "network.tcp",
            "--transcript-file",
            str(transcript),
            "--duration",
            "12",
            "--words",
            str(words),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["fillers"]["count"] == 2


def make_history() -> tuple[int, int]:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        spoken = db.create_attempt(session, "network.tcp", template_id="technical")
        db.add_transcript(spoken, "vosk", ANSWER, WORDS)
        db.finish_attempt(spoken, duration_s=12.0)
        db.set_rating(spoken, "good")
        other = db.create_attempt(session, "os.deadlock")
        db.add_transcript(other, "vosk", "교착 상태는 음 서로 자원을 기다리는 상태입니다")
        db.finish_attempt(other, duration_s=8.0)
        return spoken, other


def test_history_carries_metrics_and_keeps_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    spoken, _other = make_history()
    data = run_json(capsys, ["history", "--format", "json"])
    assert isinstance(data, list)
    [session] = data
    first = session["attempts"][0]
    for key in ("id", "question_id", "status", "audio_path", "transcript", "engine", "words", "duration_s"):
        assert key in first
    assert first["id"] == spoken and first["rating"] == "good"
    metrics = first["metrics"]
    assert (
        metrics["fillers"] == 2
        and metrics["duration_s"] == 12.0
        and metrics["rate_unit"] == "syllables_per_minute"
    )
    assert metrics["content_score"] == first["content_score"] and "key" not in metrics
    assert session["attempts"][1]["metrics"]["fillers"] == 1
    # The first listing cached the scores: filters on them work at once.
    only_network = run_json(capsys, ["history", "--format", "json", "--category", "network"])
    assert isinstance(only_network, list) and [a["id"] for a in only_network[0]["attempts"]] == [spoken]
    high = run_json(capsys, ["history", "--format", "json", "--min-score", str(metrics["content_score"])])
    assert isinstance(high, list) and [a["id"] for s in high for a in s["attempts"]] == [spoken]
    assert run_json(capsys, ["history", "--format", "json", "--until", "2000-01-01"]) == []
    assert main(["history"]) == 0
    assert "score" in capsys.readouterr().out
    assert main(["history", "--since", "yesterday"]) == 2
    assert "not a date" in capsys.readouterr().err


def test_history_scores_filter_on_a_fresh_archive(capsys: pytest.CaptureFixture[str]) -> None:
    spoken, _other = make_history()
    data = run_json(
        capsys, ["history", "--format", "json", "--max-score", "100", "--question", "network.tcp"]
    )
    assert isinstance(data, list) and [a["id"] for s in data for a in s["attempts"]] == [spoken]
