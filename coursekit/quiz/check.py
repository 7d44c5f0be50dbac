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

Every kind first reads the answer as a Chinese keyboard types it (:func:`fold`):
full-width digits, letters and ``．／：`` are the ASCII ones (NFKC), ``。`` is a period
and ``、`` a comma, Chinese quotes are quotes, and a sentence's closing ``。！？；，、：``
is dropped: ``１７２．１７．０．１`` and ``172.17.0.1。`` are 172.17.0.1, ``docker0。`` is docker0.

An answer that cannot be judged (nothing chosen, not an address, a lab command that
failed) gives ``Feedback(counted=False)``: the widget says what to fix and does not
record an attempt.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from coursekit.i18n import _
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
                         "no output", "an empty line", "empty line", "empty string",
                         "无", "(无)", "空", "(空)", "没有", "没有输出", "无输出", "(无输出)",
                         "空行", "空白", "什么都没有", "什么也没有", "空字符串"})
_QUOTES = "\"'`“”‘’「」『』"
_CLOSING = "。．！？；，、："
"""Chinese punctuation that ends a sentence (or a clause) and is dropped at the end."""
_CJK = str.maketrans({"。": ".", "、": ","})


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

def fold(text: str) -> str:
    """``text`` as ASCII where a Chinese keyboard typed full-width or Chinese punctuation
    (see the module docstring); ASCII text is returned as it is."""
    text = str(text)
    if text.isascii():
        return text
    text = text.rstrip().rstrip(_CLOSING + "\u3000 ")
    return unicodedata.normalize("NFKC", text).translate(_CJK)


def _strip(text: str) -> str:
    return " ".join(fold(text).split()).strip(_QUOTES).strip()


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
        return Feedback(False, _("Pick one answer first."), counted=False)
    choice = next((c for c in question.choices if c.text == chosen), None)
    if choice is None:
        return Feedback(False, _("{choice} is not one of the choices.").format(
            choice=repr(chosen)), counted=False)
    if choice.correct:
        return Feedback(True, sentences(_("Right."), choice.why), question.explanation)
    return Feedback(False, sentences(_("Not this one."), choice.why), question.explanation)


def check_multiple(question: MultipleChoice, chosen: Iterable[str]) -> Feedback:
    """Multiple choice: right when exactly the correct choices are ticked."""
    picked = set(chosen)
    if not picked:
        return Feedback(False, _("Tick at least one answer first."), counted=False)
    wrong = [c for c in question.choices if c.text in picked and not c.correct]
    missed = [c for c in question.choices if c.correct and c.text not in picked]
    if not wrong and not missed:
        return Feedback(True, _("Right: exactly those."), question.explanation)
    ticked = _("{n} ticked answer") if len(wrong) == 1 else _("{n} ticked answers")
    right = _("{n} right answer") if len(missed) == 1 else _("{n} right answers")
    lines = [_("Not quite: {wrong} wrong, {missing} missing.").format(
        wrong=ticked.format(n=len(wrong)), missing=right.format(n=len(missed)))]
    lines += [_("- {choice}: {why}").format(choice=c.text, why=c.why) for c in wrong if c.why]
    return Feedback(False, "\n".join(lines), question.explanation)


_WIDE_END = tuple("。，；：！？）」』”")
_WIDE_START = tuple("（「『“")


def sentences(*parts: str) -> str:
    """The non-empty ``parts`` joined by a space, as English sentences are; no space
    next to Chinese punctuation (``正确。`` then the why)."""
    out = ""
    for part in (p for p in parts if p):
        glue = "" if not out or out.endswith(_WIDE_END) or part.startswith(_WIDE_START) else " "
        out += glue + part
    return out


# -- typed answers ---------------------------------------------------------------------------

def check_short(question: ShortAnswer, text: str) -> Feedback:
    """Short answer: compared after normalising by the question's kind."""
    if not _strip(text):
        return Feedback(False, _("Type an answer first."), counted=False)
    if question.kind == "ip":
        return _check_ip(question, text)
    if question.kind == "cidr":
        return _check_cidr(question, text)
    given = normalise(question.kind, text)
    if given in {normalise(question.kind, a) for a in question.answers}:
        return Feedback(True, _("Right."), question.explanation)
    return Feedback(False, _("Not {answer}.").format(answer=_strip(text)), question.explanation)


def _check_ip(question: ShortAnswer, text: str) -> Feedback:
    given = normalise_ip(text)
    if given is None:
        return Feedback(False, _("{answer} is not an IP address: write four numbers 0-255 "
                                 "separated by dots, like 192.168.1.10.").format(
                                     answer=repr(_strip(text))), counted=False)
    note = _("(the /N after an address is the subnet's prefix length, not part of the "
             "address)") if "/" in fold(text) else ""
    if given in {normalise_ip(a) for a in question.answers}:
        return Feedback(True, sentences(_("Right: {address}.").format(address=given), note),
                        question.explanation)
    return Feedback(False, sentences(_("Not {answer}.").format(answer=given), note),
                    question.explanation)


def _check_cidr(question: ShortAnswer, text: str) -> Feedback:
    found = normalise_cidr(text)
    if found is None:
        return Feedback(False, _("{answer} is not a subnet: write an address and a prefix "
                                 "length, like 10.0.0.0/24.").format(
                                     answer=repr(_strip(text))), counted=False)
    subnet, exact = found
    if subnet not in {normalise(question.kind, a) for a in question.answers}:
        return Feedback(False, _("Not {answer}.").format(answer=subnet), question.explanation)
    if not exact:
        return Feedback(False, _("{answer} is an address inside the subnet; the subnet itself "
                                 "is written {subnet}.").format(answer=_strip(text),
                                                                subnet=subnet),
                        question.explanation)
    return Feedback(True, _("Right: {subnet}.").format(subnet=subnet), question.explanation)


def check_numeric(question: Numeric, text: str) -> Feedback:
    """Numeric: right within ``question.tolerance``."""
    value = parse_number(text)
    if value is None:
        return Feedback(False, _("{answer} is not a number.").format(answer=repr(_strip(text))),
                        counted=False)
    if abs(value - question.answer) <= question.tolerance:
        return Feedback(True, _("Right: {number}.").format(
            number=format_number(question.answer) + _unit(question)), question.explanation)
    wrong = _("{number} is too high.") if value > question.answer else _("{number} is too low.")
    return Feedback(False, wrong.format(number=format_number(value)), question.explanation)


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
        return Feedback(False, _("The lab could not answer: `{command}` failed (exit code "
                                 "{code}): {error}\nRun the cells above first, then check "
                                 "again.").format(command=question.command,
                                                  code=result.exit_code, error=first),
                        counted=False)
    actual = result.output if question.allow_failure else result.stdout
    nothing = _("(nothing)")
    shown = actual.strip() or nothing
    if _matches(question.kind, prediction, actual):
        return Feedback(True, _("Your prediction matches: the lab printed {output}").format(
            output=shown), question.explanation)
    return Feedback(False, _("The lab printed {output}\nYou predicted {prediction}").format(
        output=shown, prediction=_strip(prediction) or nothing), question.explanation)


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
        return _(" or ").join(question.answers)
    if isinstance(question, Numeric):
        tol = f" (± {format_number(question.tolerance)})" if question.tolerance else ""
        return f"{format_number(question.answer)}{_unit(question)}{tol}"
    if isinstance(question, PredictOutput):
        return _("whatever `{command}` prints in the lab").format(command=question.command)
    return "\n".join(question.solution) or _("see the explanation")
