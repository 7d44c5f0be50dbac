"""Checking answers: pure functions from (question, answer) to :class:`Feedback`.

Learners write the same thing many ways, so every comparison goes through a
normaliser chosen by the question's ``kind``:

- ``ip``: ``172.17.0.2``, ``172.17.0.2/16`` (the prefix is dropped, and said so),
  `` 172.017.0.02 `` (leading zeros) all mean 172.17.0.2; IPv6 is compressed.
- ``cidr``: a subnet; ``172.17.0.0/16``. An address with host bits set
  (``172.17.0.1/16``) is not the subnet, and the feedback says which one is meant.
- ``interface`` / ``network``: names, case-insensitive; ``eth0@if7`` means ``eth0``,
  quotes, backticks and a trailing colon (as ``ip addr`` prints ``eth0:``) are dropped.
- ``number``: ``65,533``, ``65 533``, ``65533.0``; a unit after the number is ignored.
- ``text``: whitespace collapsed, case-folded, surrounding quotes and a final period dropped.
- ``lines``: like ``text`` line by line, compared as a set (busybox ``nslookup``
  prints its answers in arrival order).

An answer that cannot be judged (nothing chosen, not an address, a lab command that
failed) gives ``Feedback(counted=False)``: the widget says what to fix and does not
record an attempt.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

from coursekit.quiz.model import (
    MultipleChoice,
    Numeric,
    PredictOutput,
    Question,
    ShortAnswer,
    SingleChoice,
)
from coursekit.result import CommandResult

EMPTY_WORDS = frozenset({"", "empty", "(empty)", "nothing", "(nothing)", "blank",
                         "no output", "an empty line", "empty line", "empty string"})
_QUOTES = "\"'`“”‘’"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: right or not, what to tell the learner, and why.

    ``counted`` is False when the answer could not be judged at all; such an
    attempt is neither right nor wrong and is not recorded.
    """

    correct: bool
    message: str
    explanation: str = ""
    counted: bool = True


# -- normalisers -----------------------------------------------------------------------------

def _strip(text: str) -> str:
    return " ".join(str(text).split()).strip(_QUOTES).strip()


def normalise_text(text: str) -> str:
    """Collapse whitespace, case-fold, drop surrounding quotes and a final period."""
    return _strip(text).casefold().rstrip(".").strip()


def normalise_name(text: str) -> str:
    """An interface or network name: ``ETH0@if7:`` -> ``eth0``."""
    name = _strip(text).rstrip(":").strip(_QUOTES).casefold()
    return re.sub(r"@if\d+$", "", name)


def normalise_ip(text: str) -> str | None:
    """The address in ``text`` (prefix dropped, leading zeros removed), or None."""
    raw = _strip(text).rstrip(".").strip(_QUOTES).split("/", 1)[0].strip()
    parts = raw.split(".")
    if len(parts) == 4 and all(p.isdigit() and len(p) <= 3 for p in parts):
        raw = ".".join(str(int(p)) for p in parts)
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def normalise_cidr(text: str) -> tuple[str, bool] | None:
    """``(subnet, exact)``: the subnet ``text`` lies in, and whether it was written as one."""
    raw = _strip(text).rstrip(".").replace(" ", "")
    if "/" not in raw:
        return None
    try:
        iface = ipaddress.ip_interface(raw)
    except ValueError:
        return None
    return str(iface.network), iface.ip == iface.network.network_address


def parse_number(text: str) -> float | None:
    """A number as learners type it: ``65,533``, ``65 533``, ``1.5e3``, ``1500 bytes``."""
    raw = _strip(text)
    match = re.match(r"^[-+]?[\d\s,._]*\d(?:[eE][-+]?\d+)?", raw)
    if not match:
        return None
    num = match.group(0).replace(" ", "").replace("_", "")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", num):
        num = num.replace(",", "")
    num = num.replace(",", ".")
    try:
        return float(num)
    except ValueError:
        return None


def normalise(kind: str, text: str) -> str | None:
    """``text`` in the canonical spelling for ``kind``; None when it is not one."""
    if kind == "ip":
        return normalise_ip(text)
    if kind == "cidr":
        found = normalise_cidr(text)
        return found[0] if found else None
    if kind in ("interface", "network"):
        return normalise_name(text)
    if kind == "number":
        value = parse_number(text)
        return None if value is None else repr(value)
    if kind == "lines":
        return "\n".join(sorted({normalise_text(x) for x in str(text).splitlines()} - {""}))
    return normalise_text(text)


# -- choices ---------------------------------------------------------------------------------

def check_single(question: SingleChoice, chosen: str | None) -> Feedback:
    """Single choice: ``chosen`` is the text of the picked choice."""
    if chosen is None:
        return Feedback(False, "Pick one answer first.", counted=False)
    choice = next((c for c in question.choices if c.text == chosen), None)
    if choice is None:
        return Feedback(False, f"{chosen!r} is not one of the choices.", counted=False)
    if choice.correct:
        return Feedback(True, _join("Right.", choice.why), question.explanation)
    return Feedback(False, _join("Not this one.", choice.why), question.explanation)


def check_multiple(question: MultipleChoice, chosen: Iterable[str]) -> Feedback:
    """Multiple choice: right when exactly the correct choices are ticked."""
    picked = set(chosen)
    if not picked:
        return Feedback(False, "Tick at least one answer first.", counted=False)
    wrong = [c for c in question.choices if c.text in picked and not c.correct]
    missed = [c for c in question.choices if c.correct and c.text not in picked]
    if not wrong and not missed:
        return Feedback(True, "Right: exactly those.", question.explanation)
    lines = [f"Not quite: {_count(len(wrong), 'ticked answer')} wrong, "
             f"{_count(len(missed), 'right answer')} missing."]
    lines += [f"- {c.text}: {c.why}" for c in wrong if c.why]
    return Feedback(False, "\n".join(lines), question.explanation)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


# -- typed answers ---------------------------------------------------------------------------

def check_short(question: ShortAnswer, text: str) -> Feedback:
    """Short answer: compared after normalising by the question's kind."""
    if not _strip(text):
        return Feedback(False, "Type an answer first.", counted=False)
    if question.kind == "ip":
        return _check_ip(question, text)
    if question.kind == "cidr":
        return _check_cidr(question, text)
    given = normalise(question.kind, text)
    if given in {normalise(question.kind, a) for a in question.answers}:
        return Feedback(True, "Right.", question.explanation)
    return Feedback(False, f"Not {_strip(text)}.", question.explanation)


def _check_ip(question: ShortAnswer, text: str) -> Feedback:
    given = normalise_ip(text)
    if given is None:
        return Feedback(False, f"{_strip(text)!r} is not an IP address: write four numbers "
                        "0-255 separated by dots, like 192.168.1.10.", counted=False)
    note = " (the /N after an address is the subnet's prefix length, not part of the " \
        "address)" if "/" in text else ""
    if given in {normalise_ip(a) for a in question.answers}:
        return Feedback(True, f"Right: {given}.{note}", question.explanation)
    return Feedback(False, f"Not {given}.{note}", question.explanation)


def _check_cidr(question: ShortAnswer, text: str) -> Feedback:
    found = normalise_cidr(text)
    if found is None:
        return Feedback(False, f"{_strip(text)!r} is not a subnet: write an address and a "
                        "prefix length, like 10.0.0.0/24.", counted=False)
    subnet, exact = found
    if subnet not in {normalise(question.kind, a) for a in question.answers}:
        return Feedback(False, f"Not {subnet}.", question.explanation)
    if not exact:
        return Feedback(False, f"{_strip(text)} is an address inside the subnet; the subnet "
                        f"itself is written {subnet}.", question.explanation)
    return Feedback(True, f"Right: {subnet}.", question.explanation)


def check_numeric(question: Numeric, text: str) -> Feedback:
    """Numeric: right within ``question.tolerance``."""
    value = parse_number(text)
    if value is None:
        return Feedback(False, f"{_strip(text)!r} is not a number.", counted=False)
    if abs(value - question.answer) <= question.tolerance:
        return Feedback(True, f"Right: {format_number(question.answer)}{_unit(question)}.",
                        question.explanation)
    direction = "too high" if value > question.answer else "too low"
    return Feedback(False, f"{format_number(value)} is {direction}.", question.explanation)


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _unit(question: Numeric) -> str:
    return f" {question.unit}" if question.unit else ""


# -- predict the output ----------------------------------------------------------------------

def check_prediction(question: PredictOutput, prediction: str,
                     result: CommandResult) -> Feedback:
    """Compare a prediction with what ``question.command`` really printed in the lab."""
    if result.exit_code and not question.allow_failure:
        first = (result.stderr.strip().splitlines() or [""])[0]
        return Feedback(False, f"The lab could not answer: `{question.command}` failed "
                        f"(exit code {result.exit_code}): {first}\nRun the cells above "
                        "first, then check again.", counted=False)
    actual = result.output if question.allow_failure else result.stdout
    shown = actual.strip() or "(nothing)"
    if _matches(question.kind, prediction, actual):
        return Feedback(True, f"Your prediction matches: the lab printed {shown}",
                        question.explanation)
    return Feedback(False, f"The lab printed {shown}\nYou predicted "
                    f"{_strip(prediction) or '(nothing)'}", question.explanation)


def _matches(kind: str, prediction: str, actual: str) -> bool:
    if not actual.strip():
        return normalise_text(prediction) in EMPTY_WORDS
    want = normalise(kind, actual)
    return want is not None and normalise(kind, prediction) == want


# -- what instructor mode reveals ------------------------------------------------------------

def answer_text(question: Question) -> str:
    """The expected answer in words, as instructor mode shows it."""
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return "; ".join(c.text for c in question.choices if c.correct)
    if isinstance(question, ShortAnswer):
        return " or ".join(question.answers)
    if isinstance(question, Numeric):
        tol = f" (± {format_number(question.tolerance)})" if question.tolerance else ""
        return f"{format_number(question.answer)}{_unit(question)}{tol}"
    if isinstance(question, PredictOutput):
        return f"whatever `{question.command}` prints in the lab"
    return "\n".join(question.solution) or "see the explanation"
