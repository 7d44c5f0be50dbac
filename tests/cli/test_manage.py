"""``docker rename``, ``pause``, ``unpause``, ``kill``, ``wait``, ``top``, ``logs`` and
``container prune`` through the CLI front end, on the simulator's two profiles: the
CLI's lines around the daemon's words, and the plain notes where a terminal would block."""

from __future__ import annotations

import pytest

from coursekit import Lab
from coursekit.result import CommandResult
from tests.sim.profile_labs import BOTH, lab


def _lab(engine: str, *lines: str) -> Lab:
    made = lab(engine)
    for line in lines:
        assert made.sh(line).exit_code == 0, line
    return made


UP = ("docker run -d --name ra busybox sleep 300", "docker run -d --name rb busybox sleep 300")


@BOTH
def test_rename_prints_nothing_and_failures_add_the_clis_line(engine: str) -> None:
    """Success is silent; a daemon refusal is followed by ``Error: failed to rename ...``."""
    made = _lab(engine, *UP)
    assert made.sh("docker rename ra ra2") == CommandResult()
    assert made.sh("docker ps --format '{{.Names}}'").stdout == "rb\nra2\n"
    assert made.sh("docker rename nosuch xx") == CommandResult(
        "", "Error response from daemon: No such container: nosuch\n"
        "Error: failed to rename container named nosuch\n", 1)


@BOTH
@pytest.mark.parametrize("line", ["docker rename ra ''", "docker rename ' ' rb"])
def test_rename_refuses_empty_names_itself(engine: str, line: str) -> None:
    """The CLI trims both names and refuses an empty one before asking the daemon."""
    made = _lab(engine, *UP)
    assert made.sh(line) == CommandResult("", "Error: Neither old nor new names may be "
                                          "empty\n", 1)


@BOTH
def test_rename_takes_exactly_two_arguments(engine: str) -> None:
    """cobra's ExactArgs(2) message, with the command's usage line."""
    assert lab(engine).sh("docker container rename ra") == CommandResult(
        "", "docker: 'docker container rename' requires 2 arguments\n\nUsage:  docker "
        "container rename CONTAINER NEW_NAME\n\nRun 'docker container rename --help' for "
        "more information\n", 1)


@BOTH
def test_pause_each_name_then_the_errors(engine: str) -> None:
    """Names paused go to stdout as typed, each refusal to stderr; exit 1 if any failed."""
    made = _lab(engine, *UP)
    result = made.sh("docker pause nosuch ra")
    assert result == CommandResult("ra\n", "Error response from daemon: No such container: "
                                   "nosuch\n", 1)
    status = made.sh("docker ps --format '{{.Names}} {{.Status}}'").stdout
    assert status.splitlines()[1].endswith("(Paused)")
    assert made.sh("docker ps --filter status=paused --format '{{.Names}}'").stdout == "ra\n"
    assert made.sh("docker unpause ra") == CommandResult("ra\n")


@BOTH
def test_kill_prints_names_and_wait_the_exit_code(engine: str) -> None:
    """kill: the name; wait: 137 per stopped container, the daemon's error per missing one."""
    made = _lab(engine, *UP)
    assert made.sh("docker kill ra") == CommandResult("ra\n")
    assert made.sh("docker wait ra nosuch ra") == CommandResult(
        "137\n137\n", "Error response from daemon: No such container: nosuch\n", 1)


@pytest.mark.parametrize(("engine", "message"), [
    ("28.5", "cannot kill container: ra: invalid signal: bogus"),
    ("20.10", "Invalid signal: bogus")])
def test_kill_with_a_bad_signal(engine: str, message: str) -> None:
    """A signal the daemon cannot parse is refused in each engine's words."""
    made = _lab(engine, *UP)
    assert made.sh("docker kill -s bogus ra") == CommandResult(
        "", f"Error response from daemon: {message}\n", 1)


def test_kill_of_an_unmodelled_signal_is_a_note() -> None:
    """What HUP does to nginx is not simulated: one plain note, exit 1, nothing changed."""
    made = _lab("28.5", "docker run -d --name web nginx")
    result = made.sh("docker kill -s HUP web")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("coursekit: what signal HUP does") and \
        result.stderr.endswith("the command did not run\n") and result.stderr.count("\n") == 1
    assert made.sh("docker inspect -f '{{.State.Status}}' web").stdout == "running\n"


@BOTH
def test_wait_for_a_running_container_is_a_note(engine: str) -> None:
    """A real CLI would block: the lab says so in one line and exits 1."""
    made = _lab(engine, *UP)
    result = made.sh("docker wait ra")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr.startswith("coursekit: ra is still running")


@BOTH
def test_wait_for_a_created_container_is_0(engine: str) -> None:
    """A created container counts as not running: wait answers 0 at once (observed)."""
    made = _lab(engine, "docker create --name cr busybox sleep 300")
    assert made.sh("docker wait cr") == CommandResult("0\n")


@BOTH
def test_top_table_and_refusals(engine: str) -> None:
    """The ps -ef table in tabwriter columns of 20; ps options are refused with a note."""
    made = _lab(engine, *UP)
    lines = made.sh("docker top ra").stdout.splitlines()
    assert lines[0] == ("UID                 PID                 PPID                C     "
                        "              STIME               TTY                 TIME       "
                        "         CMD")
    assert lines[1].startswith("root   ") and lines[1].endswith("   sleep 300")
    refused = made.sh("docker top ra aux")
    assert refused.exit_code == 1 and refused.stderr.startswith("coursekit: `docker top` "
                                                                "with ps options (aux)")


@BOTH
def test_logs_follow_of_a_stopped_container_returns(engine: str) -> None:
    """-f of a stopped container prints its log and returns; --details adds the space."""
    made = _lab(engine, "docker run --name lg busybox echo logged")
    assert made.sh("docker logs -f lg") == CommandResult("logged\n")
    assert made.sh("docker logs --follow --details lg") == CommandResult(" logged\n")


@BOTH
def test_logs_follow_of_a_running_container_notes_it(engine: str) -> None:
    """-f of a running container: what it printed so far, then one note."""
    made = _lab(engine, *UP)
    result = made.sh("docker logs -f ra")
    assert (result.stdout, result.exit_code) == ("", 0)
    assert result.stderr.startswith("coursekit: ra is still running")


@BOTH
@pytest.mark.parametrize("flag", ["-t", "--since 10m", "--until 2000-01-01"])
def test_unmodelled_logs_flags_are_refused(engine: str, flag: str) -> None:
    """-t, --since and --until are not simulated: one note, exit 1."""
    made = _lab(engine, "docker run --name lg busybox echo logged")
    result = made.sh(f"docker logs {flag} lg")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr.startswith("coursekit: --") and "`docker logs` did not run" in \
        result.stderr and result.stderr.count("\n") == 1


@BOTH
def test_container_prune_output(engine: str) -> None:
    """-f: the ids newest first, a blank line, the space; with nothing, the space alone."""
    made = _lab(engine, *UP, "docker kill ra rb")
    ra = made.sh("docker inspect -f '{{.Id}}' ra").stdout
    rb = made.sh("docker inspect -f '{{.Id}}' rb").stdout
    assert made.sh("docker container prune -f") == CommandResult(
        f"Deleted Containers:\n{rb}{ra}\nTotal reclaimed space: 0B\n")
    assert made.sh("docker container prune -f") == CommandResult("Total reclaimed space: 0B\n")


@BOTH
def test_container_prune_asks_and_removes_nothing(engine: str) -> None:
    """Without -f the question is printed, nobody answers, nothing is removed."""
    made = _lab(engine, "docker create --name cr busybox true")
    asked = made.sh("docker container prune")
    assert asked.stdout == ("WARNING! This will remove all stopped containers.\n"
                            "Are you sure you want to continue? [y/N] ")
    assert asked.exit_code == 0 and "docker container prune -f" in asked.stderr
    assert made.sh("docker ps -aq | wc -l").stdout.strip() == "1"


@BOTH
@pytest.mark.parametrize("path", ["docker rename", "docker pause", "docker unpause",
                                  "docker kill", "docker wait", "docker top",
                                  "docker container prune", "docker container kill"])
def test_help_is_the_clis(engine: str, path: str) -> None:
    """``--help`` prints the CLI's text, under the path typed."""
    text = lab(engine).sh(f"{path} --help").stdout
    assert text.startswith(f"Usage:  {path} ")


@BOTH
@pytest.mark.parametrize("line", ["docker container prune -f --filter until=1h",
                                  "docker network prune -f --filter label=x"])
def test_prune_filters_are_refused(engine: str, line: str) -> None:
    """``--filter`` on the prune commands is not simulated: one note, nothing removed."""
    made = _lab(engine, "docker create --name cr busybox true", "docker network create spare")
    result = made.sh(line)
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr.startswith("coursekit: --filter is not simulated in this lab, so `")
    assert made.sh("docker ps -aq | wc -l").stdout.strip() == "1"
    assert "spare" in made.sh("docker network ls").stdout
