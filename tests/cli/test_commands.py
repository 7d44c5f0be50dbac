"""Commands on the simulator answer as CLI 28.2.2 + Engine 20.10 answered on this machine.

The two sequences below were run verbatim on the real engine (``bash -c LINE``, stdin
closed) and recorded; ids are normalised (``<id>`` 64 hex, ``<sid>`` 12 hex). The sim
runs the same lines from a fresh state and must print the same text, line by line.
Other tests cover what a notebook cannot do as a terminal does (``-it``, prompts).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from coursekit.backends.base import Backend
from coursekit.cli import run_line
from coursekit.cli.commands.filters import parse_filters
from coursekit.cli.flags import usage
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5
from coursekit.result import CommandResult

sim = pytest.importorskip("coursekit.backends.sim")

NETWORKS_AND_PORTS = [
    ('docker network create hc4t1',
     '<id>\n',
     '', 0),
    ("docker network ls --filter name=hc4t --format '{{.Name}} {{.Driver}} {{.Scope}}'",
     'hc4t1 bridge local\n',
     '', 0),
    ('docker run -d --name hc4t-u1 --network hc4t1 busybox sleep 1d',
     '<id>\n',
     '', 0),
    ('docker run -d --name hc4t-w1 -p 8481:80 -p 127.0.0.1:8482:81/udp busybox sleep 1d',
     '<id>\n',
     '', 0),
    ('docker port hc4t-w1',
     '80/tcp -> 0.0.0.0:8481\n80/tcp -> [::]:8481\n81/udp -> 127.0.0.1:8482\n',
     '', 0),
    ('docker port hc4t-w1 80',
     '0.0.0.0:8481\n[::]:8481\n',
     '', 0),
    ('docker port hc4t-w1 81/udp',
     '127.0.0.1:8482\n',
     '', 0),
    ('docker port hc4t-w1 81',
     '',
     "Error: No public port '81' published for hc4t-w1\n", 1),
    ("docker ps --filter name=hc4t --format '{{.Names}} {{.Ports}}'",
     'hc4t-w1 0.0.0.0:8481->80/tcp, [::]:8481->80/tcp, 127.0.0.1:8482->81/udp\nhc4t-u1 \n',
     '', 0),
    ("docker ps --filter name=hc4t --format '{{.Names}}' --filter network=hc4t1",
     'hc4t-u1\n',
     '', 0),
    ('docker ps --filter name=hc4t -q --no-trunc | wc -l',
     '2\n',
     '', 0),
    ("docker inspect -f '{{.Name}} {{.HostConfig.NetworkMode}}' hc4t-u1 hc4t-w1 hc4t1",
     '/hc4t-u1 hc4t1\n/hc4t-w1 default\n',
     ('template parsing error: template: :1:23: executing "" at '
      '<.HostConfig.NetworkMode>: map has no entry for key "HostConfig"\n'), 1),
    (("docker network inspect -f '{{.Name}} {{.Driver}} {{.Internal}} {{len "
      ".Containers}}' hc4t1"),
     'hc4t1 bridge false 1\n',
     '', 0),
    ('docker network connect hc4t1 hc4t-w1',
     '',
     '', 0),
    ('docker network connect hc4t1 hc4t-w1',
     '',
     ('Error response from daemon: endpoint with name hc4t-w1 already exists in '
      'network hc4t1\n'), 1),
    (("docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} "
      "{{end}}' hc4t-w1"),
     'bridge hc4t1 \n',
     '', 0),
    ('docker network disconnect hc4t1 hc4t-w1',
     '',
     '', 0),
    ('docker network disconnect hc4t1 hc4t-w1',
     '',
     'Error response from daemon: container <id> is not connected to network hc4t1\n', 1),
    ('docker run --rm busybox echo hello',
     'hello\n',
     '', 0),
    ("docker run --name hc4t-x busybox sh -c 'exit 3'",
     '',
     '', 3),
    ("docker ps -a --filter name=hc4t-x --format '{{.Names}} {{.State}}'",
     'hc4t-x exited\n',
     '', 0),
    ('docker exec hc4t-u1 cat /etc/resolv.conf',
     'nameserver 127.0.0.11\noptions ndots:0\n',
     '', 0),
    ('docker exec hc4t-x hostname',
     '',
     'Error response from daemon: Container <id> is not running\n', 1),
    ('docker stop hc4t-u1 nosuch',
     'hc4t-u1\n',
     'Error response from daemon: No such container: nosuch\n', 1),
    ('docker start hc4t-u1',
     'hc4t-u1\n',
     '', 0),
    ('docker restart hc4t-u1',
     'hc4t-u1\n',
     '', 0),
    ('docker network rm hc4t1',
     '',
     ('Error response from daemon: error while removing network: network hc4t1 id '
      '<id> has active endpoints\nexit status 1\n'), 1),
    ('docker rm hc4t-u1',
     '',
     ('Error response from daemon: You cannot remove a running container <id>. '
      'Stop the container before attempting removal or force remove\n'), 1),
    ('docker rm -f hc4t-u1 hc4t-w1 hc4t-x',
     'hc4t-u1\nhc4t-w1\nhc4t-x\n',
     '', 0),
    ('docker network rm hc4t1',
     'hc4t1\n',
     '', 0),
    ('docker ps -a --filter name=hc4t -q',
     '',
     '', 0),
    ('docker network ls --filter name=hc4t1 -q',
     '',
     '', 0),
    ('docker network inspect hc4t1',
     '[]\n',
     'Error response from daemon: network hc4t1 not found\n', 1),
]

MODES_AND_FAILURES = [
    ('docker run -d --name hc4m-h --network host -p 8491:80 busybox sleep 1d',
     '<id>\n',
     'WARNING: Published ports are discarded when using host network mode\n', 0),
    (("docker inspect -f '{{.HostConfig.NetworkMode}} "
      "[{{.NetworkSettings.IPAddress}}]' hc4m-h"),
     'host []\n',
     '', 0),
    ('docker run -d --name hc4m-n --network none -p 8492:80 busybox sleep 1d',
     '<id>\n',
     '', 0),
    ('docker port hc4m-n',
     '',
     '', 0),
    ('docker exec hc4m-n ip -o addr',
     ('1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever '
      'preferred_lft forever\n'),
     '', 0),
    ('docker run -d --name hc4m-o busybox sleep 1d',
     '<id>\n',
     '', 0),
    ('docker run -d --name hc4m-c --network container:hc4m-o -p 8493:80 busybox sleep 1d',
     '',
     ('docker: Error response from daemon: conflicting options: port publishing '
      "and the container type network mode\n\nRun 'docker run --help' for more "
      'information\n'), 125),
    ('docker run -d --name hc4m-c2 --network container:hc4m-o busybox sleep 1d',
     '<id>\n',
     '', 0),
    ('docker network connect bridge hc4m-c2',
     '',
     ('Error response from daemon: container sharing network namespace with '
      'another container or host cannot be connected to any other network\n'), 1),
    ('docker network connect bridge hc4m-h',
     '',
     ('Error response from daemon: container sharing network namespace with '
      'another container or host cannot be connected to any other network\n'), 1),
    ("docker ps -a --filter name=hc4m-c --format '{{.Names}} {{.State}}'",
     'hc4m-c2 running\n',
     '', 0),
    ('docker run --rm --network none busybox ping -c 1 -W 1 8.8.8.8',
     'PING 8.8.8.8 (8.8.8.8): 56 data bytes\n',
     'ping: sendto: Network is unreachable\n', 1),
    ('docker run -d --name hc4m-bad --network nosuchnet busybox sleep 1d',
     '<id>\n',
     ('docker: Error response from daemon: network nosuchnet not found\n\nRun '
      "'docker run --help' for more information\n"), 125),
    ("docker ps -a --filter name=hc4m-bad --format '{{.Names}} {{.Status}}'",
     'hc4m-bad Created\n',
     '', 0),
    ('docker start hc4m-bad',
     '',
     ('Error response from daemon: network nosuchnet not found\nError: failed to '
      'start containers: hc4m-bad\n'), 1),
    ('docker create --name hc4m-cr busybox sleep 1d',
     '<id>\n',
     '', 0),
    ("docker ps -a --filter name=hc4m-cr --format '{{.Names}} {{.Status}}'",
     'hc4m-cr Created\n',
     '', 0),
    ('docker exec hc4m-cr hostname',
     '',
     'Error response from daemon: Container <id> is not running\n', 1),
    ('docker logs hc4m-cr',
     '',
     '', 0),
    ('docker rm -f hc4m-h hc4m-n hc4m-o hc4m-c hc4m-c2 hc4m-bad hc4m-cr',
     'hc4m-h\nhc4m-n\nhc4m-o\nhc4m-c2\nhc4m-bad\nhc4m-cr\n',
     'Error response from daemon: No such container: hc4m-c\n', 0),
]


def norm(text: str) -> str:
    text = re.sub(r"\b[0-9a-f]{64}\b", "<id>", text)
    return re.sub(r"\b[0-9a-f]{12}\b", "<sid>", text)


@pytest.fixture
def backend() -> Backend:
    return sim.SimBackend(seed=0, profile=ENGINE_20_10)


def sh(backend: Backend, line: str) -> CommandResult:
    return run_line(backend, line)


@pytest.mark.parametrize("sequence", [NETWORKS_AND_PORTS, MODES_AND_FAILURES],
                         ids=["networks-and-ports", "modes-and-failures"])
def test_sequence_matches_the_real_engine(backend: Backend,
                                          sequence: list[tuple[str, str, str, int]]) -> None:
    """Every line's stdout, stderr and exit code equal the recorded ones."""
    diffs = []
    for line, stdout, stderr, code in sequence:
        got = sh(backend, line)
        if (norm(got.stdout), norm(got.stderr), got.exit_code) != (stdout, stderr, code):
            diffs.append(f"$ {line}\n  want {(stdout, stderr, code)!r}\n"
                         f"  got  {(got.stdout, got.stderr, got.exit_code)!r}")
    assert not diffs, "\n".join(diffs)


# ---------------------------------------------------------------- tables and aliases

def test_network_ls_default_table(backend: Backend) -> None:
    """Header, 12-hex ids, rows sorted by name, tabwriter padding."""
    sh(backend, "docker network create net10")
    sh(backend, "docker network create net2")
    lines = sh(backend, "docker network ls").stdout.splitlines()
    assert lines[0] == "NETWORK ID     NAME      DRIVER    SCOPE"
    assert [line.split()[1] for line in lines[1:]] == ["bridge", "host", "net2", "net10", "none"]
    assert all(re.fullmatch(r"[0-9a-f]{12}", line[:12]) for line in lines[1:])


def test_aliases_run_the_same_handlers(backend: Backend) -> None:
    """``docker container ls``, ``docker network list``, ``docker image ls`` work."""
    sh(backend, "docker run -d --name a1 busybox sleep 1d")
    assert sh(backend, "docker container ls -q") == sh(backend, "docker ps -q")
    assert sh(backend, "docker network list") == sh(backend, "docker network ls")
    assert sh(backend, "docker image ls") == sh(backend, "docker images")
    assert "busybox" in sh(backend, "docker images").stdout


def test_images_says_what_it_leaves_out(backend: Backend) -> None:
    """``docker images REPO`` lists that repository's images only, and every listing says
    that ids, creation times and sizes are not simulated; ``-q`` (ids only) is refused."""
    listed = sh(backend, "docker images busybox")
    assert listed.stdout == "REPOSITORY   TAG\nbusybox      latest\n"
    assert listed.stderr == ("coursekit: image ids, creation times and sizes are not "
                             "simulated: the lab lists its images by repository and tag only\n")
    assert sh(backend, "docker images nginx:latest").stdout.splitlines()[1:] == [
        "nginx        latest"]
    assert sh(backend, "docker images nosuch").stdout == "REPOSITORY   TAG\n"
    quiet = sh(backend, "docker images -q")
    assert (quiet.stdout, quiet.exit_code) == ("", 1)
    assert quiet.stderr.startswith("coursekit: --quiet is not simulated in this lab")


def test_ps_lists_newest_first_and_limits(backend: Backend) -> None:
    """``-a`` shows every state newest first; ``-n 1`` and ``-l`` the newest only."""
    for name in ("p1", "p2", "p3"):
        sh(backend, f"docker run -d --name {name} busybox sleep 1d")
    sh(backend, "docker stop p2")
    names = "--format '{{.Names}}'"
    assert sh(backend, f"docker ps {names}").stdout == "p3\np1\n"
    assert sh(backend, f"docker ps -a {names}").stdout == "p3\np2\np1\n"
    assert sh(backend, f"docker ps -n 1 {names}").stdout == "p3\n"
    assert sh(backend, f"docker ps -l {names}").stdout == "p3\n"
    assert sh(backend, f"docker ps --filter status=exited {names}").stdout == "p2\n"


def test_filters_select_as_the_daemon_does(backend: Backend) -> None:
    """name is a regular expression found anywhere; driver exact; labels key[=value]."""
    sh(backend, "docker network create --label team=red web1")
    sh(backend, "docker network create web2")
    names = "--format '{{.Name}}'"
    assert sh(backend, f"docker network ls --filter name=web {names}").stdout == "web1\nweb2\n"
    assert sh(backend, f"docker network ls -f name=^web1$ {names}").stdout == "web1\n"
    assert sh(backend, f"docker network ls -f driver=null {names}").stdout == "none\n"
    assert sh(backend, f"docker network ls -f label=team=red {names}").stdout == "web1\n"
    assert sh(backend, f"docker network ls -f type=builtin {names}").stdout == \
        "bridge\nhost\nnone\n"
    assert sh(backend, f"docker network ls -f dangling=true {names}").stdout == \
        "web1\nweb2\n"


def test_filter_values_are_split_as_the_cli_sends_them() -> None:
    """The CLI only splits: key lowered and trimmed, value trimmed, each value once."""
    assert parse_filters(["Name = web", "name=web", "name=db=1", "", "label="]) == {
        "name": ["web", "db=1"], "label": [""]}


def test_filters_reach_the_daemon_trimmed(backend: Backend) -> None:
    """``-f 'NAME= web1'`` is name=web1 to the daemon; a repeated dangling value is one."""
    sh(backend, "docker network create web1")
    names = "--format '{{.Name}}'"
    assert sh(backend, f"docker network ls -f 'NAME= web1' {names}").stdout == "web1\n"
    assert sh(backend, f"docker network ls -f dangling=1 -f dangling=1 {names}").stdout == \
        "web1\n"


def test_sudo_is_stripped(backend: Backend) -> None:
    assert sh(backend, "sudo docker network ls") == sh(backend, "docker network ls")


def test_pipes_after_docker(backend: Backend) -> None:
    """``docker network ls | grep -c bridge`` counts the matching lines."""
    assert sh(backend, "docker network ls | grep -c bridge") == CommandResult("1\n", "", 0)
    assert sh(backend, "docker network ls | tail -n 1").stdout.split()[1] == "none"
    assert sh(backend, "docker network inspect nosuch | head -1") == CommandResult(
        "[]\n", "Error response from daemon: network nosuch not found\n", 0)


def test_host_commands_go_to_the_host(backend: Backend) -> None:
    """A line without ``docker`` runs on the lab's host."""
    assert sh(backend, "ip addr | head -1").stdout.startswith("1: lo: <LOOPBACK,UP,LOWER_UP>")


# ---------------------------------------------------------------- no terminal

def test_foreground_run_prints_output_and_exit_code(backend: Backend) -> None:
    """``docker run IMAGE CMD`` shows what CMD printed and exits with its code."""
    result = sh(backend, "docker run --name f1 busybox sh -c 'echo out; exit 3'")
    assert result == CommandResult("out\n", "", 3)
    assert sh(backend, "docker logs f1").stdout == "out\n"


def test_foreground_rm_removes_after_the_output(backend: Backend) -> None:
    """``--rm`` keeps the output and removes the container, as the real CLI does."""
    assert sh(backend, "docker run --rm --name r1 busybox hostname").stdout.strip()
    assert sh(backend, "docker ps -a -q --filter name=r1").stdout == ""


def test_run_t_detaches_with_a_note(backend: Backend) -> None:
    """``docker run -t busybox`` (a terminal but no input) leaves the shell running and
    says how to use it."""
    result = sh(backend, "docker run -t --name s1 busybox")
    assert result.stdout == "" and result.exit_code == 0
    assert result.stderr.startswith("coursekit: a real docker CLI would stay attached to s1")
    assert "docker exec s1 ip addr" in result.stderr
    assert sh(backend, "docker ps --format '{{.Names}}'").stdout == "s1\n"


def test_run_it_without_a_terminal_is_the_clis_refusal(backend: Backend) -> None:
    """``docker run -it`` in a cell: the CLI's ``not a TTY`` (exit 1), the lab's advice,
    and nothing created."""
    result = sh(backend, "docker run -it --rm busybox echo hi")
    assert result.exit_code == 1 and result.stdout == ""
    first, advice, rest = result.stderr.split("\n")
    assert (first, rest) == ("the input device is not a TTY", "")
    assert advice.startswith("coursekit: ")
    assert sh(backend, "docker ps -aq").stdout == ""


def test_foreground_server_keeps_running_with_a_note(backend: Backend) -> None:
    """A command that does not end returns at once; the note says it runs on."""
    result = sh(backend, "docker run --name srv busybox sleep 1d")
    assert (result.stdout, result.exit_code) == ("", 0)
    assert result.stderr.startswith("coursekit: srv is still running")
    assert sh(backend, "docker ps --format '{{.Names}}'").stdout == "srv\n"


def test_start_attach_shows_this_runs_output_only(backend: Backend) -> None:
    """``docker start -a`` prints what the new run printed, not the older log."""
    sh(backend, "docker run -d --name e1 busybox sh -c 'echo hi; exit 4'")
    assert sh(backend, "docker start -a e1") == CommandResult("hi\n", "", 4)
    assert sh(backend, "docker logs e1").stdout == "hi\nhi\n"


def test_exec_interactive_shell_is_not_a_tty(backend: Backend) -> None:
    """``docker exec -it u1 sh`` (any command): the CLI's ``not a TTY``, exit 1, then the
    lab's advice; a missing container is reported first; ``-t`` alone gets a note."""
    sh(backend, "docker run -d --name u1 busybox sleep 1d")
    for line in ("docker exec -it u1 sh", "docker exec -it u1 hostname"):
        refused = sh(backend, line)
        assert refused.exit_code == 1
        assert refused.stderr.startswith("the input device is not a TTY\ncoursekit: ")
        assert "docker exec u1 ip addr" in refused.stderr
    assert sh(backend, "docker exec -it nosuch sh") == CommandResult(
        "", "Error response from daemon: No such container: nosuch\n", 1)
    note = sh(backend, "docker exec -t u1 sh")
    assert note.exit_code == 0 and "docker exec u1 ip addr" in note.stderr
    assert sh(backend, "docker exec -d -it u1 sh") == CommandResult()


def test_network_prune_asks_and_prune_f_removes(backend: Backend) -> None:
    """Unanswered question: nothing removed, exit 0; ``-f`` lists what it removed."""
    sh(backend, "docker network create spare")
    asked = sh(backend, "docker network prune")
    assert asked.stdout == ("WARNING! This will remove all custom networks not used by at "
                            "least one container.\nAre you sure you want to continue? [y/N] ")
    assert asked.exit_code == 0 and "docker network prune -f" in asked.stderr
    assert sh(backend, "docker network prune -f") == CommandResult(
        "Deleted Networks:\nspare\n\n", "", 0)
    assert sh(backend, "docker network prune -f") == CommandResult("", "", 0)


def test_version_shows_client_and_engine(backend: Backend) -> None:
    out = sh(backend, "docker version").stdout
    assert out.startswith("Client:\n Version:           28.2.2\n")
    assert f"\nServer:\n Engine:\n  Version:          {backend.version()}\n" in out


# ---------------------------------------------------------------- help texts

HELP_PATHS = ["docker", "docker network", "docker network ls", "docker network inspect",
              "docker network create", "docker network rm", "docker network connect",
              "docker network disconnect", "docker network prune", "docker run",
              "docker create", "docker container run", "docker container create",
              "docker ps", "docker container ls", "docker inspect",
              "docker container inspect", "docker exec", "docker start", "docker stop",
              "docker restart", "docker rm", "docker port", "docker logs", "docker images",
              "docker image ls", "docker version", "docker rename", "docker pause",
              "docker unpause", "docker kill", "docker wait", "docker top",
              "docker container prune", "docker container rename"]


def test_help_is_printed_on_stdout(backend: Backend) -> None:
    """``docker network create --help`` prints the CLI's help, exit 0."""
    result = sh(backend, "docker network create --help")
    assert result.stdout.startswith("Usage:  docker network create [OPTIONS] NETWORK\n\n"
                                    "Create a network\n\nOptions:\n")
    assert (result.stderr, result.exit_code) == ("", 0)


def _real_cli() -> str:
    """The recorded help table matching the CLI on PATH and the engine it reaches: the CLI
    hides the flags an older API lacks, so its help texts depend on the daemon ("" if the
    pair was never recorded: 28.2.2 with 20.10's API 1.41, 28.5.2 with 28.5's 1.51)."""
    docker = shutil.which("docker")
    if docker is None:
        return ""
    version = subprocess.run([docker, "version", "--format",
                              "{{.Client.Version}} {{.Server.APIVersion}}"],
                             capture_output=True, text=True)
    client, _, api = version.stdout.strip().partition(" ")
    for profile in (ENGINE_28_5, ENGINE_20_10):
        if (client, api) == (profile.cli.version, profile.server.api_version):
            return profile.cli.help_texts
    return ""


@pytest.mark.skipif(not _real_cli(), reason="needs the docker CLI 28.2.2 reaching an engine "
                                            "20.10, or 28.5.2 reaching 28.5, on PATH")
@pytest.mark.parametrize("path", HELP_PATHS)
def test_help_text_equals_the_real_clis(path: str) -> None:
    """Verbatim and derived help texts equal ``PATH --help`` of the installed CLI."""
    real = subprocess.run([*path.split(), "--help"], capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "HOME": "/root"})
    assert usage.help_text(path, _real_cli()) == real.stdout
