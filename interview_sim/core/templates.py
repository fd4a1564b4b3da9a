"""Timing templates: target length, maximum and per-section budgets for each kind of answer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.core.files import write_file
from interview_sim.core.tomlfile import (
    Entry,
    Problem,
    parse_entries,
    read_text,
    toml_inline_table,
    toml_string,
)

TEMPLATES_FILE = "templates.toml"
# Budgets are whole seconds in the file; a small slack lets people round.
_SUM_TOLERANCE_S = 1.0


@dataclass(frozen=True)
class Section:
    id: str
    name: dict[str, str]
    budget_s: float

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name.get("en") or self.id


@dataclass(frozen=True)
class Template:
    id: str
    name: dict[str, str]
    target_s: float
    max_s: float
    sections: tuple[Section, ...]
    file: str = ""
    line: int = 0

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name.get("en") or self.id

    def section_at(self, elapsed_s: float) -> int:
        """Index of the section a speaker on plan would be in after ``elapsed_s`` seconds."""
        boundary = 0.0
        for index, section in enumerate(self.sections):
            boundary += section.budget_s
            if elapsed_s < boundary:
                return index
        return len(self.sections) - 1

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": dict(self.name),
            "target_s": self.target_s,
            "max_s": self.max_s,
            "sections": [{"id": s.id, "name": dict(s.name), "budget_s": s.budget_s} for s in self.sections],
        }


def load_file(path: Path) -> tuple[list[Template], list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return [], problems
    entries, _document, problems = parse_entries(text, str(path), "template")
    templates = []
    for entry in entries:
        template, entry_problems = _template(entry, str(path))
        problems.extend(entry_problems)
        if template is not None:
            templates.append(template)
    return templates, problems


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _name(value: Any) -> dict[str, str] | None:
    if isinstance(value, str):
        return {"ko": value, "en": value}
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    return None


def _template(entry: Entry, where: str) -> tuple[Template | None, list[Problem]]:
    data = entry.data
    problems: list[Problem] = []
    template_id = data.get("id")
    if not isinstance(template_id, str) or not template_id.strip():
        return None, [Problem(where, entry.line_of("id"), "template needs an 'id'")]
    name = _name(data.get("name", template_id))
    target, maximum = _number(data.get("target_s")), _number(data.get("max_s"))
    if name is None:
        problems.append(
            Problem(where, entry.line_of("name"), f"{template_id}: 'name' must be text or {{ko=..., en=...}}")
        )
    if target is None or target <= 0:
        problems.append(
            Problem(where, entry.line_of("target_s"), f"{template_id}: 'target_s' must be a positive number")
        )
    if maximum is None or (target is not None and maximum < target):
        problems.append(
            Problem(where, entry.line_of("max_s"), f"{template_id}: 'max_s' must be a number >= target_s")
        )
    sections = []
    raw_sections = data.get("section", [])
    if not isinstance(raw_sections, list) or not raw_sections:
        problems.append(Problem(where, entry.line, f"{template_id}: needs at least one [[template.section]]"))
        raw_sections = []
    for index, raw in enumerate(raw_sections):
        line = entry.key_lines.get(f"section#{index}", entry.line)
        section_name = _name(raw.get("name", raw.get("id"))) if isinstance(raw, dict) else None
        budget = _number(raw.get("budget_s")) if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or section_name is None:
            problems.append(Problem(where, line, f"{template_id}: section needs an 'id' and a 'name'"))
        elif budget is None or budget <= 0:
            problems.append(
                Problem(where, line, f"{template_id}: section 'budget_s' must be a positive number")
            )
        else:
            sections.append(Section(raw["id"], section_name, budget))
    if problems:
        return None, problems
    assert target is not None and maximum is not None and name is not None
    total = sum(s.budget_s for s in sections)
    if abs(total - target) > _SUM_TOLERANCE_S:
        problems.append(
            Problem(
                where,
                entry.line_of("target_s"),
                f"{template_id}: section budgets add up to {total:g} s, not the target {target:g} s",
                "warning",
            )
        )
    return Template(template_id.strip(), name, target, maximum, tuple(sections), where, entry.line), problems


def load_templates(bundled: Path | None = None, user: Path | None = None) -> dict[str, Template]:
    """Bundled templates, replaced by the user's templates with the same id."""
    return load_templates_checked(bundled, user)[0]


def load_templates_checked(
    bundled: Path | None = None, user: Path | None = None
) -> tuple[dict[str, Template], list[Problem]]:
    """Like :func:`load_templates`, with the problems found on the way."""
    bundled = paths.bundled_questions_dir() / TEMPLATES_FILE if bundled is None else bundled
    user = paths.user_templates_path() if user is None else user
    templates: dict[str, Template] = {}
    problems: list[Problem] = []
    for path in (bundled, user):
        if not path.exists():
            if path == bundled:
                problems.append(Problem(str(path), 0, "the bundled timing templates are missing"))
            continue
        loaded, file_problems = load_file(path)
        problems.extend(file_problems)
        templates.update({t.id: t for t in loaded})
    return templates, problems


def retimed(template: Template, target_s: float) -> Template:
    """The template stretched to a new target: sections and the maximum keep their proportions."""
    factor = target_s / template.target_s
    sections = tuple(Section(s.id, s.name, max(1.0, round(s.budget_s * factor))) for s in template.sections)
    # Rounding may leave the budgets a second or two off the target; the last section absorbs it.
    drift = target_s - sum(s.budget_s for s in sections)
    last = sections[-1]
    sections = (*sections[:-1], Section(last.id, last.name, max(1.0, last.budget_s + drift)))
    maximum = max(target_s, round(template.max_s * factor))
    return Template(template.id, template.name, float(target_s), float(maximum), sections)


def templates_toml(templates: list[Template]) -> str:
    lines = [
        "# Your timing templates: each replaces the bundled template with the same id.",
        "# Written by the settings window; you can edit it by hand too.",
    ]
    for t in templates:
        lines += ["", "[[template]]", f"id = {toml_string(t.id)}", f"name = {toml_inline_table(t.name)}"]
        lines += [f"target_s = {t.target_s:g}", f"max_s = {t.max_s:g}"]
        for s in t.sections:
            lines += ["", "[[template.section]]", f"id = {toml_string(s.id)}"]
            lines += [f"name = {toml_inline_table(s.name)}", f"budget_s = {s.budget_s:g}"]
    return "\n".join(lines) + "\n"


def save_user_targets(
    targets: dict[str, float], bundled: Path | None = None, user: Path | None = None
) -> Path:
    """Write new target lengths into the user's templates file.

    The user's other templates are kept; the previous file is kept beside it as ``.bak``,
    because rewriting loses any comments the user wrote in it.
    """
    user = paths.user_templates_path() if user is None else user
    current = load_templates(bundled, user)
    own: dict[str, Template] = {}
    if user.exists():
        loaded, problems = load_file(user)
        if any(p.severity == "error" for p in problems):
            raise ValueError(f"{user}: fix the errors in this file first ({problems[0]})")
        own = {t.id: t for t in loaded}
    for template_id, target in targets.items():
        base = current.get(template_id)
        if base is None:
            raise ValueError(f"unknown template {template_id!r}")
        if base.target_s != target:
            own[template_id] = retimed(base, target)
    user.parent.mkdir(parents=True, exist_ok=True)
    if user.exists():
        backup = user.with_suffix(".toml.bak")
        backup.write_bytes(user.read_bytes())
    return write_file(user, templates_toml(list(own.values())))
