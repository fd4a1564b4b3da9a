"""The rotating log in the user-data folder: useful, and at INFO free of transcripts and paths."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core.practice import PracticeOptions, PracticeRun
from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.devices.recorder import SoundDeviceRecorder
from interview_sim.logsetup import LOG_FILE, finish_logging, setup_logging, setup_logging_later
from tests.fakes import FakeSoundDevice, FakeTranscriber, tone


@dataclass
class Q:
    id: str = "network.tcp-vs-udp"
    question: str = "TCP와 UDP의 차이는?"
    lang: str = "ko"
    template_id: str = "technical"


class SayingTranscriber(FakeTranscriber):
    """A transcript with recognisable words, so that the test can look for them in the log."""

    def open_stream(self, lang: str, *, partials: bool = True):  # type: ignore[no-untyped-def]
        stream = super().open_stream(lang, partials=partials)
        finish = stream.finish

        def finish_with_words():  # type: ignore[no-untyped-def]
            result = finish()
            result.text = "저는 삼성전자 면접을 준비하는 김비밀입니다"
            return result

        stream.finish = finish_with_words  # type: ignore[method-assign]
        return stream


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    logger = logging.getLogger("interview_sim")
    before = list(logger.handlers), logger.level
    yield
    for handler in logger.handlers:
        if handler not in before[0]:
            handler.close()
    logger.handlers, logger.level = before


def _practice_once() -> str:
    with open_database_with_recovery(transcribe=False) as db:
        session = db.create_session()
        run = PracticeRun(
            db,
            Q(),
            session,
            recorder=SoundDeviceRecorder(FakeSoundDevice(tone(2.0, 16_000), rate=16_000)),
            transcriber=SayingTranscriber(),
            options=PracticeOptions(max_seconds=1.0, speak=False),
        )
        result = run.run()
        # A notice of the kind a full disk produces, naming the recording.
        run._notice(f"could not write the recording to {result.audio_path}; the disk may be full")
    return result.audio_path


def _log_text() -> str:
    for handler in logging.getLogger("interview_sim").handlers:
        handler.flush()
    return (paths.data_home() / "logs" / LOG_FILE).read_text(encoding="utf-8")


def test_the_log_at_info_has_no_transcript_and_no_recording_path() -> None:
    assert setup_logging() == paths.data_home() / "logs" / LOG_FILE
    audio = _practice_once()
    log = _log_text()
    assert "answer 1 saved: question network.tcp-vs-udp" in log
    assert "could not write the recording to <data>; the disk may be full" in log
    assert "김비밀" not in log and "삼성전자" not in log
    assert str(paths.recordings_dir()) not in log and str(paths.data_home()) not in log
    assert Path(audio).name not in log and Path(audio).stem not in log


def test_verbose_logs_the_details() -> None:
    setup_logging(verbose=True)
    audio = _practice_once()
    log = _log_text()
    assert audio in log and "김비밀" in log


def test_the_cli_sets_up_the_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths"]) == 0
    capsys.readouterr()
    assert "interview-sim" in _log_text() and ": paths" in _log_text()


def test_the_log_rotates() -> None:
    setup_logging()
    logger = logging.getLogger("interview_sim.test")
    for index in range(9000):
        logger.info("line %d %s", index, "x" * 500)
    logs = sorted(p.name for p in (paths.data_home() / "logs").iterdir())
    assert logs == [LOG_FILE, f"{LOG_FILE}.1", f"{LOG_FILE}.2", f"{LOG_FILE}.3"]


def test_the_app_entry_sets_up_the_log(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    monkeypatch.setattr("interview_sim.qt.app.run_app", lambda args: opened.append(args) or 0)
    assert main([]) == 0 and main(["--verbose", "--count", "3"]) == 0
    assert len(opened) == 2
    assert ": app" in _log_text()


def test_records_logged_before_the_app_sets_up_its_file_are_written_then_redacted() -> None:
    setup_logging_later()
    recording = paths.recordings_dir() / "answer-7.wav"
    logging.getLogger("interview_sim.test").info("kept while the window paints: %s", recording)
    logging.getLogger("interview_sim.test").debug("below the level")
    log_file = paths.data_home() / "logs" / LOG_FILE
    assert not log_file.exists() or "kept while" not in log_file.read_text(encoding="utf-8")
    finish_logging()
    finish_logging()  # a second call (cli.main's, after run_app's) changes nothing
    log = _log_text()
    assert log.count("kept while the window paints: <data>") == 1
    assert "answer-7" not in log and "below the level" not in log
