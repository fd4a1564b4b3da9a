"""Stored answers with corrected transcripts exported as a speech corpus, and read back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import soundfile as sf

from interview_sim.core.corpus import normalize, read_corpus
from interview_sim.core.storage import Database
from tests.audio_env import cli_env, run_cli


def _answer(db: Database, folder: Path, name: str, question: str) -> int:
    audio = folder / f"{name}.flac"
    sf.write(str(audio), (np.sin(np.arange(16_000) / 5) * 8000).astype(np.int16), 16_000)
    attempt = db.create_attempt(db.create_session(), question, audio_path=str(audio), sample_rate=16_000)
    db.add_transcript(attempt, "vosk", "티씨피 는")
    db.finish_attempt(attempt, duration_s=1.0)
    return attempt


def test_archive_corpus_writes_corrected_answers_only(tmp_path: Path) -> None:
    home = tmp_path / "data"
    home.mkdir()
    recordings = tmp_path / "rec"
    recordings.mkdir()
    with Database.open(home / "interview_sim.sqlite3") as db:
        corrected = _answer(db, recordings, "a", "network.tcp-vs-udp")
        db.add_corrected_transcript(corrected, "TCP는 연결 지향입니다")
        _answer(db, recordings, "b", "network.tcp-vs-udp")  # no correction: not in the corpus
        gone = _answer(db, recordings, "c", "network.tcp-vs-udp")
        db.add_corrected_transcript(gone, "녹음이 없는 답변")
    (recordings / "c.flac").unlink()

    out = tmp_path / "corpus"
    done = run_cli(["archive", "corpus", str(out)], cli_env(None, home))
    assert done.returncode == 0, done.stderr
    assert "wrote 1 answers" in done.stdout
    assert f"attempt {gone}: its recording is missing" in done.stderr
    name = f"{corrected:06d}"
    assert sorted(p.name for p in out.iterdir()) == [f"{name}.flac", f"{name}.txt", "corpus.json"]
    assert (out / f"{name}.flac").read_bytes() == (recordings / "a.flac").read_bytes()
    manifest = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    assert manifest["lang"] == "ko" and manifest["items"][0]["question_id"] == "network.tcp-vs-udp"
    (item,) = read_corpus(out)
    assert (item.reference, item.lang, item.audio.name) == ("TCP는 연결 지향입니다", "ko", f"{name}.flac")

    # Never into a folder that holds something.
    again = run_cli(["archive", "corpus", str(out)], cli_env(None, home))
    assert again.returncode != 0 and "not empty" in again.stderr and "Traceback" not in again.stderr


def test_normalization_is_the_same_for_every_engine() -> None:
    assert normalize("TCP는, [2] 개의 연결!", "ko") == "tcp는 이 개의 연결"
    assert normalize("  Um, I THINK so. ", "en") == "um i think so"
