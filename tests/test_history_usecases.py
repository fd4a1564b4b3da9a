"""The history's use cases without Qt, on a real SQLite file with real recordings: pages of rows,
metrics brought up to date, filters, sessions, progress, comparing, deleting via the trash."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_sim import paths
from interview_sim.core import history
from interview_sim.core.bank import load_bank
from interview_sim.core.deletion import TRASH_DIR, DeleteError
from interview_sim.core.history import (
    Comparison,
    HistoryArchive,
    HistoryFilter,
    load_session,
    pair_problem,
    progress_points,
    sessions_of,
    word_diff,
)
from interview_sim.core.storage import Database
from interview_sim.core.templates import load_templates

TCP = "network.tcp-vs-udp"
GIL = "python.gil"


def recording(name: str) -> Path:
    path = paths.recordings_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), np.zeros(1600, dtype=np.float32), 16_000, subtype="PCM_16")
    return path


@dataclass
class Setup:
    db: Database
    archive: HistoryArchive
    sessions: list[int]
    ids: list[int]  # oldest first: tcp (session 0), gil (session 0), tcp (session 1)
    audio: list[Path]


@pytest.fixture
def setup() -> Iterator[Setup]:
    templates = load_templates()
    bank = load_bank(templates=templates)
    db = Database.open(paths.database_path())
    sessions = [db.create_session({}), db.create_session({})]
    ids, audio = [], []
    for index, (session, question, text) in enumerate(
        [
            (0, TCP, "음 TCP는 연결 지향 이고 신뢰성을 보장합니다"),
            (0, GIL, "GIL은 전역 인터프리터 잠금입니다"),
            (1, TCP, "TCP는 연결 지향 이고 신뢰성을 보장하며 UDP는 빠릅니다"),
        ]
    ):
        path = recording(f"answer-{index}.wav")
        attempt = db.create_attempt(
            sessions[session], question, audio_path=str(path), template_id="technical"
        )
        db.add_transcript(attempt, "vosk", text, [])
        db.finish_attempt(attempt, duration_s=10.0 + index)
        ids.append(attempt)
        audio.append(path)
    yield Setup(db, HistoryArchive(db, bank, templates), sessions, ids, audio)
    db.close()


def test_rows_come_in_pages_newest_first(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "FIRST_PAGE", 2)
    first, rest = setup.archive.first_page(), setup.archive.rest()
    assert [r.attempt_id for r in first + rest] == list(reversed(setup.ids))
    assert len(first) == 2 and len(rest) == 1
    row = rest[0]
    assert row.question_id == TCP and row.category == "network" and row.question.startswith("TCP와 UDP")
    assert row.duration_s == 10.0 and row.score is None  # metrics not computed yet
    assert row.day == row.when[:10] and TCP in row.search


def test_missing_metrics_are_computed_once(setup: Setup) -> None:
    assert setup.archive.refresh_metrics() == 3
    assert setup.archive.refresh_metrics() == 0
    rows = setup.archive.first_page()
    assert all(r.metrics.get("duration_s") is not None for r in rows)
    assert all(r.score is not None for r in rows if r.question_id == TCP)
    # Without a bank there is nothing to measure against: nothing is computed.
    assert HistoryArchive(setup.db, None, {}).refresh_metrics() == 0


def test_filters_sessions_and_progress_work_on_the_rows(setup: Setup) -> None:
    setup.archive.refresh_metrics()
    rows = setup.archive.first_page()
    assert HistoryFilter().apply(rows) == rows
    assert [r.question_id for r in HistoryFilter(category="python").apply(rows)] == [GIL]
    assert len(HistoryFilter(text="tcp").apply(rows)) == 2
    assert HistoryFilter(session_id=setup.sessions[1]).apply(rows)[0].attempt_id == setup.ids[2]
    assert HistoryFilter(since="2999-01-01").apply(rows) == []
    entries = sessions_of(rows)
    assert [(e.session_id, e.count) for e in entries] == [(setup.sessions[1], 1), (setup.sessions[0], 2)]
    points = progress_points(rows, "duration_s", "network")
    assert sorted(p[2] for p in points) == [10.0, 12.0]
    assert all(p[0] == "network" and isinstance(p[1], date) for p in points)
    assert history.is_date("2026-02-28") and not history.is_date("2026-02-30")
    assert not history.is_date("2026-2-3")


def test_comparing_two_answers_to_one_question(setup: Setup) -> None:
    rows = {r.attempt_id: r for r in setup.archive.first_page()}
    tcp = [rows[setup.ids[2]], rows[setup.ids[0]]]
    assert pair_problem(tcp) is None
    assert pair_problem(tcp[:1]) == "history.pick_two"
    assert pair_problem([tcp[0], rows[setup.ids[1]]]) == "history.not_same_question"
    found = setup.archive.compare(setup.ids[2], setup.ids[0])
    assert isinstance(found, Comparison)
    assert [a.id for a in found.attempts] == [setup.ids[0], setup.ids[2]]  # the earlier first
    assert found.question is not None and found.question.id == TCP
    first, second = (a.transcript for a in found.analyses)
    assert [first[s:e] for s, e in found.dropped] == ["음", "보장합니다"]
    assert [second[s:e] for s, e in found.added] == ["보장하며 UDP는 빠릅니다"]
    assert setup.archive.compare(setup.ids[0], 777) == 777
    assert word_diff("a b c", "a b c") == ([], [])


def test_delete_moves_recordings_through_the_trash_and_removes_rows(setup: Setup) -> None:
    assert setup.archive.delete_attempts([setup.ids[0]]) == [setup.ids[0]]
    assert setup.db.attempt(setup.ids[0]) is None and not setup.audio[0].exists()
    assert not (paths.recordings_dir() / TRASH_DIR).exists()  # emptied once the rows were gone
    assert setup.archive.delete_session(setup.sessions[1]) == [setup.ids[2]]
    assert setup.db.session(setup.sessions[1]) is None and not setup.audio[2].exists()
    assert setup.db.attempt(setup.ids[1]) is not None and setup.audio[1].exists()


def test_a_recording_that_cannot_move_deletes_nothing(setup: Setup) -> None:
    # A file where the trash folder would go: the move fails, so nothing is deleted.
    blocker = paths.recordings_dir() / TRASH_DIR
    blocker.write_text("not a folder")
    with pytest.raises(DeleteError, match="nothing was deleted"):
        setup.archive.delete_attempts([setup.ids[1]])
    assert setup.db.attempt(setup.ids[1]) is not None and setup.audio[1].exists()


def test_the_summary_loads_a_session_with_current_metrics(setup: Setup) -> None:
    session, metrics = load_session(setup.db, setup.sessions[0], setup.archive.bank, setup.archive.templates)
    assert session is not None and [a.id for a in session.attempts] == setup.ids[:2]
    assert set(metrics) == set(setup.ids[:2]) and all("duration_s" in m for m in metrics.values())
    assert load_session(setup.db, 999, setup.archive.bank, {}) == (None, {})


def test_session_labels_say_when_what_and_how() -> None:
    from datetime import date

    from interview_sim.core.history import SessionEntry, day_label, session_label

    started = "2026-12-05T10:30:00+00:00"
    local = datetime.fromisoformat(started).astimezone()
    entry = SessionEntry(7, "2026-12-05 19:30", 4, ("network", "web", "python"), 67.6, started)
    this_year = date(2026, 1, 1)
    ko = session_label(entry, "ko", today=this_year)
    en = session_label(entry, "en", today=this_year)
    assert ko.startswith(f"{local.month}월 {local.day}일 (") and f"{local.hour:02d}:{local.minute:02d}" in ko
    assert ko.endswith("네트워크, 웹·HTTP 외 1 · 평균 68점 · 답변 4개")
    assert en.endswith("Networking, Web & HTTP +1 · mean 68 · 4 answers")
    assert "2026" not in day_label(started, "en", today=this_year)
    assert "2026" in day_label(started, "en", today=date(2027, 1, 1))
    unscored = SessionEntry(8, "2026-12-05 19:30", 1, ("python",), None, started)
    assert "mean" not in session_label(unscored, "en") and session_label(unscored, "en").endswith("1 answer")
    assert day_label("not a time", "en") == "not a time"


def test_changes_know_which_way_is_better() -> None:
    from interview_sim.core.history import HIGHER_IS_BETTER, LOWER_IS_BETTER, NEITHER, Change, change_of

    assert change_of(40, 70, HIGHER_IS_BETTER) == Change(30, "better")
    assert change_of(70, 40, HIGHER_IS_BETTER) == Change(-30, "worse")
    assert change_of(3, 0, LOWER_IS_BETTER) == Change(-3, "better")
    assert change_of(0, 2, LOWER_IS_BETTER) == Change(2, "worse")
    assert change_of(60, 75, NEITHER) == Change(15, "changed")
    assert change_of(5, 5, HIGHER_IS_BETTER) == Change(0, "same")
    assert change_of(None, 5, HIGHER_IS_BETTER) is None
