"""A throwaway JupyterLab server on a copy of the course, for the browser tests.

:func:`lab_server` copies ``notebooks/`` (or the folder ``COURSEKIT_COURSE_DIR`` names:
a regenerated course, tried before it replaces ``notebooks/``) into a temporary folder
(the test never touches the repository's notebooks), starts ``python -m jupyterlab`` on
a free port of 127.0.0.1 with a token and fresh ``JUPYTER_CONFIG_DIR``/``DATA_DIR``/``RUNTIME_DIR``
(no settings, workspaces or extensions of the machine's user leak in), waits until
``/api/status`` answers, and yields a :class:`Server`. On exit it asks the server to
shut down (``POST /api/shutdown``, which also stops its kernels), then stops the
process it started, by its id.

(Named ``labserver``, not ``jupyter_server``: that is the name of Jupyter's own package.)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

COURSE = Path(os.environ.get("COURSEKIT_COURSE_DIR")
              or Path(__file__).resolve().parents[2] / "notebooks")
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Server:
    """A running server: its base URL, token, course folder (the copy) and log file."""

    url: str
    token: str
    root: Path
    log: Path

    def lab_url(self, notebook: str) -> str:
        """The address that opens ``notebook`` in JupyterLab."""
        return f"{self.url}/lab/tree/{notebook}?token={self.token}"

    def api(self, path: str, method: str = "GET") -> object:
        """``path`` of the REST API (``/api/status``) as JSON; raises if it does not answer."""
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server printed (for a failure message)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_course(target: Path) -> Path:
    """The course's notebooks, quiz banks and step files, copied under ``target``."""
    return Path(shutil.copytree(COURSE, target / "course",
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints")))


def server_env(tmp: Path, extra: dict[str, str]) -> dict[str, str]:
    """The environment of a learner's fresh server: nothing of this machine's user."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "COURSEKIT_")) and k != "MPLBACKEND"}
    for name in ("config", "data", "runtime", "ipython", "home"):
        (tmp / name).mkdir(exist_ok=True)
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IPYTHONDIR=str(tmp / "ipython"),
               COURSEKIT_HOME=str(tmp / "home"))
    env.update(extra)
    quiet_news(tmp / "config")
    return env


def quiet_news(config: Path) -> None:
    """Answer JupyterLab's first-run question "get notified about Jupyter news?" with no.

    Otherwise its toast covers the bottom right corner of every screenshot.
    """
    folder = config / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}\n')


def command(root: Path, port: int, token: str) -> list[str]:
    return [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", "--port-retries=0", f"--IdentityProvider.token={token}",
            "--allow-root", "--LabApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={root}"]


def wait_until_up(server: Server, process: subprocess.Popen[bytes]) -> None:
    """Poll ``/api/status`` until it answers; fail with the server's log if it never does."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {process.returncode}:\n"
                               f"{server.log_tail()}")
        try:
            server.api("/api/status")
            return
        except (OSError, urllib.error.URLError):
            time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer within {START_TIMEOUT:.0f}s:\n"
                       f"{server.log_tail()}")


def stop(server: Server, process: subprocess.Popen[bytes]) -> None:
    """Ask the server to shut down (kernels too); stop its process group if it lingers."""
    if process.poll() is None:
        with suppress(OSError, urllib.error.URLError):
            server.api("/api/shutdown", method="POST")
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group this module started, nothing else
        process.wait(timeout=5)


@contextmanager
def lab_server(tmp: Path, env: dict[str, str]) -> Iterator[Server]:
    """JupyterLab serving a copy of the course under ``tmp``, with ``env`` added."""
    root = copy_course(tmp)
    port, token = free_port(), secrets.token_hex(16)
    server = Server(f"http://127.0.0.1:{port}", token, root, tmp / "jupyterlab.log")
    with server.log.open("wb") as log:
        process = subprocess.Popen(command(root, port, token), cwd=root, stdout=log,
                                   stderr=subprocess.STDOUT, env=server_env(tmp, env),
                                   start_new_session=True)
    try:
        wait_until_up(server, process)
        yield server
    finally:
        stop(server, process)
