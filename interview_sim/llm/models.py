"""The built-in AI interviewer's models: a small catalogue of GGUF files and the store they are
downloaded into (Qt-free).

The catalogue lists instruct models that write Korean and run on a laptop's CPU through the
built-in llama.cpp (:mod:`.builtin`). A model is downloaded only after the user agreed to its size
and licence, with progress and cancel, by the machinery the faster-whisper models use
(:mod:`interview_sim.devices.downloads`), into ``<data>/models/llm/``; the user may instead pick a
GGUF file they already have.

Integrity: an entry with a ``sha256`` was taken from the file's Git LFS pointer at a pinned
commit, and the download must match it exactly. An entry without one is checked against the size
and SHA-256 the Hugging Face API lists for the file when the download starts (what the Whisper
download does), and against the GGUF header; the README says which entries are which.
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.devices.downloads import (
    DownloadCallbacks,
    DownloadCancelled,
    DownloadFailed,
    Fetcher,
    HubFetcher,
    Progress,
    fetch_file,
)
from interview_sim.llm.base import LLMError

GGUF_MAGIC = b"GGUF"
GGUF_VERSIONS = (2, 3)  # llama.cpp reads these; version 1 files are from 2023 and refused
MANIFEST_SUFFIX = ".download.json"


@dataclass(frozen=True)
class CatalogueModel:
    key: str
    name: str
    repo: str
    filename: str
    size_bytes: int  # exact when ``sha256`` is set; otherwise the approximate size shown
    licence: str
    licence_url: str
    revision: str = "main"
    sha256: str = ""  # "" = not pinned: the hub's listed checksum and the GGUF header are checked
    recommended: bool = False

    @property
    def download_url(self) -> str:
        return f"https://huggingface.co/{self.repo}/resolve/{self.revision}/{self.filename}"

    @property
    def pinned(self) -> bool:
        return bool(self.sha256)

    @property
    def size_mb(self) -> int:
        return round(self.size_bytes / 1e6)


CATALOGUE: tuple[CatalogueModel, ...] = (
    # Size and SHA-256 from the file's LFS pointer in commit 4726ad0 of this repository.
    CatalogueModel(
        key="qwen2.5-1.5b-instruct-q4_k_m",
        name="Qwen2.5 1.5B Instruct (Q4_K_M)",
        repo="ThomasBaruzier/Qwen2.5-1.5B-Instruct-GGUF",
        revision="4726ad0ad99c0b090bff85a0a967b7294a3fa381",
        filename="Qwen2.5-1.5B-Instruct-Q4_K_M.gguf",
        size_bytes=986_048_736,
        sha256="78912c35a285c921468fc48e9956b9a71f4f2e53e9b44905878cd94a2f3ab9b1",
        licence="Apache-2.0",
        licence_url="https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct/blob/main/LICENSE",
        recommended=True,
    ),
    CatalogueModel(
        key="qwen2.5-3b-instruct-q4_k_m",
        name="Qwen2.5 3B Instruct (Q4_K_M)",
        repo="Qwen/Qwen2.5-3B-Instruct-GGUF",
        filename="qwen2.5-3b-instruct-q4_k_m.gguf",
        size_bytes=2_100_000_000,
        licence="Qwen Research License",
        licence_url="https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE",
    ),
    CatalogueModel(
        key="gemma-3-1b-it-q4_k_m",
        name="Gemma 3 1B it (Q4_K_M)",
        repo="unsloth/gemma-3-1b-it-GGUF",
        filename="gemma-3-1b-it-Q4_K_M.gguf",
        size_bytes=806_000_000,
        licence="Gemma Terms of Use",
        licence_url="https://ai.google.dev/gemma/terms",
    ),
)
BY_KEY = {m.key: m for m in CATALOGUE}
DEFAULT_MODEL = next(m.key for m in CATALOGUE if m.recommended)


def check_gguf(path: Path) -> None:
    """Raise LLMError("builtin_bad_model") unless ``path`` starts like a GGUF model file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(24)
    except OSError as exc:
        raise LLMError("builtin_bad_model", path=str(path), detail=exc.strerror or str(exc)) from exc
    if len(head) < 24 or head[:4] != GGUF_MAGIC:
        raise LLMError("builtin_bad_model", path=str(path), detail="not a GGUF file")
    version, tensors, _kv = struct.unpack("<IQQ", head[4:24])
    if version not in GGUF_VERSIONS or tensors == 0:
        raise LLMError(
            "builtin_bad_model", path=str(path), detail=f"GGUF version {version}, {tensors} tensors"
        )


class ModelStore:
    """Catalogue models in ``<data>/models/llm``: ``NAME.gguf`` with ``NAME.gguf.download.json``
    (written last, so a model without it is not installed)."""

    def __init__(
        self,
        root: Path | None = None,
        fetcher: Fetcher | None = None,
        catalogue: dict[str, CatalogueModel] | None = None,
    ) -> None:
        self._root = root
        self._fetcher = fetcher
        self.catalogue = catalogue if catalogue is not None else BY_KEY

    @property
    def root(self) -> Path:
        return self._root or paths.models_dir() / "llm"

    def path(self, key: str) -> Path:
        return self.root / self.catalogue[key].filename

    def is_installed(self, key: str) -> bool:
        return self.problem(key) is None

    def problem(self, key: str) -> str | None:
        """Why the catalogue model ``key`` cannot be used from the store, or None."""
        if key not in self.catalogue:
            return "not in the catalogue"
        path = self.path(key)
        try:
            manifest = json.loads(path.with_name(path.name + MANIFEST_SUFFIX).read_text(encoding="utf-8"))
            if path.stat().st_size != int(manifest["size"]):
                return "incomplete"
        except (OSError, ValueError, KeyError, TypeError):
            return "not downloaded"
        return None

    def resolve(self, ref: str) -> Path:
        """The GGUF file the setting ``ref`` names: a catalogue key (in the store) or a file path."""
        ref = ref.strip()
        if not ref:
            raise LLMError("builtin_no_model")
        if ref in self.catalogue:
            entry = self.catalogue[ref]
            if not self.is_installed(ref):
                raise LLMError("builtin_not_downloaded", model=entry.name, size=entry.size_mb, model_key=ref)
            return self.path(ref)
        path = Path(os.path.expanduser(ref))
        if not path.is_file():
            raise LLMError("builtin_missing", path=str(path))
        return path

    def download(self, key: str, callbacks: DownloadCallbacks) -> Path:
        """Download the catalogue model ``key`` after ``callbacks.consent``; raises
        DownloadCancelled (declined or cancelled) or LLMError("builtin_download")."""
        model = self.catalogue[key]
        fetcher = self._fetcher or HubFetcher(revision=model.revision)
        size, sha = model.size_bytes, model.sha256
        if not model.pinned:
            # The hub's own listing: the exact size, and the SHA-256 of its LFS object.
            try:
                listed = {name: (n, s) for name, n, s in fetcher.files(model.repo)}
            except Exception as exc:  # network errors come in many types
                raise LLMError("builtin_download", model=model.name, detail=str(exc)) from exc
            if model.filename not in listed:
                raise LLMError("builtin_download", model=model.name, detail=f"{model.filename} is not listed")
            size, sha = listed[model.filename]
        if not callbacks.consent(model.name, size):
            raise DownloadCancelled(f"the download of {model.name} was declined")
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # A model already there stays usable until a complete, checked file replaces it.
        manifest = target.with_name(target.name + MANIFEST_SUFFIX)

        def header(part: Path) -> None:
            try:
                check_gguf(part)
            except LLMError as exc:
                raise DownloadFailed(f"{model.filename} is not a GGUF model file") from exc

        try:
            got, digest = fetch_file(
                fetcher.stream(model.repo, model.filename),
                target,
                expected_size=size,
                expected_sha=sha,
                callbacks=callbacks,
                progress=Progress(size),
                check=header,
            )
        except DownloadCancelled:
            raise
        except Exception as exc:
            raise LLMError("builtin_download", model=model.name, detail=str(exc)) from exc
        record: dict[str, Any] = {
            "repo": model.repo,
            "revision": model.revision,
            "size": got,
            "sha256": digest,
            "pinned": model.pinned,
        }
        manifest.write_text(json.dumps(record), encoding="utf-8")
        return target
