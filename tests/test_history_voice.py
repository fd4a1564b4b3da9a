"""The voice measures in the history's filters, its progress chart and the session summary, on
a real SQLite archive with real recordings of known voice: a steady 220 Hz tone (monotone, no
sentence trailing off) and a one-octave sweep that fades out at the end of its sentence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.history import (
    PROGRESS_METRICS,
    VOICE_PROGRESS,
    HistoryArchive,
    HistoryFilter,
    voice_matches,
)
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import LANGUAGES, tr
from interview_sim.qt.history_screen import HistoryScreen
from interview_sim.qt.summary_screen import COLUMNS, SummaryScreen
from tests.archive_fixtures import TCP, Archive, archive_state, fill_archive, ko_words, save_screenshot
from tests.fakes import FakeSoundDevice

RATE = 16_000
BETTER = "TCP는 연결 지향 프로토콜이고 흐름 제어와 혼잡 제어로 신뢰성을 보장합니다"


def fading_sweep(path: Path) -> Path:
    """1 s silence, 5 s sweep 150 -> 300 Hz whose last 1.5 s fade out, 4 s silence: the one
    sentence (its words at 1.0-5.9 s) trails off, and its pitch spans an octave."""
    count = 5 * RATE
    freq = 150.0 * 2 ** (np.arange(count) / count)
    voice = 0.3 * np.sin(2 * np.pi * np.cumsum(freq) / RATE)
    envelope = np.ones(count)
    envelope[-int(1.5 * RATE) :] = np.linspace(1.0, 0.02, int(1.5 * RATE))
    samples = np.concatenate([np.zeros(RATE), voice * envelope, np.zeros(4 * RATE)])
    sf.write(str(path), samples.astype(np.float32), RATE, subtype="PCM_16")
    return path


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()  # its recorded answer: a steady 220 Hz tone, 12 s
    db = filled.db
    session = db.create_session({})
    audio = fading_sweep(paths.recordings_dir() / "answer-sweep.wav")
    second = db.create_attempt(
        session, TCP.id, audio_path=str(audio), sample_rate=RATE, template_id="technical"
    )
    db.add_transcript(second, "vosk", BETTER, ko_words(BETTER, gap_after=99))
    db.finish_attempt(second, duration_s=10.0)
    db.end_session(session)
    filled.second_id = second  # type: ignore[attr-defined]
    filled.second_session = session  # type: ignore[attr-defined]
    yield filled
    filled.close()


def test_the_voice_filters_pick_the_right_answers(archive: Archive) -> None:
    history = HistoryArchive(archive.db, archive.bank, archive.templates)
    assert history.refresh_metrics() == 5
    rows = history.first_page()
    by_id = {row.attempt_id: row for row in rows}
    steady, sweep = by_id[archive.attempt_id], by_id[archive.second_id]  # type: ignore[attr-defined]
    assert steady.metrics["monotone"] is True and steady.metrics["trailing_off"] == 0
    assert sweep.metrics["monotone"] is False and sweep.metrics["trailing_off"] == 1
    assert sweep.metrics["pitch_range_st"] == pytest.approx(12.0, abs=1.5)
    assert [r.attempt_id for r in HistoryFilter(voice="monotone").apply(rows)] == [archive.attempt_id]
    assert [r.attempt_id for r in HistoryFilter(voice="trailing_off").apply(rows)] == [sweep.attempt_id]
    # Typed answers have no recording: no voice filter picks them.
    typed = by_id[archive.hostile_id]
    assert not any(
        voice_matches(kind, typed.metrics) for kind in ("monotone", "trailing_off", "slow", "fast")
    )
    # Speaking rate against the language's norm (3.5-4.9 syllables a second for Korean).
    assert voice_matches("slow", {"speaking_rate": 2.0, "voice_rate_unit": "syllables_per_second"})
    assert voice_matches("fast", {"speaking_rate": 200.0, "voice_rate_unit": "words_per_minute"})
    assert not voice_matches("slow", {"speaking_rate": 140.0, "voice_rate_unit": "words_per_minute"})
    # The filters combine with the others.
    assert HistoryFilter(voice="monotone", category="python").apply(rows) == []


def open_history(qtbot: QtBot, archive: Archive, lang: str) -> HistoryScreen:
    screen = HistoryScreen(
        archive_state(archive, lang), lambda: FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0))
    )
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    with qtbot.waitSignals([screen.loaded, screen.refreshed], timeout=30_000):
        screen.reload()
    return screen


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_history_screen_filters_by_voice_and_charts_voice_measures(
    qtbot: QtBot, archive: Archive, lang: str
) -> None:
    screen = open_history(qtbot, archive, lang)
    combo = screen.filters.voice
    assert combo.itemText(combo.findData("monotone")) == tr("history.voice_monotone", lang)
    combo.setCurrentIndex(combo.findData("monotone"))
    assert [row.attempt_id for row in screen.model.visible] == [archive.attempt_id]
    combo.setCurrentIndex(combo.findData("trailing_off"))
    assert [row.attempt_id for row in screen.model.visible] == [archive.second_id]  # type: ignore[attr-defined]
    combo.setCurrentIndex(0)
    assert len(screen.model.visible) == 5
    # The progress chart offers the voice measures and draws them.
    screen.tabs.setCurrentIndex(1)
    measures = [screen.progress.measure.itemData(i) for i in range(screen.progress.measure.count())]
    assert measures == list(PROGRESS_METRICS) and set(VOICE_PROGRESS) <= set(measures)
    screen.progress.measure.setCurrentIndex(screen.progress.measure.findData("pitch_sd_st"))
    assert set(screen.progress.chart.series) == {"network"}  # the two recorded answers
    screen.progress.measure.setCurrentIndex(screen.progress.measure.findData("pitch_range_st"))
    (points,) = screen.progress.chart.series.values()
    # One day: the mean of the tone's range (about 0) and the sweep's (about 12).
    assert [value for _day, value in points] == [pytest.approx(6.0, abs=1.0)]
    save_screenshot(screen, f"progress-voice-{lang}.png")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_summary_shows_pitch_range_and_trailing_off(qtbot: QtBot, archive: Archive, lang: str) -> None:
    summary = SummaryScreen(archive_state(archive, lang))
    qtbot.addWidget(summary)
    summary.resize(1300, 400)
    summary.show()
    summary.show_session(archive.second_session)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: summary.table.rowCount() == 1, timeout=30_000)
    pitch_column, trailing_column = COLUMNS.index("col.pitch_range"), COLUMNS.index("col.trailing_off")
    header = summary.table.horizontalHeaderItem(pitch_column)
    assert header is not None and header.text() == tr("col.pitch_range", lang)
    pitch, trailing = summary.table.item(0, pitch_column), summary.table.item(0, trailing_column)
    assert pitch is not None and trailing is not None
    assert pitch.text().startswith(("11", "12", "13")) and trailing.text() == "1"
    summary.show_session(archive.session_id)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 4, timeout=30_000)
    cells = {
        summary.table.item(row, 0).text(): summary.table.item(row, pitch_column).text()  # type: ignore[union-attr]
        for row in range(4)
    }
    assert cells[TCP.question] == tr("value.monotone", lang, value="0.0")
    typed = [text for question, text in cells.items() if question != TCP.question]
    assert set(typed) == {""}  # a typed answer has no voice: empty, not "-"
    save_screenshot(summary, f"summary-voice-{lang}.png")
