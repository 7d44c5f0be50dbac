"""The real docker CLI in a real (pseudo-)terminal against the server: interactive shells.

``docker run -it --rm busybox sh`` and ``docker exec -it c1 sh`` give busybox's prompt;
typed lines run in the simulated container; ``exit N`` ends the session with N (and the
``--rm`` container is gone); Ctrl-P Ctrl-Q detaches and leaves it running; without a TTY,
``docker exec -i c1 sh`` runs its stdin as a script. Each CLI talks to the profile it
belongs with (28.5's CLI to 28.5, 28.2.2 to 20.10).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tools import require_docker_cli

from coursekit.api import Server
from coursekit.backends.sim.served import ServedSim
from coursekit.profiles import profile


class Session:
    """A docker CLI process on a pseudo-terminal."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the CLI, its stdin/stdout an 80x24 terminal
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execve(argv[0], argv, env)
        self.seen = b""

    def expect(self, wanted: bytes, timeout: float = 10.0) -> bytes:
        """Read until ``wanted`` has appeared; everything read since the last expect."""
        start, end = len(self.seen), time.monotonic() + timeout
        while wanted not in self.seen[start:] and time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                self.seen += data
        got = self.seen[start:]
        assert wanted in got, f"{wanted!r} not in {got!r}"
        return got

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def exit_code(self, timeout: float = 10.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            try:  # keep draining: a full terminal would block the CLI
                if select.select([self.fd], [], [], 0.1)[0]:
                    self.seen += os.read(self.fd, 4096)
            except OSError:
                time.sleep(0.05)
        os.kill(self.pid, 9)
        raise AssertionError("the docker CLI did not end")


@pytest.fixture(params=["28.5", "20.10"])
def cli(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    engine = str(request.param)
    docker = str(require_docker_cli(engine))
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    running = Server(ServedSim(profile=profile(engine))).start(socket=str(run / "d.sock"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm",
           "DOCKER_HOST": running.docker_host, "DOCKER_CONFIG": str(tmp_path / "config")}
    yield docker, env
    running.stop()


def docker(cli: tuple[str, dict[str, str]], *args: str, stdin: str = "") -> (
        subprocess.CompletedProcess[str]):
    return subprocess.run([cli[0], *args], env=cli[1], input=stdin, capture_output=True,
                          text=True, timeout=30, check=False)


def test_run_it_gives_a_busybox_shell_that_ends_with_exit(cli: tuple[str, dict[str, str]]
                                                         ) -> None:
    """``docker run -it --rm busybox sh``: the prompt, a command's output, ``exit 3``: the
    CLI exits 3 and the --rm container is gone."""
    session = Session([cli[0], "run", "-it", "--rm", "--name", "tt", "busybox", "sh"], cli[1])
    session.expect(b"/ # ")
    session.type(b"ip -4 addr show eth0\r")
    shown = session.expect(b"/ # ")
    assert b"inet 172.17.0.2/16" in shown and b"\r\n" in shown
    session.type(b"exit 3\r")
    assert session.exit_code() == 3
    assert "tt" not in docker(cli, "ps", "-a", "--format", "{{.Names}}").stdout


def test_exec_it_edits_lines_and_recalls_history(cli: tuple[str, dict[str, str]]) -> None:
    """In ``docker exec -it``: backspace edits, Ctrl-C drops a line, up-arrow recalls the
    last one, Ctrl-D ends the shell; the container keeps running."""
    assert docker(cli, "run", "-d", "--name", "c1", "busybox", "sleep", "600").returncode == 0
    session = Session([cli[0], "exec", "-it", "c1", "sh"], cli[1])
    session.expect(b"/ # ")
    session.type(b"hostnamx\x7fe\r")
    session.expect(b"/ # ")
    session.type(b"echo dropped\x03")
    session.expect(b"^C")
    session.type(b"\x1b[A\r")  # the last line that ran: hostname
    recalled = session.expect(b"/ # ")
    assert b"hostname" in recalled
    session.type(b"false\r")
    session.expect(b"/ # ")
    session.type(b"\x04")
    assert session.exit_code() == 1  # Ctrl-D on an empty line: the last command's status
    assert docker(cli, "inspect", "-f", "{{.State.Running}}", "c1").stdout == "true\n"


def test_ctrl_p_ctrl_q_detaches_from_run(cli: tuple[str, dict[str, str]]) -> None:
    """The default detach keys leave the container running; the CLI exits 0."""
    session = Session([cli[0], "run", "-it", "--name", "keep", "busybox", "sh"], cli[1])
    session.expect(b"/ # ")
    session.type(b"\x10\x11")
    assert session.exit_code() == 0
    assert docker(cli, "inspect", "-f", "{{.State.Status}}", "keep").stdout == "running\n"


def test_attach_finds_the_shell_as_it_was_left(cli: tuple[str, dict[str, str]]) -> None:
    """Detach from ``run -it``, ``docker attach`` again: ash redraws its line for the CLI's
    resizes (``\r/ # \x1b[J`` twice, as on the engine), the history is still there,
    Ctrl-P Ctrl-Q detaches (exit 1, as the CLI does for attach), ``start -ai`` and
    ``exit 5`` end it with 5."""
    session = Session([cli[0], "run", "-it", "--name", "keep", "busybox", "sh"], cli[1])
    session.expect(b"/ # ")
    session.type(b"echo first\r")
    session.expect(b"first\r\n/ # ")
    session.type(b"\x10\x11")
    assert session.exit_code() == 0
    again = Session([cli[0], "attach", "keep"], cli[1])
    assert again.expect(b"\r/ # \x1b[J\r/ # \x1b[J") == b"\r/ # \x1b[J\r/ # \x1b[J"
    again.type(b"\x1b[A")
    again.expect(b"echo first")
    again.type(b"\r")
    again.expect(b"first\r\n/ # ")
    again.type(b"\x10\x11")
    assert again.exit_code() == 1
    last = Session([cli[0], "start", "-ai", "keep"], cli[1])
    time.sleep(0.5)
    last.type(b"exit 5\r")
    assert last.exit_code() == 5
    status = docker(cli, "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "keep")
    assert status.stdout == "exited 5\n"


def test_exec_i_runs_stdin_as_a_script(cli: tuple[str, dict[str, str]]) -> None:
    """``echo ... | docker exec -i c1 sh``: each line runs, no prompt, the script's code."""
    assert docker(cli, "run", "-d", "--name", "c1", "busybox", "sleep", "600").returncode == 0
    done = docker(cli, "exec", "-i", "c1", "sh", stdin="echo one\nhostname -i\nexit 4\n")
    assert done.stdout == "one\n172.17.0.2\n"
    assert done.returncode == 4
