"""Every mistake a learner can type gets docker CLI 28.2.2's own words and exit code.

The expected texts were observed on this machine (CLI 28.2.2 against Engine 20.10.24);
``<id>`` stands for a 64-hex container or network id.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import Lab
from coursekit.backends.base import Backend
from coursekit.cli import run_line
from coursekit.profiles import ENGINE_20_10
from coursekit.result import CommandResult

sim = pytest.importorskip("coursekit.backends.sim")

Sh = Callable[[str], CommandResult]
RUN_USAGE = "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]"


@pytest.fixture
def backend() -> Backend:
    return sim.SimBackend(seed=0, profile=ENGINE_20_10)


@pytest.fixture
def sh(backend: Backend) -> Sh:
    return lambda line: run_line(backend, line)


def ids(text: str) -> str:
    return re.sub(r"\b[0-9a-f]{64}\b", "<id>", text)


def outcome(result: CommandResult) -> tuple[str, str, int]:
    return ids(result.stdout), ids(result.stderr), result.exit_code


# ---------------------------------------------------------------- commands and flags

@pytest.mark.parametrize("line, stderr, code", [
    ("docker foo", "docker: unknown command: docker foo\n\n"
                   "Run 'docker --help' for more information\n", 1),
    ("docker exe", "docker: unknown command: docker exe\n\n"
                   "Run 'docker --help' for more information\n", 1),
    ("docker exe u1 ls", "docker: unknown command: docker exe\n\n"
                         "Run 'docker --help' for more information\n", 1),
    ("docker exe -it tomcat84 bash",  # the root's flags are parsed before the command is known
     "unknown shorthand flag: 'i' in -it\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\n"
     "Run 'docker --help' for more information\n", 125),
    ("docker network foo", "docker: unknown command: docker network foo\n\n"
                           "Usage:  docker network\n\n"
                           "Run 'docker network --help' for more information\n", 1),
    ("docker network ls --foo", "unknown flag: --foo\n\nUsage:  docker network ls [OPTIONS]\n\n"
                                "Run 'docker network ls --help' for more information\n", 125),
    ("docker run --foo busybox", f"unknown flag: --foo\n\n{RUN_USAGE}\n\n"
                                 "Run 'docker run --help' for more information\n", 125),
    ("docker run -dx busybox", f"unknown shorthand flag: 'x' in -x\n\n{RUN_USAGE}\n\n"
                               "Run 'docker run --help' for more information\n", 125),
    ("docker run -d --name", f"flag needs an argument: --name\n\n{RUN_USAGE}\n\n"
                             "Run 'docker run --help' for more information\n", 125),
    ("docker --foo", "unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\n"
                     "Run 'docker --help' for more information\n", 125),
    ("docker ps -n abc", 'invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: '
                         'parsing "abc": invalid syntax\n\nUsage:  docker ps [OPTIONS]\n\n'
                         "Run 'docker ps --help' for more information\n", 125),
    ("docker create -d -a stdout busybox",
     "unknown shorthand flag: 'd' in -d\n\n"
     "Usage:  docker create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
     "Run 'docker create --help' for more information\n", 125),
])
def test_unknown_commands_and_flags(sh: Sh, line: str, stderr: str, code: int) -> None:
    """Cobra's and pflag's messages, with the usage line, exit 1 or 125."""
    assert outcome(sh(line)) == ("", stderr, code)


@pytest.mark.parametrize("line, stderr", [
    ("docker network create", "docker: 'docker network create' requires 1 argument\n\n"
     "Usage:  docker network create [OPTIONS] NETWORK\n\n"
     "Run 'docker network create --help' for more information\n"),
    ("docker network create a b", "docker: 'docker network create' requires 1 argument\n\n"
     "Usage:  docker network create [OPTIONS] NETWORK\n\n"
     "Run 'docker network create --help' for more information\n"),
    ("docker run", f"docker: 'docker run' requires at least 1 argument\n\n{RUN_USAGE}\n\n"
     "See 'docker run --help' for more information\n"),
    ("docker exec u1", "docker: 'docker exec' requires at least 2 arguments\n\n"
     "Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\n"
     "See 'docker exec --help' for more information\n"),
    ("docker network ls x", "docker: 'docker network ls' accepts no arguments\n\n"
     "Usage:  docker network ls [OPTIONS]\n\n"
     "Run 'docker network ls --help' for more information\n"),
    ("docker container list x", "docker: 'docker container ls' accepts no arguments\n\n"
     "Usage:  docker container ls [OPTIONS]\n\n"
     "Run 'docker container ls --help' for more information\n"),
    ("docker port", "docker: 'docker port' requires at least 1 and at most 2 arguments\n\n"
     "Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\n"
     "Run 'docker port --help' for more information\n"),
    ("docker images a b", "docker: 'docker images' requires at most 1 argument\n\n"
     "Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\n"
     "SRun 'docker images --help' for more information\n"),
    ("docker network rm", "docker: 'docker network rm' requires at least 1 argument\n\n"
     "Usage:  docker network rm NETWORK [NETWORK...]\n\n"
     "See 'docker network rm --help' for more information\n"),
])
def test_wrong_number_of_arguments(sh: Sh, line: str, stderr: str) -> None:
    """cli.ExactArgs / RequiresMinArgs / ... messages (``SRun`` is the CLI's typo), exit 1."""
    assert outcome(sh(line)) == ("", stderr, 1)


def test_docker_alone_and_network_alone_print_help_on_stderr(sh: Sh) -> None:
    """``docker network`` shows the group's help on stderr and exits 0."""
    result = sh("docker network")
    assert result.stdout == "" and result.exit_code == 0
    assert result.stderr.startswith("Usage:  docker network COMMAND\n\nManage networks\n")
    assert sh("docker").stderr.startswith("Usage:  docker [OPTIONS] COMMAND\n")


def test_dash_h_prints_the_deprecation_then_help(sh: Sh) -> None:
    """``docker ps -h`` prints help after pflag's deprecation line, on stdout."""
    result = sh("docker ps -h")
    assert result.stdout.startswith("Flag shorthand -h has been deprecated, use --help\n"
                                    "Usage:  docker ps [OPTIONS]\n")
    assert (result.stderr, result.exit_code) == ("", 0)


def test_version_flag(sh: Sh) -> None:
    """``docker -v`` prints the client's version line."""
    assert sh("docker -v") == CommandResult("Docker version 28.2.2, build e6534b4\n", "", 0)


def test_real_commands_outside_the_lab_get_a_plain_note(sh: Sh) -> None:
    """``docker pull`` exists in the CLI, so it is not an unknown command."""
    result = sh("docker pull nginx")
    assert result.exit_code == 1 and result.stderr.startswith("coursekit: `docker pull`")


# ---------------------------------------------------------------- the shell

def test_typo_of_docker_is_bashs_command_not_found(sh: Sh) -> None:
    """``dcoker ps`` is a shell error, exit 127."""
    assert sh("dcoker ps") == CommandResult("", "bash: dcoker: command not found\n", 127)


@pytest.mark.parametrize("line", ["docker ps && docker images", "docker ps; docker ps",
                                  "docker ps > out.txt", "docker rm -f $(docker ps -aq)"])
def test_unsupported_shell_syntax_is_a_plain_note(sh: Sh, line: str) -> None:
    """Nothing runs; a note says what is supported, exit 2."""
    result = sh(line)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("coursekit: ") and "one command per line" in result.stderr


def test_broken_quotes_are_bashs_error(sh: Sh) -> None:
    """An unterminated quote is reported as bash reports it."""
    assert sh("docker ps 'x") == CommandResult(
        "", "bash: unexpected EOF while looking for matching `''\n", 2)


def test_empty_line_prints_nothing(sh: Sh) -> None:
    assert sh("   ") == CommandResult("", "", 0)


def test_unknown_pipe_tool_runs_nothing(sh: Sh, backend: Backend) -> None:
    """``docker network create x | awk ...`` is refused before the network is created."""
    result = sh("docker network create piped | awk '{print $1}'")
    assert result.exit_code == 2
    assert all(n.name != "piped" for n in backend.networks())


# ---------------------------------------------------------------- daemon and CLI checks

def test_network_create_errors(sh: Sh) -> None:
    """Daemon errors get the daemon prefix; the CLI's own IPAM checks do not."""
    sh("docker network create dup")
    assert outcome(sh("docker network create dup")) == (
        "", "Error response from daemon: network with name dup already exists\n", 1)
    assert outcome(sh("docker network create --gateway 10.0.0.1 g1")) == (
        "", "every ip-range or gateway must have a corresponding subnet\n", 1)
    assert outcome(sh("docker network create --subnet 10.99.0.0/24 --gateway 10.98.0.1 g2")) \
        == ("", "no matching subnet for gateway 10.98.0.1\n", 1)
    assert outcome(sh("docker network create --subnet abc --gateway 1.2.3.4 g3")) == (
        "", "invalid subnet: invalid CIDR address: abc\n", 1)
    assert outcome(sh("docker network create --subnet 10.96.0.0/24 --subnet 10.96.0.0/25 g4")) \
        == ("", "multiple overlapping subnet configuration is not supported\n", 1)
    assert outcome(sh("docker network create --label =x g5"))[1:] == (
        'invalid argument "=x" for "--label" flag: invalid label \'=x\': empty name\n\n'
        "Usage:  docker network create [OPTIONS] NETWORK\n\n"
        "Run 'docker network create --help' for more information\n", 125)


def test_daemon_text_is_trimmed_as_the_go_client_does(sh: Sh) -> None:
    """The daemon's ``...predefined bridge network `` ends in a space; the CLI drops it."""
    assert outcome(sh("docker network create bridge")) == (
        "", "Error response from daemon: operation is not permitted on predefined bridge "
        "network\n", 1)


def test_network_rm_reports_each_failure_then_exit_status(sh: Sh) -> None:
    """``docker network rm n nosuch`` removes n, reports nosuch, ends with exit status 1."""
    sh("docker network create n2")
    assert outcome(sh("docker network rm n2 nosuch")) == (
        "n2\n", "Error response from daemon: network nosuch not found\nexit status 1\n", 1)
    assert outcome(sh("docker network rm bridge")) == (
        "", "Error response from daemon: bridge is a pre-defined network and cannot be "
        "removed\nexit status 1\n", 1)
    assert outcome(sh("docker network rm -f nosuch")) == ("", "", 0)


@pytest.mark.parametrize("flag, message", [
    ("-p 80848808", "invalid containerPort: 80848808"),
    ("-p 99999:80", "invalid hostPort: 99999"),
    ("--expose 80:90", "invalid port format for --expose: 80:90"),
    ("--expose abc", 'invalid range format for --expose: abc, error: strconv.ParseUint: '
                     'parsing "abc": invalid syntax'),
    ("--rm --restart always", "conflicting options: cannot specify both --restart and --rm"),
    ("--network n1 --network bridge", "conflicting options: cannot attach both user-defined "
                                      "and non-user-defined network-modes"),
])
def test_values_the_cli_checks_before_the_daemon(sh: Sh, flag: str, message: str) -> None:
    """``docker run`` and ``docker create`` print ``docker: <msg>`` and exit 125."""
    for verb in ("run", "create"):
        assert outcome(sh(f"docker {verb} {flag} busybox")) == (
            "", f"docker: {message}\n\nRun 'docker {verb} --help' for more information\n", 125)


@pytest.mark.parametrize("flag, message", [
    ("--network n1 --network n2", "Container cannot be connected to network endpoints: n1, n2"),
    ("--network n2 --network name=n1", "Container cannot be connected to network endpoints: "
                                       "n1, n2"),
    ("--network n1 --ip 10.41.0.300", "invalid IPv4 address: 10.41.0.300"),
    ("--ip ::1", "invalid IPv4 address: ::1"),
])
def test_values_the_daemon_checks(sh: Sh, backend: Backend, flag: str, message: str) -> None:
    """``--ip`` and several networks reach the backend as typed; its daemon refuses them."""
    sh("docker network create n1")
    sh("docker network create n2")
    assert outcome(sh(f"docker run {flag} busybox")) == (
        "", f"docker: Error response from daemon: {message}\n\n"
        "Run 'docker run --help' for more information\n", 125)
    assert outcome(sh(f"docker create {flag} busybox")) == (
        "", f"Error response from daemon: {message}\n", 1)
    assert backend.containers() == ()


def test_run_failures(sh: Sh) -> None:
    """A refused ``docker run`` prints ``docker: Error response from daemon: ...``, exit 125."""
    sh("docker run -d --name dupc busybox sleep 1d")
    assert outcome(sh("docker run -d --name dupc busybox sleep 1d")) == (
        "", 'docker: Error response from daemon: Conflict. The container name "/dupc" is '
        'already in use by container "<id>". You have to remove (or rename) that container '
        "to be able to reuse that name.\n\nRun 'docker run --help' for more information\n", 125)
    assert outcome(sh("docker run -d --name a busybox")) == (
        "", "docker: Error response from daemon: Invalid container name (a), only "
        "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n\n"
        "Run 'docker run --help' for more information\n", 125)


def test_create_failure_has_no_docker_prefix(sh: Sh) -> None:
    """``docker create`` reports a daemon refusal plainly, exit 1."""
    sh("docker create --name c1 busybox")
    stdout, stderr, code = outcome(sh("docker create --name c1 busybox"))
    assert (stdout, code) == ("", 1)
    assert stderr.startswith('Error response from daemon: Conflict. The container name "/c1"')


def test_unknown_image_shows_the_pull_failure(sh: Sh) -> None:
    """What Docker Hub answers for a repository that does not exist."""
    assert outcome(sh("docker run --rm nosuchimage")) == (
        "", "Unable to find image 'nosuchimage:latest' locally\n"
        "docker: Error response from daemon: pull access denied for nosuchimage, repository "
        "does not exist or may require 'docker login': denied: requested access to the "
        "resource is denied\n\nRun 'docker run --help' for more information\n", 125)
    assert outcome(sh("docker create me/app:1.0")) == (
        "", "Unable to find image 'me/app:1.0' locally\n"
        "Error response from daemon: pull access denied for me/app, repository does not exist "
        "or may require 'docker login': denied: requested access to the resource is denied\n",
        1)


def test_start_failure_prints_the_id_first_when_detached(sh: Sh) -> None:
    """``--ip`` on the default bridge: created, then refused at start (20.10)."""
    stdout, stderr, code = outcome(sh("docker run -d --ip 172.17.0.50 --name f1 busybox "
                                      "sleep 1d"))
    assert (stdout, code) == ("<id>\n", 125)
    assert stderr == ("docker: Error response from daemon: user specified IP address is "
                      "supported on user defined networks only\n\n"
                      "Run 'docker run --help' for more information\n")


def test_missing_executable_exits_127(sh: Sh) -> None:
    """runStartContainerErr: ``executable file not found`` makes the exit code 127."""
    result = sh("docker run --rm busybox --foo")
    assert result.exit_code == 127
    assert result.stderr.startswith("docker: Error response from daemon: failed to create "
                                    "shim task: OCI runtime create failed")
    assert result.stderr.endswith("\n\nRun 'docker run --help' for more information\n")


@pytest.mark.parametrize("line, stdout, stderr", [
    ("docker start nosuch", "", "Error response from daemon: No such container: nosuch\n"
                                "Error: failed to start containers: nosuch\n"),
    ("docker stop nosuch", "", "Error response from daemon: No such container: nosuch\n"),
    ("docker restart nosuch", "", "Error response from daemon: No such container: nosuch\n"),
    ("docker rm nosuch", "", "Error response from daemon: No such container: nosuch\n"),
    ("docker exec nosuch ls", "", "Error response from daemon: No such container: nosuch\n"),
    ("docker logs nosuch", "", "Error response from daemon: No such container: nosuch\n"),
    ("docker port nosuch", "", "Error response from daemon: No such container: nosuch\n"),
    ("docker network connect nosuch nosuch2", "",
     "Error response from daemon: No such container: nosuch2\n"),
    ("docker inspect --type foo x", "", 'unknown type: "foo": must be one of "config", '
     '"container", "image", "network", "node", "plugin", "secret", "service", "task", '
     '"volume"\n'),
])
def test_missing_objects(sh: Sh, line: str, stdout: str, stderr: str) -> None:
    """Each command names what is missing as the daemon does, exit 1."""
    assert outcome(sh(line)) == (stdout, stderr, 1)


@pytest.mark.parametrize("line, stderr", [
    ("docker ps --filter foo=bar", "Error response from daemon: Invalid filter 'foo'\n"),
    ("docker network ls --filter foo=bar", "Error response from daemon: Invalid filter 'foo'\n"),
    ("docker ps --filter status=xyz", "Error response from daemon: Invalid filter "
                                      "'status=xyz'\n"),
    ("docker ps --filter before=nosuch", "Error response from daemon: no such container "
                                         "nosuch\n"),
    ("docker network ls -f type=x", "Error response from daemon: invalid filter: 'type'='x'\n"),
    ("docker network ls -f dangling=1 -f dangling=0", "Error response from daemon: got more "
                                                      "than one value for filter key "
                                                      "\"dangling\"\n"),
])
def test_bad_filters_are_refused_by_the_daemon(sh: Sh, line: str, stderr: str) -> None:
    assert outcome(sh(line)) == ("", stderr, 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["docker", "network", "run", "ps", "inspect", "exec", "-d",
                                 "-it", "--rm", "--name", "u1", "busybox", "-p", "80:80",
                                 "--network", "host", "|", "grep", "-c", "'", '"', "--",
                                 "--format", "{{.Name}}", "-f", "x=y", "create", "rm"]),
                max_size=8),
       st.text(max_size=12))
def test_run_line_never_raises(words: list[str], tail: str) -> None:
    """Whatever is typed, the answer is a CommandResult, never an exception."""
    backend = sim.SimBackend(seed=0, profile=ENGINE_20_10)
    result = run_line(backend, " ".join(words) + " " + tail)
    assert isinstance(result, CommandResult) and isinstance(result.exit_code, int)


def test_rm_force_of_a_missing_container_is_not_a_failure(sh: Sh) -> None:
    """``docker rm -f nosuch`` reports it and still exits 0."""
    assert outcome(sh("docker rm -f nosuch")) == (
        "", "Error response from daemon: No such container: nosuch\n", 0)


def test_start_attach_refuses_several_containers(sh: Sh) -> None:
    assert outcome(sh("docker start -a x y")) == (
        "", "you cannot start and attach multiple containers at once\n", 1)


def test_port_argument_errors(sh: Sh) -> None:
    """``docker port C abc`` and an unpublished port, as CLI 28.2.2 words them."""
    sh("docker run -d --name w1 -p 8471:80 busybox sleep 1d")
    assert outcome(sh("docker port w1 abc")) == (
        "", 'Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax\n', 1)
    assert outcome(sh("docker port w1 82")) == (
        "", "Error: No public port '82' published for w1\n", 1)


@pytest.mark.parametrize("engine", ["28.5", "20.10"])
def test_network_alias_needs_a_user_network(engine: str) -> None:
    """Both CLIs refuse --network-alias without a user-defined network, before the daemon."""
    lab = Lab(backend="sim", engine=engine)
    for line in ("docker run -d --network-alias web busybox sleep 1d",
                 "docker run -d --network bridge --network-alias web busybox sleep 1d"):
        result = lab.sh(line)
        assert (result.stdout, result.exit_code) == ("", 125)
        assert result.stderr.startswith("docker: network-scoped aliases are only supported "
                                        "for user-defined networks\n")
    assert lab.sh("docker ps -aq").stdout == ""
    lab.sh("docker network create app")
    assert lab.sh("docker run -d --network app --network-alias web busybox sleep 1d").ok
