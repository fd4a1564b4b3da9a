"""The headless practice flow with fake devices, and the speech CLI's error paths."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core.answers import transcribe_attempt
from interview_sim.core.practice import PracticeEvents, PracticeOptions, PracticeRun
from interview_sim.core.storage import Database
from interview_sim.devices.base import EngineUnavailableError, NoInputDeviceError
from interview_sim.devices.recorder import SoundDeviceRecorder
from interview_sim.devices.speaker import SoundDeviceSpeaker
from interview_sim.devices.tts import CachedSynthesizer
from tests.fakes import FakeSoundDevice, FakeTranscriber
from tests.test_tts import ESPEAK, FakeBackend


@dataclass
class Q:
    id: str = "os.process-vs-thread"
    question: str = "프로세스와 스레드의 차이를 설명해 주세요."
    lang: str = "ko"
    template_id: str = "technical"


def _answer(seconds: float = 3.0) -> np.ndarray:
    return (np.random.default_rng(2).standard_normal(int(44_100 * seconds)) * 3000).astype(np.int16)


def test_practice_speaks_records_transcribes_and_stores(tmp_path: Path) -> None:
    sd = FakeSoundDevice(_answer(), rate=44_100)
    speaker = SoundDeviceSpeaker(CachedSynthesizer(FakeBackend(ESPEAK), tmp_path), sd)
    states: list[str] = []
    partials: list[str] = []
    with Database.open(paths.database_path()) as db:
        session = db.create_session()

        def on_state(state: str) -> None:
            states.append(state)
            if state == "recording":
                # The attempt is in the database before the first sample is recorded.
                (attempt,) = db.attempts_with_status("recording")
                assert attempt.audio_path and attempt.sample_rate == 44_100

        run = PracticeRun(
            db,
            Q(),
            session,
            recorder=SoundDeviceRecorder(sd),
            transcriber=FakeTranscriber(),
            speaker=speaker,
            options=PracticeOptions(max_seconds=2.0),
            events=PracticeEvents(on_state=on_state, on_partial=partials.append),
        )
        result = run.run()
        attempt = db.attempt(result.attempt_id)
    assert states == ["speaking", "recording", "transcribing", "done"]
    assert result.question_spoken and result.stopped_by == "max_length"
    assert result.duration_s == 2.0 and result.error is None
    assert result.transcript.text == "heard 32000 samples" and partials
    assert result.audio_path.endswith(".flac") and not Path(result.audio_path).with_suffix(".wav").exists()
    np.testing.assert_array_equal(sf.read(result.audio_path, dtype="int16")[0], _answer()[: 2 * 44_100])
    assert result.stop_to_transcript_ms >= 0  # a speed figure, not a test: bench/speech_bench.py
    assert attempt is not None and attempt.status == "finished" and attempt.duration_s == 2.0
    assert attempt.audio_path == result.audio_path
    assert [t.text for t in attempt.transcripts] == ["heard 32000 samples"]
    payload = result.to_json()
    for key in ("attempt_id", "audio_path", "transcript", "words", "duration_s", "stop_to_transcript_ms"):
        assert key in payload
    assert payload["words"] == [{"word": "heard", "start": 0.0, "end": 2.0, "conf": 0.9}]


def test_no_microphone_stores_nothing() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        run = PracticeRun(
            db,
            Q(),
            session,
            recorder=SoundDeviceRecorder(FakeSoundDevice(has_input=False)),
            transcriber=FakeTranscriber(),
            options=PracticeOptions(speak=False),
        )
        with pytest.raises(NoInputDeviceError):
            run.run()
        assert db.sessions()[0].attempts == []


def test_unavailable_engine_still_records_the_answer() -> None:
    notices: list[str] = []
    with Database.open(paths.database_path()) as db:
        run = PracticeRun(
            db,
            Q(),
            db.create_session(),
            recorder=SoundDeviceRecorder(FakeSoundDevice(_answer(), rate=44_100)),
            transcriber=FakeTranscriber(fail_open=EngineUnavailableError("model not downloaded")),
            options=PracticeOptions(max_seconds=1.0, speak=False, compress=False),
            events=PracticeEvents(on_notice=notices.append),
        )
        result = run.run()
    assert result.transcript.text == "" and result.duration_s == 1.0
    assert result.audio_path.endswith(".wav") and Path(result.audio_path).exists()
    assert notices and "model not downloaded" in notices[0]


def test_device_lost_mid_answer_keeps_the_audio() -> None:
    sd = FakeSoundDevice(_answer(), rate=44_100)
    sd.deliver_limit = 10
    with Database.open(paths.database_path()) as db:
        run = PracticeRun(
            db,
            Q(),
            db.create_session(),
            recorder=SoundDeviceRecorder(sd, stall_timeout_s=0.3),
            transcriber=FakeTranscriber(),
            options=PracticeOptions(max_seconds=5.0, speak=False),
        )
        result = run.run()
        attempt = db.attempt(result.attempt_id)
    assert result.stopped_by == "error" and result.error and "stopped delivering" in result.error
    assert result.duration_s == 1.0 and sf.info(result.audio_path).frames == 44_100
    assert attempt is not None and attempt.error == result.error and attempt.status == "finished"


def test_stop_ends_the_answer_early() -> None:
    sd = FakeSoundDevice(_answer(10.0), rate=44_100, realtime=True)
    with Database.open(paths.database_path()) as db:
        run = PracticeRun(
            db,
            Q(),
            db.create_session(),
            recorder=SoundDeviceRecorder(sd),
            transcriber=FakeTranscriber(),
            options=PracticeOptions(max_seconds=10.0, speak=False),
            events=PracticeEvents(on_partial=lambda text: run.stop()),
        )
        result = run.run()
    assert result.stopped_by == "user" and result.duration_s < 2.0


def test_retranscription_keeps_both_transcripts() -> None:
    with Database.open(paths.database_path()) as db:
        run = PracticeRun(
            db,
            Q(),
            db.create_session(),
            recorder=SoundDeviceRecorder(FakeSoundDevice(_answer(), rate=44_100)),
            transcriber=FakeTranscriber(),
            options=PracticeOptions(max_seconds=1.0, speak=False),
        )
        result = run.run()
        second = FakeTranscriber()
        second.name = "other"
        attempt = db.attempt(result.attempt_id)
        assert attempt is not None
        again = transcribe_attempt(db, attempt, second, "ko")
        attempt = db.attempt(result.attempt_id)
    assert again.engine == "other"
    assert attempt is not None and [t.engine for t in attempt.transcripts] == ["fake", "other"]


# -- CLI error paths (in-process; no audio device is touched) ---------------------------------


def test_practice_unknown_question_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practice", "--headless", "--question", "no.such-question"]) == 2
    assert "unknown question id 'no.such-question'" in capsys.readouterr().err


def test_transcribe_missing_file_is_a_user_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["transcribe", str(tmp_path / "nope.wav"), "--engine", "vosk"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_transcribe_unknown_attempt_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transcribe", "--attempt", "42", "--engine", "vosk"]) == 2
    assert "no stored answer with id 42" in capsys.readouterr().err


def test_history_json_lists_sessions_with_attempts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        attempt = db.create_attempt(session, "os.process-vs-thread", audio_path="/x.flac")
        db.add_transcript(attempt, "vosk", "첫 번째", [{"word": "첫", "start": 0, "end": 1, "conf": 1}])
        db.add_transcript(attempt, "faster-whisper", "두 번째")
        db.finish_attempt(attempt, duration_s=3.5)
    assert main(["history", "--format", "json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["id"] == session and entry["started_at"]
    (a,) = entry["attempts"]
    assert (a["id"], a["question_id"], a["status"], a["audio_path"], a["duration_s"]) == (
        attempt,
        "os.process-vs-thread",
        "finished",
        "/x.flac",
        3.5,
    )
    assert a["transcript"] == "두 번째" and [t["engine"] for t in a["transcripts"]] == [
        "vosk",
        "faster-whisper",
    ]
    assert main(["history"]) == 0
    assert "os.process-vs-thread" in capsys.readouterr().out


def test_blocked_microphone_is_reported_while_recording_once(tmp_path: Path) -> None:
    sd = FakeSoundDevice(np.zeros(44_100 * 4, np.int16), rate=44_100)
    sd.realtime = True  # so that the answer is still being recorded when the check fires
    calls: list[bool] = []
    recorder = SoundDeviceRecorder(sd)
    max_s = 60.0

    def blocked() -> None:
        calls.append(recorder.elapsed_s < max_s)
        run.stop()

    with Database.open(paths.database_path()) as db:
        run = PracticeRun(
            db,
            Q(),
            db.create_session(),
            recorder=recorder,
            transcriber=FakeTranscriber(),
            options=PracticeOptions(max_seconds=max_s),
            events=PracticeEvents(on_input_blocked=blocked),
        )
        result = run.run()
    # Once, and while recording: the answer ended because of the report, not at its maximum
    # (a report after the end would find the recording stopped by its length). Ending the answer
    # there, rather than racing a 2 s maximum, keeps a busy machine from reading as a late report.
    assert calls == [True]
    assert result.stopped_by == "user" and result.duration_s < max_s
    assert result.microphone_blocked and result.to_json()["microphone_blocked"] is True
    assert result.error is None
