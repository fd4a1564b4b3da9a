"""Time PRAGMA quick_check and integrity_check on an archive of a given size; prints figures.

Usage: python bench/db_check.py [ANSWERS]  (default 20000 answers, about 50 MB)
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from interview_sim.core.storage import Database


def main() -> None:
    answers = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.sqlite3"
        with Database.open(path) as db:
            session = db.create_session()
            conn = db._conn
            conn.execute("BEGIN")
            for index in range(answers):
                cursor = conn.execute(
                    "INSERT INTO attempts (session_id, question_id, status, started_at, audio_path)"
                    " VALUES (?, ?, 'finished', '2026-01-01', ?)",
                    (session, f"q{index % 200}", f"/r/{index}.flac"),
                )
                conn.execute(
                    "INSERT INTO transcripts (attempt_id, engine, text, words, created_at)"
                    " VALUES (?, 'vosk', ?, ?, '2026-01-01')",
                    (cursor.lastrowid, "답변 " * 300, "[]" if index % 2 else '[{"w": 1}]' * 100),
                )
            conn.execute("COMMIT")
        size_mb = path.stat().st_size / 1e6
        conn = sqlite3.connect(path)
        for pragma in ("quick_check", "integrity_check"):
            start = time.perf_counter()
            result = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
            elapsed = (time.perf_counter() - start) * 1000
            print(f"{pragma:16s} {elapsed:8.1f} ms  ({size_mb:.1f} MB, {answers} answers, {result})")
        conn.close()


if __name__ == "__main__":
    main()
