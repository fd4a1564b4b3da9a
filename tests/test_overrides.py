"""The user's edits of reference answers and key terms, laid over the bank from their own folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.overrides import (
    OverrideError,
    load_overrides,
    overrides_path,
    remove_override,
    save_override,
)

BUNDLED = Path(__file__).resolve().parent.parent / "questions"


def test_edits_are_applied_on_top_of_the_bundled_bank() -> None:
    bundled = load_bank(include_user=False).get("network.tcp")
    assert bundled is not None
    save_override("network.tcp", keywords=["신뢰성", "순서 | 시퀀스 번호"])
    save_override("network.tcp", reference="TCP는 연결 지향이며\n순서를 보장한다.")
    bank = load_bank()
    edited = bank.get("network.tcp")
    assert edited is not None
    assert edited.keywords == ["신뢰성", "순서 | 시퀀스 번호"]
    assert (
        edited.answers[0].source == "user"
        and edited.answers[0].text == "TCP는 연결 지향이며\n순서를 보장한다."
    )
    assert [r.text for r in edited.references[1:]] == [r.text for r in bundled.references]
    assert bank.get("network.udp") == load_bank(include_user=False).get("network.udp")
    assert not bank.errors


def test_a_question_without_reference_gets_the_users_answer() -> None:
    question = load_bank(include_user=False).get("network.tcp-ip")
    assert question is not None and question.answers == []
    save_override("network.tcp-ip", reference="TCP/IP는 인터넷에서 쓰는 프로토콜 모음이다.")
    answered = load_bank().get("network.tcp-ip")
    assert answered is not None and [r.text for r in answered.answers] == [
        "TCP/IP는 인터넷에서 쓰는 프로토콜 모음이다."
    ]


def test_edits_survive_a_change_of_the_bundled_bank(tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    shutil.copytree(BUNDLED, bundled)
    save_override("network.tcp", keywords=["내 키워드"], reference="내 답")
    network = bundled / "network.toml"
    network.write_text(
        network.read_text(encoding="utf-8").replace("신뢰성있게", "믿을 수 있게"), encoding="utf-8"
    )
    question = load_bank(bundled).get("network.tcp")
    assert question is not None and question.keywords == ["내 키워드"] and question.answers[0].text == "내 답"
    assert "믿을 수 있게" in question.answers[1].text


def test_partial_updates_and_removal() -> None:
    save_override("os.deadlock", keywords=["교착 상태"], reference="서로 자원을 기다린다")
    save_override("os.deadlock", reference=None)  # back to the bank's references only
    overrides, problems = load_overrides()
    assert problems == [] and overrides["os.deadlock"].keywords == ["교착 상태"]
    assert overrides["os.deadlock"].reference is None
    save_override("os.deadlock", keywords=None)  # nothing left: the entry goes
    assert "os.deadlock" not in load_overrides()[0]
    save_override("network.tcp", keywords=["a"])
    assert remove_override("network.tcp") and not remove_override("network.tcp")


def test_other_edits_are_kept_and_odd_text_round_trips() -> None:
    tricky = "따옴표 ''' 와 \"큰따옴표\" \\ 백슬래시\n둘째 줄\x01\t탭"
    save_override("network.tcp", reference=tricky)
    save_override("network.udp", keywords=["데이터그램"])
    overrides, problems = load_overrides()
    assert problems == []
    assert overrides["network.tcp"].reference == tricky.replace("\x01", "")
    assert overrides["network.udp"].keywords == ["데이터그램"]


def test_a_broken_file_is_never_written_over() -> None:
    path = overrides_path()
    save_override("network.tcp", keywords=["신뢰성"])
    broken = path.read_text(encoding="utf-8") + '\n[[override]]\nid = "network.udp"\nkeywords = ["unclosed"\n'
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(OverrideError, match=r"overrides\.toml:\d+"):
        save_override("network.ip", keywords=["주소"])
    assert path.read_text(encoding="utf-8") == broken
    # The bank still loads, with the good edit applied and the broken one reported.
    bank = load_bank()
    question = bank.get("network.tcp")
    assert question is not None and question.keywords == ["신뢰성"]
    assert any("overrides.toml" in p.path for p in bank.errors)


def test_unknown_ids_are_warnings_and_the_file_is_not_a_question_file() -> None:
    save_override("network.no-such-question", keywords=["x"])
    bank = load_bank()
    assert not bank.errors
    assert any("no-such-question" in p.message and p.severity == "warning" for p in bank.problems)
    assert overrides_path().parent == paths.user_questions_dir()


def test_a_wrong_field_is_reported_with_its_line_and_the_rest_loads() -> None:
    overrides_path().write_text(
        '[[override]]\nid = "network.tcp"\nkeywords = "not a list"\n\n[[override]]\nid = "network.udp"\nreference = "내 답"\n',
        encoding="utf-8",
    )
    overrides, problems = load_overrides()
    assert list(overrides) == ["network.udp"]
    assert [(p.line, p.severity) for p in problems] == [(3, "error")] and "keywords" in problems[0].message


def test_bank_validate_checks_the_overrides_file(capsys: pytest.CaptureFixture[str]) -> None:
    from interview_sim.cli import main

    save_override("network.tcp", keywords=["신뢰성"])
    assert main(["bank", "validate", str(paths.user_questions_dir())]) == 0
    assert "1 entries loaded, 0 error(s)" in capsys.readouterr().out
    overrides_path().write_text('[[override]]\nkeywords = ["x"]\n', encoding="utf-8")
    assert main(["bank", "validate", str(overrides_path())]) == 1
    assert "overrides.toml:1: error: override needs the 'id'" in capsys.readouterr().out
