"""Question banks: the file format, its checks, and the course's own banks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from coursekit.quiz.bank import BankError, find_bank, load_bank, load_lesson, parse_bank
from coursekit.quiz.check import check_multiple, check_numeric, check_short, check_single
from coursekit.quiz.model import (
    LabTask,
    MultipleChoice,
    Numeric,
    PredictOutput,
    QuestionBank,
    ShortAnswer,
    SingleChoice,
)

BANKS = Path(__file__).resolve().parents[2] / "notebooks" / "quizzes"
ALL_BANKS = sorted(BANKS.glob("*.json"))


def bank(*questions: dict[str, Any]) -> dict[str, Any]:
    return {"format": 1, "lesson": "99-test", "title": "t", "questions": list(questions)}


def single(**extra: Any) -> dict[str, Any]:
    q = {"id": "q1", "type": "single", "prompt": "?", "explanation": "e",
         "choices": [{"text": "a", "correct": True}, {"text": "b"}]}
    return {**q, **extra}


def test_the_example_bank_has_every_type_with_explanations_and_hints() -> None:
    """01-basics shows the course author each of the six question types."""
    b = load_lesson("01-basics")
    kinds = {type(q) for q in b}
    assert kinds == {SingleChoice, MultipleChoice, ShortAnswer, Numeric, PredictOutput, LabTask}
    assert b.lesson == "01-basics" and b.title
    assert all(q.explanation.strip() and q.hint.strip() for q in b)


@pytest.mark.parametrize("path", ALL_BANKS, ids=[p.stem for p in ALL_BANKS])
def test_every_bank_loads_and_its_own_answers_pass_its_checker(path: Path) -> None:
    """A bank whose stated answers fail its own checker would fail every learner."""
    for q in load_bank(path):
        if isinstance(q, SingleChoice):
            right = next(c.text for c in q.choices if c.correct)
            assert check_single(q, right).correct, q.id
        elif isinstance(q, MultipleChoice):
            assert check_multiple(q, [c.text for c in q.choices if c.correct]).correct, q.id
        elif isinstance(q, ShortAnswer):
            assert all(check_short(q, a).correct for a in q.answers), q.id
        elif isinstance(q, Numeric):
            assert check_numeric(q, str(q.answer)).correct, q.id


def test_the_predict_question_compares_addresses_and_resets_its_own_names() -> None:
    """ip-after-stop cleans up before it builds, so pressing it twice still works."""
    q = load_lesson("01-basics").get("ip-after-stop")
    assert isinstance(q, PredictOutput) and q.kind == "ip"
    assert q.setup[0].startswith("docker rm -f") and "pnet" in q.setup[1]
    assert "p3" in q.command


def test_task_params_become_keyword_arguments() -> None:
    """A task names a check of tasks.TASKS and its parameters."""
    q = load_lesson("01-basics").get("reach-by-name")
    assert isinstance(q, LabTask)
    assert q.checks[0].check == "reach_by_name"
    assert q.checks[0].kwargs == {"src": "c2", "dst": "c1", "probe": True}
    assert q.solution


def test_questions_are_frozen() -> None:
    """Values cannot be changed behind the widget's back."""
    q = load_lesson("01-basics").questions[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.prompt = "changed"  # type: ignore[misc]


def test_get_names_the_known_ids() -> None:
    b = parse_bank(bank(single()))
    assert b.get("q1").id == "q1" and b.ids == ("q1",) and len(b) == 1
    with pytest.raises(KeyError, match="has q1"):
        b.get("nope")


@pytest.mark.parametrize(("question", "message"), [
    (single(hnit="typo"), "unknown key 'hnit'"),
    (single(type="essay"), "type 'essay' is not one of"),
    (single(choices=[{"text": "a", "correct": True}, {"text": "b", "correct": True}]),
     "needs exactly one correct choice, has 2"),
    (single(type="multiple", choices=[{"text": "a"}]), "needs at least one correct choice"),
    (single(choices=[{"text": "a", "correct": True}, {"text": "a"}]), "same text"),
    (single(choices=[{"text": "`a`", "correct": True}]), "plain text"),
    (single(id="bad id"), "ids use letters"),
    (single(prompt=""), "'prompt' must be a non-empty string"),
    ({"id": "s", "type": "short", "prompt": "?", "answers": ["x"], "kind": "mac"},
     "kind 'mac' is not one of"),
    ({"id": "s", "type": "short", "prompt": "?", "answers": []}, "'answers' must be"),
    ({"id": "n", "type": "numeric", "prompt": "?", "answer": "12"}, "'answer' must be a number"),
    ({"id": "p", "type": "predict", "prompt": "?"}, "'command' must be"),
    ({"id": "t", "type": "task", "prompt": "?", "check": "reach_by_nmae"},
     "no check 'reach_by_nmae'"),
    ({"id": "t", "type": "task", "prompt": "?", "check": "running", "params": {"nam": "c"}},
     "check running: "),
    ({"id": "t", "type": "task", "prompt": "?"}, "give either 'check'"),
])
def test_mistakes_in_a_bank_are_named_with_the_question(question: dict[str, Any],
                                                        message: str) -> None:
    """The author learns which question is wrong and how."""
    with pytest.raises(BankError, match=message) as info:
        parse_bank(bank(question), source="99-test.json")
    assert "99-test.json" in str(info.value)


def test_duplicate_ids_and_format_version_are_refused() -> None:
    with pytest.raises(BankError, match="used twice: q1"):
        parse_bank(bank(single(), single()))
    with pytest.raises(BankError, match="format 2"):
        parse_bank({**bank(single()), "format": 2})


def test_several_checks_make_one_task() -> None:
    """`checks` lists calls that must all hold."""
    q = parse_bank(bank({"id": "t", "type": "task", "prompt": "?", "checks": [
        {"check": "running", "params": {"name": "db"}},
        {"check": "no_shared_network", "params": {"a": "app1", "b": "app2"}}]})).questions[0]
    assert isinstance(q, LabTask) and [c.check for c in q.checks] == ["running",
                                                                      "no_shared_network"]


def test_file_name_must_match_the_lesson_and_json_must_parse(tmp_path: Path) -> None:
    wrong = tmp_path / "02-bridge.json"
    wrong.write_text(json.dumps(bank(single())))
    with pytest.raises(BankError, match="expected '02-bridge'"):
        load_bank(wrong)
    broken = tmp_path / "99-test.json"
    broken.write_text("{ not json")
    with pytest.raises(BankError, match="not valid JSON"):
        load_bank(broken)


def test_banks_are_found_through_COURSEKIT_QUIZZES_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An instructor's own folder of banks wins over the course's."""
    (tmp_path / "99-test.json").write_text(json.dumps(bank(single())))
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(tmp_path))
    assert find_bank("99-test") == tmp_path / "99-test.json"
    assert isinstance(load_lesson("99-test"), QuestionBank)
    with pytest.raises(FileNotFoundError, match="no question bank 98-none.json"):
        find_bank("98-none")
