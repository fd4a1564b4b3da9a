"""The whole archive (database, recordings, the user's bank, templates, settings) as one zip.

Layout of an archive::

    manifest.json           format and app versions, schema version, every file's size and sha256
    data/interview_sim.sqlite3    a consistent copy (sqlite3 backup API, safe while WAL is on)
    data/recordings/...     the answers' audio
    data/questions/...      the user's own questions and edits
    data/templates.toml, data/settings.json, and any other user file of the data folder

Not archived: ``models/`` and ``cache/`` (downloaded or rebuilt), ``logs/``, ``backups/`` (the
database copies made before migrations), the backups made by earlier imports, hidden files
(temporary files, the trash of deleted recordings), the database's WAL and SHM side files (the
copy already holds their content) and recording lock files.

Import is into an empty data folder. If the data folder holds data, import refuses unless
``replace`` is given; then the current data is moved (never deleted) to
``import-backups/<time>/`` inside the data folder. A zip is checked entry by entry before
anything is written, extracted into a hidden folder inside the data folder, verified (sizes and
sha256 against the manifest, ``PRAGMA integrity_check``, schema version), and only then moved
into place by renames. Any refusal leaves the current data exactly as it was.

A journal names the renames before the first one, so an import killed halfway through them is
completed the next time the data folder is used (the next import or export, or the app's
start); what a killed export or import leaves behind is removed then too. See
``archive_recovery``. The app restores in two steps, :func:`stage_import` (the long part, while
it still uses its data) and :meth:`StagedImport.swap_in` (renames, once it let go of its data).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from interview_sim import __version__, paths
from interview_sim.core.archive_recovery import (
    BACKUPS_DIR,
    EXPORT_LOCK_NAME,
    EXPORT_PREFIX,
    LOCK_NAME,
    PHASE_ROLLING_BACK,
    PHASE_STAGING,
    PHASE_SWAPPING,
    STAGING_PREFIX,
    RecoveryError,
    clean_stale_exports,
    remove_empty_tree,
    remove_journal,
    settle_interrupted_import,
    settle_locked,
    write_journal,
)
from interview_sim.core.files import place_file
from interview_sim.core.storage import SCHEMA_VERSION, now_iso
from interview_sim.devices.filelock import FileLock

FORMAT = "interview-sim-archive"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_PREFIX = "data/"
RECORDINGS_DIR = "recordings"
# Folders of the data folder that are not the user's archive: downloaded models, caches, logs,
# the automatic database copies made before migrations ("backups") and earlier imports' backups.
NOT_ARCHIVED = frozenset({"models", "cache", "logs", "backups", BACKUPS_DIR})
_DB_SIDECARS = ("-wal", "-shm", "-journal")
_STORED_SUFFIXES = frozenset({".wav", ".flac", ".ogg", ".opus", ".mp3", ".m4a", ".zip", ".gz"})
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_UNPORTABLE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]')
_CHUNK = 1 << 20
# Errors that reading a hostile or broken zip can raise from zipfile, zlib and struct.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    LookupError,
    OverflowError,
)


class ArchiveError(Exception):
    """An archive that cannot be written or read; the message says what and where.

    ``kind`` is ``newer`` for an archive written by a newer app (updating the app helps),
    ``busy`` when a recording or another import is in the way, else ``invalid``.
    """

    def __init__(self, message: str, kind: str = "invalid") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Limits:
    """What an archive may expand to; checked from the headers and again while extracting."""

    max_entries: int = 200_000
    max_total_bytes: int = 64 * 2**30
    # Compression ratio beyond which an entry is taken for a bomb (audio is stored, text and
    # the database compress well below this); small entries are exempt.
    max_ratio: float = 200.0
    ratio_exempt_bytes: int = 1 << 20
    max_manifest_bytes: int = 64 << 20
    # Room to leave on the disk after extracting.
    free_space_margin: int = 64 << 20


@dataclass
class ExportResult:
    path: Path
    files: int
    bytes: int
    schema_version: int | None
    skipped: list[str] = field(default_factory=list)


@dataclass
class ArchiveSummary:
    """What an archive holds, from its checked manifest."""

    source: Path
    files: int
    bytes: int
    schema_version: int | None
    app_version: str
    created_at: str


@dataclass
class ImportResult:
    files: int
    bytes: int
    schema_version: int | None
    backup: Path | None
    relocated_audio: int
    # What an earlier, interrupted import had left and was finished or removed first.
    settled: list[str] = field(default_factory=list)


def database_name() -> str:
    return paths.database_path().name


# -- which files are the archive ------------------------------------------------------------


def unportable_reason(relative: str) -> str | None:
    """Why a relative path (``/``-separated) cannot be in an archive, or None if it can."""
    if not relative or relative.startswith("/") or re.match(r"^[A-Za-z]:", relative):
        return "an absolute path"
    for part in relative.split("/"):
        if part in ("", ".", ".."):
            return "a path that leaves its folder"
        if _UNPORTABLE_CHARS.search(part):
            return 'a name with a character not allowed on every system (\\ : * ? " < > | or a control character)'
        if part.endswith((".", " ")) or _WINDOWS_RESERVED.match(part):
            return "a name Windows cannot hold"
    return None


def _is_archived_top(name: str, db_name: str) -> bool:
    if name.startswith(".") or name in NOT_ARCHIVED:
        return False
    return not (name == db_name or any(name == db_name + s for s in _DB_SIDECARS))


def _walk_user_files(home: Path, skip: set[Path]) -> Iterator[tuple[str, Path]]:
    """Every archived file of the data folder except the database, as (relative, path).

    Symbolic links are followed (a recordings folder moved to another disk is still the
    user's), each real folder once.
    """
    db_name = database_name()
    seen: set[Path] = set()
    tops = sorted(p for p in home.iterdir() if _is_archived_top(p.name, db_name))
    for top in tops:
        if top.is_file():
            if top.resolve() not in skip:
                yield top.name, top
            continue
        if not top.is_dir():
            continue
        for folder, dirs, files in os.walk(top, followlinks=True):
            real = Path(folder).resolve()
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or name.endswith(".lock"):
                    continue
                path = Path(folder) / name
                if not path.is_file() or path.resolve() in skip:
                    continue
                yield path.relative_to(home).as_posix(), path


def archive_has_data(home: Path | None = None) -> bool:
    """Whether the data folder holds anything an import would replace.

    An empty database (no rows in any table) and empty folders do not count; a database that
    cannot be read counts, so that it is never replaced without ``replace``.
    """
    home = home or paths.data_home()
    if next(_walk_user_files(home, set()), None) is not None:
        return True
    db_path = home / database_name()
    if not db_path.exists():
        return any((home / (database_name() + s)).exists() for s in _DB_SIDECARS)
    try:
        conn = sqlite3.connect(db_path)
        try:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return any(
                conn.execute(f'SELECT 1 FROM "{t.replace(chr(34), chr(34) * 2)}" LIMIT 1').fetchone()
                for t in tables
            )
        finally:
            conn.close()
    except sqlite3.Error:
        return True


# -- export ---------------------------------------------------------------------------------


def snapshot_database(source: Path, copy: Path) -> int:
    """A consistent single-file copy of a live database; returns its schema version.

    The backup API reads one snapshot even while the app writes through WAL; the copy is
    vacuumed (no free pages to bloat the zip) and checked before it is used.
    """
    try:
        src = sqlite3.connect(source, timeout=30)
        try:
            dst = sqlite3.connect(copy)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                dst.execute("VACUUM")
                problems = [row[0] for row in dst.execute("PRAGMA integrity_check")]
                version = int(dst.execute("PRAGMA user_version").fetchone()[0])
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise ArchiveError(f"{source}: cannot copy the practice database: {exc}") from exc
    if problems != ["ok"]:
        raise ArchiveError(
            f"{source}: the practice database is damaged ({'; '.join(problems[:3])}); "
            "copy the data folder by hand instead"
        )
    return version


def _zip_time(path: Path) -> tuple[int, int, int, int, int, int]:
    stamp = datetime.fromtimestamp(max(path.stat().st_mtime, 315532800 + 86400))
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def _add_file(archive: zipfile.ZipFile, relative: str, path: Path) -> dict[str, Any]:
    info = zipfile.ZipInfo(DATA_PREFIX + relative, date_time=_zip_time(path))
    info.compress_type = (
        zipfile.ZIP_STORED if path.suffix.lower() in _STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    )
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as src, archive.open(info, "w", force_zip64=True) as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    return {"path": relative, "size": size, "sha256": digest.hexdigest()}


def export_archive(
    target: Path,
    *,
    home: Path | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write the whole archive to ``target`` (a zip); an existing file stays unless ``force``.

    The zip is written in a hidden working folder beside ``target`` whose lock file is held
    until the end; what an earlier, killed export left there is removed first.
    """
    home = home or paths.data_home()
    if not home.is_dir():
        raise ArchiveError(f"{home}: the data folder does not exist")
    target = Path(os.path.abspath(target))
    if target.exists() and not force:
        raise ArchiveError(f"{target} already exists; pass --force to replace it")
    if target.is_dir():
        raise ArchiveError(f"{target} is a folder; name the zip file to write")
    if not target.parent.is_dir():
        raise ArchiveError(f"{target}: the folder {target.parent} does not exist")
    _settle_before(home)
    clean_stale_exports(target.parent)
    try:
        work = Path(tempfile.mkdtemp(dir=target.parent, prefix=EXPORT_PREFIX))
    except OSError as exc:
        raise ArchiveError(f"{target}: cannot write there: {exc}") from exc
    lock = FileLock(work / EXPORT_LOCK_NAME)
    try:
        lock.try_acquire()  # a fresh folder: nobody else can hold it
        tmp = work / (target.name + ".part")
        snapshot = work / "snapshot"
        snapshot.mkdir()
        with tmp.open("w+b") as handle:
            result = _write_zip(handle, home, target, snapshot, progress)
            handle.flush()
            os.fsync(handle.fileno())
        place_file(tmp, target, replace=force)
    except FileExistsError as exc:
        raise ArchiveError(f"{target} already exists; pass --force to replace it") from exc
    except OSError as exc:
        raise ArchiveError(f"{target}: cannot write the archive: {exc}") from exc
    finally:
        lock.release(delete=False)
        shutil.rmtree(work, ignore_errors=True)
    return result


def _settle_before(home: Path) -> None:
    """Finish a killed import before reading or writing the data folder."""
    try:
        settle_interrupted_import(home)
    except (RecoveryError, OSError) as exc:
        raise ArchiveError(
            f"{home}: an earlier import was stopped halfway and could not be finished ({exc}); "
            "nothing was changed"
        ) from exc


def _write_zip(
    handle: Any,
    home: Path,
    target: Path,
    snapshot_dir: Path,
    progress: Callable[[str], None] | None,
) -> ExportResult:
    entries: list[dict[str, Any]] = []
    skipped: list[str] = []
    schema_version: int | None = None
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        db_path = home / database_name()
        if db_path.exists():
            copy = snapshot_dir / database_name()
            schema_version = snapshot_database(db_path, copy)
            entries.append(_add_file(archive, database_name(), copy))
        for relative, path in _walk_user_files(home, {target.resolve()}):
            reason = unportable_reason(relative)
            if reason is not None:
                skipped.append(f"{path}: not archived, {reason}; rename it and export again")
                continue
            if progress is not None:
                progress(relative)
            entries.append(_add_file(archive, relative, path))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "schema_version": schema_version,
            "created_at": now_iso(),
            "recordings_dir": str(home / RECORDINGS_DIR),
            "files": entries,
        }
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1))
    return ExportResult(target, len(entries), sum(e["size"] for e in entries), schema_version, skipped)


# -- import: checks before anything is written ----------------------------------------------


@dataclass
class _Plan:
    files: list[tuple[zipfile.ZipInfo, str]]  # (entry, path relative to the data folder)
    manifest: dict[str, Any]
    expected: dict[str, tuple[int, str]]  # relative path -> (size, sha256)
    total_bytes: int


def _refuse(source: Path, message: str, kind: str = "invalid") -> ArchiveError:
    return ArchiveError(f"{source}: {message}; nothing was imported", kind)


def _cannot_write(source: Path, where: Path, exc: OSError) -> ArchiveError:
    return ArchiveError(f"{source}: cannot write in {where} ({exc.strerror or exc}); nothing was imported")


def _entry_relative(source: Path, info: zipfile.ZipInfo) -> str | None:
    """The data-folder path of an entry, None for the manifest and folder entries."""
    name = info.filename
    if not name:
        raise _refuse(source, "an entry has no name")
    if "\\" in name:
        raise _refuse(source, f"entry {name!r} has a backslash in its path")
    reason = unportable_reason(name.rstrip("/") if info.is_dir() else name)
    if reason is not None:
        raise _refuse(source, f"entry {name!r} is {reason}")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(source, f"entry {name!r} is a symbolic link")
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _refuse(source, f"entry {name!r} is not a regular file")
    if info.flag_bits & 0x1:
        raise _refuse(source, f"entry {name!r} is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _refuse(source, f"entry {name!r} uses an unsupported compression")
    if info.is_dir():
        if not name.startswith(DATA_PREFIX):
            raise _refuse(source, f"entry {name!r} is outside data/")
        return None
    if name == MANIFEST_NAME:
        return None
    if not name.startswith(DATA_PREFIX):
        raise _refuse(source, f"entry {name!r} is outside data/")
    relative = name[len(DATA_PREFIX) :]
    top = relative.split("/")[0]
    db_name = database_name()
    if top != db_name and not _is_archived_top(top, db_name):
        raise _refuse(source, f"entry {name!r} is not part of an archive")
    return relative


def _check_zip(source: Path, archive: zipfile.ZipFile, limits: Limits) -> _Plan:
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise _refuse(source, f"{len(infos)} entries, more than the {limits.max_entries} allowed")
    files: list[tuple[zipfile.ZipInfo, str]] = []
    seen: dict[str, str] = {}
    manifest_info: zipfile.ZipInfo | None = None
    total = 0
    for info in infos:
        # Names that differ only in case or Unicode form are one file on macOS and Windows.
        key = unicodedata.normalize("NFC", info.filename.rstrip("/")).casefold()
        if key in seen:
            raise _refuse(source, f"entry {info.filename!r} appears twice (also as {seen[key]!r})")
        seen[key] = info.filename
        relative = _entry_relative(source, info)
        if info.filename == MANIFEST_NAME:
            manifest_info = info
        if info.is_dir():
            continue
        if info.file_size > limits.ratio_exempt_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise _refuse(
                source,
                f"entry {info.filename!r} expands {info.file_size / max(info.compress_size, 1):.0f} "
                "times (a zip bomb?)",
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _refuse(source, f"it expands to more than {limits.max_total_bytes} bytes")
        if relative is not None:
            files.append((info, relative))
    file_keys = {unicodedata.normalize("NFC", r).casefold() for _, r in files}
    for _, relative in files:
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            prefix = unicodedata.normalize("NFC", "/".join(parts[:depth])).casefold()
            if prefix in file_keys:
                raise _refuse(source, f"{relative!r} is inside a file of the same archive")
    if manifest_info is None:
        raise _refuse(source, f"no {MANIFEST_NAME}: not an Interview Sim archive")
    manifest = _read_manifest(source, archive, manifest_info, limits)
    expected = _manifest_files(source, manifest)
    present = {relative: info.file_size for info, relative in files}
    missing = sorted(set(expected) - set(present))
    extra = sorted(set(present) - set(expected))
    if missing or extra:
        detail = f"missing {missing[:3]}" if missing else f"not listed: {extra[:3]}"
        raise _refuse(source, f"the files do not match the manifest ({detail})")
    for relative, size in present.items():
        if expected[relative][0] != size:
            raise _refuse(source, f"{relative!r} has {size} bytes, the manifest says {expected[relative][0]}")
    return _Plan(files, manifest, expected, total)


def _read_manifest(
    source: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> dict[str, Any]:
    if info.file_size > limits.max_manifest_bytes:
        raise _refuse(source, f"{MANIFEST_NAME} is too large")
    with archive.open(info) as handle:
        raw = handle.read(limits.max_manifest_bytes + 1)
    if len(raw) > limits.max_manifest_bytes:
        raise _refuse(source, f"{MANIFEST_NAME} is too large")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _refuse(source, f"{MANIFEST_NAME} is not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(source, "not an Interview Sim archive (its manifest names another format)")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(source, f"{MANIFEST_NAME}: format_version is not a positive number")
    if version > FORMAT_VERSION:
        raise _refuse(
            source,
            f"it was written in archive format {version} by Interview Sim "
            f"{manifest.get('app_version')!s}; this version reads format {FORMAT_VERSION}, update the app",
            "newer",
        )
    schema = manifest.get("schema_version")
    if schema is not None and (not isinstance(schema, int) or isinstance(schema, bool) or schema < 0):
        raise _refuse(source, f"{MANIFEST_NAME}: schema_version is not a number")
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise _refuse(
            source,
            f"its database has schema {schema}, newer than this app's {SCHEMA_VERSION} "
            f"(written by Interview Sim {manifest.get('app_version')!s}); update the app first",
            "newer",
        )
    return manifest


def _manifest_files(source: Path, manifest: dict[str, Any]) -> dict[str, tuple[int, str]]:
    listed = manifest.get("files")
    if not isinstance(listed, list):
        raise _refuse(source, f"{MANIFEST_NAME}: 'files' is not a list")
    expected: dict[str, tuple[int, str]] = {}
    for item in listed:
        if not isinstance(item, dict):
            raise _refuse(source, f"{MANIFEST_NAME}: a file entry is not a table")
        path, size, digest = item.get("path"), item.get("size"), item.get("sha256")
        if (
            not isinstance(path, str)
            or not isinstance(size, int)
            or isinstance(size, bool)
            or size < 0
            or not isinstance(digest, str)
            or not _SHA256.match(digest)
        ):
            raise _refuse(source, f"{MANIFEST_NAME}: a file entry lacks a path, size or sha256")
        if path in expected:
            raise _refuse(source, f"{MANIFEST_NAME}: {path!r} is listed twice")
        expected[path] = (size, digest)
    return expected


# -- import: extract, verify, swap ----------------------------------------------------------


def inspect_archive(source: Path, *, limits: Limits | None = None) -> ArchiveSummary:
    """Every check an import makes before it writes anything (the entries, the manifest, the
    format and schema versions), writing nothing. The file contents are verified against the
    manifest only as they are extracted."""
    limits = limits or Limits()
    with _open_archive(source, limits) as archive:
        plan = _check_zip(source, archive, limits)
    return _summary(source, plan)


def _summary(source: Path, plan: _Plan) -> ArchiveSummary:
    manifest = plan.manifest
    schema = manifest.get("schema_version")
    return ArchiveSummary(
        source,
        len(plan.files),
        plan.total_bytes,
        schema if isinstance(schema, int) else None,
        str(manifest.get("app_version") or "?"),
        str(manifest.get("created_at") or ""),
    )


@contextlib.contextmanager
def _open_archive(source: Path, limits: Limits) -> Iterator[zipfile.ZipFile]:
    if not source.is_file():
        raise ArchiveError(f"{source}: no such file")
    declared_entries = _declared_entry_count(source)
    if declared_entries is not None and declared_entries > limits.max_entries:
        raise _refuse(source, f"{declared_entries} entries, more than the {limits.max_entries} allowed")
    try:
        opened = zipfile.ZipFile(source)
    except _ZIP_ERRORS as exc:
        raise _refuse(source, f"not a zip file, or a damaged one ({type(exc).__name__}: {exc})") from exc
    try:
        with opened as archive:
            yield archive
    except ArchiveError:
        raise
    except _ZIP_ERRORS as exc:
        raise _refuse(source, f"the zip is damaged ({type(exc).__name__}: {exc})") from exc


class StagedImport:
    """An archive extracted and verified in a hidden folder of the data folder, not yet in
    place. :meth:`swap_in` puts it in place; :meth:`discard` drops it. Either must be called:
    until then the import holds the data folder's archive lock.

    Staging first lets the app do the long part while it still uses its data, and release
    its database only for the swap, which is renames.
    """

    def __init__(
        self,
        source: Path,
        home: Path,
        staging: Path,
        lock: FileLock,
        summary: ArchiveSummary,
        written: int,
        schema_version: int | None,
        relocated_audio: int,
    ) -> None:
        self.source, self.home, self.staging = source, home, staging
        self.summary = summary
        self.written = written
        self.schema_version = schema_version
        self.relocated_audio = relocated_audio
        self.settled: list[str] = []
        self._lock: FileLock | None = lock
        self._swap_started = False

    def swap_in(self) -> ImportResult:
        """Move the current data aside (kept) and the staged data in; see :func:`_swap_in`."""
        if self._lock is None:
            raise ArchiveError(f"{self.source}: this import is already finished")
        try:
            _refuse_while_recording(self.home)
            self._swap_started = True
            backup = _swap_in(self.staging, self.home)
        finally:
            self.discard()
        return ImportResult(
            self.summary.files,
            self.written,
            self.schema_version,
            backup,
            self.relocated_audio,
            self.settled,
        )

    def discard(self) -> None:
        """Remove the staged copy (unless a swap began: it settles its own files) and unlock."""
        lock, self._lock = self._lock, None
        if lock is None:
            return
        try:
            if not self._swap_started:
                _drop_staging(self.home, self.staging)
        finally:
            lock.release()


def stage_import(
    source: Path,
    *,
    home: Path | None = None,
    replace: bool = False,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> StagedImport:
    """Check, extract and verify an archive beside the data (the first part of
    :func:`import_archive`); ``progress(bytes_done, bytes_total)`` follows the extraction."""
    home = home or paths.data_home()
    limits = limits or Limits()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArchiveError(f"{home}: cannot make the data folder ({exc.strerror or exc})") from exc
    if not source.is_file():
        raise ArchiveError(f"{source}: no such file")
    lock = FileLock(home / LOCK_NAME)
    try:
        acquired = lock.try_acquire()
    except OSError as exc:
        raise _cannot_write(source, home, exc) from exc
    if not acquired:
        raise ArchiveError(
            f"{home}: another import is running into this data folder; wait for it to finish", "busy"
        )
    try:
        try:
            settled = settle_locked(home)
        except (RecoveryError, OSError) as exc:
            raise _refuse(
                source, f"an earlier import was stopped halfway and could not be finished ({exc})"
            ) from exc
        if archive_has_data(home) and not replace:
            raise ArchiveError(
                f"{home} already holds practice data; import only goes into an empty data folder. "
                f"Pass --replace to move the current data to {home / BACKUPS_DIR} first (it is kept)"
            )
        _refuse_while_recording(home)
        with _open_archive(source, limits) as archive:
            plan = _check_zip(source, archive, limits)
            _check_space(source, home, plan.total_bytes, limits)
            try:
                staging = Path(tempfile.mkdtemp(dir=home, prefix=STAGING_PREFIX))
            except OSError as exc:
                raise _cannot_write(source, home, exc) from exc
            try:
                write_journal(home, {"phase": PHASE_STAGING, "staging": staging.name})
                written = _extract(source, archive, plan, staging, limits, progress)
                schema, relocated = _verify_database(source, staging, plan, home)
            except OSError as exc:
                _drop_staging(home, staging)
                raise _cannot_write(source, home, exc) from exc
            except BaseException:
                _drop_staging(home, staging)
                raise
    except BaseException:
        lock.release()
        raise
    staged = StagedImport(source, home, staging, lock, _summary(source, plan), written, schema, relocated)
    staged.settled = settled
    return staged


def import_archive(
    source: Path,
    *,
    home: Path | None = None,
    replace: bool = False,
    limits: Limits | None = None,
) -> ImportResult:
    """Import an archive zip into the data folder; see the module text for the rules."""
    return stage_import(source, home=home, replace=replace, limits=limits).swap_in()


def _drop_staging(home: Path, staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    if not staging.exists():
        # The journal goes only once its folder is gone: a kill in between leaves a journal
        # whose next settling removes the rest.
        with contextlib.suppress(OSError):
            remove_journal(home)


def _declared_entry_count(source: Path) -> int | None:
    """The entry count of the zip's end record, read before the central directory is parsed
    (a directory of millions of entries would cost gigabytes of memory to read)."""
    try:
        with source.open("rb") as handle:
            end = zipfile._EndRecData(handle)  # type: ignore[attr-defined]
        return None if end is None else int(end[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]
    except Exception:  # a private helper: if it changes or fails, the parsed count still applies
        return None


def _refuse_while_recording(home: Path) -> None:
    recordings = home / RECORDINGS_DIR
    if not recordings.is_dir():
        return
    for lock_path in recordings.glob("*.lock"):
        lock = FileLock(lock_path)
        if not lock.try_acquire():
            raise ArchiveError(
                "an answer is being recorded right now; close the app and import again", "busy"
            )
        lock.release(delete=False)


def _check_space(source: Path, home: Path, needed: int, limits: Limits) -> None:
    free = shutil.disk_usage(home).free
    if needed + limits.free_space_margin > free:
        raise _refuse(source, f"it needs {needed} bytes and the disk holding {home} has {free} free")


def _extract(
    source: Path,
    archive: zipfile.ZipFile,
    plan: _Plan,
    staging: Path,
    limits: Limits,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    root = staging.resolve()
    total = 0
    for info, relative in plan.files:
        target = (staging / relative).resolve()
        if not target.is_relative_to(root) or target == root:
            raise _refuse(source, f"entry {info.filename!r} leaves the target folder")
        declared, expected_digest = plan.expected[relative]
        digest = hashlib.sha256()
        size = 0
        # The headers were checked; the data is counted again as it comes, since a crafted
        # entry can expand beyond what its header says.
        with archive.open(info) as src:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                dst = target.open("xb")
            except OSError as exc:
                raise _cannot_write(source, target, exc) from exc
            with dst:
                while chunk := src.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > declared:
                        raise _refuse(source, f"entry {info.filename!r} holds more than its declared size")
                    if total > limits.max_total_bytes:
                        raise _refuse(source, f"it expands to more than {limits.max_total_bytes} bytes")
                    digest.update(chunk)
                    try:
                        dst.write(chunk)
                    except OSError as exc:
                        raise _cannot_write(source, target, exc) from exc
        if size != declared:
            raise _refuse(source, f"entry {info.filename!r} is shorter than its declared size")
        if digest.hexdigest() != expected_digest:
            raise _refuse(source, f"{relative!r} does not match the manifest (sha256 differs)")
        if progress is not None:
            progress(total, plan.total_bytes)
    return total


def _verify_database(source: Path, staging: Path, plan: _Plan, home: Path) -> tuple[int | None, int]:
    """Integrity and schema of the imported database; point its audio to the new folder."""
    db_path = staging / database_name()
    if not db_path.exists():
        return None, 0
    with db_path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise _refuse(source, "its database is not an SQLite database")
    try:
        conn = sqlite3.connect(db_path)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise _refuse(source, f"its database is damaged ({'; '.join(problems[:3])})")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise _refuse(
                    source,
                    f"its database has schema {version}, newer than this app's {SCHEMA_VERSION}; "
                    "update the app first",
                    "newer",
                )
            if plan.manifest.get("schema_version") != version:
                raise _refuse(
                    source,
                    f"its database has schema {version}, the manifest says "
                    f"{plan.manifest.get('schema_version')}",
                )
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version >= 1 and not {"sessions", "attempts", "transcripts"} <= tables:
                raise _refuse(source, "its database lacks the practice tables")
            relocated = _relocate_audio(conn, plan.manifest.get("recordings_dir"), staging, home)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _refuse(source, f"its database cannot be read ({exc})") from exc
    return version, relocated


def _relocate_audio(conn: sqlite3.Connection, old_dir: Any, staging: Path, home: Path) -> int:
    """Point the attempts' audio paths from the exporting machine's folder to this one's."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "attempts" not in tables:
        return 0
    old = old_dir.replace("\\", "/").rstrip("/") + "/" if isinstance(old_dir, str) and old_dir else None
    new_root = home / RECORDINGS_DIR
    changes = []
    for attempt_id, audio_path in conn.execute(
        "SELECT id, audio_path FROM attempts WHERE audio_path IS NOT NULL"
    ).fetchall():
        if not isinstance(audio_path, str):
            continue
        posix = audio_path.replace("\\", "/")
        relative = (
            posix[len(old) :] if old is not None and posix.startswith(old) else posix.rsplit("/", 1)[-1]
        )
        if unportable_reason(relative) is not None:
            continue
        if (staging / RECORDINGS_DIR / relative).is_file():
            changes.append((str(new_root / relative), attempt_id))
    with conn:
        conn.executemany("UPDATE attempts SET audio_path = ? WHERE id = ?", changes)
    return len(changes)


def _swap_in(staging: Path, home: Path) -> Path | None:
    """Move the current archive aside (kept) and the verified one in, by renames.

    The journal names every rename before the first one, so that a kill halfway is completed
    the next time the data folder is used (``archive_recovery``); a failure here is undone.
    """
    db_name = database_name()
    current = [
        p for p in sorted(home.iterdir()) if _is_archived_top(p.name, db_name) or p.name.startswith(db_name)
    ]
    current = [p for p in current if p.name != staging.name and not remove_empty_tree(p)]
    incoming = sorted(p.name for p in staging.iterdir())
    backup: Path | None = None
    moved_out: list[str] = []
    moved_in: list[str] = []
    entry: dict[str, Any] = {}
    try:
        if current:
            backup = _new_backup_folder(home)
        entry = {
            "phase": PHASE_SWAPPING,
            "staging": staging.name,
            "backup": None if backup is None else f"{BACKUPS_DIR}/{backup.name}",
            "database": db_name,
            "out": [p.name for p in current],
            "in": incoming,
        }
        write_journal(home, entry)
        for path in current:
            os.replace(path, backup / path.name)  # type: ignore[operator]
            moved_out.append(path.name)
        for name in incoming:
            if (home / name).exists():
                raise OSError(f"{home / name} appeared while importing")
            os.replace(staging / name, home / name)
            moved_in.append(name)
    except OSError as exc:
        if entry:
            with contextlib.suppress(OSError):
                write_journal(home, {**entry, "phase": PHASE_ROLLING_BACK})
        # Put everything back as it was; whatever cannot be moved back stays in the backup,
        # and the journal has the next start put it back.
        undone = True
        for name in reversed(moved_in):
            try:
                os.replace(home / name, staging / name)
            except OSError:
                undone = False
        for name in reversed(moved_out):
            try:
                os.replace(backup / name, home / name)  # type: ignore[operator]
            except OSError:
                undone = False
        if backup is not None and remove_empty_tree(backup):
            with contextlib.suppress(OSError):
                backup.parent.rmdir()  # only if no other backup is there
        if not undone:
            raise ArchiveError(
                f"{home}: could not move the imported data into place ({exc}), nor all of your "
                f"data back; what is missing is in {backup} and is put back when Interview Sim "
                "next starts"
            ) from exc
        _drop_staging(home, staging)
        raise ArchiveError(
            f"{home}: could not move the imported data into place ({exc}); nothing changed"
        ) from exc
    _drop_staging(home, staging)
    return backup


def _new_backup_folder(home: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    parent = home / BACKUPS_DIR
    parent.mkdir(exist_ok=True)
    for attempt in range(1, 1000):
        folder = parent / (stamp if attempt == 1 else f"{stamp}-{attempt}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise OSError(f"too many backups named {stamp} in {parent}")
