"""Question banks: the file format, where the files are, and loading with checks.

A lesson's questions live in one JSON file, ``notebooks/quizzes/<lesson>.json``
(JSON because Python 3.10 reads it without a new dependency). The course author
writes these; the notebooks only say which ones to show::

    {
      "format": 1,
      "lesson": "01-basics",             // must equal the file name without .json
      "title": "Basics: networks and modes",
      "questions": [ QUESTION, ... ]     // shown and scored in this order
    }

(JSON has no comments; they are here for explanation only.) Every QUESTION has:

- ``id``: unique in the lesson, letters, digits, ``-`` and ``_``; the progress store
  keys answers by ``(lesson, id)``, so never reuse an id for a different question;
- ``type``: one of the six below; ``prompt``: the question (``code`` in backticks
  is shown as code);
- ``explanation``: why the answer is what it is, shown once the learner has answered;
- ``hint`` (optional): shown when the learner asks for it.

Types and their own keys:

``single`` / ``multiple`` (single or multiple choice)
    ``choices``: ``[{"text": "...", "correct": true, "why": "..."}, ...]``;
    ``correct`` defaults to false; ``why`` (optional) is shown when that choice is
    picked, so write it for the tempting wrong ones. A choice's text is shown as
    plain text (radio buttons and checkboxes take no markup: no backticks there).
    ``single`` has exactly one correct choice, ``multiple`` at least one.
``short`` (short answer)
    ``answers``: accepted answers; ``kind``: how answers are compared, one of
    ``text`` (default), ``ip``, ``cidr``, ``interface``, ``network``, ``number``,
    ``lines`` (see :mod:`coursekit.quiz.check` for what each forgives).
``numeric``
    ``answer``: a number; ``tolerance`` (default 0); ``unit`` (optional, shown).
``predict`` (predict the output)
    ``command``: one line run with ``lab.sh`` after the learner has predicted;
    ``setup`` (optional): lines run first and allowed to fail (clean up first:
    ``docker rm -f p1``, then build the situation, naming every container with
    ``--name``); setup and command run in a scratch lab that leaves the learner's lab
    as it was (:mod:`coursekit.quiz.tasks.scratch`), again at each press while the
    command fails; ``kind``: as for
    ``short``, applied to both the prediction and the real output; ``allow_failure``
    (default false): compare with stdout and stderr even when the command fails
    (for questions about error messages). Otherwise a failing command means the lab
    is not ready and the learner may check again.
``task`` (lab task)
    ``check``: the name of a check in :data:`coursekit.quiz.tasks.TASKS`, and
    ``params``: its keyword arguments (``{"src": "c2", "dst": "c1"}``); or ``checks``:
    a list of ``{"check": ..., "params": ...}`` that must all hold. ``solution``
    (optional): command lines that do it, shown in instructor mode.

:func:`load_bank` checks all of this and names the file and question of any
mistake (an unknown key, a misspelt check, a ``single`` with two right answers).

A bank is shown in the kernel's language (:func:`coursekit.i18n.current`, or ``lang``):
its texts (titles, prompts, choices' text and why, explanations, hints) come from the
lesson's catalog (:func:`coursekit.i18n.sources.domain_of_lesson`), each falling back to
the English; answers, commands, setups and checks are data and stay as written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from coursekit.i18n import current, resolve, translate
from coursekit.i18n.sources import domain_of_lesson
from coursekit.i18n.units import translate_json
from coursekit.quiz.model import (
    KINDS,
    Choice,
    LabTask,
    MultipleChoice,
    Numeric,
    PredictOutput,
    Question,
    QuestionBank,
    ShortAnswer,
    SingleChoice,
    TaskCall,
)
from coursekit.quiz.tasks import validate_call

FORMAT = 1
_COMMON = {"id", "type", "prompt", "explanation", "hint"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class BankError(ValueError):
    """A question bank that cannot be used; the message names the file and question."""


def bank_dirs() -> list[Path]:
    """Where banks are looked for: ``$COURSEKIT_QUIZZES``, ``./quizzes``, the course's own."""
    dirs = [Path(p) for p in os.environ.get("COURSEKIT_QUIZZES", "").split(os.pathsep) if p]
    dirs.append(Path.cwd() / "quizzes")
    dirs.append(Path(__file__).resolve().parents[2] / "notebooks" / "quizzes")
    return dirs


def find_bank(lesson: str) -> Path:
    """The file of ``lesson`` (``01-basics`` -> ``.../quizzes/01-basics.json``)."""
    for folder in bank_dirs():
        path = folder / f"{lesson}.json"
        if path.is_file():
            return path
    searched = ", ".join(str(d) for d in bank_dirs())
    raise FileNotFoundError(f"no question bank {lesson}.json in {searched}")


def load_lesson(lesson: str, lang: str | None = None) -> QuestionBank:
    """Load the bank of ``lesson`` from the first folder of :func:`bank_dirs` that has it,
    in ``lang`` (None: the kernel's language)."""
    return load_bank(find_bank(lesson), lang)


def load_bank(path: str | os.PathLike[str], lang: str | None = None) -> QuestionBank:
    """Read and check one bank file, its texts in ``lang`` (None: the kernel's language,
    :func:`coursekit.i18n.current`); :class:`BankError` names any mistake."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BankError(f"{path.name}: not valid JSON: {exc}") from exc
    bank = parse_bank(data, source=path.name)
    if bank.lesson != path.stem:
        raise BankError(f"{path.name}: lesson is {bank.lesson!r}, expected {path.stem!r}")
    chosen = current() if lang is None else resolve(lang)
    if chosen == "en":
        return bank
    domain = domain_of_lesson(bank.lesson)
    texts = translate_json(data, lambda text: translate(domain, text, chosen))
    try:
        return parse_bank(texts, source=f"{path.name} ({chosen}, {domain}.po)")
    except BankError as exc:  # the English is fine: a translation broke a rule
        raise BankError(f"{exc}: fix the translation") from exc


def parse_bank(data: Any, source: str = "<bank>") -> QuestionBank:
    """Build a bank from already-parsed JSON ``data``."""
    if not isinstance(data, dict):
        raise BankError(f"{source}: the top level must be an object")
    _check_keys(data, {"format", "lesson", "title", "questions"}, source)
    if data.get("format", FORMAT) != FORMAT:
        raise BankError(f"{source}: format {data['format']!r} is not {FORMAT}")
    questions = tuple(_parse_question(q, source) for q in _list(data, "questions", source))
    ids = [q.id for q in questions]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise BankError(f"{source}: question ids used twice: {', '.join(dupes)}")
    return QuestionBank(_str(data, "lesson", source), str(data.get("title", "")), questions)


def _parse_question(raw: Any, source: str) -> Question:
    if not isinstance(raw, dict):
        raise BankError(f"{source}: every question must be an object, got {raw!r}")
    where = f"{source}, question {raw.get('id', '?')!r}"
    kind = raw.get("type")
    if kind not in _PARSERS:
        raise BankError(f"{where}: type {kind!r} is not one of {', '.join(_PARSERS)}")
    keys, parse = _PARSERS[str(kind)]
    _check_keys(raw, _COMMON | keys, where)
    if not _ID.match(_str(raw, "id", where)):
        raise BankError(f"{where}: ids use letters, digits, - and _ only")
    common = {k: _str(raw, k, where, required=k in ("id", "prompt")) for k in
              ("id", "prompt", "explanation", "hint")}
    return parse(raw, where, common)


def _check_keys(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise BankError(f"{where}: unknown key {unknown[0]!r} (allowed: "
                        f"{', '.join(sorted(allowed))})")


def _str(raw: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = raw.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise BankError(f"{where}: {key!r} must be a non-empty string")
    return value


def _list(raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key)
    if not isinstance(value, list) or not value:
        raise BankError(f"{where}: {key!r} must be a non-empty list")
    return value


def _strings(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = _list(raw, key, where) if key in raw else []
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise BankError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(values)


def _kind(raw: Mapping[str, Any], where: str) -> str:
    kind = raw.get("kind", "text")
    if kind not in KINDS:
        raise BankError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    return str(kind)


def _choices(raw: Mapping[str, Any], where: str, single: bool) -> tuple[Choice, ...]:
    choices = []
    for item in _list(raw, "choices", where):
        if not isinstance(item, dict):
            raise BankError(f"{where}: each choice is an object with text, correct, why")
        _check_keys(item, {"text", "correct", "why"}, where)
        choices.append(Choice(_str(item, "text", where), bool(item.get("correct", False)),
                              _str(item, "why", where, required=False)))
    right = sum(c.correct for c in choices)
    if (single and right != 1) or right == 0:
        need = "exactly one" if single else "at least one"
        raise BankError(f"{where}: needs {need} correct choice, has {right}")
    if len({c.text for c in choices}) != len(choices):
        raise BankError(f"{where}: two choices have the same text")
    if any("`" in c.text for c in choices):
        raise BankError(f"{where}: choice texts are plain text; remove the backticks")
    return tuple(choices)


def _number(raw: Mapping[str, Any], key: str, where: str, default: float | None) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BankError(f"{where}: {key!r} must be a number")
    return float(value)


def _task_call(raw: Any, where: str) -> TaskCall:
    if not isinstance(raw, dict) or not isinstance(raw.get("params", {}), dict):
        raise BankError(f"{where}: a check is {{\"check\": NAME, \"params\": {{...}}}}")
    _check_keys(raw, {"check", "params"}, where)
    call = TaskCall(_str(raw, "check", where), tuple(sorted(raw.get("params", {}).items())))
    problem = validate_call(call)
    if problem:
        raise BankError(f"{where}: {problem}")
    return call


def _parse_single(raw: dict[str, Any], where: str, common: dict[str, str]) -> Question:
    return SingleChoice(choices=_choices(raw, where, single=True), **common)


def _parse_multiple(raw: dict[str, Any], where: str, common: dict[str, str]) -> Question:
    return MultipleChoice(choices=_choices(raw, where, single=False), **common)


def _parse_short(raw: dict[str, Any], where: str, common: dict[str, str]) -> Question:
    q = ShortAnswer(answers=_strings(raw, "answers", where), kind=_kind(raw, where), **common)
    if not q.answers:
        raise BankError(f"{where}: 'answers' must be a non-empty list")
    return q


def _parse_numeric(raw: dict[str, Any], where: str, common: dict[str, str]) -> Question:
    return Numeric(answer=_number(raw, "answer", where, None),
                   tolerance=_number(raw, "tolerance", where, 0.0),
                   unit=_str(raw, "unit", where, required=False), **common)


def _parse_predict(raw: dict[str, Any], where: str, common: dict[str, str]) -> Question:
    return PredictOutput(command=_str(raw, "command", where),
                         setup=_strings(raw, "setup", where), kind=_kind(raw, where),
                         allow_failure=bool(raw.get("allow_failure", False)), **common)


def _parse_task(raw: dict[str, Any], where: str, common: dict[str, str]) -> Question:
    if ("check" in raw) == ("checks" in raw) or ("checks" in raw and "params" in raw):
        raise BankError(f"{where}: give either 'check' (with 'params') or 'checks'")
    items = raw["checks"] if "checks" in raw else [
        {"check": raw["check"], "params": raw.get("params", {})}]
    if not isinstance(items, list) or not items:
        raise BankError(f"{where}: 'checks' must be a non-empty list")
    return LabTask(checks=tuple(_task_call(i, where) for i in items),
                   solution=_strings(raw, "solution", where), **common)


_Parser = Callable[[dict[str, Any], str, dict[str, str]], Question]
_PARSERS: Mapping[str, tuple[set[str], _Parser]] = {
    "single": ({"choices"}, _parse_single),
    "multiple": ({"choices"}, _parse_multiple),
    "short": ({"answers", "kind"}, _parse_short),
    "numeric": ({"answer", "tolerance", "unit"}, _parse_numeric),
    "predict": ({"command", "setup", "kind", "allow_failure"}, _parse_predict),
    "task": ({"check", "checks", "params", "solution"}, _parse_task),
}
