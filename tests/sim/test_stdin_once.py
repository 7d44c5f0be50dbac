"""``-i`` without a terminal: the CLI attaches the cell's empty stdin and closes it, and a
``StdinOnce`` container's stdin closes with it (observed on Engines 28.5 and 20.10)."""

from __future__ import annotations

from coursekit import Lab
from coursekit.result import CommandResult
from tests.sim.profile_labs import BOTH, lab

STATE = ("'{{.State.Status}} {{.State.ExitCode}} {{.Config.StdinOnce}} {{.Config.OpenStdin}} "
         "{{.Config.AttachStdin}}'")


def state(made: Lab, name: str) -> str:
    return made.sh(f"docker inspect -f {STATE} {name}").stdout


@BOTH
def test_run_i_in_the_foreground_ends_at_once(engine: str) -> None:
    """``docker run -i busybox sh``: the shell reads EOF and exits 0; StdinOnce is set."""
    made = lab(engine)
    assert made.sh("docker run -i --name i1 busybox sh") == CommandResult()
    assert state(made, "i1") == "exited 0 true true true\n"
    assert made.sh("docker run -i --rm busybox cat") == CommandResult()


@BOTH
def test_detached_or_created_i_keeps_stdin_open(engine: str) -> None:
    """``run -d -i`` (no StdinOnce) and ``create -i`` + ``start`` (nobody attached): the
    shell waits on an open stdin; a later start of the run -i container waits too."""
    made = lab(engine)
    made.sh("docker run -d -i --name i2 busybox sh")
    assert state(made, "i2") == "running 0 false true false\n"
    made.sh("docker create -i --name i3 busybox sh")
    assert state(made, "i3") == "created 0 true true true\n"
    assert made.sh("docker start i3") == CommandResult("i3\n")
    assert state(made, "i3") == "running 0 true true true\n"
    made.sh("docker run -i --name i1 busybox sh")
    made.sh("docker start i1")
    assert state(made, "i1") == "running 0 true true true\n"


@BOTH
def test_start_i_closes_stdin_again(engine: str) -> None:
    """``docker start -i`` attaches the empty stdin: the shell ends at once."""
    made = lab(engine)
    made.sh("docker create -i --name i3 busybox sh")
    assert made.sh("docker start -i i3") == CommandResult()
    assert state(made, "i3") == "exited 0 true true true\n"


@BOTH
def test_run_t_alone_says_a_real_cli_would_wait(engine: str) -> None:
    """``-t`` without ``-i``: one note (a real CLI stays attached forever), still running."""
    made = lab(engine)
    result = made.sh("docker run -t --name t1 busybox sh")
    assert result.stdout == "" and result.exit_code == 0
    assert result.stderr.startswith("coursekit: a real docker CLI would stay attached to t1 "
                                    "and wait forever") and result.stderr.count("\n") == 1
    assert state(made, "t1").startswith("running ")
