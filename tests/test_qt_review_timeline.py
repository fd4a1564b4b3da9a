"""The review's voice timeline on real widgets (offscreen), a real SQLite archive and real
recordings with known answers: a sweep of one octave after a second of silence, a 2-second
pause, then a steady tone (known pitch, known pause); espeak-ng speech for the screenshots."""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from interview_sim.i18n import LANGUAGES, tr
from interview_sim.qt import marked_text as mt
from interview_sim.qt.review_panels import TRAILING_MARK
from interview_sim.qt.review_screen import ReviewScreen
from tests.archive_fixtures import Archive, fill_archive, save_screenshot
from tests.test_qt_review_screen import open_screen
from tests.waits import UI_MS

RATE = 16_000


def sweep_pause_tone(path: Path) -> Path:
    """1 s silence, 3 s sweep 150 -> 300 Hz, 2 s silence, 3 s at 200 Hz, 1 s silence."""

    def tone(freq: np.ndarray) -> np.ndarray:
        return 0.3 * np.sin(2 * np.pi * np.cumsum(freq) / RATE)

    silence = np.zeros(RATE)
    sweep = tone(150.0 * 2 ** (np.arange(3 * RATE) / (3 * RATE)))
    steady = tone(np.full(3 * RATE, 200.0))
    samples = np.concatenate([silence, sweep, np.zeros(2 * RATE), steady, silence])
    sf.write(str(path), samples.astype(np.float32), RATE, subtype="PCM_16")
    return path


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    sweep_pause_tone(filled.audio)  # the Korean answer's recording, replaced
    yield filled
    filled.close()


def timeline_ready(screen: ReviewScreen) -> bool:
    return screen.timeline.measures is not None and screen.timeline.view.isVisible()


def test_the_timeline_shows_level_pitch_pauses_and_words(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.attempt_id)
    panel = screen.timeline
    # The screen shows at once; the panel says it is measuring, then fills in.
    assert screen.transcript.view.toPlainText()
    qtbot.waitUntil(lambda: timeline_ready(screen), timeout=UI_MS)
    timeline = panel.measures.timeline  # type: ignore[union-attr]
    assert timeline is not None
    # Level: one point every 50 ms over the 10-second file.
    assert panel.level_top.count() == len(timeline.level_db) == pytest.approx(10.0 / 0.05, abs=2)
    # Pitch: every 20 ms, a gap (NaN) where unvoiced, spanning the sweep's octave (12 semitones).
    pitch = np.array([panel.pitch.at(i).y() for i in range(panel.pitch.count())])
    assert len(pitch) == len(timeline.pitch_st)
    voiced = pitch[np.isfinite(pitch)]
    assert len(voiced) > 200 and not np.isfinite(pitch[:10]).any()  # the first second is silent
    assert voiced.max() - voiced.min() == pytest.approx(12.0, abs=1.0)
    # The pause: one band from about 4 s to 6 s, drawn up to the top of the chart.
    assert len(timeline.pauses) == 1
    start, end = timeline.pauses[0]
    assert start == pytest.approx(4.0, abs=0.1) and end == pytest.approx(6.0, abs=0.1)
    band = [panel.pause_top.at(i) for i in range(panel.pause_top.count())]
    assert any(p.x() == pytest.approx(start) and p.y() == panel.axis_level.max() for p in band)
    # Words: the transcript's twelve words with their times as labels.
    assert panel.words.count() == 12
    first_label = panel.words.pointConfiguration(0)
    assert "음" in str(first_label.values())
    assert panel.status.text() == ""
    assert tr("timeline.summary", "ko", range="", monotone="", trailing=0, speaking="", articulation="")[
        :5
    ] in (panel.figures.text())
    # The measured voice is the analysis's: the transcript marks are drawn from it.
    assert screen.analysis is not None and screen.analysis.voice is panel.measures


def test_a_typed_answer_says_it_has_no_recording(qtbot: QtBot, archive: Archive) -> None:
    for lang in LANGUAGES:
        screen = open_screen(qtbot, archive, archive.hostile_id, lang)
        panel = screen.timeline
        assert panel.status.text() == tr("timeline.no_recording", lang)
        assert not panel.view.isVisible() and panel.measures is None
        # It takes a line, not the space of a chart.
        assert panel.height() < 100
    # The next answer, recorded, gets its chart back at full height.
    screen.open_attempt(archive.attempt_id)
    qtbot.waitUntil(lambda: timeline_ready(screen), timeout=UI_MS)
    qtbot.waitUntil(lambda: screen.timeline.view.height() >= 200, timeout=UI_MS)


def test_the_playhead_follows_the_player_and_a_click_seeks(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.attempt_id)
    qtbot.waitUntil(
        lambda: timeline_ready(screen) and screen.player_bar.play_button.isEnabled(), timeout=UI_MS
    )
    panel = screen.timeline
    screen.player_bar.seek(7.5)
    assert panel.playhead_x() == pytest.approx(7.5, abs=0.05)
    # Playing moves the playhead along with the player's position.
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (panel.playhead_x() or 0) > 8.0, timeout=UI_MS)
    # Where the player is now, give or take the ticks between: a wait, since the sound goes on
    # while a busy GUI thread has not drawn the playhead again yet.
    qtbot.waitUntil(lambda: abs((panel.playhead_x() or 0) - screen.player.position_s()) <= 0.5, timeout=UI_MS)
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not screen.player.playing, timeout=UI_MS)
    # A click on the plot at 2 s plays from there.
    chart = panel.chart
    at_two = chart.mapToPosition(QPointF(2.0, 0.0), panel.level)
    view_point = panel.view.mapFromScene(chart.mapToScene(at_two))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(view_point))
    assert screen.player.position_s() == pytest.approx(2.0, abs=0.1)
    assert panel.playhead_x() == pytest.approx(2.0, abs=0.1)


def test_hedges_and_trailing_off_are_marked_in_the_transcript(qtbot: QtBot, archive: Archive) -> None:
    """A correction with a hedge; the sweep's sentence, faded out, trails off."""
    faded = archive.audio
    samples, rate = sf.read(str(faded))
    # The first sentence (the sweep, 1-4 s) fades out over its last second.
    fade = np.ones(len(samples))
    fade[int(3.0 * rate) : int(4.0 * rate)] = np.linspace(1.0, 0.02, int(1.0 * rate))
    sf.write(str(faded), samples * fade, rate, subtype="PCM_16")
    words = [
        {"word": w, "start": s, "end": s + 0.5, "conf": 0.9}
        for w, s in zip(
            ["TCP는", "연결", "지향인", "것", "같습니다.", "UDP는", "빠릅니다."],
            [1.0, 1.6, 2.2, 2.8, 3.3, 6.2, 7.5],
            strict=True,
        )
    ]
    archive.db.add_transcript(
        archive.attempt_id, "vosk", "TCP는 연결 지향인 것 같습니다. UDP는 빠릅니다.", words
    )
    screen = open_screen(qtbot, archive, archive.attempt_id)
    analysis = screen.analysis
    assert analysis is not None and analysis.habits is not None and len(analysis.habits.hedges) == 1
    hedge = analysis.habits.hedges[0]
    qtbot.waitUntil(lambda: timeline_ready(screen), timeout=UI_MS)
    text = screen.transcript.view.toPlainText()
    assert text.count(TRAILING_MARK.strip()) == 1
    # After the faded sentence (its full stop), before the next one.
    assert text.index("같습니다") < text.index(TRAILING_MARK.strip()) < text.index("UDP")
    assert analysis.voice is not None
    assert [s.trailing_off for s in analysis.voice.sentences] == [True, False]
    # The hedge is underlined with dots.
    cursor = screen.transcript.view.textCursor()
    cursor.setPosition(screen.transcript.map.to_document(hedge.start) + 1)
    fmt = cursor.charFormat()
    assert fmt.underlineStyle() == mt.char_format([mt.HEDGE]).underlineStyle()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_screenshots(qtbot: QtBot, archive: Archive, tmp_path: Path, lang: str) -> None:
    """Real Korean speech (espeak-ng) with a pause, as the review shows it."""
    parts = []
    texts = ("음 TCP는 연결 지향 프로토콜이고", "어 신뢰성을 보장합니다 그 그 UDP는 빠릅니다")
    for index, text in enumerate(texts):
        wav = tmp_path / f"part{index}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", "150", "-w", str(wav), text], check=True, timeout=60)
        samples, rate = sf.read(str(wav))
        parts.append(samples)
    silence = np.zeros(int(rate * 1.0))
    speech = np.concatenate([silence, parts[0], np.zeros(int(rate * 3.0)), parts[1], silence])
    sf.write(str(archive.audio), speech, rate, subtype="PCM_16")
    # Word times spread over each spoken part, as a recognizer would give them.
    words, start = [], 1.0
    for text, part in zip(texts, parts, strict=True):
        span = len(part) / rate
        tokens = text.split()
        for index, token in enumerate(tokens):
            t = start + span * index / len(tokens)
            words.append({"word": token, "start": round(t, 2), "end": round(t + span / len(tokens) * 0.9, 2)})
        start += span + 3.0
    archive.db.add_transcript(archive.attempt_id, "vosk", " ".join(texts), words)
    screen = open_screen(qtbot, archive, archive.attempt_id, lang)
    screen.resize(1280, 900)
    qtbot.waitUntil(
        lambda: timeline_ready(screen) and screen.player_bar.play_button.isEnabled(), timeout=UI_MS
    )
    screen.player_bar.seek(3.0)
    save_screenshot(screen, f"review-timeline-{lang}.png")
    assert screen.timeline.playhead_x() == pytest.approx(3.0, abs=0.05)


def test_a_long_answer_is_shown_a_window_at_a_time_following_the_playhead(
    qtbot: QtBot, archive: Archive
) -> None:
    from interview_sim.qt.review_timeline import WINDOW_S

    # 45 s: the sweep-pause-tone pattern four and a half times over.
    one, rate = sf.read(str(archive.audio))
    sf.write(str(archive.audio), np.concatenate([one] * 5)[: int(45 * rate)], rate, subtype="PCM_16")
    screen = open_screen(qtbot, archive, archive.attempt_id)
    qtbot.waitUntil(
        lambda: timeline_ready(screen) and screen.player_bar.play_button.isEnabled(), timeout=UI_MS
    )
    axis = screen.timeline.axis_x
    assert (axis.min(), axis.max()) == (0.0, WINDOW_S)
    screen.player_bar.seek(30.0)
    assert axis.min() <= 30.0 <= axis.max() and axis.max() - axis.min() == pytest.approx(WINDOW_S)
    assert screen.timeline.playhead_x() == pytest.approx(30.0, abs=0.05)
    # Near the end the window stops at the end of the answer.
    screen.player_bar.seek(44.0)
    assert axis.max() == pytest.approx(45.0, abs=0.05) and screen.timeline.playhead_x() == pytest.approx(
        44.0, abs=0.05
    )
    # A click in the window plays from the time clicked there.
    chart = screen.timeline.chart
    target = chart.mapToPosition(QPointF(axis.min() + 2.0, 0.0), screen.timeline.level)
    qtbot.mouseClick(
        screen.timeline.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(screen.timeline.view.mapFromScene(chart.mapToScene(target))),
    )
    assert screen.player.position_s() == pytest.approx(axis.min() + 2.0, abs=0.15)


def test_a_live_theme_switch_recolours_the_timeline(qtbot: QtBot, archive: Archive) -> None:
    from PySide6.QtWidgets import QApplication

    from interview_sim.qt.review_timeline import LEVEL_COLOUR, PITCH_COLOUR
    from interview_sim.qt.theme import apply_theme

    screen = open_screen(qtbot, archive, archive.attempt_id)
    qtbot.waitUntil(lambda: timeline_ready(screen), timeout=UI_MS)
    panel = screen.timeline
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        for dark in (True, False):
            apply_theme(app, "dark" if dark else "light")
            qtbot.waitUntil(
                lambda dark=dark: panel.pitch.pen().color().name() == PITCH_COLOUR[int(dark)], timeout=UI_MS
            )
            assert panel.level.pen().color().name() == LEVEL_COLOUR[int(dark)]
            assert (panel.chart.backgroundBrush().color().lightness() < 128) == dark
            assert (panel.axis_x.labelsColor().lightness() > 128) == dark
    finally:
        app.setPalette(before)


def test_an_unreadable_recording_is_said_not_raised(qtbot: QtBot, archive: Archive) -> None:
    archive.audio.write_bytes(b"RIFF\x00\x00not a wave file at all")
    screen = open_screen(qtbot, archive, archive.attempt_id, "en")
    panel = screen.timeline
    qtbot.waitUntil(lambda: panel.status.text() == tr("timeline.unreadable", "en"), timeout=UI_MS)
    assert "could not be read" in panel.status.toolTip()  # what went wrong, for a bug report
    assert panel.measures is None and not panel.view.isVisible()
    assert screen.transcript.view.toPlainText()  # the rest of the review is there


EN_TEXT = "um REST is like a style with resources and stateless HTTP methods"


def recorded_answer(archive: Archive, lang: str, seconds: float, word_step_s: float) -> int:
    """An answer in ``lang`` with the sweep-pause-tone recording (repeated to ``seconds``) and
    word times ``word_step_s`` apart from 1 s: its speaking time is the words' span."""
    from interview_sim.core.storage import STATUS_FINISHED
    from tests.archive_fixtures import ENGLISH, KO_TEXT, TCP

    one, rate = sf.read(str(archive.audio))
    audio = archive.audio.with_name(f"answer-{lang}-{seconds:g}.wav")
    repeats = math.ceil(seconds * rate / len(one))
    sf.write(str(audio), np.concatenate([one] * repeats)[: int(seconds * rate)], rate, subtype="PCM_16")
    question, text = (ENGLISH, EN_TEXT) if lang == "en" else (TCP, KO_TEXT)
    words = [
        {
            "word": w,
            "start": round(1.0 + i * word_step_s, 2),
            "end": round(1.4 + i * word_step_s, 2),
            "conf": 0.9,
        }
        for i, w in enumerate(text.split())
    ]
    attempt = archive.db.create_attempt(
        archive.session_id, question.id, audio_path=str(audio), sample_rate=rate, template_id="technical"
    )
    archive.db.add_transcript(attempt, "vosk", text, words)
    archive.db.finish_attempt(attempt, status=STATUS_FINISHED, duration_s=seconds)
    return attempt


def pace_cell(screen: ReviewScreen, lang: str) -> str:
    table = screen.delivery.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    return next(row[1] for row in rows if row[0] == tr("metric.pace", lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_short_answer_says_its_voice_pace_as_counts_like_the_table(
    qtbot: QtBot, archive: Archive, lang: str
) -> None:
    from interview_sim.qt.formatting import fmt_num

    attempt = recorded_answer(archive, lang, 8.0, 0.5)  # 12 words in about 6 s
    screen = open_screen(qtbot, archive, attempt, lang)
    qtbot.waitUntil(lambda: timeline_ready(screen) and bool(screen.timeline.figures.text()), timeout=UI_MS)
    assert screen.analysis is not None
    rate, measures = screen.analysis.rate, screen.timeline.measures
    assert measures is not None and not rate.meaningful and rate.count
    suffix = "en" if lang == "en" else "ko"
    assert rate.unit == ("words_per_minute" if lang == "en" else "syllables_per_minute")
    said = tr(f"value.count_{suffix}", lang, count=rate.count, seconds=fmt_num(rate.basis_s))
    figures = screen.timeline.figures.text()
    # The voice line says the pace as the table does: the same count in the same seconds.
    assert pace_cell(screen, lang) == said
    speaking = "speaking rate" if lang == "en" else "말하기 속도"
    assert f"{speaking} {said}" in figures, figures
    articulation = tr(
        f"value.count_{suffix}", lang, count=rate.count, seconds=fmt_num(rate.basis_s - measures.pause_s)
    )
    assert figures.endswith(articulation), figures
    for rate_word in ("wpm", "syllables/s", "초당", "분당"):
        assert rate_word not in figures
    # The other language: the same figures in its words.
    other = "ko" if lang == "en" else "en"
    screen.state.set_language(other)
    again = screen.timeline.figures.text()
    assert tr(f"value.count_{suffix}", other, count=rate.count, seconds=fmt_num(rate.basis_s)) in again
    assert again != figures


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_answer_says_its_voice_pace_as_rates_with_the_unit(
    qtbot: QtBot, archive: Archive, lang: str
) -> None:
    from interview_sim.qt.formatting import fmt_num

    attempt = recorded_answer(archive, lang, 45.0, 3.5)  # words over about 39 s
    screen = open_screen(qtbot, archive, attempt, lang)
    qtbot.waitUntil(lambda: timeline_ready(screen) and bool(screen.timeline.figures.text()), timeout=UI_MS)
    assert screen.analysis is not None and screen.analysis.rate.meaningful
    measures = screen.timeline.measures
    assert measures is not None and measures.speaking_rate is not None
    # In the table's unit: a minute (the voice measures count Korean syllables per second).
    unit, scale = ("value.rate_en", 1.0) if lang == "en" else ("value.rate_ko", 60.0)
    figures = screen.timeline.figures.text()
    assert tr(unit, lang, value=fmt_num(measures.speaking_rate * scale)) in figures, figures
    assert ("words a minute" if lang == "en" else "분당") in figures
    assert ("words in" if lang == "en" else "초에") not in figures
    assert ("words a minute" if lang == "en" else "분당") in pace_cell(screen, lang)
