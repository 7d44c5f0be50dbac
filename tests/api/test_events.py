"""``docker events``, ``docker logs -f`` and ``docker compose up`` in the foreground, with
the real CLIs against the server (28.5's CLI to 28.5, 28.2.2 to 20.10).

The expectations are the live engines' own: ``tests/golden/<engine>/events/*.json`` hold
what ``docker events --format '{{json .}}'`` printed on 20.10 and 28.5 for the same
commands, ids replaced by ``<name>`` and times dropped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tools import COMPOSE, docker_config_with_compose, require_docker_cli

from coursekit import Lab

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
KEPT_LABELS = ("com.docker.compose.service", "com.docker.compose.project",
               "com.docker.compose.oneoff", "com.docker.compose.container-number")


class Cli:
    """One docker CLI in front of a served lab."""

    def __init__(self, engine: str, lab: Lab, env: dict[str, str]) -> None:
        self.engine, self.lab, self.env = engine, lab, env
        self.docker = env["DOCKER_CLI"]

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.docker, *args], env=self.env, capture_output=True,
                              text=True, timeout=30, check=False, cwd=cwd)

    def popen(self, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen([self.docker, *args], env=self.env, cwd=cwd, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)

    def server_time(self) -> float:
        """The server's clock (``docker info``'s SystemTime), in Unix seconds."""
        text = self.run("info", "--format", "{{.SystemTime}}").stdout.strip()
        return datetime.fromisoformat(text[:26] + "+00:00").timestamp()

    def until(self) -> str:
        return f"{self.server_time() + 0.05:.9f}"

    def events(self, since: float, *args: str) -> list[dict[str, Any]]:
        """``docker events --since --until`` (until: just past the server's clock, which
        runs ahead of the machine's after a stop's timeout)."""
        until = self.until()
        done = self.run("events", "--since", str(int(since)), "--until", until,
                        "--format", "{{json .}}", *args)
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(params=["28.5", "20.10"])
def cli(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cli]:
    engine = str(request.param)
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    lab = Lab(backend="sim", engine=engine)
    running = lab.serve(str(run / "d.sock"), wall_clock=True)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DOCKER_HOST": running.docker_host,
           "DOCKER_CONFIG": str(tmp_path / "config"),
           "DOCKER_CLI": str(require_docker_cli(engine))}
    yield Cli(engine, lab, env)
    running.stop()


def golden(engine: str, name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((GOLDEN / engine / "events" / f"{name}.json").read_text())
    return doc


def normalised(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ids as ``<name>`` (a container's first name), times dropped, as the goldens are."""
    ids: dict[str, str] = {}
    for e in events:
        attrs = e["Actor"]["Attributes"]
        name = attrs.get("oldName", "/" + attrs.get("name", "")).lstrip("/")
        ids.setdefault(e["Actor"]["ID"], name)
    found = []
    for e in events:
        attrs = dict(e["Actor"]["Attributes"])
        for key in list(attrs):
            if key == "container":
                attrs[key] = f"<{ids.get(attrs[key], attrs[key])}>"
            elif key == "execDuration":
                attrs[key] = "<seconds>"
            elif key.startswith("com.docker.compose.") and key not in KEPT_LABELS:
                attrs[key] = "<any>"
        doc = {k: v for k, v in e.items() if k not in ("time", "timeNano")}
        doc["Actor"] = {"ID": f"<{ids[e['Actor']['ID']]}>", "Attributes": attrs}
        if "id" in doc:
            doc["id"] = doc["Actor"]["ID"]
        found.append(doc)
    return found


def test_since_until_replays_what_the_engine_printed(cli: Cli) -> None:
    """The engine's events for a known sequence, in its order, with its fields: create,
    connect before start, pause/unpause, rename (oldName), kill/die, stop's two kills,
    ``--rm``'s attach and destroy; 28.5 sends stop before die and execDuration, 20.10 die
    first and each network disconnect of a running container twice."""
    expected = golden(cli.engine, "sequence")
    since = cli.server_time()
    for command in expected["commands"]:
        done = cli.run(*command.split())
        assert done.returncode == 0, (command, done.stderr)
    got = normalised(cli.events(since))
    assert got == expected["events"]
    assert all(isinstance(e["timeNano"], int) and e["time"] == e["timeNano"] // 10**9
               for e in cli.events(since, "--filter", "type=network"))


def test_filters_and_format(cli: Cli) -> None:
    """``--filter`` (type, event, container) and a Go template, as the CLI prints them."""
    since = cli.server_time()
    for command in ("network create lab1", "run -d --name w1 --network lab1 busybox sleep 600",
                    "run -d --name w2 busybox sleep 600", "stop -t 1 w1"):
        assert cli.run(*command.split()).returncode == 0
    until = cli.until()
    shown = cli.run("events", "--since", str(int(since)), "--until", until, "--filter",
                    "container=w1", "--filter", "event=start", "--filter", "event=die",
                    "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}").stdout
    assert shown == "container start w1\ncontainer die w1\n"
    networks = cli.run("events", "--since", str(int(since)), "--until", until, "--filter",
                       "type=network", "--filter", "network=lab1", "--format",
                       "{{.Action}} {{.Actor.Attributes.name}}").stdout.splitlines()
    assert networks[:2] == ["create lab1", "connect lab1"]
    assert networks[-1] == "disconnect lab1"
    plain = cli.run("events", "--since", str(int(since)), "--until", until,
                    "--filter", "event=create", "--filter", "type=container").stdout
    lines = plain.splitlines()
    assert len(lines) == 2 and " container create " in lines[0]
    assert lines[0].endswith("(image=busybox, name=w1)")


def _read_until(process: subprocess.Popen[str], wanted: str, timeout: float = 10) -> list[str]:
    lines: list[str] = []
    end = time.monotonic() + timeout
    assert process.stdout is not None
    os.set_blocking(process.stdout.fileno(), False)
    while time.monotonic() < end and not any(wanted in line for line in lines):
        line = process.stdout.readline()
        if line:
            lines.append(line)
        else:
            time.sleep(0.05)
    assert any(wanted in line for line in lines), lines
    return lines


def test_live_events_see_other_clients_and_the_notebook(cli: Cli) -> None:
    """A running ``docker events`` prints each event as it happens: a container another
    CLI starts, and one the notebook's ``lab.sh()`` starts (seen on the server's poll)."""
    watch = cli.popen("events", "--filter", "type=container", "--format",
                      "{{.Action}} {{.Actor.Attributes.name}}")
    try:
        time.sleep(0.5)
        assert cli.run("run", "-d", "--name", "other", "busybox", "sleep", "600"
                       ).returncode == 0
        assert _read_until(watch, "start other") == ["create other\n", "start other\n"]
        with cli.lab.lock:
            cli.lab.sh("docker run -d --name nb busybox sleep 600")
        assert _read_until(watch, "start nb") == ["create nb\n", "start nb\n"]
        assert watch.poll() is None  # still streaming
    finally:
        watch.kill()
        watch.communicate(timeout=5)


def test_logs_follow_ends_when_the_container_stops(cli: Cli) -> None:
    """``docker logs -f`` prints what the container printed and stays until it stops."""
    assert cli.run("run", "-d", "--name", "talk", "busybox", "sh", "-c",
                   "echo one; echo two >&2; sleep 600").returncode == 0
    follow = cli.popen("logs", "-f", "talk")
    time.sleep(1.0)
    assert follow.poll() is None
    assert cli.run("stop", "-t", "1", "talk").returncode == 0
    out, err = follow.communicate(timeout=10)
    assert (follow.returncode, out, err) == (0, "one\n", "two\n")
    assert cli.run("logs", "-f", "talk").stdout == "one\n"  # stopped: at once


def _per_actor(events: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each container's own events in order (its network connects included)."""
    found: dict[str, list[str]] = {}
    for e in events:
        attrs = e["Actor"]["Attributes"]
        key = attrs["container"] if "container" in attrs else e["Actor"]["ID"]
        found.setdefault(key, []).append(f"{e['Type']} {e['Action']} {attrs.get('signal', '')}")
    return found


def test_compose_up_in_the_foreground_until_ctrl_c(cli: Cli, tmp_path: Path) -> None:
    """``docker compose up``: compose's lines, attached to both services; SIGINT (Ctrl-C)
    stops them ("Gracefully Stopping...") and compose exits 130, with the events the
    engine sends for each container."""
    expected = golden(cli.engine, "compose-up")
    cli.env["DOCKER_CONFIG"] = str(docker_config_with_compose(tmp_path / "config"))
    project = tmp_path / "compose"
    project.mkdir()
    (project / "compose.yaml").write_text(COMPOSE)
    since = cli.server_time()
    up = cli.popen("compose", "up", cwd=project)
    try:
        for _ in range(100):
            shown = cli.run("ps", "--format", "{{.Names}}").stdout.split()
            if sorted(shown) == ["compose-client-1", "compose-web-1"]:
                break
            time.sleep(0.1)
        time.sleep(0.5)
        os.killpg(up.pid, signal.SIGINT)
        out, err = up.communicate(timeout=20)
    finally:
        if up.poll() is None:
            os.killpg(up.pid, signal.SIGKILL)
    assert up.returncode == expected["exit_code"]
    assert out == expected["stdout"]
    assert sorted(err.splitlines()) == sorted(expected["stderr"].splitlines())
    states = cli.run("ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout
    assert states.count("Exited (137)") == 2
    got = [e for e in normalised(cli.events(since)) if e["Action"] != "destroy"]
    assert _per_actor(got) == _per_actor(expected["events"])
    assert sorted(map(json.dumps, got)) == sorted(map(json.dumps, expected["events"]))
