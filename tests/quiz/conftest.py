"""Fixtures for the quiz tests: an isolated learner home, topologies, fake and simulated labs."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coursekit.models import Container, Endpoint, Network, NetworkMode, PortBinding, Topology
from coursekit.result import CommandResult

PREDEFINED = {"bridge": "172.17.0.0/16", "host": None, "none": None}
LISTINGS = ("docker ps -a --format '{{.Names}}'", "docker network ls --format '{{.Name}}'")
"""What the scratch lab lists before and after a predict setup (the fake answers them)."""


@pytest.fixture(autouse=True)
def language() -> Iterator[None]:
    """Every test starts in English and leaves the kernel's language as it found it."""
    from coursekit import i18n

    before = list(i18n._current)
    i18n.use("en")
    yield
    i18n._current[:] = before


@pytest.fixture(autouse=True)
def learner_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own COURSEKIT_HOME; instructor mode is off unless a test sets it."""
    home = tmp_path / "learner-home"
    monkeypatch.setenv("COURSEKIT_HOME", str(home))
    monkeypatch.delenv("COURSEKIT_INSTRUCTOR", raising=False)
    monkeypatch.delenv("COURSEKIT_QUIZZES", raising=False)
    return home


def network(name: str, subnet: str | None = "10.1.0.0/24") -> Network:
    driver = {"host": "host", "none": "null"}.get(name, "bridge")
    subnet = PREDEFINED.get(name, subnet) if name in PREDEFINED else subnet
    gateway = subnet.rsplit(".", 1)[0] + ".1" if subnet else None
    return Network(id=hashlib.sha256(name.encode()).hexdigest(), name=name, driver=driver,
                   subnet=subnet, gateway=gateway)


def container(name: str, nets: tuple[str, ...] = ("bridge",), state: str = "running",
              mode: str = "default", ports: tuple[PortBinding, ...] = (),
              links: tuple[str, ...] = (), ips: tuple[str, ...] = ()) -> Container:
    """A container on ``nets``; running ones get addresses ``ips`` (or 10.9.N.2), except
    in none and host mode, whose endpoint has none (as the engine reports)."""
    running = state == "running"
    addressed = running and mode not in ("none", "host")
    eps = tuple(Endpoint(network_id=n, network_name=n,
                         ip=(ips[i] if i < len(ips) else f"10.9.{i}.2") if addressed else "",
                         prefixlen=24 if addressed else 0) for i, n in enumerate(nets))
    return Container(id=hashlib.sha256(b"c" + name.encode()).hexdigest(), name=name,
                     image="busybox", state=state, network_mode=NetworkMode.parse(mode),
                     endpoints=eps,
                     ports=ports if running else (), links=links)


@dataclass
class FakeLab:
    """A lab double: a topology to hand out and canned answers for command lines."""

    containers: list[Container] = field(default_factory=list)
    networks: list[Network] = field(default_factory=lambda: [network(n) for n in PREDEFINED])
    answers: dict[str, CommandResult] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def sh(self, line: str) -> CommandResult:
        self.lines.append(line)
        if line in self.answers:
            return self.answers[line]
        if line in LISTINGS:
            names = self.containers if line == LISTINGS[0] else self.networks
            return CommandResult("".join(f"{x.name}\n" for x in names))
        return CommandResult("", f"fake: no answer for {line}\n", 1)

    def snapshot(self) -> Topology:
        return Topology(backend="fake", host_name="host", host_interfaces=(),
                        networks=tuple(self.networks), containers=tuple(self.containers))


@pytest.fixture
def fake_lab() -> FakeLab:
    return FakeLab()


@pytest.fixture
def sim_lab() -> Iterator[object]:
    """A simulated Lab, skipped (saying why) until the simulator answers docker run."""
    try:
        from coursekit import Lab

        lab = Lab(backend="sim")
    except ImportError as exc:
        pytest.skip(f"the simulator is not available yet: {exc}")
    probe = lab.sh("docker run -d --name probe0 busybox sleep 1d")
    if probe.exit_code:
        pytest.skip(f"the simulator cannot run containers yet: {probe.stderr.strip()[:120]}")
    lab.reset()
    yield lab
    lab.reset()


def require(lab: Any, line: str) -> None:
    """Skip (saying why) while the simulator cannot answer ``line`` yet."""
    from coursekit.lab import INTERNAL_ERROR

    result = lab.sh(line)
    if result.stderr.startswith(INTERNAL_ERROR):
        pytest.skip(f"the simulator cannot answer `{line}` yet: {result.stderr.strip()[-120:]}")


class BackendLab:
    """A lab over any backend: what Lab does, without choosing the backend itself."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def sh(self, line: str) -> CommandResult:
        from coursekit.cli import run_line

        return run_line(self.backend, line)

    def snapshot(self) -> Topology:
        return self.backend.snapshot()

    def run(self, *lines: str) -> list[CommandResult]:
        return [self.sh(line) for line in lines]


@pytest.fixture
def engine_lab(engine_backend: Any, lab_label: str) -> tuple[BackendLab, dict[str, str]]:
    """A lab on the real engine, and names unique to this test for the bank's own names.

    The bank says c1, c2, app, p1..p3, pnet and 10.10.0; on an engine shared with other
    work they become ``hq7<8 hex>c1``... and a free 10.x.y subnet (the test's label
    makes the engine backend remove them afterwards).
    """
    prefix = "hq7" + lab_label[-8:]
    names = {n: prefix + n for n in ("c1", "c2", "app", "p1", "p2", "p3", "pnet")}
    used = {n.subnet for n in engine_backend.networks() if n.subnet}
    free = next(f"10.{a}.{b}" for a in range(200, 250) for b in range(256)
                if f"10.{a}.{b}.0/24" not in used)
    names["10.10.0"] = free
    return BackendLab(engine_backend), names


def rename(text: str, names: dict[str, str]) -> str:
    """``text`` with each whole-word name replaced (10.10.0.3 -> 10.201.7.3)."""
    pattern = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    return re.sub(rf"(?<![\w])({pattern})(?![\w])", lambda m: names[m.group(1)], text)
