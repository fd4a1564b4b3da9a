"""The archive zip on real files: a live WAL database, audio, the user's bank; hostile zips refused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import struct
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core.archive import (
    BACKUPS_DIR,
    MANIFEST_NAME,
    ArchiveError,
    Limits,
    archive_has_data,
    export_archive,
    import_archive,
)
from interview_sim.core.bank import load_bank
from interview_sim.core.storage import SCHEMA_VERSION, Database

AUDIO_A = os.urandom(48_000) + b"RIFF-ish tail"
AUDIO_B = bytes(range(256)) * 400
USER_BANK = (
    "[[question]]\n"
    'id = "network.my-own"\n'
    'category = "network"\n'
    'kind = "technical"\n'
    'question = "내가 만든 질문: 라우터와 스위치의 차이는?"\n'
    'keywords = ["라우터"]\n'
    "\n[[question.reference]]\n"
    'source = "user"\n'
    'text = "라우터는 3계층, 스위치는 2계층 장비입니다."\n'
)
OVERRIDES = '[[override]]\nid = "network.tcp-vs-udp"\nkeywords = ["신뢰성", "혼잡 제어"]\n'
SETTINGS = '{"version": 1, "values": {"ui_language": "en"}}'


def fill_home(home: Path) -> Database:
    """A data folder as months of practice leave it; the database is returned still open."""
    (home / "recordings").mkdir(parents=True, exist_ok=True)
    (home / "questions").mkdir(exist_ok=True)
    audio_a = home / "recordings" / "20261101-101010-000001_s1_network.tcp-vs-udp.flac"
    audio_b = home / "recordings" / "20261101-101110-000001_s1_os.deadlock.wav"
    audio_a.write_bytes(AUDIO_A)
    audio_b.write_bytes(AUDIO_B)
    (home / "questions" / "my-notes.toml").write_text(USER_BANK, encoding="utf-8")
    (home / "questions" / "overrides.toml").write_text(OVERRIDES, encoding="utf-8")
    (home / "templates.toml").write_text("# my templates\n", encoding="utf-8")
    (home / "settings.json").write_text(SETTINGS, encoding="utf-8")
    (home / "models").mkdir(exist_ok=True)
    (home / "models" / "big-model.bin").write_bytes(b"model" * 100)
    db = Database.open(home / "interview_sim.sqlite3")
    session = db.create_session({"categories": ["network", "os"]})
    first = db.create_attempt(session, "network.tcp-vs-udp", audio_path=str(audio_a), sample_rate=16000)
    db.add_transcript(first, "vosk", "티씨피는 연결 지향", [{"word": "티씨피는", "start": 0.1, "end": 0.5}])
    db.finish_attempt(first, duration_s=41.5, section_marks=[5.0, 20.0])
    second = db.create_attempt(session, "os.deadlock", audio_path=str(audio_b), sample_rate=16000)
    db.finish_attempt(second, duration_s=12.0)
    db.add_transcript(second, "user", "교착 상태 <b>정정</b>", source="corrected")
    db.set_rating(second, "hard")
    db.set_notes(second, "다음엔 조건 네 가지를 먼저 말하기")
    db.end_session(session)
    return db


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (hidden ones too) with its content hash."""
    state = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[relative] = "link:" + os.readlink(path)
        elif path.is_dir():
            state[relative] = "dir"
        else:
            state[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def db_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("sessions", "attempts", "transcripts")
        }
    finally:
        conn.close()


@pytest.fixture
def exported(tmp_path: Path, isolated_home: Path) -> Path:
    db = fill_home(isolated_home)
    try:
        target = tmp_path / "backup.zip"
        export_archive(target, home=isolated_home)
    finally:
        db.close()
    return target


# -- export ---------------------------------------------------------------------------------


def test_export_copies_a_live_wal_database_consistently(tmp_path: Path, isolated_home: Path) -> None:
    db = fill_home(isolated_home)
    try:
        wal = isolated_home / "interview_sim.sqlite3-wal"
        assert wal.exists() and wal.stat().st_size > 0  # the latest rows live only in the WAL
        expected = db_rows(isolated_home / "interview_sim.sqlite3")
        result = export_archive(tmp_path / "a.zip", home=isolated_home)
    finally:
        db.close()
    assert result.schema_version == SCHEMA_VERSION
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = sorted(archive.namelist())
        manifest = json.loads(archive.read(MANIFEST_NAME))
        (tmp_path / "copy.sqlite3").write_bytes(archive.read("data/interview_sim.sqlite3"))
        for entry in manifest["files"]:
            data = archive.read("data/" + entry["path"])
            assert len(data) == entry["size"]
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert db_rows(tmp_path / "copy.sqlite3") == expected
    assert names == [
        "data/interview_sim.sqlite3",
        "data/questions/my-notes.toml",
        "data/questions/overrides.toml",
        "data/recordings/20261101-101010-000001_s1_network.tcp-vs-udp.flac",
        "data/recordings/20261101-101110-000001_s1_os.deadlock.wav",
        "data/settings.json",
        "data/templates.toml",
        "manifest.json",
    ]  # no models, no WAL or SHM side files
    assert manifest["format"] == "interview-sim-archive"
    assert (manifest["format_version"], manifest["schema_version"]) == (1, SCHEMA_VERSION)
    assert manifest["app_version"]


def test_export_never_overwrites_without_force(tmp_path: Path, isolated_home: Path) -> None:
    fill_home(isolated_home).close()
    target = tmp_path / "a.zip"
    target.write_bytes(b"an older backup")
    with pytest.raises(ArchiveError, match="already exists"):
        export_archive(target, home=isolated_home)
    assert target.read_bytes() == b"an older backup"
    assert main(["archive", "export", str(target)]) == 2
    assert target.read_bytes() == b"an older backup"
    assert main(["archive", "export", str(target), "--force"]) == 0
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip", "home"]  # no temp files left


def test_export_into_the_data_folder_does_not_archive_itself(isolated_home: Path) -> None:
    fill_home(isolated_home).close()
    target = isolated_home / "backup.zip"
    export_archive(target, home=isolated_home)
    with zipfile.ZipFile(target) as archive:
        assert not [n for n in archive.namelist() if "backup.zip" in n or "/." in n]


# -- round trip -----------------------------------------------------------------------------


def test_round_trip_into_an_empty_data_folder(tmp_path: Path, isolated_home: Path, exported: Path) -> None:
    source_rows = db_rows(isolated_home / "interview_sim.sqlite3")
    new_home = tmp_path / "new-machine"
    new_home.mkdir()
    result = import_archive(exported, home=new_home)
    assert result.backup is None and result.schema_version == SCHEMA_VERSION
    assert result.relocated_audio == 2

    imported_rows = db_rows(new_home / "interview_sim.sqlite3")
    assert imported_rows["sessions"] == source_rows["sessions"]
    assert imported_rows["transcripts"] == source_rows["transcripts"]
    audio_column = 4  # attempts.audio_path
    for before, after in zip(source_rows["attempts"], imported_rows["attempts"], strict=True):
        assert before[:audio_column] == after[:audio_column]
        assert before[audio_column + 1 :] == after[audio_column + 1 :]
        moved = Path(str(after[audio_column]))
        assert moved.parent == new_home / "recordings"
        assert moved.read_bytes() == Path(str(before[audio_column])).read_bytes()
    assert {p.name: p.read_bytes() for p in (new_home / "recordings").iterdir()} == {
        p.name: p.read_bytes() for p in (isolated_home / "recordings").iterdir()
    }
    assert (new_home / "questions" / "my-notes.toml").read_text(encoding="utf-8") == USER_BANK
    assert (new_home / "settings.json").read_text(encoding="utf-8") == SETTINGS
    assert not (new_home / "models").exists()
    assert not [p for p in new_home.iterdir() if p.name.startswith(".")]  # staging removed

    # The app itself reads the imported archive: database, history, the user's own question.
    with Database.open(new_home / "interview_sim.sqlite3") as db:
        assert db.integrity_ok()
        [session] = db.sessions()
        assert [a.transcript.text for a in session.attempts if a.transcript] == [
            "티씨피는 연결 지향",
            "교착 상태 <b>정정</b>",
        ]
    bank = load_bank(user_dir=new_home / "questions")
    mine = bank.get("network.my-own")
    assert mine is not None and mine.origin == "user"
    edited = bank.get("network.tcp-vs-udp")  # the user's overlay on a bundled question
    assert edited is not None and edited.keywords == ["신뢰성", "혼잡 제어"]
    with Database.open(new_home / "interview_sim.sqlite3") as db:
        rated = db.sessions()[0].attempts[1]
        assert (rated.rating, rated.notes) == ("hard", "다음엔 조건 네 가지를 먼저 말하기")


def test_import_refuses_a_folder_with_data_and_replace_keeps_it(
    tmp_path: Path, isolated_home: Path, exported: Path
) -> None:
    # Different data in the current folder.
    with Database.open(isolated_home / "interview_sim.sqlite3") as db:
        db.create_session({"mine": "newer"})
    (isolated_home / "recordings" / "only-here.wav").write_bytes(b"precious")
    before = folder_digest(isolated_home)
    with pytest.raises(ArchiveError, match="already holds practice data"):
        import_archive(exported, home=isolated_home)
    assert folder_digest(isolated_home) == before

    result = import_archive(exported, home=isolated_home, replace=True)
    assert result.backup is not None and result.backup.parent == isolated_home / BACKUPS_DIR
    kept = folder_digest(result.backup)
    for relative, digest in before.items():
        top = relative.split("/")[0]
        if top in ("models",) or relative.startswith("interview_sim.sqlite3"):
            continue
        assert kept[relative] == digest, relative
    # The old database (with its WAL, whatever was in it) is in the backup, readable.
    old_rows = db_rows(result.backup / "interview_sim.sqlite3")
    assert len(old_rows["sessions"]) == 2
    assert (isolated_home / "models" / "big-model.bin").exists()  # models stay where they are
    assert not (isolated_home / "recordings" / "only-here.wav").exists()
    assert len(db_rows(isolated_home / "interview_sim.sqlite3")["sessions"]) == 1


def test_cli_import_into_empty_folder_and_refusal(
    tmp_path: Path, exported: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("INTERVIEW_SIM_HOME", str(fresh))
    paths.recordings_dir()  # the app made its empty folders and database already
    Database.open(paths.database_path()).close()
    assert not archive_has_data(fresh)
    assert main(["archive", "import", str(exported)]) == 0
    assert "imported 7 files" in capsys.readouterr().out
    assert main(["archive", "import", str(exported)]) == 2
    err = capsys.readouterr().err
    assert "--replace" in err and "Traceback" not in err


# -- hostile and broken zips ----------------------------------------------------------------


def rebuild(
    exported: Path,
    out: Path,
    *,
    entries: Callable[[list[tuple[zipfile.ZipInfo, bytes]]], list[tuple[zipfile.ZipInfo, bytes]]],
    fix_manifest: bool = True,
    manifest_files: Callable[[list[dict[str, object]]], list[dict[str, object]]] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A copy of ``exported`` with its entries changed; the manifest is made to match again."""
    with zipfile.ZipFile(exported) as archive:
        original = [
            (info, archive.read(info)) for info in archive.infolist() if info.filename != MANIFEST_NAME
        ]
        manifest = json.loads(archive.read(MANIFEST_NAME))
    changed = entries(original)
    if fix_manifest:
        manifest["files"] = [
            {"path": i.filename[len("data/") :], "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
            for i, d in changed
            if not i.is_dir()
        ]
    if manifest_files is not None:
        manifest["files"] = manifest_files(manifest["files"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, which we want
        with zipfile.ZipFile(out, "w", compression) as archive:
            for info, data in changed:
                info.compress_type = compression
                archive.writestr(info, data)
            archive.writestr(MANIFEST_NAME, json.dumps(manifest))
    return out


def named(name: str, data: bytes, mode: int = stat.S_IFREG | 0o644) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    return info, data


def add(*extra: tuple[zipfile.ZipInfo, bytes]) -> Callable[..., list[tuple[zipfile.ZipInfo, bytes]]]:
    return lambda entries: [*entries, *extra]


def replace_db(data: Callable[[bytes], bytes]) -> Callable[..., list[tuple[zipfile.ZipInfo, bytes]]]:
    return lambda entries: [
        (i, data(d) if i.filename == "data/interview_sim.sqlite3" else d) for i, d in entries
    ]


def corrupt_pages(db: bytes) -> bytes:
    damaged = bytearray(db)
    page = struct.unpack(">H", db[16:18])[0]
    for number in range(1, len(db) // page):  # every b-tree page after the first
        start = number * page
        damaged[start + 8 : start + 200] = bytes((x * 37 + 11) % 256 for x in range(192))
    return bytes(damaged)


def newer_schema(db: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite3"
        path.write_bytes(db)
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.close()
        return path.read_bytes()


HOSTILE: dict[str, dict[str, object]] = {
    "parent escape": {"entries": add(named("data/../../escaped.txt", b"x")), "match": "leaves its folder"},
    "deep parent escape": {
        "entries": add(named("data/recordings/../../../escaped.txt", b"x")),
        "match": "leaves its folder",
    },
    "absolute path": {"entries": add(named("/tmp/escaped-abs.txt", b"x")), "match": "absolute"},
    "drive letter": {"entries": add(named("C:/escaped.txt", b"x")), "match": "absolute"},
    "drive-relative": {"entries": add(named("data/C:escaped.txt", b"x")), "match": "not allowed"},
    "backslashes": {"entries": add(named("data\\..\\..\\escaped.txt", b"x")), "match": "backslash"},
    "symlink": {
        "entries": add(named("data/recordings/link.wav", b"/etc/passwd", stat.S_IFLNK | 0o777)),
        "match": "symbolic link",
    },
    "device file": {
        "entries": add(named("data/recordings/dev", b"", stat.S_IFCHR | 0o644)),
        "match": "not a regular file",
    },
    "duplicate": {"entries": add(named("data/settings.json", b"{}")), "match": "appears twice"},
    "case duplicate": {"entries": add(named("data/Settings.JSON", b"{}")), "match": "appears twice"},
    "file inside a file": {
        "entries": add(named("data/settings.json/inner.txt", b"x")),
        "match": "inside a file",
    },
    "outside data": {"entries": add(named("elsewhere.txt", b"x")), "match": "outside data"},
    "wal side file": {
        "entries": add(named("data/interview_sim.sqlite3-wal", b"\0" * 64)),
        "match": "not part of an archive",
    },
    "models folder": {"entries": add(named("data/models/x.bin", b"x")), "match": "not part of an archive"},
    "corrupt database": {"entries": replace_db(corrupt_pages), "match": "database"},
    "not a database": {"entries": replace_db(lambda _: b"hello" * 1000), "match": "not an SQLite database"},
    "newer schema in the database": {"entries": replace_db(newer_schema), "match": "newer than this app"},
    "sha256 mismatch": {
        "entries": lambda e: [(i, d[:-1] + b"!" if i.filename.endswith(".wav") else d) for i, d in e],
        "fix_manifest": False,
        "match": "does not match the manifest",
    },
    "unlisted file": {
        "entries": add(named("data/recordings/extra.wav", b"x")),
        "fix_manifest": False,
        "match": "do not match the manifest",
    },
    "missing file": {
        "entries": lambda e: [(i, d) for i, d in e if not i.filename.endswith(".flac")],
        "fix_manifest": False,
        "match": "do not match the manifest",
    },
    "ratio bomb": {
        "entries": add(named("data/recordings/bomb.wav", b"\0" * (40 << 20))),
        "match": "zip bomb",
    },
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archive_is_refused_and_nothing_changes(
    case: str, tmp_path: Path, isolated_home: Path, exported: Path
) -> None:
    spec = HOSTILE[case]
    hostile = rebuild(
        exported,
        tmp_path / "hostile.zip",
        entries=spec["entries"],  # type: ignore[arg-type]
        fix_manifest=bool(spec.get("fix_manifest", True)),
    )
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    before = folder_digest(isolated_home)
    with pytest.raises(ArchiveError, match=str(spec["match"])) as refused:
        import_archive(hostile, home=isolated_home, replace=True)
    assert "nothing was imported" in str(refused.value)
    assert folder_digest(isolated_home) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside_before
    assert not Path("/tmp/escaped-abs.txt").exists()

    # Into an empty folder too: refused, and nothing is left behind.
    empty = tmp_path / "empty-home"
    empty.mkdir()
    with pytest.raises(ArchiveError, match=str(spec["match"])):
        import_archive(hostile, home=empty)
    assert list(empty.iterdir()) == []


def test_newer_schema_in_the_manifest_is_refused_before_extracting(
    tmp_path: Path, isolated_home: Path, exported: Path
) -> None:
    with zipfile.ZipFile(exported) as archive:
        entries = [(i, archive.read(i)) for i in archive.infolist()]
    out = tmp_path / "newer.zip"
    with zipfile.ZipFile(out, "w") as archive:
        for info, data in entries:
            if info.filename == MANIFEST_NAME:
                manifest = json.loads(data)
                manifest["schema_version"] = SCHEMA_VERSION + 5
                manifest["app_version"] = "9.0"
                data = json.dumps(manifest).encode()
            archive.writestr(info, data)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArchiveError, match=rf"schema {SCHEMA_VERSION + 5}, newer .*Interview Sim 9\.0"):
        import_archive(out, home=empty)
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize(
    ("limits", "match"),
    [
        (Limits(max_entries=5), "entries, more than"),
        (Limits(max_total_bytes=60_000), "expands to more than"),
        (Limits(max_ratio=1.5, ratio_exempt_bytes=1000), "zip bomb"),
    ],
)
def test_bomb_limits_from_headers(
    limits: Limits, match: str, tmp_path: Path, isolated_home: Path, exported: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArchiveError, match=match):
        import_archive(exported, home=empty, limits=limits)
    assert list(empty.iterdir()) == []


def _patch_sizes(raw: bytearray, name: bytes, size: int) -> None:
    """Set an entry's uncompressed size in its central-directory record and its local header."""
    for signature, size_at, name_length_at, name_at in (
        (b"PK\x01\x02", 24, 28, 46),
        (b"PK\x03\x04", 22, 26, 30),
    ):
        position = raw.find(signature)
        while position != -1:
            length = struct.unpack_from("<H", raw, position + name_length_at)[0]
            if raw[position + name_at : position + name_at + length] == name:
                struct.pack_into("<I", raw, position + size_at, size)
            position = raw.find(signature, position + 4)


def test_a_header_that_understates_the_size_is_refused(tmp_path: Path, exported: Path) -> None:
    """Headers and manifest both claim 100 bytes for a 200 kB deflated entry: it must not expand."""
    big = b"\0" * 200_000

    def lie(files: list[dict[str, object]]) -> list[dict[str, object]]:
        for item in files:
            if item["path"] == "recordings/lying.wav":
                item["size"] = 100
                item["sha256"] = hashlib.sha256(big[:100]).hexdigest()
        return files

    crafted = rebuild(
        exported,
        tmp_path / "lying.zip",
        entries=add(named("data/recordings/lying.wav", big)),
        manifest_files=lie,
    )
    raw = bytearray(crafted.read_bytes())
    _patch_sizes(raw, b"data/recordings/lying.wav", 100)
    crafted.write_bytes(bytes(raw))
    with zipfile.ZipFile(crafted) as archive:
        assert archive.getinfo("data/recordings/lying.wav").file_size == 100
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArchiveError, match=r"damaged|declared size") as refused:
        import_archive(crafted, home=empty)
    assert list(empty.iterdir()) == []
    assert "lying.wav" in str(refused.value)


def test_extraction_counts_bytes_itself(tmp_path: Path) -> None:
    """Our own count stops an entry that yields more than the size it was checked against."""
    from interview_sim.core.archive import _extract, _Plan

    blob = tmp_path / "plain.zip"
    with zipfile.ZipFile(blob, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/recordings/a.wav", b"\0" * 300_000)
    staging = tmp_path / "staging"
    staging.mkdir()
    with zipfile.ZipFile(blob) as archive:
        info = archive.getinfo("data/recordings/a.wav")
        plan = _Plan([(info, "recordings/a.wav")], {}, {"recordings/a.wav": (1000, "0" * 64)}, 1000)
        with pytest.raises(ArchiveError, match="more than its declared size"):
            _extract(blob, archive, plan, staging, Limits())
        plan.expected["recordings/a.wav"] = (300_000, "0" * 64)
        (staging / "recordings" / "a.wav").unlink()
        with pytest.raises(ArchiveError, match="expands to more than 200000 bytes"):
            _extract(blob, archive, plan, staging, Limits(max_total_bytes=200_000))


def test_not_a_zip_and_missing_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArchiveError, match="not a zip file"):
        import_archive(junk, home=empty)
    with pytest.raises(ArchiveError, match="no such file"):
        import_archive(tmp_path / "absent.zip", home=empty)
    assert list(empty.iterdir()) == []


# -- fuzz -----------------------------------------------------------------------------------


def _small_archive() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        home.mkdir()
        db = fill_home(home)
        db.close()
        shutil.rmtree(home / "models")
        (home / "recordings" / "20261101-101010-000001_s1_network.tcp-vs-udp.flac").write_bytes(b"a" * 300)
        (home / "recordings" / "20261101-101110-000001_s1_os.deadlock.wav").write_bytes(b"b" * 300)
        export_archive(Path(folder) / "a.zip", home=home)
        return (Path(folder) / "a.zip").read_bytes()


_SMALL_ARCHIVE = _small_archive()


@st.composite
def mutated_archives(draw: st.DrawFn) -> bytes:
    data = bytearray(_SMALL_ARCHIVE)
    kind = draw(st.sampled_from(["flip", "truncate", "splice", "random", "zero-run"]))
    if kind == "flip":
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(0, len(data) - 1))
            data[position] = draw(st.integers(0, 255))
    elif kind == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif kind == "splice":
        position = draw(st.integers(0, len(data)))
        data[position:position] = draw(st.binary(min_size=1, max_size=64))
    elif kind == "zero-run":
        start = draw(st.integers(0, len(data) - 1))
        data[start : start + draw(st.integers(1, 64))] = b"\0" * 64
    else:
        return draw(st.binary(max_size=2048))
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_archives())
def test_fuzzed_archives_import_or_fail_clearly(blob: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "fuzz.zip"
        source.write_bytes(blob)
        home = Path(folder) / "home"
        home.mkdir()
        try:
            result = import_archive(source, home=home)
        except ArchiveError as exc:
            assert str(exc)
            assert list(home.iterdir()) == []  # a refusal writes nothing
        else:
            # Only a mutation that missed every checked byte can succeed: the data is intact.
            assert result.files == 7
            assert (home / "questions" / "my-notes.toml").read_text(encoding="utf-8") == USER_BANK


def test_fuzz_base_archive_is_valid(tmp_path: Path) -> None:
    source = tmp_path / "base.zip"
    source.write_bytes(_SMALL_ARCHIVE)
    home = tmp_path / "fresh"
    home.mkdir()
    assert import_archive(source, home=home).files == 7
    assert zipfile.ZipFile(io.BytesIO(_SMALL_ARCHIVE)).testzip() is None


def test_declared_entry_count_is_checked_before_parsing(tmp_path: Path) -> None:
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(50):
            archive.writestr(f"data/questions/{number}.toml", b"")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArchiveError, match="50 entries, more than the 20 allowed"):
        import_archive(many, home=empty, limits=Limits(max_entries=20))


def test_import_waits_for_a_recording_in_progress(isolated_home: Path, exported: Path) -> None:
    from interview_sim.devices.filelock import FileLock

    lock = FileLock(isolated_home / "recordings" / "now.wav.lock")
    assert lock.try_acquire()
    try:
        before = folder_digest(isolated_home)
        with pytest.raises(ArchiveError, match="being recorded"):
            import_archive(exported, home=isolated_home, replace=True)
        assert folder_digest(isolated_home) == before
    finally:
        lock.release()


def test_files_next_to_the_database_travel_but_not_its_wal(tmp_path: Path, isolated_home: Path) -> None:
    db = fill_home(isolated_home)
    try:
        (isolated_home / "interview_sim.sqlite3.corrupt-20261101").write_bytes(b"kept for rescue")
        (isolated_home / "backups").mkdir()
        (isolated_home / "backups" / "interview_sim-1.sqlite3").write_bytes(b"automatic copy")
        result = export_archive(tmp_path / "a.zip", home=isolated_home)
    finally:
        db.close()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = set(archive.namelist())
    assert "data/interview_sim.sqlite3.corrupt-20261101" in names
    assert not {n for n in names if n.startswith("data/backups/") or n.endswith(("-wal", "-shm"))}
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert import_archive(tmp_path / "a.zip", home=fresh).files == result.files
    assert (fresh / "interview_sim.sqlite3.corrupt-20261101").read_bytes() == b"kept for rescue"


def test_killed_export_leaves_no_zip_or_a_complete_one(tmp_path: Path, isolated_home: Path) -> None:
    """SIGKILL at random moments of an export: the target is absent or a zip that imports."""
    import random
    import signal
    import subprocess
    import sys
    import time

    db = fill_home(isolated_home)
    db.close()
    (isolated_home / "recordings" / "long-answer.wav").write_bytes(os.urandom(24 << 20))

    def without_side_files(state: dict[str, str]) -> dict[str, str]:
        # A reader killed mid-read leaves SQLite's WAL/SHM files; the next open tidies them.
        return {k: v for k, v in state.items() if not k.endswith(("-wal", "-shm"))}

    before = without_side_files(folder_digest(isolated_home))
    rows = db_rows(isolated_home / "interview_sim.sqlite3")
    script = (
        "import sys; from pathlib import Path; from interview_sim.core.archive import export_archive; "
        "export_archive(Path(sys.argv[1]), home=Path(sys.argv[2]))"
    )
    rng = random.Random(7)
    outcomes = []
    for round_number in range(4):
        target = tmp_path / f"killed-{round_number}.zip"
        process = subprocess.Popen(
            [sys.executable, "-c", script, str(target), str(isolated_home)],
            cwd=Path(__file__).resolve().parent.parent,
        )
        time.sleep(rng.uniform(0.2, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if target.exists():
            fresh = tmp_path / f"fresh-{round_number}"
            fresh.mkdir()
            import_archive(target, home=fresh)  # a complete archive, or this raises
            outcomes.append("complete")
        else:
            outcomes.append("absent")
        # The data exported from is never touched.
        assert without_side_files(folder_digest(isolated_home)) == before
        assert db_rows(isolated_home / "interview_sim.sqlite3") == rows
    print("outcomes:", outcomes)
    # A kill can leave hidden temporary files beside the target, never a partial zip under its name.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert all(n.startswith((".killed-", ".interview-sim-export-")) for n in leftovers), leftovers


def test_an_older_schema_imports_and_migrates_on_open(tmp_path: Path, isolated_home: Path) -> None:
    from interview_sim.core.storage import MIGRATIONS

    old = sqlite3.connect(isolated_home / "interview_sim.sqlite3")
    old.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    old.execute("INSERT INTO sessions (started_at) VALUES ('2026-01-01T09:00:00')")
    old.commit()
    old.close()
    result = export_archive(tmp_path / "old.zip", home=isolated_home)
    assert result.schema_version == 1
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert import_archive(tmp_path / "old.zip", home=fresh).schema_version == 1
    with Database.open(fresh / "interview_sim.sqlite3") as db:
        assert db.schema_version == SCHEMA_VERSION
        assert [s.started_at for s in db.sessions()] == ["2026-01-01T09:00:00"]


def test_audio_paths_from_another_machine_point_into_this_data_folder(tmp_path: Path) -> None:
    from interview_sim.core.archive import _relocate_audio

    staging, home = tmp_path / "staging", tmp_path / "home"
    (staging / "recordings" / "2026").mkdir(parents=True)
    (staging / "recordings" / "a.wav").write_bytes(b"a")
    (staging / "recordings" / "2026" / "b.flac").write_bytes(b"b")
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY, audio_path TEXT)")
    windows = "C:\\Users\\kim\\AppData\\Local\\InterviewSim\\recordings"
    conn.executemany(
        "INSERT INTO attempts VALUES (?, ?)",
        [
            (1, windows + "\\a.wav"),
            (2, windows + "\\2026\\b.flac"),
            (3, "recordings/a.wav"),  # relative, by file name
            (4, windows + "\\..\\..\\secret.wav"),  # leaves the folder: left alone
            (5, "/elsewhere/missing.wav"),  # not in the archive: left alone
            (6, None),
        ],
    )
    assert _relocate_audio(conn, windows, staging, home) == 3
    rows = dict(conn.execute("SELECT id, audio_path FROM attempts"))
    assert rows[1] == str(home / "recordings" / "a.wav")
    assert rows[2] == str(home / "recordings" / "2026" / "b.flac")
    assert rows[3] == str(home / "recordings" / "a.wav")
    assert rows[4] == windows + "\\..\\..\\secret.wav"
    assert rows[5] == "/elsewhere/missing.wav" and rows[6] is None
