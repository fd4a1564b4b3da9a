"""Benchmark of the review and history screens with a large archive.

Usage: python bench/review_bench.py [--attempts 10000] [--runs 3]

Fills a temporary archive with generated attempts (questions of the bundled bank, cached
metrics, short transcripts), then measures on real widgets (offscreen unless a display is set):

- history open: from reload() to the model filled with the newest page and the table painted
  (target 300 ms);
- filter: one category, then a text search, each applied and painted (target 100 ms);
- history_all_rows: until every row is in (read in the background after the first page);
- review open: a 5-minute answer (long transcript with word times and a recording) shown and
  painted on the GUI thread (target 200 ms); review_prepare_bg is the reading and analysis done
  before, off the GUI thread; review_open_with_load is both;
- the voice timeline of that answer (issue 14): timeline_ready, from the screen shown until the
  panel is filled (measured in the background); timeline_draw_gui, the GUI thread's part (the
  chart filled and painted).

Prints the median of the runs and the targets; the exit code is 0 either way (figures, not a test).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGETS = {"history_open": 300.0, "filter_category": 100.0, "filter_text": 100.0, "review_open": 200.0}
KO_WORDS = [
    "음",
    "그러니까",
    "TCP는",
    "연결",
    "지향",
    "프로토콜이고",
    "신뢰성을",
    "보장하기",
    "위해",
    "흐름",
    "제어와",
    "혼잡",
    "제어를",
    "합니다",
    "그리고",
    "재전송으로",
    "손실을",
    "복구합니다",
]


def generate(db: object, bank: object, attempts: int, seed: int = 7) -> None:
    """Rows written in one transaction each table: the storage API's one-transaction-per-write
    would take minutes for 10,000 attempts and is not what is measured."""
    from interview_sim.core.analysis import ANALYSIS_VERSION
    from interview_sim.core.storage import Database

    assert isinstance(db, Database)
    rng = random.Random(seed)
    questions = [q for q in bank.questions]  # type: ignore[attr-defined]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    sessions, rows, transcripts = [], [], []
    attempt_id = 0
    session_id = 0
    while attempt_id < attempts:
        session_id += 1
        moment = start + timedelta(hours=session_id * 3)
        sessions.append((session_id, moment.isoformat(timespec="milliseconds"), None, "{}"))
        for _ in range(min(5, attempts - attempt_id)):
            attempt_id += 1
            question = rng.choice(questions)
            duration = rng.uniform(20, 120)
            score = round(rng.uniform(10, 95), 1)
            metrics = {
                "version": ANALYSIS_VERSION,
                "content_score": score,
                "keywords_covered": rng.randint(0, 5),
                "keywords_total": 5,
                "duration_s": round(duration, 2),
                "target_s": 60.0,
                "rate": round(rng.uniform(180, 320), 1),
                "fillers": rng.randint(0, 12),
                "fillers_per_minute": round(rng.uniform(0, 6), 2),
                "long_pauses": rng.randint(0, 4),
                "repeats": rng.randint(0, 3),
            }
            at = (moment + timedelta(minutes=attempt_id % 5 * 3)).isoformat(timespec="milliseconds")
            rows.append(
                (attempt_id, session_id, question.id, "finished", None, None, at, at, duration, question.template_id,
                 "[]", None, None, None, "", score, json.dumps(metrics))
            )  # fmt: skip
            text = " ".join(rng.choice(KO_WORDS) for _ in range(30))
            transcripts.append((attempt_id, "vosk", "recognized", text, "[]", at))
    conn = db._conn
    with db._lock:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO sessions (id, started_at, ended_at, config) VALUES (?, ?, ?, ?)", sessions
        )
        conn.executemany(
            "INSERT INTO attempts (id, session_id, question_id, status, audio_path, sample_rate, started_at,"
            " ended_at, duration_s, template_id, section_marks, error, rating, rated_at, notes, content_score,"
            " metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO transcripts (attempt_id, engine, source, text, words, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            transcripts,
        )
        conn.execute("COMMIT")


def long_answer(seconds: float = 300.0, seed: int = 3) -> tuple[str, list[dict[str, object]]]:
    """About 4 words a second for ``seconds``, with a few long pauses."""
    rng = random.Random(seed)
    words, t = [], 0.8
    while t < seconds - 1:
        word = rng.choice(KO_WORDS)
        length = 0.12 * len(word)
        words.append({"word": word, "start": round(t, 2), "end": round(t + length, 2), "conf": 0.9})
        t += length + (2.5 if rng.random() < 0.01 else 0.08)
    return " ".join(str(w["word"]) for w in words), words


def long_recording(path: Path, words: list[dict[str, object]], seconds: float = 300.0) -> Path:
    """A tone gliding around 180 Hz while each word is said, silence between: a 5-minute
    recording whose pauses and voiced frames follow the transcript's word times."""
    import numpy as np
    import soundfile as sf

    rate = 16_000
    samples = np.zeros(int(seconds * rate))
    for index, word in enumerate(words):
        a, b = int(float(word["start"]) * rate), int(float(word["end"]) * rate)  # type: ignore[arg-type]
        t = np.arange(b - a) / rate
        freq = 180.0 * 2 ** ((index % 7 - 3) / 12)
        samples[a:b] = 0.3 * np.sin(2 * np.pi * freq * t)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), samples, rate, format="FLAC")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="review-bench-"))
    os.environ["INTERVIEW_SIM_HOME"] = str(home)
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from interview_sim import paths
    from interview_sim.core.bank import load_bank
    from interview_sim.core.review import update_metrics
    from interview_sim.core.review_session import ReviewSession
    from interview_sim.core.settings import Settings
    from interview_sim.core.storage import Database
    from interview_sim.core.templates import load_templates
    from interview_sim.devices.player import FilePlayer
    from interview_sim.qt.app import pick_cjk_font
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.history_screen import HistoryScreen
    from interview_sim.qt.interview_devices import InterviewDevices
    from interview_sim.qt.review_screen import ReviewScreen

    app = QApplication.instance() or QApplication([])
    font = pick_cjk_font(10)
    if font is not None:
        app.setFont(font)  # type: ignore[union-attr]
    templates = load_templates()
    bank = load_bank(templates=templates)
    db = Database.open(paths.database_path())
    state = AppState(Settings.load(paths.settings_path()), lang="ko")
    state.set_bank(bank, templates)
    state.set_devices(InterviewDevices(db=db))
    began = time.perf_counter()
    generate(db, bank, args.attempts)
    print(f"generated {args.attempts} attempts in {time.perf_counter() - began:.1f} s ({db.path})")
    # The steady state: metrics cached and current. The first open of an archive without them
    # computes them off the GUI thread; this is how long that takes.
    began = time.perf_counter()
    computed = update_metrics(db, bank, templates)
    print(
        f"metrics of {computed} attempts computed and cached in {time.perf_counter() - began:.1f} s (background work)"
    )

    question = bank.get("network.tcp-vs-udp") or bank.questions[0]
    text, words = long_answer()
    session = db.create_session({})
    audio = long_recording(paths.recordings_dir() / "long.flac", words)
    long_id = db.create_attempt(
        session, question.id, template_id=question.template_id, audio_path=str(audio), sample_rate=16_000
    )
    db.add_transcript(long_id, "vosk", text, words)
    db.finish_attempt(long_id, duration_s=300.0, section_marks=[60.0, 200.0])
    print(f"5-minute answer: {len(words)} words, {len(text)} characters")

    results: dict[str, list[float]] = {k: [] for k in TARGETS}
    results["history_all_rows"] = []
    results["review_prepare_bg"] = []
    results["review_open_with_load"] = []
    results["timeline_ready"] = []
    results["timeline_draw_gui"] = []
    for _run in range(args.runs):
        screen = HistoryScreen(state, FilePlayer)
        screen.resize(1200, 800)
        screen.show()
        app.processEvents()
        loop = QEventLoop()
        screen.loaded.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        began = time.perf_counter()
        screen.reload()
        loop.exec()
        screen.repaint()
        results["history_open"].append((time.perf_counter() - began) * 1000)
        if screen.model.rowCount() < args.attempts + 1:
            rest = QEventLoop()
            screen.complete.connect(rest.quit)
            QTimer.singleShot(60_000, rest.quit)
            rest.exec()
        results["history_all_rows"].append((time.perf_counter() - began) * 1000)
        assert screen.model.rowCount() == args.attempts + 1, screen.model.rowCount()

        began = time.perf_counter()
        screen.filters.category.setCurrentIndex(screen.filters.category.findData("database"))
        screen.repaint()
        results["filter_category"].append((time.perf_counter() - began) * 1000)
        shown = screen.model.rowCount()
        screen.filters.category.setCurrentIndex(0)
        began = time.perf_counter()
        screen.filters.text.setText("TCP")
        screen.repaint()
        results["filter_text"].append((time.perf_counter() - began) * 1000)
        print(f"  filters: category 'database' {shown} rows, text 'TCP' {screen.model.rowCount()} rows")
        screen.close()
        screen.deleteLater()
        app.processEvents()

        review = ReviewScreen(state, FilePlayer())
        review.resize(1200, 800)
        review.show()
        app.processEvents()
        # What open_attempt() does: read and analyse off the GUI thread (the use case), then
        # show and paint.
        began = time.perf_counter()
        view = ReviewSession(db, bank, templates).load(long_id)
        assert view is not None and view.question is not None and view.question.id == question.id
        loaded_at = time.perf_counter()
        review.show_view(view, bank)
        review.repaint()
        done = time.perf_counter()
        results["review_open"].append((done - loaded_at) * 1000)
        results["review_prepare_bg"].append((loaded_at - began) * 1000)
        results["review_open_with_load"].append((done - began) * 1000)
        panel = review.timeline
        draw = panel._draw
        drawn: list[float] = []

        def timed_draw(
            timeline: object, draw: Any = draw, drawn: list[float] = drawn, panel: Any = panel
        ) -> None:
            start = time.perf_counter()
            draw(timeline)
            panel.view.repaint()
            drawn.append((time.perf_counter() - start) * 1000)

        panel._draw = timed_draw  # type: ignore[method-assign]
        filled = QEventLoop()
        panel.measured.connect(filled.quit)
        QTimer.singleShot(60_000, filled.quit)
        filled.exec()
        results["timeline_ready"].append((time.perf_counter() - done) * 1000)
        results["timeline_draw_gui"].append(drawn[0] if drawn else float("nan"))
        review.close()
        review.deleteLater()
        app.processEvents()

    print(f"\n{'measure':<26}{'median ms':>10}{'max ms':>10}{'target':>9}")
    for name, values in results.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  ok" if statistics.median(values) <= target else "  OVER")
        target_text = "-" if target is None else f"{target:.0f}"
        print(f"{name:<26}{statistics.median(values):>10.1f}{max(values):>10.1f}{target_text:>9}{verdict}")
    state.tasks.shutdown(60_000)  # background refreshes of the screens
    app.processEvents()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
