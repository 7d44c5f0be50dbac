"""Checking answers: normalisation and the feedback each kind of answer gets."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit.quiz.check import (
    Feedback,
    answer_text,
    check_multiple,
    check_numeric,
    check_prediction,
    check_short,
    check_single,
    normalise,
    normalise_cidr,
    normalise_ip,
    normalise_name,
    parse_number,
)
from coursekit.quiz.model import (
    Choice,
    LabTask,
    MultipleChoice,
    Numeric,
    PredictOutput,
    ShortAnswer,
    SingleChoice,
    TaskCall,
)
from coursekit.result import CommandResult

SINGLE = SingleChoice(id="s", prompt="?", explanation="because", choices=(
    Choice("bridge, host and none", True, "the three predefined ones"),
    Choice("only bridge", False, "host and none are listed too")))
MULTI = MultipleChoice(id="m", prompt="?", explanation="why", choices=(
    Choice("a", True), Choice("b", True), Choice("c", False, "c is wrong because"),
    Choice("d", False)))


def short(kind: str, *answers: str) -> ShortAnswer:
    return ShortAnswer(id="q", prompt="?", answers=answers, kind=kind, explanation="x")


def predict(kind: str = "ip", allow_failure: bool = False) -> PredictOutput:
    return PredictOutput(id="p", prompt="?", command="docker inspect u3", kind=kind,
                         allow_failure=allow_failure, explanation="reused")


@pytest.mark.parametrize(("text", "expected"), [
    ("172.17.0.2", "172.17.0.2"), ("  172.17.0.2/16 ", "172.17.0.2"),
    ("172.017.0.02", "172.17.0.2"), ("'172.17.0.2'.", "172.17.0.2"),
    ("fe80::0001", "fe80::1"), ("172.17.0", None), ("172.17.0.256", None),
    ("eth0", None), ("", None)])
def test_normalise_ip(text: str, expected: str | None) -> None:
    """An address is recognised however it is written, and only an address."""
    assert normalise_ip(text) == expected


@given(st.ip_addresses(v=4), st.integers(0, 32), st.sampled_from(["", " ", "\t", "  "]))
def test_any_ipv4_with_prefix_and_spaces_normalises_to_itself(
        addr: ipaddress.IPv4Address, prefix: int, pad: str) -> None:
    """Whitespace around it and a /prefix after it never change which address it is."""
    assert normalise_ip(f"{pad}{addr}/{prefix}{pad}") == str(addr)


def test_normalise_cidr_tells_a_subnet_from_an_address_in_it() -> None:
    """172.17.0.0/16 is the subnet; 172.17.0.1/16 lies in it but is not written as one."""
    assert normalise_cidr("172.17.0.0/16") == ("172.17.0.0/16", True)
    assert normalise_cidr(" 172.17.0.1 / 16 ") == ("172.17.0.0/16", False)
    assert normalise_cidr("172.17.0.0") is None
    assert normalise_cidr("10.0.0.0/33") is None


def test_names_forgive_case_suffixes_and_quotes() -> None:
    """eth0@if7 as ip link prints it, ETH0:, `docker0` all name the same device."""
    assert normalise_name("ETH0@if7:") == "eth0"
    assert normalise_name("`docker0`") == "docker0"
    assert normalise_name(" 'Bridge' ") == "bridge"
    assert normalise_name("br-1a2b3c4d5e6f") == "br-1a2b3c4d5e6f"


@pytest.mark.parametrize(("text", "value"), [
    ("65533", 65533), ("65,533", 65533), ("65 533 addresses", 65533), ("65533.0", 65533),
    ("1_000", 1000), ("0,5", 0.5), ("-3", -3), ("1.5e3", 1500), ("abc", None), ("", None)])
def test_parse_number(text: str, value: float | None) -> None:
    """Numbers as learners type them: thousands separators, a unit, a decimal comma."""
    assert parse_number(text) == value


def test_text_and_lines_normalisation() -> None:
    """Text ignores case, spacing and a final period; lines are compared as a set."""
    assert normalise("text", "  Hello \n  World. ") == normalise("text", "hello world")
    assert normalise("lines", "b\na\n\n") == normalise("lines", "A\nB")
    assert normalise("number", "1,500") == normalise("number", "1500.0")


def test_single_choice_feedback() -> None:
    """The picked choice's own `why` explains the verdict; no pick is not an attempt."""
    right = check_single(SINGLE, "bridge, host and none")
    wrong = check_single(SINGLE, "only bridge")
    assert right == Feedback(True, "Right. the three predefined ones", "because")
    assert not wrong.correct and "host and none are listed too" in wrong.message
    assert check_single(SINGLE, None).counted is False
    assert check_single(SINGLE, "no such choice").counted is False


def test_multiple_choice_counts_wrong_and_missing_ticks() -> None:
    """Exactly the right set is right; otherwise the learner hears how far off they are."""
    assert check_multiple(MULTI, ["b", "a"]).correct
    partial = check_multiple(MULTI, ["a", "c"])
    assert not partial.correct
    assert "1 ticked answer wrong, 1 right answer missing" in partial.message
    assert "c is wrong because" in partial.message
    assert check_multiple(MULTI, []).counted is False


def test_short_ip_answer_accepts_a_prefix_and_says_what_it_means() -> None:
    """172.17.0.2/16 is right for 172.17.0.2, with a note about the prefix length."""
    q = short("ip", "172.17.0.2")
    fb = check_short(q, "172.17.0.2/16")
    assert fb.correct and "prefix length" in fb.message and fb.explanation == "x"
    assert check_short(q, "172.17.0.2").correct
    assert check_short(q, "172.17.0.3").message == "Not 172.17.0.3."
    invalid = check_short(q, "172.17.0")
    assert not invalid.counted and "not an IP address" in invalid.message
    assert check_short(q, "   ").counted is False


def test_short_cidr_answer_explains_an_address_given_for_a_subnet() -> None:
    """An address inside the right subnet is not the subnet; the feedback writes it out."""
    q = short("cidr", "172.17.0.0/16")
    assert check_short(q, "172.17.0.0/16").correct
    near = check_short(q, "172.17.0.1/16")
    assert not near.correct and "written 172.17.0.0/16" in near.message
    assert not check_short(q, "172.18.0.0/16").correct
    assert check_short(q, "172.17.0.0").counted is False


def test_short_names_and_text() -> None:
    """Interface and network names are compared case-insensitively, @ifN dropped."""
    assert check_short(short("interface", "docker0"), "Docker0").correct
    assert check_short(short("interface", "eth0"), "eth0@if26").correct
    assert not check_short(short("interface", "docker0"), "eth0").correct
    assert check_short(short("network", "bridge", "docker0"), "docker0").correct
    assert check_short(short("text", "a Linux bridge"), "A linux  bridge.").correct


def test_numeric_tolerance_and_direction() -> None:
    """Within tolerance is right; outside, the learner hears too high or too low."""
    q = Numeric(id="n", prompt="?", answer=65533, unit="addresses")
    assert check_numeric(q, "65,533").message == "Right: 65533 addresses."
    assert check_numeric(q, "65534").message == "65534 is too high."
    assert check_numeric(q, "65536").correct is False
    assert check_numeric(q, "many").counted is False
    loose = Numeric(id="n", prompt="?", answer=1.5, tolerance=0.1)
    assert check_numeric(loose, "1,45").correct and not check_numeric(loose, "1.7").correct


def test_prediction_is_compared_with_what_the_lab_printed() -> None:
    """The prediction is normalised like the real output; the feedback shows both."""
    out = CommandResult("10.10.0.3\n", "", 0)
    right = check_prediction(predict(), "10.10.0.3/24", out)
    wrong = check_prediction(predict(), "10.10.0.4", out)
    assert right.correct and "the lab printed 10.10.0.3" in right.message
    assert not wrong.correct and "10.10.0.3" in wrong.message and "10.10.0.4" in wrong.message
    assert wrong.explanation == "reused"


def test_prediction_of_empty_output_and_of_lines() -> None:
    """"nothing" predicts an empty output; lines compare as a set (nslookup order)."""
    assert check_prediction(predict("text"), "nothing", CommandResult("\n")).correct
    assert not check_prediction(predict("text"), "nothing", CommandResult("x\n")).correct
    assert check_prediction(predict("lines"), "b\na", CommandResult("a\nb\n")).correct


def test_a_failing_command_is_not_judged_unless_failure_is_the_point() -> None:
    """A lab that is not ready yields a not-counted verdict; allow_failure compares stderr."""
    failed = CommandResult("", "Error: No such object: u3\n", 1)
    fb = check_prediction(predict(), "172.17.0.3", failed)
    assert not fb.counted and "exit code 1" in fb.message and "No such object" in fb.message
    q = predict("text", allow_failure=True)
    ping = CommandResult("", "ping: bad address 'c1'\n", 1)
    assert check_prediction(q, "ping: bad address 'c1'", ping).correct


def test_answer_text_for_instructor_mode() -> None:
    """Every type has an answer in words."""
    task = LabTask(id="t", prompt="?", checks=(TaskCall("running", (("name", "c1"),)),),
                   solution=("docker run -d --name c1 busybox sleep 1d",))
    assert answer_text(SINGLE) == "bridge, host and none"
    assert answer_text(MULTI) == "a; b"
    assert answer_text(short("ip", "172.17.0.2", "172.17.0.3")) == "172.17.0.2 or 172.17.0.3"
    assert answer_text(Numeric(id="n", prompt="?", answer=2, tolerance=0.5)) == "2 (± 0.5)"
    assert "docker inspect u3" in answer_text(predict())
    assert answer_text(task) == "docker run -d --name c1 busybox sleep 1d"
