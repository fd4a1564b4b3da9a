"""English editions of questions: linked with edition_of, checked against their original."""

from __future__ import annotations

from pathlib import Path

from interview_sim.core.bank import load_bank
from interview_sim.core.review import analyze_attempt
from interview_sim.core.storage import Database
from interview_sim.core.templates import load_templates

KO = """
[[question]]
id = "network.one"
category = "network"
kind = "technical"
question = "첫 번째 질문인가요?"
keywords = ["하나", "둘", "셋"]
follow_ups = ["network.two"]

[[question.reference]]
source = "note.txt"
line = 3
text = '''
첫 번째 답
'''

[[question]]
id = "network.two"
category = "network"
kind = "technical"
question = "두 번째 질문인가요?"

[[question.reference]]
source = "note.txt"
line = 9
text = ''
"""

EN = """
[[question]]
id = "en.network.one"
edition_of = "network.one"
lang = "en"
category = "network"
kind = "technical"
question = "Is this the first question?"
keywords = ["one", "two", "three"]
follow_ups = ["en.network.two"]

[[question.reference]]
source = "note.txt"
line = 3
text = '''
The first answer.
'''

[[question]]
id = "en.network.two"
edition_of = "network.two"
lang = "en"
category = "network"
kind = "technical"
question = "Is this the second question?"

[[question.reference]]
source = "note.txt"
line = 9
text = ''
"""


def bank_of(tmp_path: Path, en: str = EN):
    folder = tmp_path / "bank"
    (folder / "en").mkdir(parents=True)
    (folder / "network.toml").write_text(KO, encoding="utf-8")
    (folder / "en" / "network.toml").write_text(en, encoding="utf-8")
    return load_bank(folder, include_user=False)


def messages(bank) -> list[str]:
    return [p.message for p in bank.problems]


def test_editions_load_into_one_bank_with_their_language(tmp_path: Path) -> None:
    bank = bank_of(tmp_path)
    assert messages(bank) == []
    assert [q.id for q in bank.select(langs=["en"])] == ["en.network.one", "en.network.two"]
    assert [q.id for q in bank.select(langs=["ko"])] == ["network.one", "network.two"]
    assert len(bank.select()) == 4
    assert bank.get("en.network.one").lang == "en"
    assert bank.get("en.network.one").edition_of == "network.one"
    assert bank.edition("network.one", "en").id == "en.network.one"
    assert bank.edition("en.network.two", "ko").id == "network.two"
    assert bank.edition("network.two", "ko").id == "network.two"


def test_a_changed_source_or_line_is_an_error(tmp_path: Path) -> None:
    bank = bank_of(tmp_path, EN.replace("line = 3", "line = 4"))
    [problem] = bank.problems
    assert problem.severity == "error"
    assert problem.path.endswith("en/network.toml") and problem.line == 2
    assert "differ from network.one's [note.txt:3]" in problem.message
    bank = bank_of(
        tmp_path / "b", EN.replace('source = "note.txt"\nline = 9', 'source = "other.txt"\nline = 9')
    )
    assert any("keep each reference's source and line" in m for m in messages(bank))


def test_follow_ups_must_point_at_the_editions(tmp_path: Path) -> None:
    bank = bank_of(tmp_path, EN.replace('follow_ups = ["en.network.two"]', 'follow_ups = ["network.two"]'))
    found = messages(bank)
    assert any("should be the en editions of network.one's: ['en.network.two']" in m for m in found)
    assert any("is in another language (ko)" in m for m in found)


def test_an_answer_where_the_original_has_none_is_an_error(tmp_path: Path) -> None:
    en = EN.replace("line = 9\ntext = ''", "line = 9\ntext = 'An answer the notes never gave.'")
    assert any("exactly where network.two does" in m for m in messages(bank_of(tmp_path, en)))


def test_english_id_needs_english_lang_and_kind_must_match(tmp_path: Path) -> None:
    en = EN.replace('id = "en.network.one"\nedition_of = "network.one"\nlang = "en"', 'id = "en.network.one"')
    bank = bank_of(tmp_path, en)
    assert any("an id starting with 'en.' is an English question" in m for m in messages(bank))
    en = EN.replace('kind = "technical"', 'kind = "behavioral"', 1)
    assert any("category/kind network/behavioral differ" in m for m in messages(bank_of(tmp_path / "b", en)))


def test_two_editions_of_one_question_and_missing_originals(tmp_path: Path) -> None:
    twin = EN.split("[[question]]")[1].replace("en.network.one", "en.network.uno")
    found = messages(bank_of(tmp_path, EN + "[[question]]" + twin))
    assert any("already has a en edition, 'en.network.one'" in m for m in found)
    orphan = EN.replace('edition_of = "network.one"', 'edition_of = "network.gone"')
    bank = bank_of(tmp_path / "b", orphan)
    assert [(p.severity, p.message) for p in bank.problems] == [
        ("warning", "en.network.one: edition of 'network.gone', which is not in the bank")
    ]


def test_the_question_language_drives_the_analysis_of_a_stored_answer(tmp_path: Path) -> None:
    """Fillers, hedges and the rate norm follow the question's language, not a guess."""
    bank = bank_of(tmp_path)
    templates = load_templates()
    db = Database.open(tmp_path / "archive.sqlite3")
    english = "Um, so basically, I think TCP is, like, one two three reliable."
    words = [{"word": w, "start": i * 0.4, "end": i * 0.4 + 0.3} for i, w in enumerate(english.split())]
    session = db.create_session()
    ids = {}
    for qid in ("en.network.one", "network.one"):
        ids[qid] = db.create_attempt(session, qid)
        db.finish_attempt(ids[qid], duration_s=6.0)
        db.add_transcript(ids[qid], "test", english, words)
    en = analyze_attempt(db.attempt(ids["en.network.one"]), bank.get("en.network.one"), templates)
    ko = analyze_attempt(db.attempt(ids["network.one"]), bank.get("network.one"), templates)
    assert en.lang == "en" and ko.lang == "ko"
    assert (en.rate.unit, ko.rate.unit) == ("words_per_minute", "syllables_per_minute")
    assert en.fillers.count >= 2  # "um", "like"
    assert en.terms and all(t.covered for t in en.terms)  # one, two, three


def test_the_users_edits_and_own_versions_do_not_break_the_editions(tmp_path: Path) -> None:
    bank_of(tmp_path)  # writes the bundled folder
    user = tmp_path / "user"
    user.mkdir()
    (user / "overrides.toml").write_text(
        "[[override]]\nid = \"network.two\"\nreference = '''My own answer.'''\n", encoding="utf-8"
    )
    (user / "mine.toml").write_text(
        ("[[question]]" + KO.split("[[question]]")[1]).replace("line = 3", "line = 30"),
        encoding="utf-8",
    )
    bank = load_bank(tmp_path / "bank", user)
    assert messages(bank) == []
    assert bank.get("network.two").answers[0].text == "My own answer."
    assert bank.get("network.one").origin == "user"


def test_the_history_filter_by_category_includes_the_english_editions(tmp_path: Path) -> None:
    from interview_sim.core.categories import category_of
    from interview_sim.core.storage import AttemptFilter

    assert category_of("en.network.tcp") == category_of("network.tcp") == "network"
    with Database.open(tmp_path / "archive.sqlite3") as db:
        session = db.create_session()
        ids = {
            qid: db.create_attempt(session, qid) for qid in ("network.tcp", "en.network.tcp", "en.os.kernel")
        }
        listed = {a.id for a in db.list_attempts(AttemptFilter(categories=("network",)))}
        assert listed == {ids["network.tcp"], ids["en.network.tcp"]}
