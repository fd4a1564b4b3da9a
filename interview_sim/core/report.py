"""A session report: one self-contained HTML file, or Markdown, for reading and sharing.

Everything shown comes from data the user or a bank file wrote (questions, reference answers,
transcripts, notes), so every piece of it is escaped: a reference answer holding
``<img src=...>`` or a link is printed as text, and opening the report never fetches anything.
The HTML carries its own CSS and a Content-Security-Policy that forbids every load, as a
second line of defence. Nothing here imports Qt.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from interview_sim.core.analysis import Analysis, analyze
from interview_sim.core.bank import Bank, Question
from interview_sim.core.debrief import Debrief, cached_debrief
from interview_sim.core.feedback import Feedback, MalformedReply
from interview_sim.core.files import write_file
from interview_sim.core.generated import QuestionTexts
from interview_sim.core.review import attach_voice
from interview_sim.core.sources import source_title
from interview_sim.core.storage import Attempt, Database, Session, StoredFeedback
from interview_sim.core.templates import Template
from interview_sim.core.voice import MONOTONE_RANGE_ST, TRAIL_DROP_DB
from interview_sim.i18n import STRINGS, tr


class ReportError(Exception):
    """A report that cannot be made or written; the message says why."""


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    norm: str = ""
    verdict: str = ""


@dataclass
class AnswerReport:
    attempt_id: int
    question_id: str
    question: str
    status: str
    transcript: str | None
    transcript_source: str | None
    transcript_engine: str | None
    references: list[tuple[str, str]]  # (the source's title in the report's language, text)
    duration_s: float | None
    target_s: float | None
    max_s: float | None
    template_label: str
    metrics: list[Metric] = field(default_factory=list)
    notes: str = ""
    rating: str | None = None
    content_lang: str = "ko"  # the language of the question and answer, whatever the report's
    feedback: Feedback | None = None  # the newest cached AI feedback (issue 13)


@dataclass
class SessionReport:
    session_id: int
    started_at: str
    ended_at: str | None
    lang: str
    answers: list[AnswerReport]
    debrief: Debrief | None = None  # the cached AI debrief of the session (issue 13)
    # the debrief's questions to practise next, as shown (their text)
    practise_next: list[str] = field(default_factory=list)


# -- metrics: the one place the report gets them --------------------------------------------

MetricsFunction = Callable[[Attempt, Question | None, Template | None, str], list[Metric]]


def _verdict(verdict: str, lang: str) -> str:
    key = f"report.verdict.{verdict}"
    return tr(key, lang) if key in STRINGS else ""


def _norm(low: float | None, high: float | None, unit: str, lang: str) -> str:
    if low is None and high is None:
        return ""
    if low is None or low == 0:
        return tr("report.norm_at_most", lang, high=f"{high:g}", unit=unit)
    return tr("report.norm_range", lang, low=f"{low:g}", high=f"{high:g}", unit=unit)


def analysis_metrics(
    attempt: Attempt, question: Question | None, template: Template | None, lang: str
) -> list[Metric]:
    """The review metrics of one answer (:func:`interview_sim.core.analysis.analyze`), as rows.

    The report shows whatever this returns; another function with the same signature can be
    passed to :func:`build_report` instead.
    """
    shown = attempt.transcript
    if shown is None:
        return []
    recognized = attempt.recognized
    words = shown.words or (recognized.words if recognized is not None else None)
    result = analyze(
        shown.text,
        question=question,
        template=template,
        words=words or None,
        duration_s=attempt.duration_s,
        section_marks=attempt.section_marks,
    )
    seconds = tr("report.unit_s", lang)
    rows: list[Metric] = []
    content = result.content
    if content.score is not None:
        parts = []
        if content.coverage is not None:
            parts.append(tr("report.coverage_part", lang, covered=content.covered, total=content.total))
        if content.similarity is not None:
            parts.append(tr("report.similarity_part", lang, percent=f"{content.similarity * 100:.0f}"))
        rows.append(Metric(tr("report.content_score", lang), f"{content.score:.0f} / 100", " · ".join(parts)))
    if result.terms:
        rows.append(Metric(tr("report.keywords_covered", lang), ", ".join(result.keywords_covered) or "-"))
        rows.append(Metric(tr("report.keywords_missed", lang), ", ".join(result.keywords_missed) or "-"))
    length = result.length
    rows.append(
        Metric(
            tr("report.length_metric", lang),
            f"{result.duration_s:.0f} {seconds}",
            _norm(length.norm_low, length.norm_high, seconds, lang),
            _verdict(length.verdict, lang),
        )
    )
    for section in result.sections:
        actual = section.get("actual_s")
        rows.append(
            Metric(
                tr("report.section", lang, name=section.get("name") or section.get("id") or ""),
                "-" if actual is None else f"{actual:.0f} {seconds}",
                tr("report.planned", lang, planned=f"{section.get('planned_s', 0):g}", unit=seconds),
                _verdict(str(section.get("verdict") or ""), lang),
            )
        )
    if result.time_to_first_word_s is not None:
        first = result.first_word
        rows.append(
            Metric(
                tr("report.first_word", lang),
                f"{result.time_to_first_word_s:.1f} {seconds}",
                _norm(first.norm_low, first.norm_high, seconds, lang),
                _verdict(first.verdict, lang),
            )
        )
    rate = result.rate
    if rate.value is not None:
        unit_key = "report.rate_ko" if rate.unit == "syllables_per_minute" else "report.rate_en"
        rows.append(
            Metric(
                tr(unit_key, lang),
                f"{rate.value:.0f}",
                _norm(rate.verdict.norm_low, rate.verdict.norm_high, "", lang),
                _verdict(rate.verdict.verdict, lang),
            )
        )
    fillers = result.fillers
    per_minute = (
        "" if fillers.per_minute is None else tr("report.per_minute", lang, value=f"{fillers.per_minute:.1f}")
    )
    items = ", ".join(dict.fromkeys(m.text for m in fillers.items))
    rows.append(
        Metric(
            tr("report.fillers", lang),
            f"{fillers.count}{per_minute}" + (f": {items}" if items else ""),
            "",
            _verdict(fillers.verdict, lang),
        )
    )
    if result.words_given:
        rows.append(Metric(tr("report.long_pauses", lang), str(len(result.long_pauses))))
    if result.repeats:
        repeated = ", ".join(dict.fromkeys(m.text for m in result.repeats))
        rows.append(Metric(tr("report.repeats", lang), f"{len(result.repeats)}: {repeated}"))
    rows += habit_rows(result, lang)
    if attempt.audio_path:
        # The report is written off the GUI thread (the summary's Ctrl+S, the CLI).
        attach_voice(result, attempt.audio_path)
    rows += voice_rows(result, lang)
    return rows


def habit_rows(result: Analysis, lang: str) -> list[Metric]:
    found = result.habits
    if found is None or not result.transcript.strip():
        return []
    rows = []
    hedges = ", ".join(dict.fromkeys(m.text for m in found.hedges))
    rows.append(Metric(tr("report.hedges", lang), f"{len(found.hedges)}" + (f": {hedges}" if hedges else "")))
    rows.append(Metric(tr("report.run_ons", lang), str(len(found.run_ons))))
    if result.lang != "en":
        banmal = ", ".join(dict.fromkeys(m.text for m in found.banmal))
        rows.append(
            Metric(tr("report.banmal", lang), f"{len(found.banmal)}" + (f": {banmal}" if banmal else ""))
        )
    if found.conclusion_first is not None:
        rows.append(
            Metric(
                tr("report.conclusion_first", lang),
                tr("report.yes" if found.conclusion_first else "report.no", lang),
                f"“{found.opening}”",
            )
        )
    return rows


def voice_rows(result: Analysis, lang: str) -> list[Metric]:
    measured = result.voice
    if measured is None:
        return []
    rows = []
    if measured.pitch_range_st is not None and measured.pitch_sd_st is not None:
        rows.append(
            Metric(
                tr("report.pitch", lang),
                tr(
                    "report.pitch_value",
                    lang,
                    range=f"{measured.pitch_range_st:.1f}",
                    sd=f"{measured.pitch_sd_st:.1f}",
                ),
                tr("report.pitch_norm", lang, low=f"{MONOTONE_RANGE_ST:g}"),
                _verdict("monotone" if measured.monotone else "varied", lang),
            )
        )
    judged = sum(1 for s in measured.sentences if s.drop_db is not None)
    if judged:
        rows.append(
            Metric(
                tr("report.trailing_off", lang),
                f"{measured.trailing_off} / {judged}",
                tr("report.trailing_norm", lang, db=f"{TRAIL_DROP_DB:g}"),
            )
        )
    # Per minute, as the review and the history show it; judged in the unit it is measured in.
    per_minute = measured.per_minute
    korean = measured.rate_unit == "syllables_per_second"
    if measured.speaking_rate is not None:
        low, high = measured.rate_norm()
        rate = measured.speaking_rate
        rows.append(
            Metric(
                tr("report.speaking_rate_ko" if korean else "report.speaking_rate_en", lang),
                f"{per_minute(rate):.0f}",
                _norm(round(per_minute(low)), round(per_minute(high)), "", lang),
                _verdict("slow" if rate < low else "fast" if rate > high else "ok", lang),
            )
        )
    if measured.articulation_rate is not None:
        rows.append(
            Metric(
                tr("report.articulation_rate", lang),
                f"{per_minute(measured.articulation_rate):.0f}",
                tr("report.own_answers", lang),
            )
        )
    if measured.rate_first_third is not None and measured.rate_last_third is not None:
        rows.append(
            Metric(
                tr("report.rate_over_time", lang),
                f"{per_minute(measured.rate_first_third):.0f} → {per_minute(measured.rate_last_third):.0f}",
                tr("report.own_answers", lang),
            )
        )
    return rows


attempt_metrics: MetricsFunction = analysis_metrics


# -- building -------------------------------------------------------------------------------


def find_session(db: Database, session_id: int) -> Session:
    session = db.session(session_id)
    if session is not None:
        return session
    raise ReportError(f"there is no session {session_id} (`interview-sim history` lists them)")


def build_report(
    db: Database,
    session_id: int,
    bank: Bank,
    templates: Mapping[str, Template],
    lang: str = "ko",
    metrics: MetricsFunction | None = None,
) -> SessionReport:
    session = find_session(db, session_id)
    metrics = metrics or attempt_metrics
    stored_feedback = db.latest_feedback([a.id for a in session.attempts])
    answers = []
    texts = QuestionTexts(db, bank)
    texts.preload(a.question_id for a in session.attempts)
    for attempt in session.attempts:
        asked = texts.get(attempt.question_id)
        question = asked.question  # a generated follow-up too (no reference of its own)
        template_id = attempt.template_id or (question.template_id if question is not None else None)
        template = templates.get(template_id) if template_id else None
        shown = attempt.transcript
        answers.append(
            AnswerReport(
                attempt_id=attempt.id,
                question_id=attempt.question_id,
                question=asked.label(lang),
                status=attempt.status,
                transcript=shown.text if shown is not None else None,
                transcript_source=shown.source if shown is not None else None,
                transcript_engine=shown.engine if shown is not None else None,
                references=[(source_title(r.source, lang), r.text) for r in question.answers]
                if question is not None
                else [],
                duration_s=attempt.duration_s,
                target_s=template.target_s if template is not None else None,
                max_s=template.max_s if template is not None else None,
                template_label=template.label(lang) if template is not None else "",
                metrics=metrics(attempt, question, template, lang),
                notes=attempt.notes,
                rating=attempt.rating,
                content_lang="en" if question is not None and question.lang == "en" else "ko",
                feedback=_feedback(stored_feedback.get(attempt.id)),
            )
        )
    debrief = cached_debrief(db, session.id)
    picks = [texts.label(q, lang) for q in debrief.practise_next] if debrief is not None else []
    return SessionReport(session.id, session.started_at, session.ended_at, lang, answers, debrief, picks)


def _feedback(stored: StoredFeedback | None) -> Feedback | None:
    if stored is None:
        return None
    try:
        return Feedback.from_stored(stored)
    except MalformedReply:
        return None  # an edited or damaged row: the report goes on without it


def _feedback_by(feedback: Feedback, lang: str) -> str:
    return tr(
        "feedback.by",
        lang,
        provider=feedback.provider,
        model=feedback.model,
        version=feedback.prompt_version,
        created=feedback.created_at or "-",
    )


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _length_line(answer: AnswerReport, lang: str) -> str:
    if answer.target_s is None:
        return tr("report.length_no_target", lang, actual=_seconds(answer.duration_s))
    return tr(
        "report.length",
        lang,
        actual=_seconds(answer.duration_s),
        target=_seconds(answer.target_s),
        max=_seconds(answer.max_s),
    )


def _meta_line(answer: AnswerReport, lang: str) -> str:
    parts = [answer.question_id, answer.status]
    if answer.template_label:
        parts.append(answer.template_label)
    if answer.rating:
        parts.append(tr("report.rating", lang, rating=tr(f"report.rating.{answer.rating}", lang)))
    return " · ".join(parts)


# -- HTML -----------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic",
  "맑은 고딕", "Nanum Gothic", "NanumGothic", "Source Han Sans KR", sans-serif;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; color: #1d1d1f;
  word-break: keep-all; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; }
h3 { font-size: 0.95rem; margin: 1rem 0 0.3rem; color: #555; }
.meta { color: #666; }
.text { white-space: pre-wrap; background: #f6f6f8; border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0; }
.reference { background: #eef5ee; }
.source { color: #666; font-size: 0.85rem; }
.empty { color: #888; font-style: italic; }
table.metrics { border-collapse: collapse; }
table.metrics td, table.metrics th { border: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: left; }
.verdict { font-weight: bold; }
@media print { body { margin: 0; } h2 { break-after: avoid; } }
"""

# No network loads of any kind, even if escaping ever failed: inline styles only.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(report: SessionReport) -> str:
    lang = report.lang
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "ko"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(tr('report.title', lang, id=report.session_id))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(tr('report.title', lang, id=report.session_id))}</h1>",
        f'<p class="meta">{_e(tr("report.date", lang, started=report.started_at, ended=report.ended_at or "-"))}'
        f"<br>{_e(tr('report.count', lang, count=len(report.answers)))}</p>",
    ]
    if report.debrief is not None:
        out += _debrief_html(report, lang)
    if not report.answers:
        out.append(f'<p class="empty">{_e(tr("report.no_answers", lang))}</p>')
    for number, answer in enumerate(report.answers, start=1):
        # The answer's own language, so browsers pick Korean glyphs in an English report.
        out.append(f'<section id="answer-{answer.attempt_id}" lang="{answer.content_lang}">')
        out.append(f"<h2>{number}. {_e(answer.question)}</h2>")
        meta = _meta_line(answer, lang)
        out.append(f'<p class="meta">{_e(meta)}</p>')
        out.append(f"<p>{_e(_length_line(answer, lang))}</p>")
        out.append(f"<h3>{_e(tr('report.transcript', lang))}</h3>")
        if answer.transcript:
            out.append(f'<p class="text">{_e(answer.transcript)}</p>')
            out.append(f'<p class="meta">{_e(_source_line(answer, lang))}</p>')
        else:
            out.append(f'<p class="empty">{_e(tr("report.no_transcript", lang))}</p>')
        out.append(f"<h3>{_e(tr('question.reference', lang))}</h3>")
        if not answer.references:
            out.append(f'<p class="empty">{_e(tr("question.no_reference", lang))}</p>')
        for source, text in answer.references:
            out.append(f'<p class="text reference">{_e(text)}</p>')
            out.append(f'<p class="source">{_e(tr("question.source", lang, source=source))}</p>')
        if answer.metrics:
            out.append(f"<h3>{_e(tr('report.metrics', lang))}</h3>")
            out.append('<table class="metrics">')
            for metric in answer.metrics:
                out.append(
                    f"<tr><th>{_e(metric.label)}</th><td>{_e(metric.value)}</td><td>{_e(metric.norm)}</td>"
                    f'<td class="verdict">{_e(metric.verdict)}</td></tr>'
                )
            out.append("</table>")
        if answer.feedback is not None:
            out += _feedback_html(answer.feedback, lang)
        if answer.notes:
            out.append(f"<h3>{_e(tr('report.notes', lang))}</h3>")
            out.append(f'<p class="text">{_e(answer.notes)}</p>')
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _debrief_by(debrief: Debrief, lang: str) -> str:
    return tr(
        "feedback.by",
        lang,
        provider=debrief.provider,
        model=debrief.model,
        version=debrief.prompt_version,
        created=debrief.created_at or "-",
    )


def _debrief_lists(report: SessionReport, lang: str) -> list[tuple[str, list[str]]]:
    debrief = report.debrief
    if debrief is None:
        return []
    return [
        (tr("debrief.strengths", lang), debrief.strengths),
        (tr("debrief.work_on", lang), debrief.work_on),
        (tr("debrief.practise_next", lang), report.practise_next),
    ]


def _debrief_html(report: SessionReport, lang: str) -> list[str]:
    """The model's words escaped, like the feedback's."""
    assert report.debrief is not None
    out = [
        '<section id="debrief">',
        f"<h2>{_e(tr('debrief.title', lang))}</h2>",
        f'<p class="meta">{_e(_debrief_by(report.debrief, lang))}</p>',
    ]
    for title, items in _debrief_lists(report, lang):
        if items:
            out.append(f"<h3>{_e(title)}</h3>")
            out.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>")
    out.append("</section>")
    return out


def _debrief_markdown(report: SessionReport, lang: str) -> list[str]:
    assert report.debrief is not None
    out = [
        "",
        f"## {md_escape(tr('debrief.title', lang))}",
        "",
        f"*{md_escape(_debrief_by(report.debrief, lang))}*",
    ]
    for title, items in _debrief_lists(report, lang):
        if items:
            out += ["", f"### {md_escape(title)}", ""]
            out += [f"- {md_escape(' '.join(item.split()))}" for item in items]
    return out


def _feedback_html(feedback: Feedback, lang: str) -> list[str]:
    """The model's words are data like any other: escaped, never markup."""
    out = [
        f"<h3>{_e(tr('feedback.title', lang))}</h3>",
        f'<p class="meta">{_e(_feedback_by(feedback, lang))}</p>',
        f'<p class="text">{_e(feedback.headline)}</p>',
        '<table class="metrics">',
    ]
    for item in feedback.rubric:
        out.append(
            f"<tr><th>{_e(tr(f'feedback.criterion.{item.criterion}', lang))}</th>"
            f"<td>{_e(tr('feedback.score', lang, score=item.score))}</td><td>{_e(item.evidence)}</td></tr>"
        )
    out.append("</table>")
    for key, items in (("feedback.missing", feedback.missing), ("feedback.wrong", feedback.wrong)):
        if items:
            out.append(f"<h3>{_e(tr(key, lang))}</h3>")
            out.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>")
    if feedback.better_answer:
        out.append(f"<h3>{_e(tr('feedback.better_answer', lang))}</h3>")
        out.append(f'<p class="text">{_e(feedback.better_answer)}</p>')
    return out


# -- Markdown -------------------------------------------------------------------------------

# Every ASCII punctuation character can be backslash-escaped in CommonMark. Escaping all of
# them also splits "http://x.y", "www.x.y" and "a@b.c" into pieces, so autolinking (GFM,
# linkify) finds nothing; < > & become entities, which every renderer shows as the character.
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_ASCII_PUNCTUATION = frozenset("!\"#$%'()*+,-./:;=?@[\\]^_`{|}~")


def md_escape(text: str) -> str:
    """``text`` as inert Markdown: shown as written, never a link, image, HTML or structure."""
    lines = []
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # Leading spaces would make an indented code block; tabs likewise.
        line = raw_line.strip()
        if line:
            lines.append(
                "".join(
                    _MD_ENTITIES.get(ch) or (f"\\{ch}" if ch in _ASCII_PUNCTUATION else ch) for ch in line
                )
            )
    # A backslash at the end of a line is a hard line break: the data's line breaks stay.
    return "\\\n".join(lines)


def _md_block(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return "\n\n".join(md_escape(p) for p in paragraphs if p.strip())


def render_markdown(report: SessionReport) -> str:
    lang = report.lang
    out = [
        f"# {md_escape(tr('report.title', lang, id=report.session_id))}",
        "",
        md_escape(tr("report.date", lang, started=report.started_at, ended=report.ended_at or "-")),
        "",
        md_escape(tr("report.count", lang, count=len(report.answers))),
    ]
    if report.debrief is not None:
        out += _debrief_markdown(report, lang)
    if not report.answers:
        out += ["", md_escape(tr("report.no_answers", lang))]
    for number, answer in enumerate(report.answers, start=1):
        out += ["", f"## {number}\\. {md_escape(answer.question)}", ""]
        meta = _meta_line(answer, lang)
        out += [md_escape(meta), ""]
        out.append(md_escape(_length_line(answer, lang)))
        out += ["", f"### {md_escape(tr('report.transcript', lang))}", ""]
        out.append(
            _md_block(answer.transcript)
            if answer.transcript
            else f"*{md_escape(tr('report.no_transcript', lang))}*"
        )
        if answer.transcript:
            out += ["", f"*{md_escape(_source_line(answer, lang))}*"]
        out += ["", f"### {md_escape(tr('question.reference', lang))}", ""]
        if not answer.references:
            out.append(f"*{md_escape(tr('question.no_reference', lang))}*")
        for source, text in answer.references:
            out += [_md_block(text), "", f"*{md_escape(tr('question.source', lang, source=source))}*", ""]
        if answer.metrics:
            out += ["", f"### {md_escape(tr('report.metrics', lang))}", ""]
            for metric in answer.metrics:
                norm = f" ({md_escape(metric.norm)})" if metric.norm else ""
                verdict = f" **{md_escape(metric.verdict)}**" if metric.verdict else ""
                out.append(f"- {md_escape(metric.label)}: {md_escape(metric.value)}{norm}{verdict}")
        if answer.feedback is not None:
            out += _feedback_markdown(answer.feedback, lang)
        if answer.notes:
            out += ["", f"### {md_escape(tr('report.notes', lang))}", "", _md_block(answer.notes)]
    out.append("")
    return "\n".join(out)


def _feedback_markdown(feedback: Feedback, lang: str) -> list[str]:
    out = [
        "",
        f"### {md_escape(tr('feedback.title', lang))}",
        "",
        f"*{md_escape(_feedback_by(feedback, lang))}*",
        "",
        _md_block(feedback.headline),
        "",
    ]
    for item in feedback.rubric:
        label = md_escape(tr(f"feedback.criterion.{item.criterion}", lang))
        score = md_escape(tr("feedback.score", lang, score=item.score))
        # One line per item: the evidence's own line breaks would end the list item.
        out.append(f"- {label}: {score} {md_escape(' '.join(item.evidence.split()))}".rstrip())
    for key, items in (("feedback.missing", feedback.missing), ("feedback.wrong", feedback.wrong)):
        if items:
            out += ["", f"#### {md_escape(tr(key, lang))}", ""]
            out += [f"- {md_escape(' '.join(item.split()))}" for item in items]
    if feedback.better_answer:
        out += [
            "",
            f"#### {md_escape(tr('feedback.better_answer', lang))}",
            "",
            _md_block(feedback.better_answer),
        ]
    return out


# -- writing --------------------------------------------------------------------------------


def write_report(text: str, target: Path, *, force: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``target`` atomically; an existing file stays unless ``force``."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ReportError(f"{target}: the folder {folder} does not exist")
    if target.exists() and not force:
        raise ReportError(f"{target} already exists; pass --force to replace it")
    try:
        write_file(target, text, replace=force)
    except FileExistsError as exc:
        raise ReportError(f"{target} already exists; pass --force to replace it") from exc
    except OSError as exc:
        raise ReportError(f"{target}: cannot write the report: {exc}") from exc
    return target


def _source_line(answer: AnswerReport, lang: str) -> str:
    """Which transcript the scores were computed from."""
    source = answer.transcript_source
    if source not in ("corrected", "refined", "recognized", "typed"):
        source = "recognized"
    return tr(f"report.source.{source}", lang, engine=answer.transcript_engine or "")
