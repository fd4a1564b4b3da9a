"""Session reports rendered from a real SQLite file and the real bank, hostile content included."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core.bank import load_bank
from interview_sim.core.delivery import tokenize
from interview_sim.core.habits import analyze_habits
from interview_sim.core.report import (
    build_report,
    md_escape,
    render_html,
    render_markdown,
)
from interview_sim.core.storage import Database
from interview_sim.core.templates import load_templates

HOSTILE_QUESTION = 'XSS 질문 <script>fetch("http://evil.example/q")</script> 인가요?'
HOSTILE_REFERENCE = (
    '참고: <img src="http://evil.example/ref.png" onerror="alert(1)"> 그리고 '
    "[클릭](http://evil.example/link) ![사진](https://evil.example/i.png) "
    "<a href='javascript:alert(1)'>x</a> www.evil.example me@evil.example"
)
HOSTILE_TRANSCRIPT = (
    "TCP는 <iframe src=//evil.example></iframe> 연결 지향 **굵게** # 제목 "
    '<link rel=stylesheet href="http://evil.example/s.css"> <style>@import url(http://evil.example/x);</style>'
)
HOSTILE_NOTES = "메모 <svg onload=alert(1)> [x](javascript:alert(1)) <meta http-equiv=refresh content=0;url=http://evil.example>"
KOREAN_TRANSCRIPT = "티씨피는 연결 지향 프로토콜이고 유디피는 비연결형입니다"

ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "section",
    "span",
    "table",
    "tr",
    "th",
    "td",
    # from rendering the Markdown
    "em",
    "strong",
    "ul",
    "li",
}
ALLOWED_ATTRIBUTES = {"lang", "charset", "http-equiv", "content", "name", "class", "id"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.css: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag not in ("meta", "br"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[self._open.index(tag) :]

    def handle_data(self, data: str) -> None:
        (self.css if self._open and self._open[-1] == "style" else self.text).append(data)


def parse(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def assert_inert(markup: str) -> str:
    """No element or attribute that could load, run or link anything; returns the visible text."""
    collector = parse(markup)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, f"unexpected element <{tag}>"
        for name, _value in attrs:
            assert name in ALLOWED_ATTRIBUTES, f"unexpected attribute {name} on <{tag}>"
    lowered = markup.lower()
    for fetcher in ("<img", "<script", "<iframe", "<link", "<a ", "<object", "<embed"):
        assert fetcher not in lowered, fetcher
    css = "".join(collector.css).lower()
    assert "url(" not in css and "@import" not in css
    return "".join(collector.text)


def write_hostile_question() -> None:
    (paths.user_questions_dir() / "hostile.toml").write_text(
        "[[question]]\n"
        'id = "web.hostile"\n'
        'category = "web"\n'
        'kind = "technical"\n'
        f"question = '''{HOSTILE_QUESTION}'''\n"
        'keywords = ["XSS"]\n'
        "\n[[question.reference]]\n"
        'source = "user"\n'
        f"text = '''{HOSTILE_REFERENCE}'''\n",
        encoding="utf-8",
    )


def make_session(durations: tuple[float, float] = (30.0, 45.0)) -> int:
    with Database.open(paths.database_path()) as db:
        session = db.create_session({"categories": ["network"]})
        first = db.create_attempt(session, "network.tcp-vs-udp", template_id="technical")
        db.add_transcript(first, "vosk", KOREAN_TRANSCRIPT)
        db.finish_attempt(first, duration_s=durations[0])
        second = db.create_attempt(session, "web.hostile")
        db.add_transcript(second, "vosk", "recognized text")
        db.add_transcript(second, "user", HOSTILE_TRANSCRIPT, source="corrected")
        db.finish_attempt(second, duration_s=durations[1])
        db.set_notes(second, HOSTILE_NOTES)
        db.end_session(session)
        return session


def build(session_id: int, lang: str = "ko"):  # type: ignore[no-untyped-def]
    templates = load_templates()
    bank = load_bank(templates=templates)
    with Database.open(paths.database_path()) as db:
        return build_report(db, session_id, bank, templates, lang)


def test_html_report_shows_each_answer_and_escapes_hostile_data() -> None:
    write_hostile_question()
    session = make_session()
    report = build(session)
    markup = render_html(report)
    text = assert_inert(markup)

    # Hostile data is there, as text the reader sees, character for character.
    for hostile in (HOSTILE_QUESTION, HOSTILE_REFERENCE, HOSTILE_TRANSCRIPT, HOSTILE_NOTES):
        assert hostile in text
    # The corrected transcript is the one shown; the recognized one is not.
    assert "recognized text" not in text
    # Korean content, the bank's reference answer, duration against the template's target.
    assert KOREAN_TRANSCRIPT in text
    tcp = load_bank().get("network.tcp-vs-udp")
    assert tcp is not None and tcp.answers
    assert tcp.answers[0].text.strip() in text
    technical = load_templates()["technical"]
    assert f"답변 시간 30초 / 목표 {technical.target_s:.0f}초" in text
    assert markup.count("<h3>모범 답안</h3>") == 2
    # Structure: one section per answer, in order, headed by the question.
    sections = [dict(attrs) for tag, attrs in parse(markup).tags if tag == "section"]
    assert [s["lang"] for s in sections] == ["ko", "ko"]
    assert markup.index(tcp.question) < markup.index("XSS 질문")


def test_html_is_self_contained_korean_utf8(tmp_path: Path) -> None:
    session = make_session()
    target = tmp_path / "report.html"
    assert main(["report", str(session), "--format", "html", "-o", str(target), "--lang", "ko"]) == 0
    raw = target.read_bytes()
    markup = raw.decode("utf-8")  # strict: fails on anything but UTF-8
    assert '<html lang="ko">' in markup
    assert '<meta charset="utf-8">' in markup
    assert "Noto Sans CJK KR" in markup and "Malgun Gothic" in markup
    assert "default-src 'none'" in markup  # the browser may load nothing at all
    assert KOREAN_TRANSCRIPT in markup
    ours = markup.replace(html.escape(HOSTILE_TRANSCRIPT), "").replace(html.escape(HOSTILE_NOTES), "")
    # The conclusion-first row quotes the opening sentence, a part of the hostile transcript.
    opening = analyze_habits(HOSTILE_TRANSCRIPT, tokenize(HOSTILE_TRANSCRIPT), "ko").opening
    assert opening and html.escape(opening) in ours
    ours = ours.replace(html.escape(opening), "")
    assert "http:" not in ours and "https:" not in ours and "//" not in ours  # no address of our own
    assert_inert(markup)


def test_markdown_renders_hostile_data_as_plain_text() -> None:
    write_hostile_question()
    session = make_session()
    source = render_markdown(build(session, "en"))
    # A GitHub-like renderer: raw HTML passes through, bare addresses become links.
    rendered = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable("linkify").render(source)
    text = assert_inert(rendered)
    for hostile in (HOSTILE_QUESTION, HOSTILE_TRANSCRIPT, HOSTILE_REFERENCE, HOSTILE_NOTES):
        assert hostile in text
    assert "Your answer (transcript)" in text


@pytest.mark.parametrize(
    "hostile",
    [
        "[x](http://e.example)",
        "![x](http://e.example/i.png)",
        "<img src=x>",
        "http://e.example/a_b",
        "www.e.example",
        "a@e.example",
        "# heading\n- item\n> quote\n1. one",
        "    indented code",
        "`code` and ``` fence",
        "trailing backslash \\",
        "&lt;entity&gt; &amp; &#60;script&#62;",
        "line one\nline two",
        "<http://e.example>",
        "[ref]: http://e.example\n[ref]",
    ],
)
def test_md_escape_keeps_text_and_makes_nothing(hostile: str) -> None:
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable("linkify")
    rendered = md.render(md_escape(hostile))
    text = assert_inert(rendered)
    expected = " ".join(line.strip() for line in hostile.splitlines())
    assert " ".join(text.split()) == " ".join(expected.split())
    assert {tag for tag, _ in parse(rendered).tags} <= {"p", "br"}


def test_review_metrics_are_in_the_report() -> None:
    write_hostile_question()
    session = make_session(durations=(15.0, 500.0))
    with Database.open(paths.database_path()) as db:
        first_id = db.sessions()[0].attempts[0].id
        db.set_rating(first_id, "hard")
    report = build(session, "en")
    first, second = report.answers
    rows = {m.label: (m.value, m.verdict) for m in first.metrics}
    # 25 Hangul syllables over 15 s (no word times: the whole answer) -> 100 per minute, slow.
    assert sum(1 for ch in KOREAN_TRANSCRIPT if "가" <= ch <= "힣") == 25
    assert rows["Speaking rate (syllables/min)"] == ("100", "slow")
    assert rows["Length"] == ("15 s", "too short")
    assert rows["Filler words"] == ("0 (0.0/min)", "fine")
    assert rows["Content score"][0].endswith(" / 100")
    assert "연결 지향" in rows["Key terms said"][0]
    second_rows = {m.label: (m.value, m.verdict) for m in second.metrics}
    assert second_rows["Length"][1] == "too long"
    assert second_rows["Key terms said"][0] == "-"
    assert second_rows["Key terms missed"][0] == "XSS"
    markup = render_html(report)
    text = assert_inert(markup)
    assert "Rated: hard" in text
    assert "Speaking rate (syllables/min)100norm 212-294slow" in text.replace("\n", "")


def test_unknown_session_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_session()
    target = tmp_path / "r.md"
    assert main(["report", "99", "--format", "md", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "there is no session 99" in err and "Traceback" not in err
    assert not target.exists()


def test_existing_file_is_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = make_session()
    target = tmp_path / "r.md"
    target.write_text("my own notes", encoding="utf-8")
    assert main(["report", str(session), "--format", "md", "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "my own notes"
    assert main(["report", str(session), "--format", "md", "-o", str(target), "--force"]) == 0
    assert "network" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "r.md"]  # no temp file left


def test_a_session_without_answers_still_reports() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
    report = build(session, "en")
    text = assert_inert(render_html(report))
    assert "This session has no answers." in text


HOSTILE_FEEDBACK = '요약 <script>alert(1)</script> <img src="http://evil.example/f.png"> [x](http://evil.example) www.evil.example'


def test_cached_ai_feedback_is_reported_as_plain_text() -> None:
    from interview_sim.core.feedback import CRITERIA

    write_hostile_question()
    session = make_session()
    with Database.open(paths.database_path()) as db:
        hostile_attempt = db.attempt_ids_of_session(session)[1]
        content = {
            "headline": HOSTILE_FEEDBACK,
            "rubric": [{"criterion": c, "score": 4, "evidence": HOSTILE_FEEDBACK} for c in CRITERIA],
            "missing": [HOSTILE_FEEDBACK],
            "wrong": [HOSTILE_FEEDBACK],
            "better_answer": HOSTILE_FEEDBACK + "\n\n# not a heading",
        }
        db.add_feedback(
            hostile_attempt,
            provider="ollama",
            model="<b>m</b>",
            prompt_version="v",
            lang="ko",
            content=content,
        )
    report = build(session)
    assert report.answers[0].feedback is None and report.answers[1].feedback is not None
    text = assert_inert(render_html(report))
    assert text.count(HOSTILE_FEEDBACK) >= 1 + len(CRITERIA) + 2 and "<b>m</b>" in text
    rendered = (
        MarkdownIt("commonmark", {"html": True, "linkify": True})
        .enable("linkify")
        .render(render_markdown(build(session, "en")))
    )
    md_text = assert_inert(rendered)
    assert HOSTILE_FEEDBACK in md_text and "# not a heading" in md_text and "AI feedback" in md_text


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_reference_sources_are_named_in_the_reports_language() -> None:
    # A bundled question (its references from the shipped Korean notes), the user's own answer,
    # and a question from notes the user imported (named by their file, in every language).
    write_hostile_question()
    (paths.user_questions_dir() / "imported.toml").write_text(
        '[[question]]\nid = "network.imported"\ncategory = "network"\nkind = "technical"\n'
        "question = '''TCP와 UDP는 어떻게 다른가요?'''\n"
        '\n[[question.reference]]\nsource = "import:내 면접 노트.md"\n'
        "text = '''TCP는 연결 지향입니다.'''\n",
        encoding="utf-8",
    )
    session = make_session()
    with Database.open(paths.database_path()) as db:
        imported = db.create_attempt(session, "network.imported")
        db.add_transcript(imported, "typed", "TCP는 연결 지향입니다", source="typed")
        db.finish_attempt(imported, duration_s=20.0)
    tcp = load_bank().get("network.tcp-vs-udp")
    assert tcp is not None and tcp.answers[0].source == "001_8fb70bbf054bce40.txt"

    def source_lines(markup: str, label: str) -> list[str]:
        """The reference sources' lines of an HTML report or of a Markdown one, as read."""
        if not markup.startswith("<!"):  # Markdown: as a renderer shows it
            markup = MarkdownIt("commonmark").render(markup).replace("<em>", '<p class="source">')
            markup = markup.replace("</em>", "</p>")
        found = re.findall(r'<p class="source">(.*?)</p>', markup)
        return [html.unescape(line) for line in found if html.unescape(line).startswith(label)]

    english = build(session, "en")
    for rendered in (render_html(english), render_markdown(english)):
        lines = source_lines(rendered, "Source: ")
        assert lines[0] == "Source: Networking (notes)"
        assert "Source: Your own answer" in lines and "Source: 내 면접 노트" in lines
        assert not [line for line in lines if HANGUL.search(line) and "내 면접 노트" not in line]
        assert ".txt" not in rendered
    korean = build(session, "ko")
    for rendered in (render_html(korean), render_markdown(korean)):
        lines = source_lines(rendered, "출처: ")
        assert lines[0] == "출처: 네트워크" and "출처: 내 면접 노트" in lines
