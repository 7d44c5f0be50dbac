"""``docker stop/restart -s/-t`` and the shell's ``>&2``, ``2>&1``, ``>/dev/null``, as
observed on Engines 28.5 and 20.10 (tests/scenarios/20-run-stop-flags.txt)."""

from __future__ import annotations

import pytest

from coursekit import Lab
from coursekit.result import CommandResult
from tests.sim.profile_labs import BOTH, lab

EXITED = "'{{.State.Status}} {{.State.ExitCode}}'"


def with_sleepers(engine: str, *names: str) -> Lab:
    made = lab(engine)
    for name in names:
        made.sh(f"docker run -d --name {name} busybox sleep 1d")
    return made


def seconds(made: Lab, name: str) -> float:
    """How long the last stop took, read from StartedAt/FinishedAt (the simulated clock)."""
    text = made.sh(f"docker inspect -f '{{{{.State.StartedAt}}}} {{{{.State.FinishedAt}}}}' "
                   f"{name}").stdout.split()
    def at(stamp: str) -> float:
        hms = stamp[11:].rstrip("Z").split(":")
        return int(hms[0]) * 3600 + int(hms[1]) * 60 + float(hms[2])
    return at(text[1]) - at(text[0])


@BOTH
@pytest.mark.parametrize("flags", ["-t 0", "-s KILL", "-s 9", "-s SIGKILL", "-s HUP -t 0"])
def test_stop_without_waiting(engine: str, flags: str) -> None:
    """A sleep ignores TERM and HUP; KILL (on 28.5: 20.10's API 1.41 has no signal for
    stop, so it sends TERM and waits 10 s), or a 0 s timeout, ends it at once: 137."""
    made = with_sleepers(engine, "s1")
    assert made.sh(f"docker stop {flags} s1") == CommandResult("s1\n")
    assert made.sh(f"docker inspect -f {EXITED} s1").stdout == "exited 137\n"
    waited = engine == "20.10" and "-t 0" not in flags
    assert (seconds(made, "s1") >= 10) == waited


@BOTH
def test_stop_waits_the_timeout(engine: str) -> None:
    """Without flags the daemon waits 10 s before SIGKILL; ``-t 3`` waits 3 s."""
    made = with_sleepers(engine, "s1", "s2")
    made.sh("docker stop s1")
    assert seconds(made, "s1") >= 10
    made.sh("docker stop -t 3 s2")
    finished = made.sh("docker inspect -f '{{.State.FinishedAt}}' s1 s2").stdout.split()
    gap = float(finished[1][17:-1]) - float(finished[0][17:-1])
    assert 3 <= gap % 60 < 4


def test_bad_signal_is_the_daemons_error() -> None:
    """28.5, ``-s bogus``: the daemon's refusal inside stop's/restart's words; nothing stops."""
    made = with_sleepers("28.5", "s1")
    stopped = made.sh("docker stop -s bogus s1")
    restarted = made.sh("docker restart -s bogus s1")
    assert made.sh(f"docker inspect -f {EXITED} s1").stdout == "running 0\n"
    assert stopped == CommandResult("", "Error response from daemon: cannot stop container: "
                                    "s1: invalid signal: bogus\n", 1)
    assert restarted == CommandResult("", "Error response from daemon: Cannot restart "
                                      "container s1: invalid signal: bogus\n", 1)


def test_engine_20_10_ignores_the_signal() -> None:
    """20.10 never reads stop's signal: ``-s bogus`` stops (137) and restarts as plain ones."""
    made = with_sleepers("20.10", "s1")
    assert made.sh("docker stop -s bogus s1") == CommandResult("s1\n")
    assert made.sh(f"docker inspect -f {EXITED} s1").stdout == "exited 137\n"
    assert made.sh("docker restart -s bogus s1") == CommandResult("s1\n")
    assert made.sh(f"docker inspect -f {EXITED} s1").stdout == "running 0\n"


@BOTH
def test_a_negative_timeout_is_refused(engine: str) -> None:
    """``-t -1`` waits without limit (a sleep would hang the cell): one note, exit 1."""
    made = with_sleepers(engine, "s1")
    result = made.sh("docker stop -t -1 s1")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr.startswith("coursekit: `docker stop -t -1` waits without a time "
                                    "limit") and result.stderr.count("\n") == 1
    assert made.sh(f"docker inspect -f {EXITED} s1").stdout == "running 0\n"


@BOTH
def test_time_is_the_deprecated_timeout(engine: str) -> None:
    """``--time 0``: cobra's deprecation line on stdout, then the stop."""
    made = with_sleepers(engine, "s1")
    assert made.sh("docker stop --time 0 s1") == CommandResult(
        "Flag --time has been deprecated, use --timeout instead\ns1\n")


@BOTH
def test_restart_with_kill_runs_again(engine: str) -> None:
    """``restart -s KILL`` / ``-t 0``: stopped at once, running again."""
    made = with_sleepers(engine, "r1")
    assert made.sh("docker restart -s KILL r1") == CommandResult("r1\n")
    assert made.sh("docker restart -t 0 r1") == CommandResult("r1\n")
    assert made.sh(f"docker inspect -f {EXITED} r1").stdout == "running 0\n"


SCRIPT = ("echo one; echo two >&2; echo three 1>&2; >&2 echo four; echo five >/dev/null; "
          "ls /nope 2>/dev/null; ls /nope2 2>&1; echo six 2>&1 >/dev/null; "
          "ls /nope3 2>&1 >/dev/null; echo seven")
OUT = ("one\nls: /nope2: No such file or directory\nls: /nope3: No such file or directory\n"
       "seven\n")


@BOTH
def test_main_process_redirections(engine: str) -> None:
    """The main process's ``sh -c``: each command's output goes where sh sends it, and
    ``docker logs`` keeps the two streams apart."""
    made = lab(engine)
    expected = CommandResult(OUT, "two\nthree\nfour\n")
    assert made.sh(f"docker run --name x1 busybox sh -c '{SCRIPT}'") == expected
    assert made.sh("docker logs x1") == expected
    assert made.sh("docker run --name x3 busybox sh -c 'echo out; echo err >&2; exit 3'") \
        == CommandResult("out\n", "err\n", 3)


@BOTH
@pytest.mark.parametrize(("script", "expected"), [
    ("echo one; echo two >&2; ls /nope 2>&1", CommandResult(
        "one\nls: /nope: No such file or directory\n", "two\n", 1)),
    ("echo a>&2", CommandResult("", "a\n")),
    ("echo a2>&1", CommandResult("a2\n")),
    ("echo a 2>&1 1>&2 | wc -l", CommandResult("1\n")),
    ("ls /nope >/dev/null 2>&1", CommandResult("", "", 1)),
])
def test_exec_redirections(engine: str, script: str, expected: CommandResult) -> None:
    """``docker exec c sh -c`` applies redirections left to right, as busybox ash."""
    made = with_sleepers(engine, "x2")
    assert made.sh(f"docker exec x2 sh -c '{script}'") == expected


@BOTH
def test_file_redirection_is_not_simulated(engine: str) -> None:
    """``> /tmp/x``: one note, exit 1 (containers here have no files to write)."""
    made = with_sleepers(engine, "x2")
    result = made.sh("docker exec x2 sh -c 'echo hi > /tmp/x'")
    assert result.exit_code == 1 and result.stderr.startswith(
        "coursekit: redirection to or from a file (> /tmp/x) is not simulated")
