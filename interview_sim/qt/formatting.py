"""Formatters the archive screens share: times, numbers, local dates, verdicts, the play button,
title fonts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPushButton, QStyle

from interview_sim.i18n import tr


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def fmt_num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def local_date(iso: str) -> str:
    """A stored UTC time as local 'YYYY-MM-DD HH:MM'."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]


def verdict_text(verdict: str, lang: str) -> str:
    return tr(f"verdict.{verdict}", lang) if verdict else tr("verdict.ok", lang)


def score_text(score: float | None, lang: str) -> str:
    """A content score with its band's word ("62 · 보통"), the words the review's card uses."""
    from interview_sim.core.verdict import band

    if score is None:
        return ""
    return f"{fmt_num(score)} · {tr(f'band.{band(score)}', lang)}"


def change_text(change: float | None) -> str:
    """A score change as ▲ 8 / ▼ 3 / = (empty when there is nothing to compare with)."""
    if change is None:
        return ""
    delta = round(change)
    return f"▲ {delta}" if delta > 0 else f"▼ {-delta}" if delta < 0 else "="


def rate_cell(metrics: dict[str, Any], lang: str) -> str:
    """The pace as the summary shows it: syllables or words (the column's unit) per minute, or
    in so many seconds when the answer was too short for a rate to mean anything
    (core.delivery.rate_is_meaningful)."""
    from interview_sim.core.delivery import rate_is_meaningful

    rate = metrics.get("rate")
    if rate is None:
        return ""
    basis = metrics.get("rate_basis_s")
    if basis is not None and not rate_is_meaningful(basis) and metrics.get("rate_count") is not None:
        return tr("value.in_seconds", lang, count=metrics["rate_count"], seconds=fmt_num(basis))
    return tr("value.per_minute", lang, value=fmt_num(rate))


def show_play_state(button: QPushButton, playing: bool, text: str) -> None:
    """Play or pause as the style's own media icon beside the text: no font is sure to have the
    pause sign (U+23F8); with the Korean fonts on Linux it was drawn as a box."""
    icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
    button.setIcon(button.style().standardIcon(icon))
    button.setText(text)


def bigger(font: QFont, factor: float) -> QFont:
    """``font`` scaled by ``factor`` and bold, for titles and scores."""
    out = QFont(font)
    out.setPointSizeF(out.pointSizeF() * factor)
    out.setBold(True)
    return out
