"""The voice measures through the CLI (``analyze --audio``, ``history``), the metrics cache in a
real SQLite archive, and the report: espeak-ng recordings stored as real files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import soundfile as sf

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core import review
from interview_sim.core.bank import load_bank
from interview_sim.core.report import build_report, md_escape, render_html, render_markdown
from interview_sim.core.review import candidate_baseline, ensure_metrics, metrics_key, update_metrics
from interview_sim.core.storage import Database
from interview_sim.core.templates import load_templates
from interview_sim.i18n import tr

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")

ANSWER = "TCP는 연결 지향 프로토콜인 것 같습니다. 그리고 순서를 보장합니다."
FIELDS = (
    "pitch_range_st",
    "pitch_sd_st",
    "monotone",
    "trailing_off",
    "speaking_rate",
    "articulation_rate",
    "hedges",
    "conclusion_first",
)


def speak(path: Path, text: str = ANSWER) -> Path:
    subprocess.run(
        ["espeak-ng", "-v", "ko", "-w", str(path), text], check=True, capture_output=True, timeout=60
    )
    return path


def test_analyze_with_audio_prints_the_voice_measures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    audio = speak(tmp_path / "answer.wav")
    transcript = tmp_path / "answer.txt"
    transcript.write_text(ANSWER, encoding="utf-8")
    duration = sf.info(str(audio)).duration
    argv = [
        "analyze",
        "--question",
        "network.tcp",
        "--transcript-file",
        str(transcript),
        "--duration",
        f"{duration}",
    ]
    assert main([*argv, "--audio", str(audio), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in FIELDS:
        assert data[key] is not None, key
    assert isinstance(data["monotone"], bool) and data["monotone"] is False  # espeak's own intonation
    assert data["hedges"] == 1 and data["conclusion_first"] is True
    assert data["opening_sentence"] == "TCP는 연결 지향 프로토콜인 것 같습니다."
    assert data["voice"]["voice_rate_unit"] == "syllables_per_second"
    syllables = sum(1 for ch in ANSWER if "가" <= ch <= "힣")
    # Speech spans less than the file (espeak's silences at both ends), so the rate is higher.
    assert data["speaking_rate"] > syllables / duration
    assert data["articulation_rate"] >= data["speaking_rate"]

    assert main([*argv, "--format", "json"]) == 0
    without = json.loads(capsys.readouterr().out)
    assert without["pitch_range_st"] is None and without["voice"] is None and without["hedges"] == 1

    assert main([*argv, "--audio", str(audio)]) == 0
    text = capsys.readouterr().out
    assert "pitch" in text and "trailing off" in text and "articulation" in text and "것 같습니다" in text
    # Rates per minute, as the app shows them; the JSON keeps the measured per-second figure.
    rate_line = next(line for line in text.splitlines() if line.startswith("speaking rate"))
    assert f"{data['speaking_rate'] * 60:.0f} syllables/min" in rate_line, rate_line
    assert "syllables/s" not in text


@pytest.mark.parametrize("content", [None, b"RIFF....WAVEjunk"])
def test_analyze_with_bad_audio_is_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes | None
) -> None:
    transcript = tmp_path / "answer.txt"
    transcript.write_text(ANSWER, encoding="utf-8")
    audio = tmp_path / "answer.wav"
    if content is not None:
        audio.write_bytes(content)
    argv = ["analyze", "--question", "network.tcp", "--transcript-file", str(transcript), "--duration", "5"]
    assert main([*argv, "--audio", str(audio)]) == 2
    err = capsys.readouterr().err
    assert f"{audio}: cannot read the audio" in err and "Traceback" not in err


def store_answers(tmp_path: Path) -> tuple[int, int, int]:
    """An attempt with a recording, one whose recording is gone, and one without any."""
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        spoken = db.create_attempt(
            session, "network.tcp", audio_path=str(speak(tmp_path / "a1.wav")), template_id="technical"
        )
        db.add_transcript(spoken, "vosk", ANSWER)
        db.finish_attempt(spoken, duration_s=sf.info(str(tmp_path / "a1.wav")).duration)
        gone = db.create_attempt(session, "network.tcp", audio_path=str(tmp_path / "gone.flac"))
        db.add_transcript(gone, "vosk", ANSWER)
        db.finish_attempt(gone, duration_s=5.0)
        typed = db.create_attempt(session, "network.tcp")
        db.add_transcript(typed, "typed", ANSWER, source="typed")
        db.finish_attempt(typed, duration_s=5.0)
        db.end_session(session)
        return spoken, gone, typed


def test_history_json_carries_the_voice_measures_of_stored_answers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spoken, gone, typed = store_answers(tmp_path)
    assert main(["history", "--format", "json"]) == 0
    sessions = json.loads(capsys.readouterr().out)
    by_id = {a["id"]: a["metrics"] for s in sessions for a in s["attempts"]}
    for key in FIELDS:
        assert by_id[spoken][key] is not None, key
    assert by_id[spoken]["voice_rate_unit"] == "syllables_per_second"
    for other in (gone, typed):
        assert by_id[other]["pitch_range_st"] is None and by_id[other]["hedges"] == 1
    assert "key" not in by_id[spoken]
    earlier = {a["id"]: a["compared_with_earlier"] for s in sessions for a in s["attempts"]}
    assert earlier[spoken]["hedges"] == "unknown"  # the first answer has nothing before it
    # The answer without a recording is compared on its wording only.
    assert earlier[typed]["hedges"] == "unknown" and "pitch_sd_st" not in earlier[typed]


def test_history_says_when_it_measures_many_answers(capsys: pytest.CaptureFixture[str]) -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        for _ in range(25):
            attempt = db.create_attempt(session, "network.tcp")
            db.add_transcript(attempt, "typed", ANSWER, source="typed")
            db.finish_attempt(attempt, duration_s=5.0)
    assert main(["history", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "measuring 25 answers once" in captured.err
    sessions = json.loads(captured.out)
    verdicts = [a["compared_with_earlier"]["hedges"] for a in sessions[0]["attempts"]]
    assert verdicts[:3] == ["unknown"] * 3 and set(verdicts[3:]) == {"usual"}
    assert main(["history", "--format", "json"]) == 0
    assert "measuring" not in capsys.readouterr().err  # cached now


def test_the_cache_key_recomputes_old_caches_and_a_new_recording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spoken, _gone, _typed = store_answers(tmp_path)
    bank, templates = load_bank(), load_templates()
    with Database.open(paths.database_path()) as db:
        # A cache written by the previous version (no voice part in its key) is stale.
        attempt = db.attempt(spoken)
        assert attempt is not None
        old_key = metrics_key(attempt, bank, templates).rsplit(":", 2)[0].replace("2:", "1:", 1)
        db.set_metrics(spoken, {"content_score": 10.0, "key": old_key})
        assert update_metrics(db, bank, templates) == 3
        assert update_metrics(db, bank, templates) == 0  # current now: nothing measured again
        cached = db.attempt(spoken)
        assert (
            cached is not None and cached.metrics is not None and cached.metrics["pitch_range_st"] is not None
        )

        # The recording compacted to FLAC (a new path) makes it stale again.
        flac = tmp_path / "a1.flac"
        data, rate = sf.read(str(tmp_path / "a1.wav"))
        sf.write(str(flac), data, rate)
        db.set_audio_path(spoken, str(flac))
        calls: list[str] = []
        original = review.attach_voice
        monkeypatch.setattr(
            review, "attach_voice", lambda a, p, **kw: (calls.append(str(p)), original(a, p, **kw))
        )
        assert update_metrics(db, bank, templates) == 1 and calls == [str(flac)]
        fresh = db.attempt(spoken)
        assert fresh is not None and fresh.metrics is not None
        assert fresh.metrics["pitch_range_st"] == pytest.approx(cached.metrics["pitch_range_st"], abs=0.3)
        assert ensure_metrics(db, [fresh], bank, templates)[spoken] == fresh.metrics and calls == [str(flac)]


def test_the_baseline_is_the_candidates_earlier_answers(tmp_path: Path) -> None:
    store_answers(tmp_path)
    store_answers(tmp_path)
    bank, templates = load_bank(), load_templates()
    with Database.open(paths.database_path()) as db:
        update_metrics(db, bank, templates)
        newest = db.attempt(max(a.id for a in db.list_attempts()))
        assert newest is not None
        mine = candidate_baseline(db, newest, "syllables_per_second")
        # Earlier answers: 5 (all but the newest) have hedges, 2 have a recording.
        assert mine.stats["hedges"][2] >= 3 and mine.stats["pitch_range_st"][2] in (1, 2)
        assert mine.compare("hedges", 1) == "usual" and mine.compare("hedges", 5) == "higher"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_report_shows_the_voice_and_habit_rows(tmp_path: Path, lang: str) -> None:
    store_answers(tmp_path)
    bank, templates = load_bank(), load_templates()
    with Database.open(paths.database_path()) as db:
        session_id = db.sessions()[0].id
        report = build_report(db, session_id, bank, templates, lang)
    labels = [[m.label for m in answer.metrics] for answer in report.answers]
    pitch = "목소리 높낮이 (반음)" if lang == "ko" else "Pitch variation (semitones)"
    hedges = "얼버무리는 말끝 (~것 같습니다 등)" if lang == "ko" else "Hedges (I think, kind of, ...)"
    assert pitch in labels[0] and pitch not in labels[1] and pitch not in labels[2]
    assert all(hedges in rows for rows in labels)
    html, markdown = render_html(report), render_markdown(report)
    opening = "TCP는 연결 지향 프로토콜인 것 같습니다."
    assert pitch in html and opening in html
    assert md_escape(pitch) in markdown and md_escape(opening) in markdown


ENGLISH_ANSWER = "TCP is a connection oriented protocol. It keeps the order of the bytes it sends."


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_reports_voice_rates_are_per_minute_like_the_review(tmp_path: Path, lang: str) -> None:
    # A Korean and an English answer, spoken by espeak-ng and stored with their recordings; the
    # report says their rates a minute, as the review and the history do, from the same measures.
    bank, templates = load_bank(), load_templates()
    english_id = next(q.id for q in bank.questions if q.lang == "en" and q.answers)
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        ids = []
        for name, question_id, text, espeak_voice in (
            ("ko.wav", "network.tcp", ANSWER, "ko"),
            ("en.wav", english_id, ENGLISH_ANSWER, "en"),
        ):
            audio = tmp_path / name
            subprocess.run(
                ["espeak-ng", "-v", espeak_voice, "-w", str(audio), text],
                check=True,
                capture_output=True,
                timeout=60,
            )
            attempt = db.create_attempt(session, question_id, audio_path=str(audio), template_id="technical")
            duration = sf.info(str(audio)).duration
            # Word times spread over the recording, as a recognizer gives them (for the thirds).
            step = duration / len(text.split())
            words = [
                {"word": word, "start": round(i * step, 2), "end": round((i + 0.8) * step, 2), "conf": 0.9}
                for i, word in enumerate(text.split())
            ]
            db.add_transcript(attempt, "vosk", text, words)
            db.finish_attempt(attempt, duration_s=duration)
            ids.append(attempt)
        db.end_session(session)
        update_metrics(db, bank, templates)
        stored = [db.attempt(i) for i in ids]
        report = build_report(db, session, bank, templates, lang)
    korean_metrics, english_metrics = (a.metrics for a in stored if a is not None and a.metrics)
    assert korean_metrics["voice_rate_unit"] == "syllables_per_second"
    assert english_metrics["voice_rate_unit"] == "words_per_minute"
    korean_label = (
        "발화 속도 (음절/분, 쉼 포함)" if lang == "ko" else "Speaking rate (syllables/min, pauses included)"
    )
    english_label = (
        "발화 속도 (단어/분, 쉼 포함)" if lang == "ko" else "Speaking rate (words/min, pauses included)"
    )
    for answer, label, metrics, scale in (
        (report.answers[0], korean_label, korean_metrics, 60.0),
        (report.answers[1], english_label, english_metrics, 1.0),
    ):
        rows = {m.label: m for m in answer.metrics}
        assert label in rows, list(rows)
        # The cache keeps two decimals of the measured rate: the report's whole number is within
        # rounding of the stored figure a minute.
        assert abs(int(rows[label].value) - metrics["speaking_rate"] * scale) <= 0.5 + 0.005 * scale
        articulation = rows[tr("report.articulation_rate", lang)].value
        assert abs(int(articulation) - metrics["articulation_rate"] * scale) <= 0.5 + 0.005 * scale
        first, last = rows[tr("report.rate_over_time", lang)].value.split(" → ")
        assert abs(int(first) - metrics["rate_first_third"] * scale) <= 0.5 + 0.005 * scale
        assert abs(int(last) - metrics["rate_last_third"] * scale) <= 0.5 + 0.005 * scale
    korean_norm = {m.label: m for m in report.answers[0].metrics}[korean_label].norm
    assert "210" in korean_norm and "294" in korean_norm  # 4.2 +/- 0.7 syllables a second
    text = render_html(report)
    assert "음절/초" not in text and "syllables/s," not in text
