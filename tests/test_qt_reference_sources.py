"""The review's reference headings name each source in the UI's language, on real widgets
(offscreen) over a real SQLite archive and the bundled bank: a shipped Korean note by its
English title in the English UI and by its own title in the Korean UI; notes the user imported
by their own file's name in both."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QTextEdit
from pytestqt.qtbot import QtBot

from interview_sim.core.bank import Bank, load_bank
from interview_sim.core.question import Question, Reference
from interview_sim.core.sources import source_title
from interview_sim.core.storage import STATUS_TYPED
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import tr
from interview_sim.qt.review_screen import ReviewScreen
from tests.archive_fixtures import Archive, archive_state, fill_archive, save_screenshot
from tests.fakes import FakeSoundDevice
from tests.waits import UI_MS

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
BUNDLED_ID = "network.tcp-vs-udp"
IMPORTED = Question(
    id="imported.my-notes.tcp",
    category="network",
    kind="technical",
    question="TCP와 UDP는 어떻게 다른가요?",
    references=[Reference("import:내 면접 노트.md", "TCP는 연결 지향이고 UDP는 비연결형입니다.")],
    keywords=["연결 지향"],
)


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    bundled = load_bank().get(BUNDLED_ID)
    assert bundled is not None and bundled.answers
    filled.bank = Bank([bundled, IMPORTED], [])
    yield filled
    filled.close()


def answered(archive: Archive, question_id: str) -> int:
    db = archive.db
    session = db.create_session({"questions": [question_id]})
    attempt = db.create_attempt(session, question_id, status=STATUS_TYPED, template_id="technical")
    db.add_transcript(attempt, "typed", "TCP는 연결 지향 프로토콜입니다.", source="typed")
    db.finish_attempt(attempt, status=STATUS_TYPED, duration_s=30.0)
    db.end_session(session)
    return attempt


def reference_headings(qtbot: QtBot, archive: Archive, question_id: str, lang: str) -> list[str]:
    """The headings of the review's reference panel, once it shows every reference."""
    question = archive.bank.get(question_id)
    assert question is not None
    attempt_id = answered(archive, question_id)
    screen = ReviewScreen(archive_state(archive, lang), FilePlayer(FakeSoundDevice(has_input=False)))
    qtbot.addWidget(screen)
    screen.show()
    screen.open_attempt(attempt_id)
    view = screen.findChild(QTextEdit, "reference_view")
    assert view is not None
    prefix = tr("review.reference_n", lang, n="", source="").strip(" ·")  # "Reference"

    def headings() -> list[str]:
        return [line for line in view.toPlainText().splitlines() if line.startswith(prefix)]

    # The panel is filled once the attempt's analysis is shown: wait for its last heading.
    qtbot.waitUntil(lambda: len(headings()) == len(question.answers), timeout=UI_MS)
    if question_id == BUNDLED_ID:
        save_screenshot(screen, f"review-bundled-reference-{lang}.png")
    return headings()


def test_english_review_names_a_bundled_note_in_english(qtbot: QtBot, archive: Archive) -> None:
    question = archive.bank.get(BUNDLED_ID)
    assert question is not None
    sources = [r.source for r in question.answers]
    assert all(s.endswith(".txt") for s in sources)  # the shipped Korean notes
    headings = reference_headings(qtbot, archive, BUNDLED_ID, "en")
    assert headings == [
        tr("review.reference_n", "en", n=n, source=source_title(s, "en")) for n, s in enumerate(sources, 1)
    ]
    for heading in headings:
        assert not HANGUL.search(heading), heading


def test_korean_review_keeps_the_notes_own_title(qtbot: QtBot, archive: Archive) -> None:
    question = archive.bank.get(BUNDLED_ID)
    assert question is not None and question.answers[0].source == "001_8fb70bbf054bce40.txt"
    headings = reference_headings(qtbot, archive, BUNDLED_ID, "ko")
    assert headings[0] == "모범 답안 1 · 네트워크"  # the note's own heading, "### 1. 네트워크"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_imported_notes_keep_their_own_name(qtbot: QtBot, archive: Archive, lang: str) -> None:
    headings = reference_headings(qtbot, archive, IMPORTED.id, lang)
    assert headings == [tr("review.reference_n", lang, n=1, source="내 면접 노트")]
