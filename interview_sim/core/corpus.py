"""Speech corpora: folders of recordings with their reference text, for measuring engines.

A corpus is a folder of audio files (WAV, FLAC, OGG), each with a ``.txt`` of the same name
holding what was really said, and an optional ``corpus.json`` (``{"lang": "ko"}``). The app's
own answers whose transcript the user corrected are exactly that: :func:`export_corpus` writes
them out, and ``bench/accuracy_bench.py --corpus DIR`` measures every engine against them.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from interview_sim.core.storage import SOURCE_CORRECTED, Database
from interview_sim.devices.transcript_clean import clean_text

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")


class CorpusError(Exception):
    """A corpus that cannot be written or read; the message says what and where."""


@dataclass
class CorpusItem:
    audio: Path
    reference: str
    lang: str


@dataclass
class ExportResult:
    folder: Path
    items: int
    skipped: list[str]


def export_corpus(
    db: Database,
    folder: Path,
    question_lang: dict[str, str] | None = None,
    question_text: Callable[[str], str] | None = None,
) -> ExportResult:
    """Every answer with a corrected transcript and its audio, as ``<id>.<ext>`` + ``<id>.txt``
    (and ``corpus.json`` with each item's question id, its text when ``question_text`` is given,
    and language; an answer to a generated follow-up takes that question's language). ``folder``
    must be new or empty: nothing of the user's is overwritten."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CorpusError(f"{folder}: choose a new or empty folder (it exists and is not empty)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(f"{folder}: cannot create it ({exc.strerror or exc})") from exc
    items: list[dict[str, str]] = []
    skipped: list[str] = []
    generated_lang = {str(row["id"]): str(row["lang"]) for row in db.generated_questions()}
    for session in db.sessions():
        for attempt in session.attempts:
            corrected = [t for t in attempt.transcripts if t.source == SOURCE_CORRECTED]
            if not corrected:
                continue
            audio = Path(attempt.audio_path) if attempt.audio_path else None
            if audio is None or not audio.is_file():
                skipped.append(f"attempt {attempt.id}: its recording is missing")
                continue
            name = f"{attempt.id:06d}"
            try:
                shutil.copyfile(audio, folder / f"{name}{audio.suffix.lower()}")
                (folder / f"{name}.txt").write_text(corrected[-1].text.strip() + "\n", encoding="utf-8")
            except OSError as exc:
                raise CorpusError(f"{folder}: cannot write the corpus ({exc.strerror or exc})") from exc
            lang = (question_lang or {}).get(attempt.question_id) or generated_lang.get(
                attempt.question_id, "ko"
            )
            item = {"name": name, "question_id": attempt.question_id, "lang": lang}
            if question_text is not None:
                item["question"] = question_text(attempt.question_id)
            items.append(item)
    langs = {item["lang"] for item in items}
    manifest = {"lang": langs.pop() if len(langs) == 1 else "mixed", "items": items}
    (folder / "corpus.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return ExportResult(folder, len(items), skipped)


def read_corpus(folder: Path) -> Iterator[CorpusItem]:
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such folder")
    manifest: dict = {}
    if (folder / "corpus.json").is_file():
        try:
            manifest = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CorpusError(f"{folder / 'corpus.json'}: not JSON ({exc})") from exc
    per_item = {i.get("name"): i.get("lang") for i in manifest.get("items", []) if isinstance(i, dict)}
    default = manifest.get("lang") if manifest.get("lang") in ("ko", "en") else "ko"
    for audio in sorted(p for p in folder.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES):
        reference = audio.with_suffix(".txt")
        if not reference.is_file():
            continue
        lang = str(per_item.get(audio.stem) or default)
        yield CorpusItem(audio, reference.read_text(encoding="utf-8").strip(), lang)


def normalize(text: str, lang: str) -> str:
    """The same normalization for every engine and the reference: Vosk's number tokens spelled
    out, case and punctuation dropped, spaces collapsed (Korean spacing is compared by CER,
    which ignores spaces)."""
    text = unicodedata.normalize("NFC", clean_text(text))
    text = re.sub(r"[^\w\s']", " ", text.casefold())
    return " ".join(text.split())
