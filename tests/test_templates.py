"""Timing templates: bundled defaults, user overrides, validation with lines."""

from __future__ import annotations

from pathlib import Path

from interview_sim import paths
from interview_sim.core.templates import load_templates, load_templates_checked


def test_bundled_templates() -> None:
    templates, problems = load_templates_checked()
    assert problems == []
    assert set(templates) == {
        "self-introduction",
        "behavioral-star",
        "technical",
        "motivation",
        "tell-me-about-yourself",
    }
    # English interviews expect "Tell me about yourself" in 60-90 s.
    yourself = templates["tell-me-about-yourself"]
    assert 60 <= yourself.target_s <= yourself.max_s == 90
    intro = templates["self-introduction"]
    assert intro.target_s == 60
    assert [s.id for s in intro.sections] == ["greeting", "background", "experience", "strengths", "closing"]
    star = templates["behavioral-star"]
    assert 90 <= star.target_s <= 120
    assert [s.id for s in star.sections] == ["situation", "task", "action", "result"]
    assert templates["technical"].target_s == 60
    for template in templates.values():
        assert sum(s.budget_s for s in template.sections) == template.target_s
        assert template.max_s >= template.target_s
        assert template.label("ko") != template.label("en")


def test_section_at_follows_the_budgets() -> None:
    intro = load_templates()["self-introduction"]
    assert intro.section_at(0) == 0
    assert intro.section_at(8.5) == 1
    assert intro.section_at(59) == 4
    assert intro.section_at(300) == 4


def test_user_templates_replace_bundled_ones() -> None:
    paths.user_templates_path().write_text(
        '[[template]]\nid = "technical"\nname = "Short"\ntarget_s = 30\nmax_s = 45\n'
        '[[template.section]]\nid = "all"\nname = "All"\nbudget_s = 30\n',
        encoding="utf-8",
    )
    templates = load_templates()
    assert templates["technical"].target_s == 30
    assert templates["self-introduction"].target_s == 60


def test_invalid_template_is_reported_with_its_line(tmp_path: Path) -> None:
    user = tmp_path / "templates.toml"
    user.write_text('[[template]]\nid = "technical"\ntarget_s = -5\nmax_s = 10\n', encoding="utf-8")
    templates, problems = load_templates_checked(user=user)
    assert templates["technical"].target_s == 60  # the broken override is ignored
    assert any(p.line == 3 and "target_s" in p.message for p in problems)


def test_new_target_lengths_keep_the_users_own_templates(tmp_path: Path) -> None:
    from interview_sim.core.templates import load_file, save_user_targets

    user = tmp_path / "templates.toml"
    user.write_text(
        '[[template]]\nid = "mine"\nname = "Mine"\ntarget_s = 30\nmax_s = 40\n\n'
        '[[template.section]]\nid = "all"\nname = "All"\nbudget_s = 30\n',
        encoding="utf-8",
    )
    save_user_targets({"self-introduction": 90, "mine": 30}, user=user)
    loaded, problems = load_file(user)
    assert not problems
    by_id = {t.id: t for t in loaded}
    assert set(by_id) == {"mine", "self-introduction"}  # unchanged "mine" kept, nothing else added
    intro = by_id["self-introduction"]
    assert intro.target_s == 90 and sum(s.budget_s for s in intro.sections) == 90 and intro.max_s >= 90
    assert [s.id for s in intro.sections] == ["greeting", "background", "experience", "strengths", "closing"]
    assert 'id = "mine"' in (tmp_path / "templates.toml.bak").read_text(encoding="utf-8")


def test_a_broken_user_templates_file_is_not_overwritten(tmp_path: Path) -> None:
    import pytest

    from interview_sim.core.templates import save_user_targets

    user = tmp_path / "templates.toml"
    user.write_text('[[template]]\nid = "x"\ntarget_s = \n', encoding="utf-8")
    before = user.read_bytes()
    with pytest.raises(ValueError, match=r"templates\.toml"):
        save_user_targets({"technical": 90}, user=user)
    assert user.read_bytes() == before
