"""A learner's terminal in JupyterLab drives the lab's ``coursekit serve`` with the real
docker CLI and Docker Compose, in a real browser.

``coursekit serve`` (seed 0, the simulator's fixed clock) listens on a private socket;
JupyterLab (:mod:`labserver`) starts with that ``DOCKER_HOST``, the docker CLI 28.5 first
on ``PATH`` and a ``DOCKER_CONFIG`` holding the Compose v2 plugin, as ``make lab`` and
Binder give them. Chromium (Playwright) opens a JupyterLab terminal and types what a
learner types: ``docker run -it --rm busybox sh``, ``ip addr`` at busybox's ``/ # `` prompt
(an ``eth0`` on 172.17.0.x), ``exit``; then ``docker compose up -d`` of two services,
``docker compose exec client ping -c 1 -W 1 web`` (one packet received) and
``docker compose down``. The terminal's text is read from xterm.js's buffer (JupyterLab
draws it on a canvas: there are no ``.xterm-rows`` to read).

Skipped, saying why, without Chromium and Playwright (required in CI:
``COURSEKIT_REQUIRE_BROWSER=1``), the docker CLI 28.5 or the Compose plugin (required in CI:
``COURSEKIT_REQUIRE_TOOLS=1``). Screenshots go to ``screenshots/terminal/``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from labserver import lab_server
from test_browser import assert_no_error_outputs, open_notebook, run_all
from tools import COMPOSE, docker_config_with_compose, require_docker_cli

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "terminal"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WINDOW = {"width": 1280, "height": 900}
COMMAND_TIMEOUT_S = 30.0
BUFFER = """([id, start]) => {
  const w = [...jupyterapp.shell.widgets('main')].find(w => w.id === id);
  const term = w && w.content && w.content._term;
  if (!term) return {lines: [], cursor: 0};
  const b = term.buffer.active, lines = [];
  for (let i = start; i < b.length; i++) lines.push(b.getLine(i).translateToString(true));
  return {lines: lines, cursor: b.baseY + b.cursorY};
}"""
CELL = """([id, cell]) => {
  const w = [...jupyterapp.shell.widgets('main')].find(w => w.id === id);
  return w.content.widgets.findIndex(c => c.model.id === cell);
}"""
"""The index of the cell whose id is ``cell`` in notebook ``id``."""
RUN_CELL = """async ([id, index]) => {
  const w = [...jupyterapp.shell.widgets('main')].find(w => w.id === id);
  jupyterapp.shell.activateById(id);
  while (jupyterapp.shell.currentWidget !== w) await new Promise(r => setTimeout(r, 50));
  w.content.activeCellIndex = index;
  w.content.deselectAll();
  await jupyterapp.commands.execute('notebook:run-cell');
}"""
"""Notebook ``id``'s cell ``index`` run again (JupyterLab's Run > Run Selected Cell)."""
CELL_TEXT = """([id, index]) => {
  const w = [...jupyterapp.shell.widgets('main')].find(w => w.id === id);
  return w.content.widgets[index].model.outputs.toJSON()
    .map(o => [].concat((o.data || {})['text/plain'] || o.text || []).join('')).join('\\n');
}"""
"""The text of a cell's outputs (text/plain and streams)."""
NOTEBOOK = "00-start-here.ipynb"
SHOW_CELL = "s00-term4"
"""Notebook 00's ``lab.show()`` of "A real terminal", run again after the terminal's command."""
FIRST_CELL = "s00-03"
"""Notebook 00's ``lab = Lab()``: its line names the backend."""

"""The rows of terminal ``id`` from ``start`` on (scrollback included), as text, and the row
the cursor is on."""


@pytest.fixture
def chromium(browser: str) -> Iterator[Any]:
    """The machine's own Chromium (never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=browser, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def coursekit_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``coursekit serve --seed 0 --fixed-clock`` on a private socket: (DOCKER_HOST, log).
    Stopped with SIGTERM (by its process id) afterwards; it removes its socket."""
    socket, log = tmp_path / "run" / "docker.sock", tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "coursekit", "serve", "--socket",
                                    str(socket), "--seed", "0", "--fixed-clock"],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while not socket.is_socket():
            assert process.poll() is None, f"coursekit serve exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"no socket after 20 s:\n{log.read_text()}"
            time.sleep(0.05)
        yield f"unix://{socket}", log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this fixture started
            process.wait(timeout=5)
    assert not socket.exists(), "coursekit serve left its socket behind"


def learner_env(tmp: Path, docker_host: str) -> dict[str, str]:
    """What ``make lab`` gives JupyterLab: DOCKER_HOST, a docker CLI on PATH (28.5's, first)
    and a DOCKER_CONFIG through which it finds the Compose plugin."""
    cli = require_docker_cli("28.5")
    config = docker_config_with_compose(tmp / "docker-config")
    tools = tmp / "bin"
    tools.mkdir(exist_ok=True)
    (tools / "docker").symlink_to(cli)
    return {"DOCKER_HOST": docker_host, "DOCKER_CONFIG": str(config),
            "PATH": f"{tools}:{os.environ.get('PATH', '/usr/bin:/bin')}"}


class Terminal:
    """A JupyterLab terminal in the page: type a line, wait for text in its buffer. Places
    are row numbers of xterm.js's buffer (its rows keep their numbers as output scrolls)."""

    def __init__(self, page: Any, widget_id: str) -> None:
        self.page = page
        self.id = widget_id
        self.count = 0

    def text(self, row: int = 0) -> str:
        """The terminal's text from ``row`` on (each row without its trailing blanks)."""
        shown = self.page.evaluate(BUFFER, [self.id, row])["lines"]
        return "\n".join(line.rstrip() for line in shown)

    def cursor(self) -> int:
        """The row the cursor is on: where the next line typed starts."""
        return int(self.page.evaluate(BUFFER, [self.id, 0])["cursor"])

    def type(self, line: str) -> None:
        self.page.evaluate("(id) => jupyterapp.shell.activateById(id)", self.id)
        self.page.locator(f"[id='{self.id}'] .xterm-helper-textarea").focus()
        self.page.keyboard.type(line)
        self.page.keyboard.press("Enter")

    def wait_for(self, pattern: str, row: int) -> re.Match[str]:
        """The first match of ``pattern`` (multiline) in the text from ``row`` on."""
        deadline = time.monotonic() + COMMAND_TIMEOUT_S
        while True:
            found = re.search(pattern, self.text(row), re.MULTILINE)
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never appeared; the terminal shows:\n"
                                     f"{self.text(row)[-3000:]}")
            time.sleep(0.1)

    def run(self, line: str) -> tuple[int, str]:
        """Type ``line`` at the shell's prompt followed by an echo of its exit code; wait for
        it; returns (exit code, what the terminal showed meanwhile)."""
        self.count += 1
        row = self.cursor()
        self.type(f'{line}; echo "@{self.count}@ $?"')
        found = self.wait_for(rf"^@{self.count}@ (\d+)$", row)
        return int(found.group(1)), self.text(row)


def open_terminal(page: Any) -> Terminal:
    """JupyterLab's File > New > Terminal (its command), once the shell has a prompt."""
    widget_id = page.evaluate("async () => (await jupyterapp.commands.execute("
                              "'terminal:create-new')).id")
    page.wait_for_selector(f"[id='{widget_id}'] .xterm", timeout=30_000)
    terminal = Terminal(page, str(widget_id))
    code, _ = terminal.run("true")
    assert code == 0
    return terminal


def busybox_session(terminal: Terminal) -> str:
    """``docker run -it --rm busybox sh``, ``ip addr`` at its prompt, ``exit``: the
    container is gone (``--rm``)."""
    row = terminal.cursor()
    terminal.type("docker run -it --rm busybox sh")
    terminal.wait_for(r"^/ #$", row)  # busybox's prompt "/ # " (rows lose trailing blanks)
    row = terminal.cursor()
    terminal.type("ip addr")
    terminal.wait_for(r"^/ #$", row + 1)  # ip addr has answered: the next prompt
    shown = terminal.text(row)
    inet = re.search(r"^ +inet (172\.17\.0\.\d+)/16 brd 172\.17\.255\.255 scope global eth0$",
                     shown, re.MULTILINE)
    assert inet, shown
    assert re.search(r"^\d+: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP", shown, re.MULTILINE)
    assert re.search(r"^ +inet 127\.0\.0\.1/8 scope host lo$", shown, re.MULTILINE), shown
    row = terminal.cursor()
    terminal.type("exit")
    terminal.wait_for(r"^(?!/ #).*[#$]$", row + 1)  # the terminal's own shell prompts again
    code, left = terminal.run("docker ps -a -q | wc -l")
    assert code == 0 and re.search(r"^0$", left, re.MULTILINE), f"--rm left a container: {left}"
    return inet.group(1)


def compose_session(terminal: Terminal, project: Path) -> str:
    """``docker compose up -d`` of web and client, a ping from client to web, ``down``."""
    project.mkdir()
    (project / "compose.yaml").write_text(COMPOSE)
    assert terminal.run(f"cd {project}")[0] == 0
    code, shown = terminal.run("docker compose up -d")
    assert code == 0, shown
    assert re.search(r"Container compose-demo-(web|client)-1\s+Started", shown), shown
    code, shown = terminal.run("docker compose exec client ping -c 1 -W 1 web")
    assert code == 0, shown
    assert "1 packets transmitted, 1 packets received, 0% packet loss" in shown, shown
    assert re.search(r"^PING web \(172\.\d+\.0\.\d+\): 56 data bytes", shown, re.MULTILINE), shown
    code, shown = terminal.run("docker compose down")
    assert code == 0, shown
    assert re.search(r"Network compose-demo_default\s+Removed", shown), shown
    return shown


def test_a_terminal_runs_docker_and_compose_against_the_lab(
        browser: str, chromium: Any, coursekit_server: tuple[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """busybox's shell over ``docker run -it``, then a two-service Compose project whose
    client pings web by name, all typed into a JupyterLab terminal."""
    docker_host, serve_log = coursekit_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with lab_server(tmp_path, learner_env(tmp_path, docker_host)) as server:
        context = chromium.new_context(viewport=WINDOW)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        try:
            page.goto(f"{server.url}/lab?token={server.token}")
            page.wait_for_selector(".jp-Launcher", timeout=60_000)
            terminal = open_terminal(page)
            eth0 = busybox_session(terminal)
            page.screenshot(path=str(SHOTS / "1-busybox.png"))
            compose_session(terminal, server.root / "compose-demo")
            page.screenshot(path=str(SHOTS / "2-compose.png"))
            left = terminal.run("docker ps -a -q | wc -l")[1]
            assert re.search(r"^0$", left, re.MULTILINE), f"containers left behind: {left}"
        except Exception:
            page.screenshot(path=str(SHOTS / "failure.png"))
            raise
        finally:
            context.close()
    assert not errors, "\n".join(errors)
    assert "Traceback" not in serve_log.read_text(), serve_log.read_text()
    with capsys.disabled():
        print(f"\n[e2e terminal] {time.monotonic() - start:.1f}s; busybox's eth0 {eth0}; "
              f"screenshots in {SHOTS}")


def cell_output(page: Any, notebook: str, cell: str) -> tuple[int, str]:
    """(index, output text) of the cell whose id is ``cell``."""
    index = int(page.evaluate(CELL, [notebook, cell]))
    assert index >= 0, f"no cell {cell} in {NOTEBOOK}"
    return index, str(page.evaluate(CELL_TEXT, [notebook, index]))


def test_the_notebook_shows_what_the_terminal_started(
        browser: str, chromium: Any, coursekit_server: tuple[str, Path], tmp_path: Path) -> None:
    """Notebook 00 under a coursekit server (as `make lab` opens it): Lab() names the server;
    after Run all, a container started in a terminal appears when the "A real terminal"
    picture cell runs again."""
    docker_host, serve_log = coursekit_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    with lab_server(tmp_path, learner_env(tmp_path, docker_host)) as server:
        context = chromium.new_context(viewport=WINDOW)
        page = context.new_page()
        try:
            open_notebook(page, server, NOTEBOOK)
            notebook = str(page.evaluate("() => jupyterapp.shell.currentWidget.id"))
            run_all(page, SHOTS)
            assert_no_error_outputs(page, SHOTS)
            _, line = cell_output(page, notebook, FIRST_CELL)
            assert f"coursekit: using the coursekit server at {docker_host} (the simulated " \
                   "Docker Engine 28.5.2+dfsg4, shared with its terminals)" in line, line
            index, before = cell_output(page, notebook, SHOW_CELL)
            assert "Containers:" in before and "from-terminal" not in before, before
            terminal = open_terminal(page)
            code, shown = terminal.run("docker run -d --name from-terminal busybox sleep 600")
            assert code == 0, shown
            page.evaluate(RUN_CELL, [notebook, index])
            deadline = time.monotonic() + COMMAND_TIMEOUT_S
            while "from-terminal" not in (after := cell_output(page, notebook, SHOW_CELL)[1]):
                assert time.monotonic() < deadline, f"the picture never showed it:\n{after}"
                time.sleep(0.2)
            page.screenshot(path=str(SHOTS / "3-notebook-picture.png"))
        except Exception:
            page.screenshot(path=str(SHOTS / "failure-notebook.png"))
            raise
        finally:
            context.close()
    assert re.search(r"^- from-terminal \(running\), 1: lo 127\.0\.0\.1/8; 2: eth0@if\d+ "
                     r"172\.17\.0\.\d+/16 ", after, re.MULTILINE), after
    assert "Traceback" not in serve_log.read_text(), serve_log.read_text()
