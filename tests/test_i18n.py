"""The catalogue: every key in every shipped language with the same placeholders, plural forms
chosen by the number, and every English count message right for 1 and for 2."""

from __future__ import annotations

import re
import string

import pytest

from interview_sim.i18n import LANGUAGES, PLURAL_BY, STRINGS, Text, plural_category, setting_label, tr


def forms(text: Text) -> list[str]:
    return list(text.values()) if isinstance(text, dict) else [text]


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}


def plural_keys(lang: str) -> list[str]:
    return sorted(key for key, table in STRINGS.items() if isinstance(table.get(lang), dict))


def sample_values(key: str, number: int) -> dict[str, object]:
    names = set().union(
        *(placeholders(f) for table in [STRINGS[key]] for t in table.values() for f in forms(t))
    )
    values: dict[str, object] = {name: f"<{name}>" for name in names}
    values[PLURAL_BY.get(key, "count")] = number
    return values


def test_every_key_is_in_every_language_with_the_same_placeholders() -> None:
    problems = []
    for key, table in STRINGS.items():
        if set(table) != set(LANGUAGES):
            problems.append((key, "languages", sorted(table)))
            continue
        expected = placeholders(forms(table["en"])[-1])
        for lang in LANGUAGES:
            for text in forms(table[lang]):
                if not text or placeholders(text) != expected:
                    problems.append((key, lang, text))
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_shipped_locale_loads_every_message(lang: str) -> None:
    for key in STRINGS:
        for number in (1, 2):
            text = tr(key, lang, **sample_values(key, number))
            assert text and "{" not in text.replace("{{", ""), (key, text)


def test_plural_forms_have_one_and_other_and_the_number_in_each() -> None:
    keys = plural_keys("en")
    assert len(keys) >= 15  # every English count message found so far
    for key in keys:
        table = STRINGS[key]["en"]
        assert isinstance(table, dict) and set(table) == {"one", "other"}, key
        selector = PLURAL_BY.get(key, "count")
        assert all(selector in placeholders(text) for text in table.values()), key
    assert set(PLURAL_BY) <= set(keys)  # a selector named for a message without plural forms is a slip
    assert plural_keys("ko") == []  # Korean does not inflect for number


def test_every_english_count_message_with_one_and_two() -> None:
    for key in plural_keys("en"):
        one, two = tr(key, "en", **sample_values(key, 1)), tr(key, "en", **sample_values(key, 2))
        assert one != two, key
        assert "(s)" not in one + two, key
        # The noun after the number agrees with it: "1 answer", "2 answers".
        for match in re.finditer(r"\b1 ([a-z]+)", one):
            assert not match.group(1).endswith("s") or match.group(1) in {"was"}, (key, one)
        korean = tr(key, "ko", **sample_values(key, 1)), tr(key, "ko", **sample_values(key, 2))
        assert korean[0].replace("1", "2") == korean[1], key  # one form, the number changes


def test_the_examples_the_user_sees() -> None:
    assert tr("report.count", "en", count=1) == "1 answer"
    assert tr("report.count", "en", count=2) == "2 answers"
    assert tr("report.count", "en", count=0) == "0 answers"
    assert tr("report.count", "ko", count=1) == "답변 1개"
    assert tr("history.count", "en", shown=1, total=1) == "1 of 1 answer"
    assert tr("history.count", "en", shown=1, total=3) == "1 of 3 answers"
    assert tr("history.deleted", "en", count=1) == "Deleted 1 answer."
    assert tr("restore.details", "en", created="c", version="v", files=1, size="1 KB").endswith(
        "1 file (1 KB)"
    )
    assert tr("bank.count", "en", count=1, answered=0) == "1 question · 0 with answers"
    assert tr("summary.header", "en", count=2, score=50, total="1:00").startswith("2 answers")


def test_no_plain_english_message_counts_without_plural_forms() -> None:
    """A count message added later as a plain string ("{count} answers") would say "1 answers"."""
    counted = re.compile(r"\{(count|files|total)\}\)? [a-z]+s\b|[a-z]\(s\)")
    plain = [
        key for key, table in STRINGS.items() if isinstance(table["en"], str) and counted.search(table["en"])
    ]
    assert plain == []


def test_plural_categories_follow_cldr() -> None:
    assert plural_category("en", 1) == "one"
    for other in (0, 2, 11, 1.0, 1.5, True, None, "1"):
        assert plural_category("en", other) == "other", other
    assert plural_category("ko", 1) == "other"


def test_setting_labels_come_from_the_catalogue() -> None:
    assert setting_label("input_device", "ko") == "마이크"
    assert setting_label("input_device", "en") == "Microphone"
    assert setting_label("no_such_setting", "en") == "setting.no_such_setting"  # visible, not a crash


def test_the_catalogue_is_its_parts_merged_with_each_key_in_one_part() -> None:
    # The tables are kept by area (interview_sim/i18n/*.py); a key written into two parts would
    # silently lose one text in the merge.
    from interview_sim import i18n

    seen: dict[str, str] = {}
    twice = []
    for area in i18n.AREAS:
        assert area.STRINGS, area.__name__
        for key in area.STRINGS:
            if key in seen:
                twice.append((key, seen[key], area.__name__))
            seen[key] = area.__name__
    assert twice == []
    assert list(seen) == list(STRINGS) and all(STRINGS[k] is not None for k in seen)
    # The areas hold what their names say, by the key's first part.
    assert seen["review.reference_n"].endswith(".review") and seen["settings.title"].endswith(".settings")
    assert seen["report.rate_ko"].endswith(".report") and seen["llm.error.http"].endswith(".ai")
