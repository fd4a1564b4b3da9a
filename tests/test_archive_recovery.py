"""What a killed import or export leaves, put right on the next use of the data folder.

The kills are real: a subprocess runs the real import or export and is SIGKILLed at a chosen
rename of the swap (or in the middle of extracting, or of writing the zip), and the next
import, export or app start has to leave a consistent data folder without losing a file.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interview_sim.core import archive_recovery
from interview_sim.core.archive import (
    BACKUPS_DIR,
    ArchiveError,
    export_archive,
    import_archive,
    stage_import,
)
from interview_sim.core.archive_recovery import (
    ASIDE_SUFFIX,
    EXPORT_LOCK_NAME,
    JOURNAL_NAME,
    LOCK_NAME,
    PHASE_ROLLING_BACK,
    UNLOCKED_AGE_S,
    clean_stale_exports,
    read_journal,
    settle_interrupted_import,
)
from interview_sim.core.storage import Database
from interview_sim.devices.filelock import FileLock
from tests.test_archive import db_rows, fill_home, folder_digest

REPO = Path(__file__).resolve().parent.parent
DB = "interview_sim.sqlite3"
NEW_AUDIO = os.urandom(30_000)
MINE_ONLY = 'question = "only in the current data"\n'

# Runs the real import; stops (sleeps, to be SIGKILLed) just before swap rename number N, or,
# with N = -1, after the last rename, just before the journal is removed.
KILL_AT_SWAP = r"""
import os, sys, time
from pathlib import Path
import interview_sim.core.archive as archive
from interview_sim.core.archive_recovery import JOURNAL_NAME

source, home, stop_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
real_replace, done = os.replace, 0

def stop():
    print("stopped", flush=True)
    time.sleep(120)

def counting_replace(src, dst):
    global done
    if Path(dst).name != JOURNAL_NAME:  # the journal's own atomic write is not a swap rename
        if done == stop_at:
            stop()
        done += 1
    real_replace(src, dst)

os.replace = counting_replace
if stop_at == -1:
    archive.remove_journal = lambda home: stop()
archive.import_archive(source, home=home, replace=True)
print("finished", flush=True)
"""

KILL_WHILE_EXTRACTING = r"""
import sys, time
from pathlib import Path
from interview_sim.core.archive import stage_import

def progress(done, total):
    print("extracting", flush=True)
    time.sleep(120)

stage_import(Path(sys.argv[1]), home=Path(sys.argv[2]), replace=True, progress=progress)
"""


def run_until_stopped(script: str, *args: str) -> None:
    """Start ``script``, wait for its first line, SIGKILL it there."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line in ("stopped", "extracting"), f"the worker ended without stopping: {line!r}"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def archived_files(folder: Path) -> dict[str, str]:
    """The user's files as the archive sees them (no database, nothing hidden or not archived)."""
    return {
        k: v
        for k, v in folder_digest(folder).items()
        if not k.startswith((DB, ".", "models", BACKUPS_DIR, "import-backups"))
    }


def portable_rows(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The rows, with each audio path cut to its file name (an import points them to its folder)."""
    rows = db_rows(db_path)
    conn = sqlite3.connect(db_path)
    try:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(attempts)")]
    finally:
        conn.close()
    audio = columns.index("audio_path")
    rows["attempts"] = [
        tuple(Path(str(v)).name if i == audio and v else v for i, v in enumerate(r)) for r in rows["attempts"]
    ]
    return rows


@pytest.fixture
def backup_zip(tmp_path: Path) -> Path:
    """A zip of other practice data than the current one: one more recording."""
    other = tmp_path / "other-machine"
    other.mkdir()
    fill_home(other).close()
    (other / "recordings" / "20261102-090000-000001_s2_web.rest.wav").write_bytes(NEW_AUDIO)
    target = tmp_path / "other.zip"
    export_archive(target, home=other)
    return target


@pytest.fixture
def current(isolated_home: Path) -> Path:
    fill_home(isolated_home).close()
    (isolated_home / "questions" / "mine-only.toml").write_text(MINE_ONLY, encoding="utf-8")
    return isolated_home


def expected_import(tmp_path: Path, backup_zip: Path) -> Path:
    fresh = tmp_path / "expected"
    fresh.mkdir()
    import_archive(backup_zip, home=fresh)
    return fresh


def only_backup(home: Path) -> Path:
    backups = list((home / BACKUPS_DIR).iterdir())
    assert len(backups) == 1, backups
    return backups[0]


@pytest.mark.parametrize("stop_at", [0, 2, 5, 7, -1])
def test_a_swap_killed_at_any_rename_is_completed_by_the_next_import_or_app_start(
    tmp_path: Path, current: Path, backup_zip: Path, stop_at: int
) -> None:
    before_files = archived_files(current)
    before_rows = db_rows(current / DB)
    expected = expected_import(tmp_path, backup_zip)

    run_until_stopped(KILL_AT_SWAP, str(backup_zip), str(current), str(stop_at))
    journal = read_journal(current)
    assert journal is not None and journal["phase"] == "swapping"
    assert len(journal["out"]) == 5 and len(journal["in"]) == 5

    # The app's start settles it before it reads anything (tested: the function run_app calls).
    from interview_sim.qt.app import settle_interrupted_import as settle_at_start

    messages = settle_at_start()
    assert [key for key, _detail in messages] == ["restore.settled"]
    assert "previous data is in" in messages[0][1]

    assert not (current / JOURNAL_NAME).exists()
    assert not [p.name for p in current.iterdir() if p.name.startswith(".import-")]
    # The data folder is the imported archive, exactly...
    assert archived_files(current) == archived_files(expected)
    assert portable_rows(current / DB) == portable_rows(expected / DB)
    with Database.open(current / DB) as db:
        audio = [a.audio_path for s in db.sessions() for a in s.attempts if a.audio_path]
    assert audio and all(Path(p).is_file() and Path(p).parent == current / "recordings" for p in audio)
    # ...and the previous data is whole in the backup.
    kept = only_backup(current)
    assert archived_files(kept) == before_files
    assert db_rows(kept / DB) == before_rows


def test_a_database_opened_after_the_kill_is_kept_aside_not_mixed_in(
    tmp_path: Path, current: Path, backup_zip: Path
) -> None:
    """Something opened the data folder between the kill and the settling: an empty new database
    with its WAL appeared where the incoming one goes. It is kept in the backup; the incoming
    database does not get its WAL."""
    expected = expected_import(tmp_path, backup_zip)
    run_until_stopped(KILL_AT_SWAP, str(backup_zip), str(current), "5")  # all out, nothing in
    intruder = sqlite3.connect(current / DB)
    intruder.execute("PRAGMA journal_mode = WAL")
    intruder.execute("CREATE TABLE made_after_the_kill (x)")
    intruder.execute("INSERT INTO made_after_the_kill VALUES (1)")
    assert (current / (DB + "-wal")).exists()
    intruder.close()
    (current / (DB + "-wal")).write_bytes(b"not this database's log")

    done = settle_interrupted_import(current)
    assert any("in the way" in line for line in done)
    assert portable_rows(current / DB) == portable_rows(expected / DB)
    assert not (current / (DB + "-wal")).exists()
    kept = only_backup(current)
    assert (kept / (DB + ASIDE_SUFFIX)).is_file()
    assert (kept / (DB + "-wal" + ASIDE_SUFFIX)).read_bytes() == b"not this database's log"
    assert (kept / DB).is_file()  # the user's own database, moved out before the kill


def test_a_rollback_killed_halfway_is_finished(tmp_path: Path, current: Path, backup_zip: Path) -> None:
    """A swap failed and its undo was killed: the next use puts the previous data back."""
    before = folder_digest(current)
    run_until_stopped(KILL_AT_SWAP, str(backup_zip), str(current), "7")
    journal = read_journal(current)
    assert journal is not None
    # The state a kill during the undo leaves is the state of the swap at that point with the
    # journal saying so (the undo renames the same files back).
    archive_recovery.write_journal(current, {**journal, "phase": PHASE_ROLLING_BACK})
    settle_interrupted_import(current)
    after = folder_digest(current)
    assert after == {k: v for k, v in before.items()}, set(after) ^ set(before)


def test_an_import_killed_while_extracting_leaves_nothing_after_the_next_export(
    tmp_path: Path, current: Path, backup_zip: Path
) -> None:
    before = folder_digest(current)
    run_until_stopped(KILL_WHILE_EXTRACTING, str(backup_zip), str(current))
    staging = [p for p in current.iterdir() if p.name.startswith(".import-") and p.is_dir()]
    assert len(staging) == 1 and any(staging[0].rglob("*"))
    assert read_journal(current) is not None

    export_archive(tmp_path / "after.zip", home=current)
    assert folder_digest(current) == before  # staging and journal gone, the data untouched


def test_a_staging_folder_without_journal_from_an_earlier_version_is_removed(current: Path) -> None:
    before = folder_digest(current)
    old = current / ".import-ab12_x9z"
    (old / "recordings").mkdir(parents=True)
    (old / "recordings" / "copy.wav").write_bytes(b"extracted copy")
    users_own = current / ".import-notes-by-the-user"
    users_own.mkdir()
    (users_own / "a.txt").write_text("mine")
    done = settle_interrupted_import(current)
    assert len(done) == 1 and ".import-ab12_x9z" in done[0]
    assert not old.exists()
    assert (users_own / "a.txt").read_text() == "mine"  # not a name the app makes
    users_own.joinpath("a.txt").unlink()
    users_own.rmdir()
    assert folder_digest(current) == before


def test_nothing_is_settled_while_an_import_holds_the_lock(
    tmp_path: Path, current: Path, backup_zip: Path
) -> None:
    staged = stage_import(backup_zip, home=current, replace=True)
    try:
        assert settle_interrupted_import(current) == []
        assert staged.staging.is_dir() and read_journal(current) is not None
        with pytest.raises(ArchiveError, match="another import") as refused:
            import_archive(backup_zip, home=current, replace=True)
        assert refused.value.kind == "busy"
    finally:
        staged.discard()
    assert not staged.staging.exists() and read_journal(current) is None
    assert not (current / LOCK_NAME).exists()


# -- exports ---------------------------------------------------------------------------------


def test_a_killed_export_is_cleaned_up_by_the_next_export_into_that_folder(
    tmp_path: Path, current: Path
) -> None:
    (current / "recordings" / "long-answer.wav").write_bytes(os.urandom(40 << 20))
    exports = tmp_path / "exports"
    exports.mkdir()
    script = (
        "import sys; from pathlib import Path; from interview_sim.core.archive import export_archive; "
        "export_archive(Path(sys.argv[1]), home=Path(sys.argv[2]), progress=lambda name: "
        "(print('exporting', flush=True), __import__('time').sleep(120)) if 'long' in name else None)"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(exports / "a.zip"), str(current)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "exporting"
    work = [p for p in exports.iterdir() if p.name.startswith(".interview-sim-export-")]
    assert len(work) == 1 and (work[0] / EXPORT_LOCK_NAME).exists()
    # While the export runs, its folder is left alone.
    assert clean_stale_exports(exports) == []
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert work[0].exists() and not (exports / "a.zip").exists()

    export_archive(exports / "b.zip", home=current)
    assert sorted(p.name for p in exports.iterdir()) == ["b.zip"]


def test_only_the_apps_own_abandoned_export_files_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    now = time.time()
    old = now - UNLOCKED_AGE_S - 60

    def made(path: Path, *, age: float | None = None, folder_: bool = False) -> Path:
        if folder_:
            path.mkdir()
        else:
            path.write_bytes(b"x")
        if age is not None:
            os.utime(path, (age, age))
        return path

    dead = made(folder / ".interview-sim-export-abcd1234", folder_=True)
    (dead / EXPORT_LOCK_NAME).write_bytes(b"")
    (dead / "b.zip.part").write_bytes(b"partial")
    live = made(folder / ".interview-sim-export-live5678", folder_=True)
    live_lock = FileLock(live / EXPORT_LOCK_NAME)
    assert live_lock.try_acquire()
    unlocked_new = made(folder / ".interview-sim-export-new_0000", folder_=True)
    unlocked_old = made(folder / ".interview-sim-export-old_0000", folder_=True, age=old)
    earlier_partial = made(folder / ".backup.zip.k2j4_9xa.tmp", age=old)
    earlier_recent = made(folder / ".backup.zip.q2j4_9xa.tmp")
    users_own = [
        made(folder / ".backup.zip.notes.tmp", age=old),
        made(folder / "interview-sim-export-abcd1234", folder_=True, age=old),
        made(folder / "backup.zip", age=old),
        made(folder / ".hidden", age=old),
    ]
    try:
        removed = clean_stale_exports(folder, now=now)
        assert sorted(removed) == sorted([dead, unlocked_old, earlier_partial])
        assert live.is_dir() and unlocked_new.is_dir() and earlier_recent.is_file()
        assert all(p.exists() for p in users_own)
    finally:
        live_lock.release()


def test_cli_import_after_a_killed_one_says_what_it_tidied_and_imports(
    current: Path, backup_zip: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interview_sim.cli import main

    run_until_stopped(KILL_WHILE_EXTRACTING, str(backup_zip), str(current))
    assert main(["archive", "import", "--replace", str(backup_zip)]) == 0
    captured = capsys.readouterr()
    assert "stopped while extracting" in captured.err
    assert "imported" in captured.out and "previous data is kept" in captured.out
    assert not [p for p in current.iterdir() if p.name.startswith(".import-")]
    assert (current / "recordings" / "20261102-090000-000001_s2_web.rest.wav").read_bytes() == NEW_AUDIO
