"""A real SQLite archive filled through the storage API, with questions and recordings, for
the review and history screen tests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import soundfile as sf
from PySide6.QtWidgets import QApplication, QWidget

from interview_sim import paths
from interview_sim.core.bank import Bank, Question, Reference
from interview_sim.core.storage import STATUS_FINISHED, STATUS_TYPED, Database
from interview_sim.core.templates import Template, load_templates
from interview_sim.i18n import LANGUAGES

if TYPE_CHECKING:
    from interview_sim.qt.app_state import AppState

ARTIFACTS = Path(
    os.environ.get("INTERVIEW_SIM_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts")
)
HOSTILE = "<img src=x> <b>굵게</b> &amp; TCP는 연결 지향 프로토콜이고 신뢰성을 보장합니다."

TCP = Question(
    id="network.tcp",
    category="network",
    kind="technical",
    question="TCP와 UDP의 차이를 설명해 주세요.",
    references=[
        Reference(
            "note-a",
            "TCP는 연결 지향 프로토콜로 3-way handshake로 연결을 맺고, 흐름 제어와 혼잡 제어로 "
            "신뢰성을 보장합니다. UDP는 비연결형이라 빠르지만 순서와 도착을 보장하지 않습니다.",
        )
    ],
    keywords=["프로토콜", "신뢰성", "흐름 제어", "혼잡 제어", "비연결"],
)
HOSTILE_Q = Question(
    id="network.hostile",
    category="network",
    kind="technical",
    question="<script>alert(1)</script> 질문",
    references=[Reference("note-b", HOSTILE)],
    keywords=["<img src=x>", "프로토콜"],
)
NO_REF = Question(
    id="python.gil",
    category="python",
    kind="technical",
    question="GIL이 무엇인가요?",
    references=[],
    keywords=[],
)
ENGLISH = Question(
    id="web.rest",
    category="web",
    kind="technical",
    question="What is REST?",
    references=[
        Reference("note-c", "REST is an architectural style using resources and stateless HTTP methods.")
    ],
    keywords=["resource", "stateless", "HTTP method"],
    lang="en",
)

KO_TEXT = "음 TCP는 연결 지향 프로토콜이고 어 신뢰성을 보장합니다 그 그 UDP는 빠릅니다"


def ko_words(text: str = KO_TEXT, gap_after: int = 4) -> list[dict[str, object]]:
    """Word times: 0.5 s per word from 1.0 s, with a 3 s pause after word ``gap_after``."""
    words, t = [], 1.0
    for index, word in enumerate(text.split()):
        words.append({"word": word, "start": round(t, 2), "end": round(t + 0.4, 2), "conf": 0.9})
        t += 0.5
        if index == gap_after:
            t += 3.0
    return words


@dataclass
class Archive:
    db: Database
    bank: Bank
    templates: dict[str, Template]
    session_id: int
    attempt_id: int  # Korean, recorded with words and audio
    hostile_id: int
    no_ref_id: int
    english_id: int
    audio: Path
    # The application states made over this archive (archive_state): their work is stopped
    # before the database closes.
    states: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for state in self.states:
            state.tasks.shutdown()
        self.db.close()


def archive_state(archive: Archive, lang: str = "ko") -> AppState:
    """The application state over the archive, as the app holds it: settings, the UI language,
    the bank and templates, and the devices with this archive's database."""
    from interview_sim.core.settings import Settings
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.interview_devices import InterviewDevices

    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    state.set_bank(archive.bank, archive.templates)
    state.set_devices(InterviewDevices(db=archive.db))
    archive.states.append(state)
    return state


def write_audio(path: Path, seconds: float, rate: int = 16_000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * rate)) / rate
    sf.write(str(path), (np.sin(2 * np.pi * 220 * t) * 0.2).astype(np.float32), rate, subtype="PCM_16")
    return path


def fill_archive() -> Archive:
    db = Database.open(paths.database_path())
    templates = load_templates()
    bank = Bank([TCP, HOSTILE_Q, NO_REF, ENGLISH], [])
    session = db.create_session({"questions": [TCP.id, HOSTILE_Q.id, NO_REF.id, ENGLISH.id]})
    audio = write_audio(paths.recordings_dir() / "answer-1.wav", 12.0)
    first = db.create_attempt(
        session, TCP.id, audio_path=str(audio), sample_rate=16_000, template_id="technical"
    )
    db.add_transcript(first, "vosk", KO_TEXT, ko_words())
    db.finish_attempt(first, duration_s=12.0, section_marks=[4.0, 9.0])
    hostile = db.create_attempt(session, HOSTILE_Q.id, status=STATUS_TYPED, template_id="technical")
    db.add_transcript(hostile, "typed", "프로토콜 <img src=x> 입니다", source="typed")
    db.finish_attempt(hostile, status=STATUS_TYPED, duration_s=20.0)
    no_ref = db.create_attempt(session, NO_REF.id, status=STATUS_TYPED)
    db.add_transcript(no_ref, "typed", "GIL은 전역 인터프리터 잠금입니다", source="typed")
    db.finish_attempt(no_ref, status=STATUS_TYPED, duration_s=15.0)
    english = db.create_attempt(session, ENGLISH.id, status=STATUS_FINISHED)
    db.add_transcript(
        english, "vosk", "um REST is like a style with resources and stateless HTTP methods", []
    )
    db.finish_attempt(english, duration_s=30.0)
    db.end_session(session)
    return Archive(db, bank, templates, session, first, hostile, no_ref, english, audio)


def dark_name(name: str) -> str:
    """review-ko.png -> review-dark-ko.png; restore-refused-x.png -> restore-refused-x-dark.png"""
    stem, dot, extension = name.rpartition(".")
    head, _dash, lang = stem.rpartition("-")
    if lang in LANGUAGES:
        return f"{head}-dark-{lang}{dot}{extension}"
    return f"{stem}-dark{dot}{extension}"


def save_screenshot(widget: QWidget, name: str) -> Path:
    """The widget as shown, and the same after a live switch to the dark theme (saved under
    ``dark_name``): the switch is what the Settings window does, so colours the widget keeps
    from before show up in that picture."""
    from interview_sim.qt.app import pick_cjk_font
    from interview_sim.qt.theme import apply_theme

    font = pick_cjk_font(10)
    app = QApplication.instance()
    if font is not None and isinstance(app, QApplication):
        app.setFont(font)
        widget.setFont(font)
    if isinstance(app, QApplication):
        app.processEvents()  # pending layout after the last text change
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    widget.grab().save(str(path))
    if isinstance(app, QApplication):
        previous = app.palette()
        apply_theme(app, "dark")
        app.processEvents()
        widget.grab().save(str(ARTIFACTS / dark_name(name)))
        app.setPalette(previous)
        app.processEvents()
    return path
