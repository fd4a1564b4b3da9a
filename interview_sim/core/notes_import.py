"""Reading a person's loose Markdown interview notes into questions.

Notes come in a few shapes, all handled by one pass over the lines:

* numbered lists whose top-level items are questions and whose indented children answer them
  (a nested item that is itself a question becomes a follow-up);
* headings whose paragraphs answer them (``####`` under an answered ``###`` is part of its
  answer; a heading with only sub-headings or a question list under it is a section title);
* ``Question? (answer)`` lines under a heading;
* a fenced code block of blocks: a question line followed by its answer lines;
* a heading such as "다른 질문" followed by a comma-separated list of topics.

The result is a list of :class:`FoundQuestion` with line numbers, plus problems for what could
not be read. Nothing here raises on odd input: every byte sequence gives a result or a problem.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from interview_sim.core.tomlfile import Problem, looks_like_utf16

MAX_NOTES_BYTES = 2 * 1024 * 1024
# Guards against pathological input: a note is read in bounded time whatever it holds.
MAX_LINES = 50_000
MAX_LINE_CHARS = 5_000
TIME_BUDGET_S = 5.0

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:(\d+)[.)]|[-*+▶•])\s+(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_ONLY = re.compile(r"^\s*[-*+]?\s*\[[^\]]*\]\([^)]*\)\s*$")
_INLINE_QA = re.compile(r"^(?P<q>[^()]{2,200}?\?)\s*(?:\((?P<a>.*?)\)?)?\s*$")
_ESCAPES = re.compile(r"\\([-*_#>`\\])")
_QUESTION_END = re.compile(
    r"(\?|？|설명|설명하라|설명하시오|설명해\s*주세요|설명해\s*보세요|설명해보세요|설명해주세요|"
    r"말해\s*보세요|말해주세요|들어\s*주세요|들어주세요|그려\s*보세요|그려보세요|만들어\s*보세요|"
    r"만들어보세요|무엇인가|무엇인가요|인가요|나요|까요|예)\s*[.!]*$"
)
_COMPARISON = re.compile(r"\s(vs\.?|VS|versus)\s|와\s*\S+의?\s*차이|과\s*\S+의?\s*차이")
_SECTION_WORDS = ("toc", "목차", "table of contents")
# Headings that introduce the notes themselves ("why I wrote this"), not interview questions.
_PREFACE_WORDS = (
    "작성 이유",
    "적게 된 이유",
    "쓰게 된 이유",
    "들어가며",
    "머리말",
    "preface",
    "introduction",
)
# A topic list item ending in "or" continues in the next item: "어려운 부분이나, 고난 역경을 ...".
_CONTINUES = ("이나", "거나", "또는", " or")


@dataclass
class FoundQuestion:
    line: int
    asked: str
    answer_lines: list[str] = field(default_factory=list)
    parent_line: int | None = None

    @property
    def answer(self) -> str:
        return clean_answer(self.answer_lines)


@dataclass
class NotesResult:
    source: str
    questions: list[FoundQuestion]
    problems: list[Problem]

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answer)


def decode_notes(raw: bytes, where: str) -> tuple[str | None, list[Problem]]:
    """Text of a notes file: UTF-8 (with or without BOM), else CP949/EUC-KR, else a problem."""
    if looks_like_utf16(raw):
        return None, [Problem(where, 1, "UTF-16 text: save the notes as UTF-8")]
    if b"\x00" in raw[:8192]:
        return None, [Problem(where, 0, "this is a binary file, not text notes")]
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig":
                first_bad = raw[: exc.start].count(b"\n") + 1
            continue
        if "\x00" in text:
            return None, [Problem(where, 0, "this is a binary file, not text notes")]
        return text.replace("\r\n", "\n").replace("\r", "\n"), []
    return None, [
        Problem(where, first_bad, "the text is neither UTF-8 nor CP949/EUC-KR; save the notes as UTF-8")
    ]


def read_notes(path: Path) -> NotesResult:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_NOTES_BYTES:
            return NotesResult(
                where,
                [],
                [
                    Problem(
                        where,
                        0,
                        f"file is {size / 1e6:.1f} MB; notes over {MAX_NOTES_BYTES / 1e6:.0f} MB are not read "
                        "(split them into several files)",
                    )
                ],
            )
        raw = path.read_bytes()
    except OSError as exc:
        return NotesResult(where, [], [Problem(where, 0, f"cannot read the file: {exc.strerror or exc}")])
    text, problems = decode_notes(raw, where)
    if text is None:
        return NotesResult(where, [], problems)
    return parse_notes(text, where)


def clean_answer(lines: list[str]) -> str:
    """Answer lines as readable text: images dropped, indentation and blank runs trimmed."""
    cleaned = [_ESCAPES.sub(r"\1", _IMAGE.sub("", line)).replace("**", "").rstrip() for line in lines]
    indents = [len(line) - len(line.lstrip()) for line in cleaned if line.strip()]
    cut = min(indents) if indents else 0
    out: list[str] = []
    for line in cleaned:
        line = line[cut:] if line[:cut].strip() == "" else line.lstrip()
        line = line.replace("\t", "    ").replace("\u3000", " ")
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    return "\n".join(out).strip()


def clean_title(text: str) -> str:
    text = _ESCAPES.sub(r"\1", _IMAGE.sub("", text)).replace("**", "").strip()
    return re.sub(r"\s+", " ", text)


def looks_like_question(text: str) -> bool:
    text = clean_title(text)
    if not text or len(text) > 200:
        return False
    return bool(_QUESTION_END.search(text))


def parse_notes(text: str, source: str) -> NotesResult:
    """Find the questions (and their answers) in notes text."""
    problems: list[Problem] = []
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        problems.append(
            Problem(source, MAX_LINES + 1, f"notes longer than {MAX_LINES} lines; the rest is not read")
        )
        lines = lines[:MAX_LINES]
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            problems.append(
                Problem(source, number, f"line longer than {MAX_LINE_CHARS} characters; cut", "warning")
            )
            lines[number - 1] = line[:MAX_LINE_CHARS]
    parser = _Parser(lines, source, problems)
    parser.run()
    return NotesResult(source, parser.found, problems)


@dataclass
class _Block:
    """A heading (or the document start) and the lines up to the next heading."""

    level: int
    title: str
    line: int
    body: list[tuple[int, str]]


class _Parser:
    def __init__(self, lines: list[str], source: str, problems: list[Problem]) -> None:
        self.lines = lines
        self.source = source
        self.problems = problems
        self.found: list[FoundQuestion] = []
        self.deadline = time.monotonic() + TIME_BUDGET_S

    def out_of_time(self, line: int) -> bool:
        if time.monotonic() > self.deadline:
            self.problems.append(
                Problem(self.source, line, "notes too complex to read in time; the rest is skipped")
            )
            return True
        return False

    def run(self) -> None:
        blocks = self._blocks()
        # The current answered ``###``-or-deeper question: deeper headings extend its answer.
        open_question: tuple[int, FoundQuestion] | None = None
        for index, block in enumerate(blocks):
            if self.out_of_time(block.line):
                return
            if block.level and open_question and block.level > open_question[0]:
                open_question[1].answer_lines.append(clean_title(block.title))
                open_question[1].answer_lines.extend(line for _, line in block.body)
                continue
            open_question = None
            title = clean_title(block.title)
            inline = self._body_questions(block)
            if block.level <= 1 or title.lower() in _SECTION_WORDS or _is_preface(title):
                continue
            if inline:
                continue  # the heading titles a list of questions
            body_text = [line for _, line in block.body if line.strip() and not _LINK_ONLY.match(line)]
            has_children = index + 1 < len(blocks) and blocks[index + 1].level > block.level
            if not body_text and block.level <= 2:
                continue  # a section title such as "## Database"
            if (
                not body_text
                and has_children
                and block.level <= 3
                and not self._children_answer(blocks, index)
            ):
                continue
            question = FoundQuestion(block.line, title, [line for _, line in block.body])
            self.found.append(question)
            if block.level >= 3:
                open_question = (block.level, question)

    def _children_answer(self, blocks: list[_Block], index: int) -> bool:
        """Do the deeper headings under block ``index`` read as parts of one answer?

        They do when they are topics with text (``#### call by value``); they do not when
        they are questions themselves (``#### 1분 자기소개`` under a section heading).
        """
        level = blocks[index].level
        children = []
        for block in blocks[index + 1 :]:
            if block.level <= level:
                break
            children.append(block)
        titles = [clean_title(b.title) for b in children if b.level == level + 1]
        if level <= 2:
            return False
        return not any(self._is_interview_topic(t) for t in titles)

    @staticmethod
    def _is_interview_topic(title: str) -> bool:
        return any(word in title for word in ("자기소개", "질문", "이유", "지원동기"))

    def _blocks(self) -> list[_Block]:
        blocks = [_Block(0, "", 1, [])]
        fence: str | None = None
        front_matter = bool(self.lines) and self.lines[0].strip() == "---"
        for number, line in enumerate(self.lines, start=1):
            if front_matter:
                if number > 1 and line.strip() == "---":
                    front_matter = False
                continue
            fence_match = _FENCE.match(line)
            if fence_match:
                marker = fence_match.group(1)
                if fence is None:
                    fence = marker
                elif fence == marker:
                    fence = None
                blocks[-1].body.append((number, line))
                continue
            heading = _HEADING.match(line) if fence is None else None
            if heading:
                blocks.append(_Block(len(heading.group(1)), heading.group(2), number, []))
            else:
                blocks[-1].body.append((number, line))
        return blocks

    # -- questions inside a block's body -----------------------------------------------------

    def _body_questions(self, block: _Block) -> bool:
        """Add the questions written inside a block's body; True if there were any."""
        before = len(self.found)
        body = block.body
        position = 0
        while position < len(body):
            number, line = body[position]
            if _FENCE.match(line):
                end = position + 1
                while end < len(body) and not _FENCE.match(body[end][1]):
                    end += 1
                self._code_block(body[position + 1 : end])
                position = end + 1
                continue
            item = _LIST_ITEM.match(line)
            if item and item.group(2) is not None and not item.group(1):
                end = self._list_end(body, position)
                self._numbered_list(body[position:end], block)
                position = end
                continue
            if block.level and self._inline_question(body, position):
                position += 1
                continue
            if block.level and self._topic_list(block, line, number):
                position += 1
                continue
            if self.found[before:]:
                self.found[-1].answer_lines.append(line)
            position += 1
        return len(self.found) > before

    def _list_end(self, body: list[tuple[int, str]], start: int) -> int:
        """End of a top-level numbered list: the first unindented line that is not an item."""
        position = start + 1
        while position < len(body):
            line = body[position][1]
            if line.strip() and not line[0].isspace():
                item = _LIST_ITEM.match(line)
                if not (item and item.group(2) is not None):
                    break
            position += 1
        return position

    def _numbered_list(self, lines: list[tuple[int, str]], block: _Block) -> None:
        """A numbered list: its top-level items are questions if most of them look like ones."""
        items: list[tuple[int, str, list[tuple[int, str]]]] = []
        for number, line in lines:
            item = _LIST_ITEM.match(line)
            if item and not item.group(1) and item.group(2) is not None:
                items.append((number, item.group(3), []))
            elif items:
                items[-1][2].append((number, line))
        votes = sum(1 for _, text, children in items if looks_like_question(text) or _has_text(children))
        if not items or votes * 2 < len(items):
            if self.found and block.level >= 3:
                self.found[-1].answer_lines.extend(line for _, line in lines)
            return
        for number, text, children in items:
            question = FoundQuestion(number, clean_title(text))
            self.found.append(question)
            self._children(question, children)

    def _children(self, parent: FoundQuestion, children: list[tuple[int, str]]) -> None:
        """An item's indented lines: its answer, with nested questions split off as follow-ups.

        A nested item is a question when it reads as one ("클래스란?") or compares two things
        and has its own answer below it ("PUT vs PATCH"). Lines after a nested question answer
        it, until the next nested question or a line less indented than it.
        """
        target = parent
        target_indent = -1
        for offset, (number, line) in enumerate(children):
            item = _LIST_ITEM.match(line)
            indent = len(line) - len(line.lstrip())
            if line.strip() and target is not parent and indent < target_indent:
                target, target_indent = parent, -1
            if item:
                text = clean_title(item.group(3))
                own = _until_sibling(children[offset + 1 :], len(item.group(1)))
                is_label = "질문" in text and len(text) <= 10
                is_question = not is_label and (
                    looks_like_question(text) or (bool(_COMPARISON.search(f" {text} ")) and _has_text(own))
                )
                if is_question:
                    target = FoundQuestion(number, text, parent_line=parent.line)
                    target_indent = len(item.group(1))
                    self.found.append(target)
                    continue
                if is_label:
                    continue  # a label such as "비교질문" over the questions nested below it
            target.answer_lines.append(line)

    def _inline_question(self, body: list[tuple[int, str]], position: int) -> bool:
        number, line = body[position]
        stripped = line.strip()
        if _LIST_ITEM.match(line) or (not stripped.endswith((")", "?", "?  ")) and "? (" not in stripped):
            return False
        match = _INLINE_QA.match(stripped)
        if not match or not looks_like_question(match.group("q")):
            return False
        question = FoundQuestion(number, clean_title(match.group("q")))
        if match.group("a"):
            question.answer_lines.append(match.group("a").strip())
        elif position + 1 < len(body):
            following = body[position + 1][1].strip()
            if following.startswith("(") and following.endswith(")"):
                question.answer_lines.append(following[1:-1].strip())
                body[position + 1] = (body[position + 1][0], "")
        self.found.append(question)
        return True

    def _topic_list(self, block: _Block, line: str, number: int) -> bool:
        """ "지원동기, 해시테이블, 성격의 장단점, ..." under a heading such as "다른 질문"."""
        if "질문" not in block.title:
            return False
        parts: list[str] = []
        for part in (part.strip() for part in line.split(",")):
            if parts and parts[-1].endswith(_CONTINUES):
                parts[-1] = f"{parts[-1]} {part}"
            else:
                parts.append(part)
        if len(parts) < 3 or any(not part or len(part) > 60 for part in parts):
            return False
        for part in parts:
            self.found.append(FoundQuestion(number, clean_title(part)))
        return True

    def _code_block(self, lines: list[tuple[int, str]]) -> None:
        """Q&A paragraphs: a question line, then answer lines until the next question line."""
        current: FoundQuestion | None = None
        previous_blank = True
        for number, line in lines:
            stripped = line.strip()
            if stripped and previous_blank and looks_like_question(stripped) and not stripped.startswith("("):
                current = FoundQuestion(number, clean_title(stripped))
                self.found.append(current)
            elif current is not None:
                current.answer_lines.append(line)
            previous_blank = not stripped


def _is_preface(title: str) -> bool:
    lowered = title.lower()
    return any(word in lowered for word in _PREFACE_WORDS)


def _has_text(lines: list[tuple[int, str]]) -> bool:
    return any(line.strip() for _, line in lines)


def _until_sibling(lines: list[tuple[int, str]], indent: int) -> list[tuple[int, str]]:
    out = []
    for number, line in lines:
        item = _LIST_ITEM.match(line)
        if item and len(item.group(1)) <= indent:
            break
        out.append((number, line))
    return out
