"""Formatters the archive screens share: times, numbers, local dates, verdicts, the play button,
title fonts."""

from __future__ import annotations

from datetime import datetime

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
