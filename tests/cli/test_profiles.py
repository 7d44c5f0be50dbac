"""The CLI front end answers as the docker CLI that goes with the backend's engine profile.

Engine 28.5 comes with CLI 28.5.2, Engine 20.10 (Debian 12) came here behind CLI 28.2.2:
each behaviour below is checked for both profiles, through ``run_line`` as a learner
types it, against what the real CLIs printed (tests/cli/data/: help-28.5.json,
version-*.txt, engine_observed*.json). The backend is :class:`Recorded`: fixed models
decoded from one engine's recording, answering as that engine's profile (no simulator).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pytest

from coursekit.cli import run_line
from coursekit.cli.flags import usage
from coursekit.cli.render.text import dump_json
from coursekit.errors import NotFound
from coursekit.models import Container, Network
from coursekit.profiles import EngineProfile
from coursekit.result import CommandResult
from tests.cli.observed import (
    DATA,
    ENGINES,
    container_model,
    network_model,
    observed,
    profile,
    when,
    with_derived,
)

HELP_28_5: dict[str, str] = json.loads((DATA / "help-28.5.json").read_text())


class Recorded:
    """A backend holding one engine's recorded containers and networks, as its profile."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.data = observed(engine)

    def profile(self) -> EngineProfile:
        return profile(self.engine)

    def version(self) -> str:
        return self.profile().server.version

    def now(self) -> datetime:
        return when(self.data["ps"][0]["now"])

    def images(self) -> tuple[str, ...]:
        return ("busybox:latest",)

    def container(self, ref: str) -> Container:
        if ref not in self.data["containers"]:
            raise NotFound(f"No such container: {ref}")
        return container_model(self.data["containers"][ref], self.engine)

    def network(self, ref: str) -> Network:
        if ref not in self.data["networks"]:
            raise NotFound(f"network {ref} not found")
        return network_model(self.data["networks"][ref], self.engine)

    def networks(self, filters: Mapping[str, Sequence[str]] | None = None) -> tuple[Network, ...]:
        names = (filters or {}).get("name", [""])
        return tuple(self.network(n) for n in self.data["networks"]
                     if any(part in n for part in names))

    def containers(self, filters: Any = None) -> tuple[Container, ...]:
        return tuple(self.container(name) for name in self.data["containers"])


def sh(engine: str, line: str) -> CommandResult:
    return run_line(Recorded(engine), line)  # type: ignore[arg-type]


# ------------------------------------------------------------------ help texts and flags


@pytest.mark.parametrize("path", sorted(HELP_28_5))
def test_help_texts_are_cli_28_5_2s(path: str) -> None:
    """``PATH --help`` before Engine 28.5 prints what CLI 28.5.2 printed, for every path
    recorded (verbatim and derived texts: ``docker create``, ``docker container ls``...)."""
    assert sh("28.5", f"{path} --help") == CommandResult(HELP_28_5[path])


@pytest.mark.parametrize("path", sorted(HELP_28_5))
def test_help_texts_before_20_10_are_cli_28_2_2s(path: str) -> None:
    """Before Engine 20.10 the same paths print CLI 28.2.2's texts (API 1.41's flags)."""
    assert sh("20.10", f"{path} --help").stdout == usage.help_text(path, "28.2.2/1.41")


def test_the_texts_that_differ() -> None:
    """Only ``docker``, ``run`` (and what derives from it) and ``images`` differ."""
    differ = {p for p in HELP_28_5 if usage.help_text(p, "28.2.2/1.41") != HELP_28_5[p]}
    assert differ == {"docker", "docker run", "docker create", "docker container run",
                      "docker container create", "docker images", "docker image ls"}


@pytest.mark.parametrize(("line", "accepted_by"), [
    ("docker run --annotation a=b --help", {"28.5"}),
    ("docker create --health-start-interval 1s --help", {"28.5"}),
    ("docker images --tree --help", {"28.5"}),
    ("docker run --kernel-memory 1m --help", {"28.5", "20.10"}),
])
@pytest.mark.parametrize("engine", ENGINES)
def test_flag_tables_come_from_the_chosen_texts(engine: str, line: str,
                                                accepted_by: set[str]) -> None:
    """A flag only CLI 28.5.2 lists parses before 28.5 and is pflag's ``unknown flag``
    before 20.10 (exit 125, with the usage line)."""
    result = sh(engine, line)
    if engine in accepted_by:
        assert (result.exit_code, result.stdout.startswith("Usage:  docker ")) == (0, True)
    else:
        flag = line.split()[2]
        assert result.exit_code == 125 and result.stderr.startswith(f"unknown flag: {flag}\n")


@pytest.mark.parametrize(("engine", "result"), [
    ("28.5", CommandResult("", "docker: unknown command: docker stack\n\n"
                           "Run 'docker --help' for more information\n", 1)),
    ("20.10", CommandResult("", "coursekit: `docker stack` is a real docker command, but not "
                            "part of this lab (it has containers, networks and the images "
                            "already present)\n", 1)),
])
def test_swarm_commands_are_gone_from_cli_28_5_2(engine: str, result: CommandResult) -> None:
    """CLI 28.5.2's root help lists ``swarm`` alone among the Swarm commands: ``docker
    stack`` is unknown to it; CLI 28.2.2 knows it (the lab does not run it)."""
    assert sh(engine, "docker stack ls") == result
    assert ("  stack       Manage Swarm stacks\n" in sh(engine, "docker --help").stdout) is (
        engine == "20.10")


# ------------------------------------------------------------------ versions


@pytest.mark.parametrize(("engine", "text"), [
    ("28.5", "Docker version 28.5.2+dfsg4, build 9cc6dea\n"),
    ("20.10", "Docker version 28.2.2, build e6534b4\n"),
])
def test_docker_dash_dash_version(engine: str, text: str) -> None:
    """``docker --version`` names the profile's CLI."""
    assert sh(engine, "docker --version") == CommandResult(text)


@pytest.mark.parametrize("engine", ENGINES)
def test_docker_version_is_the_recorded_one(engine: str) -> None:
    """``docker version``: Client and Server sections as the real pair printed them."""
    recorded = (DATA / f"version-{engine}.txt").read_text()
    expected = recorded.split("$ docker version\n", 1)[1].split("$ docker info", 1)[0]
    assert sh(engine, "docker version") == CommandResult(expected)


@pytest.mark.parametrize(("engine", "line"), [
    ("28.5", "28.5.2+dfsg4 1.51 28.5.2+dfsg4"), ("20.10", "28.2.2 1.41 20.10.24+dfsg1")])
def test_docker_version_format(engine: str, line: str) -> None:
    """``docker version --format``: the client's version and API version, the engine's."""
    template = "'{{.Client.Version}} {{.Client.ApiVersion}} {{.Server.Version}}'"
    assert sh(engine, f"docker version --format {template}").stdout == line + "\n"


# ------------------------------------------------------------------ the CLI's own words


@pytest.mark.parametrize(("engine", "word"), [("28.5", "Invalid"), ("20.10", "invalid")])
def test_bad_container_port_in_the_clis_words(engine: str, word: str) -> None:
    """``-p 80848808``: CLI 28.5.2 writes ``Invalid containerPort``, 28.2.2 ``invalid``."""
    assert sh(engine, "docker run -p 80848808 busybox") == CommandResult(
        "", f"docker: {word} containerPort: 80848808\n\n"
        "Run 'docker run --help' for more information\n", 125)


def _templates(name: str) -> list[Any]:
    return [pytest.param(engine, entry, id=f"{engine}:{entry['template']}")
            for engine in ENGINES for entry in observed(engine)["templates"]
            if entry["name"] == name]


@pytest.mark.parametrize(("engine", "entry"), _templates("hr3u1") + _templates("hr3net"))
def test_inspect_templates_through_the_cli(engine: str, entry: dict[str, Any]) -> None:
    """``docker [network] inspect -f T NAME`` as typed: the recorded stdout, stderr and
    exit code, ``eq .Name 3``'s error in each CLI's Go wording included."""
    verb = "docker inspect" if entry["kind"] == "container" else "docker network inspect"
    result = sh(engine, f"{verb} -f {shlex.quote(entry['template'])} {entry['name']}")
    assert result == CommandResult(entry["stdout"], entry["stderr"], entry["rc"])


# ------------------------------------------------------------------ documents


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["hr3u1", "hr3x1", "hr3m1", "hr3a1", "hr3h1"])
def test_docker_inspect_prints_the_engines_document(engine: str, name: str) -> None:
    """``docker inspect NAME`` prints the document in the backend's engine shape."""
    result = sh(engine, f"docker inspect {name}")
    mine = json.loads(result.stdout)[0]
    assert result.stdout == dump_json([with_derived(observed(engine)["containers"][name], mine)])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["bridge", "host", "none", "hr3net2"])
def test_docker_network_inspect_prints_the_engines_document(engine: str, name: str) -> None:
    """``docker network inspect NAME``: 28.5's EnableIPv4 and null host/none Config."""
    expected = json.dumps([observed(engine)["networks"][name]], indent=4) + "\n"
    assert sh(engine, f"docker network inspect {name}") == CommandResult(expected)


@pytest.mark.parametrize(("engine", "entry"), [
    pytest.param(engine, entry, id=f"{engine}:{' '.join(entry['args'])}")
    for engine in ENGINES for entry in observed(engine)["network_ls"]])
def test_network_ls_through_the_cli(engine: str, entry: dict[str, Any]) -> None:
    """``docker network ls --filter name=hr3 ...``: 28.5 reports ``IPv4`` true."""
    args = " ".join(shlex.quote(arg) for arg in entry["args"])
    result = sh(engine, f"docker network ls --filter name=hr3 {args}")
    assert result == CommandResult(entry["stdout"], entry["stderr"], entry["rc"])
