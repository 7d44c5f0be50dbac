"""Labs on either engine profile, for the profile tests (tests/sim/test_profiles*.py)."""

from __future__ import annotations

import pytest

from coursekit import Lab
from coursekit.backends.base import ContainerSpec
from coursekit.backends.sim import SimBackend
from coursekit.models import NetworkMode
from coursekit.profiles import PROFILES
from coursekit.result import CommandResult

BOTH = pytest.mark.parametrize("engine", list(PROFILES))


def sim(engine: str, seed: int = 0) -> SimBackend:
    return SimBackend(seed=seed, profile=PROFILES[engine])


def lab(engine: str) -> Lab:
    return Lab.using(sim(engine))


def run(backend: SimBackend, name: str, network: str = "", **options: object) -> None:
    """``docker run -d --name NAME [--network NETWORK] busybox sleep 1d``."""
    spec = ContainerSpec("busybox", ("sleep", "1d"), name=name,
                         network=NetworkMode.parse(network), **options)  # type: ignore[arg-type]
    backend.create_container(spec)
    backend.start(name)


def run_lines(lab: Lab, *lines: str) -> CommandResult:
    """Type ``lines`` into ``lab`` in order; the last one's answer (empty for none)."""
    result = CommandResult()
    for line in lines:
        result = lab.sh(line)
    return result
