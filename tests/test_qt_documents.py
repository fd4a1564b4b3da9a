"""Questions from my documents in the app: the dialog on real widgets (offscreen) against the
scripted OpenAI-compatible server, saving into a real user bank; the setup hint without a
provider; screenshots in both languages and themes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.documents import Limits
from interview_sim.core.settings import Settings
from interview_sim.core.templates import load_templates
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.documents_dialog import DocumentsDialog
from tests.archive_fixtures import save_screenshot
from tests.llm_fake_server import FakeLLMServer, fake_llm, slow, sse
from tests.test_documents import GOOD, HOSTILE, LETTER, draft, reply
from tests.waits import UI_MS

__all__ = ["fake_llm"]


def make_dialog(qtbot: QtBot, lang: str = "ko", url: str | None = None) -> DocumentsDialog:
    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    if url is not None:
        state.settings.set("llm_provider", "openai")
        state.settings.set("llm_base_url", url)
        state.settings.set("llm_model", "fake-model")
    templates = load_templates()
    state.set_bank(load_bank(templates=templates), templates)
    dialog = DocumentsDialog(state)
    dialog.limits = Limits()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def drafted(qtbot: QtBot, dialog: DocumentsDialog, server: FakeLLMServer, text: str = GOOD) -> None:
    server.script.append(sse(text, pieces=8))
    dialog.paste.setPlainText(LETTER)
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: not dialog.streaming and len(dialog.cards) > 0, timeout=UI_MS)


def test_without_a_provider_the_dialog_says_how_to_set_one_up(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, "en")
    assert dialog.off_note.isVisible() and "The AI interviewer is off" in dialog.off_note.text()
    assert dialog.settings_button.isVisible() and not dialog.generate_button.isEnabled()
    assert not dialog.provider_line.isVisible() and not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.state.settings_requested, timeout=UI_MS) as asked:
        dialog.settings_button.click()
    assert asked.args == ["ai"]
    # A provider chosen in the settings: the dialog follows.
    dialog.state.change_settings({"llm_provider": "ollama", "llm_model": "m"})
    assert not dialog.off_note.isVisible() and dialog.generate_button.isEnabled()
    assert "runs on this computer" in dialog.provider_line.text()
    # The built-in engine's model is a setting of its own: changing only it is followed too.
    dialog.state.change_settings({"llm_provider": "builtin", "llm_builtin_model": "/models/first.gguf"})
    assert "first.gguf" in dialog.provider_line.text()
    dialog.state.change_settings({"llm_builtin_model": "/models/second.gguf"})
    assert "second.gguf" in dialog.provider_line.text()


def test_an_online_provider_is_named_as_sending_the_documents(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, "ko", url="https://api.example.com/v1")
    text = dialog.provider_line.text()
    assert "온라인" in text and "api.example.com" in text and "fake-model" in text


def test_paste_draft_edit_and_save_to_my_bank(qtbot: QtBot, fake_llm: FakeLLMServer) -> None:
    dialog = make_dialog(qtbot, "ko", url=fake_llm.url)
    drafted(qtbot, dialog, fake_llm)
    assert len(dialog.cards) == 2 and "2개" in dialog.status.text()
    first, second = dialog.cards
    assert first.badge.text() == "초안 · AI가 작성" and first.badge.isVisible() and first.keep.isChecked()
    assert "800ms에서 120ms로 줄였습니다" in first.about.text()
    assert fake_llm.chat_requests()[0].body["messages"][1]["content"].count("물류 스타트업") == 1
    first.question.setText("응답 시간을 800ms에서 120ms로 줄인 방법을 설명해 주세요.")
    first.answer.setPlainText("Redis 캐시를 도입하고 느린 쿼리를 고쳤습니다.")
    # The key terms show as one editable line; the candidate's edit is what is saved.
    assert first.terms.text() == "응답 시간, Redis 캐시, 120ms" and first.terms.isVisible()
    assert "핵심어" in first.terms_label.text()
    first.terms.setText(" Redis 캐시 ,, 느린 쿼리, redis 캐시 ")
    second.keep.setChecked(False)
    messages: list[str] = []
    dialog.state.message.connect(messages.append)
    with qtbot.waitSignal(dialog.state.bank_changed, timeout=UI_MS):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.saved_ids) and bool(messages), timeout=UI_MS)
    bank = dialog.state.bank
    assert bank is not None and len(dialog.saved_ids) == 1
    saved = bank.get(dialog.saved_ids[0])
    assert saved is not None and saved.origin == "user"
    assert saved.question == "응답 시간을 800ms에서 120ms로 줄인 방법을 설명해 주세요."
    assert saved.answers[0].text == "Redis 캐시를 도입하고 느린 쿼리를 고쳤습니다."
    assert saved.references[0].source == "draft:붙여 넣은 글"
    assert saved.keywords == ["Redis 캐시", "느린 쿼리"]
    assert "저장했습니다" in messages[0]
    # The bank shows it as the AI's draft, never as a model answer.
    from interview_sim.qt.bank_browser import BankBrowser

    browser = BankBrowser(dialog.state)
    qtbot.addWidget(browser)
    shown = browser.question_html(saved)
    assert (
        "답변 초안 (AI가 작성)" in shown
        and "AI 초안 (붙여 넣은 글에서)" in shown
        and "모범 답안" not in shown
    )
    # The documents were not kept: only the question file is in the user's folder.
    assert [p.suffix for p in paths.user_questions_dir().rglob("*") if p.is_file()] == [".toml"]


def test_save_and_practise_asks_for_an_interview_of_them(qtbot: QtBot, fake_llm: FakeLLMServer) -> None:
    dialog = make_dialog(qtbot, "en", url=fake_llm.url)
    drafted(qtbot, dialog, fake_llm)
    dialog.keep_documents.setChecked(True)
    with qtbot.waitSignal(dialog.state.practice_requested, timeout=UI_MS) as asked:
        dialog.practise_button.click()
    ids = asked.args[0]
    assert len(ids) == 2 and all(".mine-" in i for i in ids)
    bank = dialog.state.bank
    assert bank is not None and all(bank.get(i) is not None for i in ids)
    kept = list((paths.user_questions_dir() / "documents").glob("*.txt"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == LETTER + "\n"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=UI_MS)


def test_hostile_reply_text_is_shown_as_plain_text(qtbot: QtBot, fake_llm: FakeLLMServer) -> None:
    dialog = make_dialog(qtbot, "en", url=fake_llm.url)
    drafted(qtbot, dialog, fake_llm, reply(draft(f"Why? {HOSTILE}", grounded_in=HOSTILE)))
    card = dialog.cards[0]
    assert card.question.text() == f"Why? {HOSTILE}"
    assert HOSTILE in card.about.text() and "not in your documents" in card.about.text()
    from PySide6.QtCore import Qt

    assert card.about.textFormat() == Qt.TextFormat.PlainText


def test_cancel_stops_the_model_and_keeps_nothing(qtbot: QtBot, fake_llm: FakeLLMServer) -> None:
    dialog = make_dialog(qtbot, "en", url=fake_llm.url)
    fake_llm.script.append(slow(GOOD, every=0.2, pieces=60))
    dialog.paste.setPlainText(LETTER)
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: dialog.cancel_button.isVisible(), timeout=UI_MS)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.streaming and "Cancelled" in dialog.status.text(), timeout=UI_MS)
    assert dialog.cards == [] and dialog.generate_button.isVisible()
    assert not list(paths.user_questions_dir().glob("*.toml"))


def test_opened_files_are_read_and_bad_ones_named(
    qtbot: QtBot, fake_llm: FakeLLMServer, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, "en", url=fake_llm.url)
    letter = tmp_path / "letter.md"
    letter.write_text(LETTER, encoding="utf-8")
    dialog.open_files([letter])
    qtbot.waitUntil(lambda: "letter.md" in dialog.opened.text(), timeout=UI_MS)
    scanned = tmp_path / "scan.pdf"
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(scanned)
    dialog.open_files([scanned])
    qtbot.waitUntil(lambda: "scan.pdf" in dialog.status.text(), timeout=UI_MS)
    assert "no text" in dialog.status.text()
    fake_llm.script.append(sse(GOOD))
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: len(dialog.cards) == 2, timeout=UI_MS)
    sent = fake_llm.chat_requests()[0].body["messages"][1]["content"]
    assert '("letter.md")' in sent and json.dumps(LETTER, ensure_ascii=False) in sent


def test_nothing_to_send_is_said(qtbot: QtBot, fake_llm: FakeLLMServer) -> None:
    dialog = make_dialog(qtbot, "ko", url=fake_llm.url)
    dialog.generate_button.click()
    assert "먼저 문서를" in dialog.status.text() and fake_llm.chat_requests() == []


def test_the_menu_opens_the_dialog(qtbot: QtBot) -> None:
    from interview_sim.qt.main_window import MainWindow

    state = AppState(Settings.load(paths.settings_path()), lang="en")
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.menus.documents_action.trigger()
    dialog = window._documents
    assert dialog is not None and dialog.isVisible()
    assert window.menus.documents_action.shortcut().toString() == "Ctrl+Shift+D"
    assert dialog.windowTitle() == "Questions from my documents"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_screenshot_of_the_dialog(qtbot: QtBot, fake_llm: FakeLLMServer, lang: str) -> None:
    dialog = make_dialog(qtbot, lang, url=fake_llm.url)
    drafted(qtbot, dialog, fake_llm)
    dialog.cards[1].keep.setChecked(False)
    save_screenshot(dialog, f"documents-{lang}.png")
    off = make_dialog(qtbot, lang)
    save_screenshot(off, f"documents-off-{lang}.png")
    online = make_dialog(qtbot, lang, url="https://api.example.com/v1")
    online.paste.setPlainText(LETTER)
    save_screenshot(online, f"documents-online-{lang}.png")


def test_saving_twice_adds_nothing_twice(qtbot: QtBot, fake_llm: FakeLLMServer) -> None:
    dialog = make_dialog(qtbot, "en", url=fake_llm.url)
    drafted(qtbot, dialog, fake_llm)
    for _ in range(2):
        dialog.saved_ids = []
        with qtbot.waitSignal(dialog.state.bank_changed, timeout=UI_MS):
            dialog.save_button.click()
        qtbot.waitUntil(lambda: len(dialog.saved_ids) == 2 and dialog.save_button.isEnabled(), timeout=UI_MS)
    assert "already in your bank" in dialog.status.text()
    assert len(list(paths.user_questions_dir().glob("*.toml"))) == 1
    bank = dialog.state.bank
    assert bank is not None and not bank.errors
    assert sum(1 for q in bank.questions if ".mine-" in q.id) == 2


def test_drafts_on_show_follow_a_change_of_language(qtbot: QtBot, fake_llm: FakeLLMServer) -> None:
    dialog = make_dialog(qtbot, "ko", url=fake_llm.url)
    misquoted = draft("팀에서 무엇을 했나요?", grounded_in="I was the CEO")
    drafted(qtbot, dialog, fake_llm, reply(draft("주문 API의 응답 시간을 어떻게 줄였나요?"), misquoted))
    first, second = dialog.cards
    assert second.about.text().endswith(tr("documents.quote_not_found", "ko"))
    first.answer.setPlainText("제가 고친 답변입니다.")
    first.terms.setText("Redis 캐시")
    assert first.keep.text() == "질문 1" and "2개" in dialog.status.text()
    dialog.state.set_language("en")
    # The card's own words and the status line change; what the model and the candidate wrote stays.
    assert dialog.windowTitle() == "Questions from my documents"
    assert [c.keep.text() for c in dialog.cards] == ["Question 1", "Question 2"]
    assert first.badge.text() == "Draft · written by AI"
    assert first.about.text() == "About “800ms에서 120ms로 줄였습니다” in your documents"
    assert first.answer_label.text().startswith("Draft answer") and first.terms_label.text().startswith(
        "Key terms"
    )
    assert first.terms.placeholderText().startswith("e.g.")
    assert "2 questions" in dialog.status.text(), dialog.status.text()
    assert first.answer.toPlainText() == "제가 고친 답변입니다." and first.terms.text() == "Redis 캐시"
    assert first.question.text() == "주문 API의 응답 시간을 어떻게 줄였나요?"
    # A quote the documents lack keeps its warning in the new language too.
    assert second.about.text() == "About “I was the CEO” in your documents " + tr(
        "documents.quote_not_found", "en"
    )
    dialog.state.set_language("ko")
    assert second.keep.text() == "질문 2" and "2개" in dialog.status.text()
    assert second.about.text().endswith(tr("documents.quote_not_found", "ko"))
