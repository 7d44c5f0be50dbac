"""The fourth parity path: coursekit's engine backend (the docker SDK) driving the server.

A notebook whose ``Lab()`` finds a coursekit server behind ``DOCKER_HOST`` talks to it as to
any engine: through :class:`EngineBackend`. Each recorded scenario is replayed that way,
against a server playing the recording's engine, and every step must print what the live
engine printed (the goldens of tests/golden/, normalised as tests/test_golden.py does).
No engine is needed: the server is the simulator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
from engine_support import THIS_MACHINE
from scenarios import replay_differences, scenarios

from coursekit import Lab
from coursekit.api import Server
from coursekit.backends.engine.backend import EngineBackend
from coursekit.backends.sim.served import ServedSim
from coursekit.profiles import PROFILES

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = [(engine, name) for engine in PROFILES
         for name in sorted(p.stem for p in (GOLDEN / engine).glob("*.json"))]


@pytest.fixture
def served_lab(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Lab]:
    engine = request.node.callspec.params["engine"]
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    running = Server(ServedSim(profile=PROFILES[engine], **THIS_MACHINE)).start(
        socket=str(folder / "d.sock"))
    client = docker.DockerClient(base_url=running.docker_host, version="auto", timeout=30)
    try:
        yield Lab.using(EngineBackend(client=client))
    finally:
        client.close()
        running.stop()


@pytest.mark.parametrize(("engine", "name"), CASES, ids=[f"{e}/{n}" for e, n in CASES])
def test_engine_backend_through_the_server_matches_the_engine(
        engine: str, name: str, served_lab: Lab) -> None:
    """Every step's stdout, stderr and exit code, through SDK and server, match the live
    engine's recording."""
    steps = scenarios()[name]
    recording = json.loads((GOLDEN / engine / f"{name}.json").read_text())
    diffs = replay_differences(served_lab.sh, steps, recording, engine, "served")
    assert not diffs, "\n\n".join(diffs[:8])
