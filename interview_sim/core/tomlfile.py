"""Reading our human-edited TOML files so that every problem has a file and a line, and
writing values into them so that they read back exactly.

``tomllib`` gives a line for syntax errors but forgets where each table came from. We keep
the text, find the line of every ``[[<table>]]`` header ourselves, and when a file does not
parse as a whole we parse it again one ``[[<table>]]`` block at a time, so one broken entry
costs only itself and the rest of the file still loads.

``tomllib`` cannot write; the files we write (question imports, the user's edits, templates)
are simple enough that :func:`toml_string` and friends suffice, and they are the only place
that quotes a value for TOML.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A question file is small; anything bigger than this is not one, and reading it whole would
# only waste memory and time.
MAX_FILE_BYTES = 2_000_000
# Question files use two levels ([[question.reference]]); this leaves room without risk.
MAX_KEY_DEPTH = 32

_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a file. ``line`` is 1-based, 0 when the whole file is concerned."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error": the entry is skipped; "warning": loaded anyway

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Entry:
    """One ``[[table]]`` entry with the line of its header and the lines of its keys."""

    data: dict[str, Any]
    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text (UTF-8, BOM and CRLF tolerated), or a problem saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    str(path),
                    0,
                    f"file is {size / 1e6:.1f} MB; question files over {MAX_FILE_BYTES / 1e6:.0f} MB "
                    "are not read (split it into several files)",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(str(path), 0, f"cannot read the file: {exc.strerror or exc}")]
    return decode_text(raw, str(path))


def looks_like_utf16(raw: bytes) -> bool:
    """A UTF-16 file (Windows "Unicode"): a byte-order mark, or ASCII text with every other byte NUL."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = raw[: min(len(raw), 200) // 2 * 2]
    if len(head) < 8:
        return False
    for zeros, chars in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if not any(zeros) and all(32 <= c < 127 or c in (9, 10, 13) for c in chars):
            return True
    return False


def decode_text(raw: bytes, where: str) -> tuple[str | None, list[Problem]]:
    if looks_like_utf16(raw):
        return None, [Problem(where, 1, "UTF-16 text: save the file as UTF-8")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(where, line, "binary data (NUL byte): this is not a text file")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(where, line, "not UTF-8 text (save the file as UTF-8; CP949/EUC-KR is not accepted here)")
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_entries(text: str, where: str, table: str) -> tuple[list[Entry], dict[str, Any], list[Problem]]:
    """Parse ``[[table]]`` entries from TOML text.

    Returns the entries, the document's other top-level keys, and problems. A syntax error
    makes us fall back to parsing block by block, so only the broken blocks are lost.
    """
    deep = _too_deep_key_line(text)
    if deep is not None:
        # tomllib takes time quadratic in a key's depth: 50,000 dotted parts took over a minute.
        return [], {}, [Problem(where, deep, f"key nested more than {MAX_KEY_DEPTH} levels deep")]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _parse_block_by_block(text, where, table, exc)
    except RecursionError:
        return [], {}, [Problem(where, 0, "nested too deeply to be a question file")]
    raw_entries = document.pop(table, [])
    if not isinstance(raw_entries, list):
        return [], document, [Problem(where, 0, f"'{table}' must be written as [[{table}]] tables")]
    headers = list(_header_lines(text, table))
    entries = []
    for index, data in enumerate(raw_entries):
        start = headers[index] if index < len(headers) else 1
        end = headers[index + 1] if index + 1 < len(headers) else text.count("\n") + 2
        entries.append(Entry(data, start, _key_lines(text, start, end)))
    return entries, document, []


def _parse_block_by_block(
    text: str, where: str, table: str, error: tomllib.TOMLDecodeError
) -> tuple[list[Entry], dict[str, Any], list[Problem]]:
    lines = text.split("\n")
    headers = list(_header_lines(text, table))
    problems: list[Problem] = []
    entries: list[Entry] = []
    preamble_end = headers[0] if headers else len(lines) + 1
    document: dict[str, Any] = {}
    preamble = "\n".join(lines[: preamble_end - 1])
    try:
        document = tomllib.loads(preamble)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(where, _error_line(exc, 1), f"TOML syntax error: {_error_text(exc)}"))
    except RecursionError:
        problems.append(Problem(where, 1, "nested too deeply to be a question file"))
    bounds = [*headers, len(lines) + 1]
    for start, end in itertools.pairwise(bounds):
        block = "\n".join(lines[start - 1 : end - 1])
        try:
            data = tomllib.loads(block)
        except tomllib.TOMLDecodeError as exc:
            problems.append(
                Problem(
                    where, _error_line(exc, start), f"TOML syntax error: {_error_text(exc)}; entry skipped"
                )
            )
            continue
        except RecursionError:
            problems.append(Problem(where, start, "nested too deeply; entry skipped"))
            continue
        items = data.get(table)
        if isinstance(items, list) and len(items) == 1:
            entries.append(Entry(items[0], start, _key_lines(text, start, end)))
    if not problems:  # the error was not inside any block (should not happen); report it as is
        problems.append(Problem(where, _error_line(error, 1), f"TOML syntax error: {_error_text(error)}"))
    return entries, document, problems


def _error_line(exc: tomllib.TOMLDecodeError, offset: int) -> int:
    match = _TOML_LINE.search(str(exc))
    return offset - 1 + int(match.group(1)) if match else offset


def _error_text(exc: tomllib.TOMLDecodeError) -> str:
    return _TOML_LINE.sub("", str(exc)).strip()


def _header_lines(text: str, table: str) -> Iterator[int]:
    """1-based lines of ``[[table]]`` headers (not ``[[table.sub]]``), outside multi-line strings."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]\s*(#.*)?$")
    in_string: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if in_string is None and header.match(line):
            yield number
        in_string = _string_state(line, in_string)


def _too_deep_key_line(text: str) -> int | None:
    """The first line whose key or table header has more than MAX_KEY_DEPTH dotted parts."""
    in_string: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if in_string is None:
            stripped = line.lstrip()
            if stripped.startswith("["):
                key = stripped.split("]", 1)[0]
            else:
                key = stripped.split("=", 1)[0] if "=" in stripped else ""
            if key.count(".") >= MAX_KEY_DEPTH:
                return number
        in_string = _string_state(line, in_string)
    return None


def _string_state(line: str, in_string: str | None) -> str | None:
    """Track whether a line leaves us inside a ''' or \"\"\" multi-line string."""
    position = 0
    while True:
        if in_string is None:
            candidates = [(line.find(q, position), q) for q in ("'''", '"""')]
            found = [(index, q) for index, q in candidates if index >= 0]
            comment = line.find("#", position)
            if not found:
                return None
            index, quote = min(found)
            if 0 <= comment < index:
                return None
            in_string = quote
            position = index + 3
        else:
            index = line.find(in_string, position)
            if index < 0:
                return in_string
            position = index + 3
            in_string = None


def _key_lines(text: str, start: int, end: int) -> dict[str, int]:
    """Lines of the keys in lines [start, end) of the text.

    ``key`` maps to the first line setting it; sub-table headers such as
    ``[[question.reference]]`` are recorded as ``reference#0``, ``reference#1``, ... and the
    keys inside the n-th one as ``reference#n.key``.
    """
    key_line: dict[str, int] = {}
    key_pattern = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
    sub_pattern = re.compile(r"^\s*\[\[?\s*[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\s*\]\]?\s*(#.*)?$")
    counts: dict[str, int] = {}
    prefix = ""
    in_string: str | None = None
    for offset, line in enumerate(text.split("\n")[start - 1 : end - 1]):
        if in_string is None:
            sub = sub_pattern.match(line) if offset > 0 else None
            match = key_pattern.match(line)
            if sub:
                name = sub.group(1)
                index = counts.get(name, 0)
                counts[name] = index + 1
                prefix = f"{name}#{index}."
                key_line[f"{name}#{index}"] = start + offset
                key_line.setdefault(name, start + offset)
            elif match:
                key_line.setdefault(prefix + match.group(1), start + offset)
        in_string = _string_state(line, in_string)
    return key_line


# -- writing ----------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_LITERAL_QUOTES = "'''"
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _is_control(ch: str) -> bool:
    return ch < " " or ch == "\x7f"


def toml_string(value: str) -> str:
    """``value`` as a TOML string that ``tomllib`` reads back exactly.

    Text of several lines becomes a multi-line literal string ('''), as a person would write
    it, when it can be one: no ''' inside and no control character but tab and newline (TOML
    allows no escapes there). Anything else is a basic string with every quote, backslash
    and control character escaped. A lone surrogate cannot be stored in UTF-8 at all and
    raises :class:`ValueError`.
    """
    if "\n" in value and _LITERAL_QUOTES not in value and _fits_literal(value):
        # The newline right after the opening quotes is not part of the value (TOML 1.0).
        return f"{_LITERAL_QUOTES}\n{value}{_LITERAL_QUOTES}"
    return _basic_string(value)


def _fits_literal(value: str) -> bool:
    return not any(_is_control(ch) and ch not in "\n\t" for ch in value) and not _surrogates(value)


def _surrogates(value: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def _basic_string(value: str) -> str:
    if _surrogates(value):
        raise ValueError("the text holds an unpaired surrogate, which cannot be saved as UTF-8")
    out = []
    for ch in value:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif _is_control(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    """A key as written left of ``=``: bare when it can be, else quoted on one line."""
    return key if _BARE_KEY.match(key) else _basic_string(key)


def toml_array(values: Iterable[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def toml_inline_table(values: Mapping[str, str]) -> str:
    return "{ " + ", ".join(f"{toml_key(k)} = {toml_string(v)}" for k, v in values.items()) + " }"


def toml_comment(text: str) -> list[str]:
    """``text`` as comment lines; characters a comment cannot hold become U+FFFD."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    clean = ["".join("\ufffd" if _is_control(ch) and ch != "\t" else ch for ch in line) for line in lines]
    return [f"# {line}".rstrip() for line in clean]
