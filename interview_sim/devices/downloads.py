"""Downloading model files after consent, with progress, cancel and an integrity check.

Shared by the faster-whisper model store (several files of a Hugging Face repository) and the
built-in language model's store (one GGUF file). A file is written to ``NAME.part`` and renamed
into place only once its size and SHA-256 match and its own check passed, so a cancelled or
failed download never leaves a file that looks complete.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class DownloadCancelled(Exception):
    pass


class DownloadFailed(Exception):
    """The file arrived incomplete or damaged; the message says which and how."""


@dataclass
class DownloadCallbacks:
    """How a download talks to the user; every callback may come from a worker thread."""

    consent: Callable[[str, int], bool]  # (model name, total bytes) -> go ahead?
    progress: Callable[[int, int], None] = lambda done, total: None
    cancelled: Callable[[], bool] = lambda: False


class Fetcher(Protocol):
    def files(self, repo: str) -> list[tuple[str, int, str]]:
        """(name, size in bytes, SHA-256 or "" when the hub does not list one)."""
        ...

    def stream(self, repo: str, name: str) -> Iterator[bytes]: ...


class HubFetcher:
    """Files of a Hugging Face model repository over HTTPS (``HF_ENDPOINT`` changes the server).

    ``revision`` pins a commit, so the bytes are the ones a catalogue's checksum was taken from.
    """

    def __init__(self, endpoint: str | None = None, timeout_s: float = 30.0, revision: str = "main") -> None:
        self.endpoint = (endpoint or os.environ.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")
        self.timeout_s = timeout_s
        self.revision = revision

    def files(self, repo: str) -> list[tuple[str, int, str]]:
        import requests

        api = f"{self.endpoint}/api/models/{repo}"
        if self.revision != "main":
            api += f"/revision/{self.revision}"
        response = requests.get(api, params={"blobs": "true"}, timeout=self.timeout_s)
        response.raise_for_status()
        siblings = response.json().get("siblings", [])
        # With blobs=true the hub lists each file's size, and for large (LFS) files its SHA-256.
        return [
            (s["rfilename"], int(s.get("size") or 0), str((s.get("lfs") or {}).get("sha256") or ""))
            for s in siblings
        ]

    def url(self, repo: str, name: str) -> str:
        return f"{self.endpoint}/{repo}/resolve/{self.revision}/{name}"

    def stream(self, repo: str, name: str) -> Iterator[bytes]:
        import requests

        with requests.get(self.url(repo, name), stream=True, timeout=self.timeout_s) as r:
            r.raise_for_status()
            yield from r.iter_content(chunk_size=1 << 20)


@dataclass
class Progress:
    """Bytes done across the files of one download, out of ``total``."""

    total: int
    done: int = 0


def fetch_file(
    chunks: Iterator[bytes],
    target: Path,
    *,
    expected_size: int,
    expected_sha: str,
    callbacks: DownloadCallbacks,
    progress: Progress,
    check: Callable[[Path], None] | None = None,
) -> tuple[int, str]:
    """Write ``chunks`` to ``target`` through ``target.part``; (size, SHA-256) of what arrived.

    Raises DownloadCancelled when the user cancels, DownloadFailed when the size, the checksum or
    ``check`` (given the complete part file) says the file is wrong; the part file is removed
    either way and ``target`` is left as it was.
    """
    part = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        with open(part, "wb") as handle:
            for chunk in chunks:
                if callbacks.cancelled():
                    raise DownloadCancelled("the download was cancelled")
                handle.write(chunk)
                digest.update(chunk)
                progress.done += len(chunk)
                callbacks.progress(progress.done, progress.total)
        got_size = part.stat().st_size
        if expected_size and got_size != expected_size:
            raise DownloadFailed(f"{target.name} arrived incomplete ({got_size} of {expected_size} bytes)")
        if expected_sha and digest.hexdigest() != expected_sha.lower():
            raise DownloadFailed(f"{target.name} arrived damaged (its SHA-256 does not match)")
        if check is not None:
            check(part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return got_size, digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
