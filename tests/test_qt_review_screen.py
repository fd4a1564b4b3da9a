"""The review screen and the session summary on real widgets (offscreen) and a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextEdit
from pytestqt.qtbot import QtBot

from interview_sim.core.overrides import load_overrides
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import LANGUAGES, tr
from interview_sim.qt import marked_text as mt
from interview_sim.qt.review_screen import ReviewScreen
from interview_sim.qt.summary_screen import SummaryScreen
from tests.archive_fixtures import HOSTILE, KO_TEXT, Archive, archive_state, fill_archive, save_screenshot
from tests.fakes import FakeSoundDevice
from tests.waits import UI_MS


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    yield filled
    filled.close()


def open_screen(
    qtbot: QtBot, archive: Archive, attempt_id: int, lang: str = "ko", player: FilePlayer | None = None
) -> ReviewScreen:
    """The review screen on one attempt; its player plays to a fake device unless one is given."""
    player = player or FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0))
    screen = ReviewScreen(archive_state(archive, lang), player)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.open_attempt(attempt_id)
    qtbot.waitUntil(lambda: screen.attempt is not None and screen.attempt.id == attempt_id, timeout=UI_MS)
    return screen


def backgrounds(view: QTextEdit) -> dict[str, set[str]]:
    """Text runs of a document by background colour name (plain ones under '')."""
    out: dict[str, set[str]] = {}
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            brush = fragment.charFormat().background()
            colour = brush.color().name() if brush.style() != Qt.BrushStyle.NoBrush else ""
            out.setdefault(colour, set()).add(fragment.text())
            iterator += 1
        block = block.next()
    return out


def test_key_terms_fillers_and_pauses_are_marked(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.attempt_id)
    analysis = screen.analysis
    assert analysis is not None
    assert "프로토콜" in analysis.keywords_covered and "흐름 제어" in analysis.keywords_missed
    runs = backgrounds(screen.transcript.view)
    covered = mt.COLOURS[mt.COVERED].name()
    assert any("프로토콜" in text for text in runs[covered])
    assert any("신뢰성" in text for text in runs[covered])
    fillers = runs[mt.COLOURS[mt.FILLER].name()]
    assert "음" in fillers and "어" in fillers
    # The 3 s pause after the fifth word is a marker in the text, not part of the transcript.
    assert "‖ 3.1s ‖" in screen.transcript.view.toPlainText()
    assert "‖" not in analysis.transcript
    reference_runs = backgrounds(screen.reference.view)
    missed = reference_runs[mt.COLOURS[mt.MISSED].name()]
    assert any("흐름 제어" in text for text in missed) and any("혼잡 제어" in text for text in missed)
    assert not any("흐름 제어" in text for text in runs.get(covered, set()))
    # Delivery: every measure with a norm and a verdict.
    measures = {
        screen.delivery.table.item(r, 0).text(): (
            screen.delivery.table.item(r, 2).text(),
            screen.delivery.table.item(r, 3).text(),
        )
        for r in range(screen.delivery.table.rowCount())
    }
    assert measures["답변 길이"][1] == "짧음"  # 12 s against a 60 s target
    assert measures["긴 쉼 (2초 넘게)"][1] == "1번"
    assert "초 이내" in measures["첫마디까지"][0]
    # The score leads, out of 100; its formula is the tooltip.
    assert screen.card.score.text().isdigit() and screen.card.out_of.text() == "/ 100"
    assert "내용 점수" in screen.card.score.toolTip() and "핵심어 포함률" in screen.card.score.toolTip()


def test_hostile_reference_is_shown_literally(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.hostile_id, "en")
    assert HOSTILE in screen.reference.view.toPlainText()
    assert "<img src=x>" in screen.transcript.view.toPlainText()
    assert screen.title.text() == "<script>alert(1)</script> 질문"
    assert screen.title.textFormat() == Qt.TextFormat.PlainText
    # No image or markup made it into either document.
    for view in (screen.reference.view, screen.transcript.view):
        assert "<img" not in view.document().toHtml().replace("&lt;img", "")
    save_screenshot(screen, "review-hostile-en.png")


def test_correction_updates_metrics_and_keeps_recognized(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.attempt_id)
    before = screen.analysis
    assert before is not None and before.fillers.count >= 2
    qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert screen.transcript.stack.currentWidget() is screen.transcript.editor
    corrected = "TCP는 연결 지향 프로토콜이고 신뢰성을 보장하며 흐름 제어와 혼잡 제어를 합니다"
    screen.transcript.editor.setPlainText(corrected)
    qtbot.keyClick(screen.transcript.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: screen.analysis is not None and screen.analysis.transcript == corrected, timeout=UI_MS
    )
    after = screen.analysis
    assert after is not None
    assert after.fillers.count == 0
    assert after.content.covered > before.content.covered
    stored = archive.db.attempt(archive.attempt_id)
    assert stored is not None and stored.transcript is not None and stored.recognized is not None
    assert stored.transcript.text == corrected and stored.transcript.source == "corrected"
    assert stored.recognized.text == before.transcript
    assert stored.metrics is not None and stored.metrics["fillers"] == 0
    # The recognized text is one key away.
    assert screen.transcript.recognized_button.isVisibleTo(screen)
    qtbot.keyClick(screen, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert screen.analysis is not None and screen.analysis.transcript == before.transcript


def test_rating_with_keys_and_notes_are_saved(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.attempt_id)
    screen.transcript.view.setFocus()
    qtbot.keyClick(screen.transcript.view, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: archive.db.attempt(archive.attempt_id).rating == "good", timeout=UI_MS)  # type: ignore[union-attr]
    assert screen.notes_panel.buttons["good"].isChecked()
    qtbot.keyClick(screen, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert screen.notes_panel.notes.hasFocus()
    qtbot.keyClicks(screen.notes_panel.notes, "flow 1")  # a digit typed in the notes is text, not a rating
    qtbot.waitUntil(lambda: archive.db.attempt(archive.attempt_id).notes == "flow 1", timeout=UI_MS)  # type: ignore[union-attr]
    assert archive.db.attempt(archive.attempt_id).rating == "good"  # type: ignore[union-attr]


def test_edit_reference_and_key_terms_go_to_the_overlay(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.no_ref_id, "en")
    assert "no reference answer" in screen.reference.view.toPlainText()
    assert screen.reference.edit_button.text() == "Write a reference answer"
    changed: list[object] = []
    screen.state.bank_changed.connect(lambda: changed.append(screen.state.bank))
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    screen.reference.reference_editor.setPlainText(
        "GIL은 한 번에 하나의 스레드만 바이트코드를 실행하게 하는 잠금입니다."
    )
    screen.reference.keywords_editor.setPlainText("잠금 | lock\n스레드")
    qtbot.keyClick(screen.reference.reference_editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(changed), timeout=UI_MS)
    overrides, problems = load_overrides()
    assert not problems
    assert overrides["python.gil"].keywords == ["잠금 | lock", "스레드"]
    assert "바이트코드" in (overrides["python.gil"].reference or "")
    analysis = screen.analysis
    assert analysis is not None and analysis.keywords_covered == ["잠금"]
    assert analysis.keywords_missed == ["스레드"]
    assert "바이트코드" in screen.reference.view.toPlainText()


def test_playback_highlights_the_word_and_click_seeks(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.attempt_id)
    qtbot.waitUntil(lambda: screen.player_bar.play_button.isEnabled(), timeout=UI_MS)
    # Enter on a word seeks to it and highlights it.
    offset = screen.analysis.transcript.index("UDP")  # type: ignore[union-attr]
    cursor = screen.transcript.view.textCursor()
    cursor.setPosition(screen.transcript.map.to_document(offset + 1))
    screen.transcript.view.setTextCursor(cursor)
    qtbot.keyClick(screen.transcript.view, Qt.Key.Key_Return)
    assert screen.current_word == "UDP는"
    assert screen.player.position_s() == pytest.approx(9.0, abs=0.05)
    # A click on the first word seeks back to it.
    start = QTextCursor(screen.transcript.view.document())
    start.setPosition(1)
    rect = screen.transcript.view.cursorRect(start)
    qtbot.mouseClick(screen.transcript.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))
    assert screen.current_word == "음"
    play_icon = screen.player_bar.play_button.icon().pixmap(16, 16).toImage()
    assert not play_icon.isNull() and screen.player_bar.play_button.text() == tr("review.play", screen.lang)
    # Playing moves the highlight along with the sound.
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    # The button turns to pause once the output stream has started (off the GUI thread): wait
    # for what the user sees, not for the player's flag, which is set a moment before.
    pause = tr("review.pause", screen.lang)
    qtbot.waitUntil(lambda: screen.player_bar.play_button.text() == pause, timeout=UI_MS)
    assert screen.player.playing
    # Pause is the style's icon, not a sign the font may lack (it was drawn as a box).
    assert screen.player_bar.play_button.icon().pixmap(16, 16).toImage() != play_icon
    qtbot.waitUntil(lambda: screen.current_word == "TCP는", timeout=UI_MS)
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not screen.player.playing
    assert screen.player_bar.play_button.icon().pixmap(16, 16).toImage() == play_icon


def test_escape_cancels_an_edit_then_goes_back(qtbot: QtBot, archive: Archive) -> None:
    screen = open_screen(qtbot, archive, archive.attempt_id)
    back: list[bool] = []
    screen.back_requested.connect(lambda: back.append(True))
    qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(screen.transcript.editor, Qt.Key.Key_Escape)
    assert screen.transcript.stack.currentWidget() is screen.transcript.view and not back
    qtbot.keyClick(screen.transcript.view, Qt.Key.Key_Escape)
    assert back == [True]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_review_screenshots(qtbot: QtBot, archive: Archive, lang: str) -> None:
    screen = open_screen(qtbot, archive, archive.attempt_id, lang)
    screen.rate("hard")
    qtbot.waitUntil(lambda: screen.player_bar.play_button.isEnabled(), timeout=UI_MS)
    save_screenshot(screen, f"review-{lang}.png")
    english = open_screen(qtbot, archive, archive.english_id, lang)
    assert english.analysis is not None and english.analysis.rate.unit == "words_per_minute"
    save_screenshot(english, f"review-english-answer-{lang}.png")
    # A question without a reference invites the user to write one, here.
    no_reference = open_screen(qtbot, archive, archive.no_ref_id, lang)
    save_screenshot(no_reference, f"review-no-reference-{lang}.png")
    no_reference.transcript.view.setFocus()
    qtbot.keyClick(no_reference.transcript.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert no_reference.reference.reference_editor.hasFocus() and no_reference.save_button.isVisible()
    no_reference.reference.reference_editor.setPlainText(
        "GIL은 한 번에 하나의 스레드만 파이썬 바이트코드를 실행하게 하는 잠금입니다."
    )
    save_screenshot(no_reference, f"review-edit-reference-{lang}.png")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_session_summary_lists_answers_and_opens_one(qtbot: QtBot, archive: Archive, lang: str) -> None:
    summary = SummaryScreen(archive_state(archive, lang))
    qtbot.addWidget(summary)
    summary.resize(1100, 600)
    summary.show()
    opened: list[int] = []
    summary.open_requested.connect(opened.append)
    summary.show_session(archive.session_id)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 4, timeout=UI_MS)
    first_row = [summary.table.item(0, c).text() for c in range(summary.table.columnCount())]
    assert first_row[0] == "TCP와 UDP의 차이를 설명해 주세요."
    assert any(cell.replace(".", "").isdigit() for cell in first_row[1:])
    save_screenshot(summary, f"summary-{lang}.png")
    summary.table.setFocus()
    summary.table.selectRow(1)
    qtbot.keyClick(summary.table, Qt.Key.Key_Return)
    assert opened == [archive.hostile_id]


def test_end_of_interview_opens_the_summary_then_review_and_history(qtbot: QtBot, archive: Archive) -> None:
    from interview_sim.core.interview import PlanOptions
    from interview_sim.qt.main_window import MainWindow

    window = MainWindow(archive_state(archive, "en"))
    qtbot.addWidget(window)
    window.show()
    window.start_interview(PlanOptions(categories=("python",), count=1, think_s=0))
    screen = window.interview_screen
    qtbot.waitUntil(lambda: screen.typed.isVisible(), timeout=UI_MS)
    qtbot.keyClicks(screen.typed, "GIL is a lock")
    qtbot.keyClick(screen.typed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    screen.setFocus()
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    archive_screens = window.archive
    assert window.pages.currentWidget() is archive_screens.summary
    qtbot.waitUntil(lambda: archive_screens.summary.table.rowCount() == 1, timeout=UI_MS)
    assert archive_screens.summary.table.item(0, 0).text() == "GIL이 무엇인가요?"
    qtbot.keyClick(archive_screens.summary.table, Qt.Key.Key_Return)
    review = archive_screens.review
    assert window.pages.currentWidget() is review
    qtbot.waitUntil(
        lambda: review.analysis is not None and review.analysis.transcript == "GIL is a lock", timeout=UI_MS
    )
    qtbot.keyClick(review.transcript.view, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is archive_screens.summary
    qtbot.keyClick(archive_screens.summary.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is archive_screens.history
    qtbot.waitUntil(lambda: archive_screens.history.model.rowCount() == 5, timeout=UI_MS)
    archive_screens.history.table.setFocus()
    qtbot.keyClick(archive_screens.history.table, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is archive_screens.summary
    qtbot.keyClick(archive_screens.summary.table, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.start_screen


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_summary_saves_the_session_report(
    qtbot: QtBot, archive: Archive, tmp_path: Path, suffix: str
) -> None:
    summary = SummaryScreen(archive_state(archive, "en"))
    qtbot.addWidget(summary)
    summary.show_session(archive.session_id)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 4, timeout=UI_MS)
    target = tmp_path / f"report{suffix}"
    summary.write_report(target)
    qtbot.waitUntil(lambda: "Report saved" in summary.message.text(), timeout=UI_MS)
    text = target.read_text(encoding="utf-8")
    assert "TCP와 UDP의 차이를 설명해 주세요" in text  # Markdown escapes the full stop
    if suffix == ".html":
        assert text.lstrip().lower().startswith("<!doctype html") and "<img" not in text
    else:
        assert not text.lstrip().startswith("<")
    # An existing file is never replaced without the dialog's confirmation.
    summary.write_report(target)
    qtbot.waitUntil(lambda: "could not be saved" in summary.message.text(), timeout=UI_MS)
    assert target.read_text(encoding="utf-8") == text


def test_a_live_theme_switch_recolours_marks_and_verdicts(qtbot: QtBot, archive: Archive) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from interview_sim.qt.theme import BAD, apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QPalette(app.palette())
    screen = open_screen(qtbot, archive, archive.attempt_id)

    def verdict_colours() -> set[str]:
        return {
            screen.delivery.table.item(r, 3).foreground().color().name()
            for r in range(screen.delivery.table.rowCount())
        }

    try:
        apply_theme(app, "light")
        app.processEvents()
        assert mt.COLOURS[mt.COVERED].name() in backgrounds(screen.transcript.view)
        assert BAD[0] in verdict_colours()
        apply_theme(app, "dark")  # as the Settings window does, with the review open
        app.processEvents()
        runs = backgrounds(screen.transcript.view)
        assert mt.DARK_COLOURS[mt.COVERED].name() in runs and mt.COLOURS[mt.COVERED].name() not in runs
        assert mt.DARK_COLOURS[mt.MISSED].name() in backgrounds(screen.reference.view)
        assert BAD[1] in verdict_colours() and BAD[0] not in verdict_colours()
        assert "‖ 3.1s ‖" in screen.transcript.view.toPlainText()
    finally:
        app.setPalette(before)


def test_changes_are_announced_and_the_summary_keeps_current(qtbot: QtBot, archive: Archive) -> None:
    from interview_sim.qt.summary_screen import COLUMNS

    state = archive_state(archive, "en")
    review = ReviewScreen(state, FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    summary = SummaryScreen(state)
    qtbot.addWidget(review)
    qtbot.addWidget(summary)
    summary.show()
    summary.show_session(archive.session_id)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 4, timeout=UI_MS)
    column = COLUMNS.index("col.rating")

    def summary_rating() -> str | None:
        item = summary.table.item(0, column)
        return item.text() if item is not None else None

    review.open_attempt(archive.attempt_id)
    qtbot.waitUntil(lambda: review.attempt is not None, timeout=UI_MS)
    changed: list[list[int]] = []
    state.attempts_changed.connect(changed.append)
    review.rate("easy")
    qtbot.waitUntil(lambda: changed == [[archive.attempt_id]], timeout=UI_MS)
    # The summary shows that answer: it reads it again at once, being visible.
    qtbot.waitUntil(lambda: summary_rating() == tr("rating.easy", "en"), timeout=UI_MS)
    # Hidden, it waits until it is shown again.
    summary.hide()
    review.rate("hard")
    qtbot.waitUntil(lambda: len(changed) == 2, timeout=UI_MS)
    assert archive.db.attempt(archive.attempt_id).rating == "hard"  # type: ignore[union-attr]
    # The review reads its own answer again on that announcement, in a database task of its
    # own: once every database task has ended, a reload by the hidden summary would have shown.
    qtbot.waitUntil(lambda: state.tasks.db_running == 0, timeout=UI_MS)
    assert summary_rating() == tr("rating.easy", "en")
    summary.show()
    qtbot.waitUntil(lambda: summary_rating() == tr("rating.hard", "en"), timeout=UI_MS)
    # Notes are a change too.
    review.notes_panel.notes.setPlainText("again")
    review.notes_panel.flush()
    qtbot.waitUntil(lambda: len(changed) == 3, timeout=UI_MS)
    assert archive.db.attempt(archive.attempt_id).notes == "again"  # type: ignore[union-attr]


def test_screens_retranslate_themselves_on_a_language_change(qtbot: QtBot, archive: Archive) -> None:
    state = archive_state(archive, "en")
    review = open_screen(qtbot, archive, archive.attempt_id, "en")
    review.state.set_language("ko")
    assert review.back_button.text() == "← " + tr("nav.back", "ko")
    assert review.notes_panel.rating_label.text() == tr("review.rating", "ko")
    header = review.delivery.table.horizontalHeaderItem(0)
    assert header is not None and header.text() == tr("review.col_measure", "ko")
    assert review.delivery.table.item(0, 0).text() == tr("metric.length", "ko")
    summary = SummaryScreen(state)
    qtbot.addWidget(summary)
    assert summary.title.text() == tr("summary.title", "en")
    state.set_language("ko")
    assert summary.title.text() == tr("summary.title", "ko")


def test_a_screen_closed_while_its_answer_loads_drops_the_result(qtbot: QtBot, archive: Archive) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    state = archive_state(archive)
    screen = ReviewScreen(state, FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    destroyed: list[bool] = []
    screen.destroyed.connect(lambda: destroyed.append(True))
    screen.open_attempt(archive.attempt_id)
    assert state.tasks.db_running == 1
    screen.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert destroyed == [True]
    # The load ends, and its result goes nowhere (no error from a deleted widget).
    qtbot.waitUntil(lambda: state.tasks.running == 0, timeout=UI_MS)
    assert state.tasks.db_running == 0


def test_a_new_panel_is_one_widget_added_in_one_place(qtbot: QtBot, archive: Archive) -> None:
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    from interview_sim.qt.review_panels import ReviewContext, ReviewPanel

    class WordTimes(ReviewPanel):
        """What a later panel (a voice timeline, say) gets: the attempt analysed, its timed words."""

        def __init__(self) -> None:
            super().__init__()
            self.label = QLabel()
            QVBoxLayout(self).addWidget(self.label)

        def show_review(self, context: ReviewContext) -> None:
            timed = [t for t in context.view.tokens if t.time_start is not None]
            self.label.setText(tr("review.transcript", context.lang) + f": {len(timed)}")

    screen = open_screen(qtbot, archive, archive.attempt_id)
    panel = screen.add_panel(WordTimes(), "details")
    assert panel.isVisibleTo(screen) and panel in screen.panels
    screen.open_attempt(archive.attempt_id)
    words = len(KO_TEXT.split())
    qtbot.waitUntil(lambda: panel.label.text() == f"{tr('review.transcript', 'ko')}: {words}", timeout=UI_MS)
    screen.state.set_language("en")  # drawn again in the new language
    assert panel.label.text() == f"{tr('review.transcript', 'en')}: {words}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_small_screen_the_panels_scroll_and_ctrl_d_brings_the_measurements_into_view(
    qtbot: QtBot, archive: Archive, lang: str
) -> None:
    """The review's panels need more height than a 768-pixel screen gives: they scroll under the
    question instead of making the window taller than the screen, and the keyboard reaches the
    measurements below the fold (Ctrl+D folds them, again opens them in view)."""
    screen = open_screen(qtbot, archive, archive.english_id, lang)
    screen.resize(1000, 560)
    assert screen.minimumSizeHint().height() <= 560
    qtbot.waitUntil(lambda: screen.delivery.table.rowCount() > 0, timeout=UI_MS)
    bar = screen.body_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=UI_MS)
    assert bar.value() == 0
    screen.transcript.view.setFocus()
    qtbot.keyClick(screen.transcript.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not screen.delivery.is_open
    qtbot.keyClick(screen.transcript.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert screen.delivery.is_open

    def in_view() -> bool:
        viewport, table = screen.body_scroll.viewport(), screen.delivery.table
        top = table.mapTo(viewport, QPoint(0, 0)).y()
        return bar.value() > 0 and top >= 0 and top + table.height() <= viewport.height()

    qtbot.waitUntil(in_view, timeout=UI_MS)
