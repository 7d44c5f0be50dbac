"""``docker ps`` on a real engine: one list request, read into what the CLI prints.

``data/container_list_<engine>.json`` holds one ``GET /containers/json?all=1`` answer of
engine 20.10.24 and of 28.5.2 (links, ports, host and container modes, a paused, a
restarting, an exited, a created container), the engine's clock at that moment and what
the matching CLI (28.2.2, 28.5.2) printed for ``docker ps -a --no-trunc --format ...``
right then (the same Status words). The 28.5 format leaves out ``.Networks``: the CLI
joins that map's keys in Go's random order.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from engine_support import THIS_MACHINE

from coursekit import errors
from coursekit.backends.base import ContainerSpec
from coursekit.backends.engine.backend import EngineBackend
from coursekit.backends.engine.clock import EngineClock
from coursekit.backends.engine.run import parse_time
from coursekit.backends.sim import SimBackend
from coursekit.cli.render import text as render
from coursekit.cli.render.rows import human_duration
from coursekit.models import NetworkMode, PortBinding
from coursekit.profiles import for_server_version
from coursekit.wire import decode_container_list
from coursekit.wire.listing import split_command
from coursekit.wire.status import read_status, span_seconds


@pytest.fixture
def prefix(lab_label: str) -> str:
    """A name prefix unique to this test run (``he6`` + 8 hex)."""
    return "he6" + lab_label[-8:]


DATA = Path(__file__).parent / "data"
RECORDINGS = {engine: json.loads((DATA / f"container_list_{engine}.json").read_text())
              for engine in ("20.10", "28.5")}
RECORDED = RECORDINGS["20.10"]
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("engine", sorted(RECORDINGS))
def test_the_list_renders_as_the_cli_printed_it(engine: str) -> None:
    """Decoded against the engine's clock, the list gives the CLI's lines byte for byte."""
    recorded = RECORDINGS[engine]
    now = parse_time(recorded["system_time"])
    containers = list(decode_container_list(recorded["list"], now))
    text = render.ps(list(reversed(containers)), now=now, no_trunc=True,
                     template=recorded["format"], linkers=containers)
    assert text == recorded["ps"]


def test_the_list_comes_oldest_first_with_the_lab_label_hidden() -> None:
    """The daemon sends newest first; the models come oldest first, hidden labels left out."""
    containers = decode_container_list(RECORDED["list"], T0, hidden_labels=("io.coursekit.lab",))
    assert [c.id for c in containers] == [d["Id"] for d in reversed(RECORDED["list"])]
    assert dict(next(c for c in containers if c.name == "un").labels) == {"team": "red"}


def test_links_come_back_on_the_linker() -> None:
    """db's names /app/database and /app/db give app the links db:database and db:db."""
    app = next(c for c in decode_container_list(RECORDED["list"], T0) if c.name == "app")
    assert app.links == ("db:database", "db:db")


@pytest.mark.parametrize("seconds", [0, 0.4, 1, 2.5, 59, 60, 119, 120, 3599, 3600, 5399,
                                     5400, 86400, 47 * 3600, 48 * 3600, 13 * 86400,
                                     14 * 86400, 59 * 86400, 60 * 86400, 729 * 86400,
                                     730 * 86400, 3000 * 86400])
def test_status_words_read_back_to_the_same_words(seconds: float) -> None:
    """The span read back from HumanDuration's words gives those words again, with half a
    second to spare either way."""
    words = human_duration(seconds)
    middle = span_seconds(words)
    assert {human_duration(middle - 0.49), human_duration(middle + 0.49)} == {words}


def test_status_gives_exit_code_and_times() -> None:
    """``Exited (3) 2 minutes ago``: exit 3, finished 150 s before now; ``Up``: started."""
    exited = read_status("Exited (3) 2 minutes ago", T0)
    assert exited.exit_code == 3 and parse_time(exited.finished_at) == T0 - timedelta(seconds=150)
    up = read_status("Up 2 hours (Paused)", T0)
    assert parse_time(up.started_at) == T0 - timedelta(hours=2)
    assert read_status("Created", T0).started_at.startswith("0001-")
    assert read_status("", T0, "2025-01-01T00:00:00Z").started_at == "2025-01-01T00:00:00Z"


@pytest.mark.parametrize("text, argv", [
    ("sleep 1d", ("sleep", "1d")),
    ("sh -c 'echo \"a b\"; sleep 1d'", ("sh", "-c", 'echo "a b"; sleep 1d')),
    ("echo 'two  spaces' ", ("echo", "two  spaces", "")),
    ("sh -c 'echo 'x''", ("sh", "-c", "echo 'x'")),
    ("odd 'x", ("odd 'x",)),
    ("", ()),
])
def test_command_reads_back_to_an_argv_written_the_same(text: str, argv: tuple[str, ...]) -> None:
    """The daemon's Command (arguments with a space in '...') gives back such an argv."""
    assert split_command(text) == argv


# --- the backend: one request, the engine filters ----------------------------------------


class FakeAPI:
    """The APIClient calls ``docker ps`` and ``docker network ls`` make, recorded."""

    base_url = "http+docker://localhost"

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def containers(self, all: bool = False, filters: Any = None) -> list[dict[str, Any]]:
        self.calls.append(("containers", (all, filters)))
        return list(RECORDED["list"])

    def info(self) -> dict[str, Any]:
        self.calls.append(("info", None))
        return {"SystemTime": RECORDED["system_time"]}

    def networks(self, filters: Any = None) -> list[dict[str, Any]]:
        self.calls.append(("networks", filters))
        return []

    def inspect_container(self, ref: str) -> dict[str, Any]:
        raise AssertionError("docker ps inspects nothing")

    def inspect_network(self, ref: str) -> dict[str, Any]:
        raise AssertionError("nothing was listed")


class FakeClient:
    def __init__(self) -> None:
        self.api = FakeAPI()

    def ping(self) -> bool:
        return True


def test_ps_is_one_list_request_with_the_filters() -> None:
    """containers(filters) passes the filters to GET /containers/json and inspects nothing."""
    client = FakeClient()
    backend = EngineBackend(client=client)  # type: ignore[arg-type]
    found = backend.containers({"name": ["db"]})
    assert len(found) == len(RECORDED["list"])
    backend.containers()
    assert backend.networks({"driver": ["bridge"]}) == ()
    assert [c for c in client.api.calls if c[0] != "info"] == [
        ("containers", (True, {"name": ["db"]})), ("containers", (True, None)),
        ("networks", {"driver": ["bridge"]})]


def test_the_clock_is_read_once_then_carried_on() -> None:
    """The engine's clock is read once per REFRESH seconds, and again if ours goes back."""
    here = [T0]
    reads: list[datetime] = []

    def read() -> datetime:
        reads.append(here[0])
        return here[0] + timedelta(seconds=100)

    clock = EngineClock(read, refresh=30, local=lambda: here[0])
    assert clock.now() == T0 + timedelta(seconds=100)
    here[0] = T0 + timedelta(seconds=10)
    assert clock.now() == T0 + timedelta(seconds=110) and len(reads) == 1
    here[0] = T0 + timedelta(seconds=45)
    assert clock.now() == T0 + timedelta(seconds=145) and len(reads) == 2
    here[0] = T0
    clock.now()
    assert len(reads) == 3


# --- a live engine -----------------------------------------------------------------------

PS_FIELDS = "{{.ID}}|{{.Image}}|{{.Command}}|{{.Ports}}|{{.Names}}|{{.Networks}}|{{.State}}"


def _spec(name: str, *command: str, **kw: Any) -> ContainerSpec:
    return ContainerSpec("busybox", command or ("sleep", "1d"), name=name, **kw)


@pytest.mark.engine
def test_listed_containers_print_as_inspected_ones(engine_backend: EngineBackend,
                                                   prefix: str) -> None:
    """``docker ps`` from the list alone prints what full inspects print (ports, links,
    commands, modes, states), and carries the same exit codes."""
    db, _ = engine_backend.create_container(_spec(f"{prefix}-db"))
    engine_backend.start(db.id)
    for spec in (_spec(f"{prefix}-app", links=(f"{prefix}-db:database",),
                       ports=(PortBinding(80, host_port=0),), exposed=("7000",)),
                 _spec(f"{prefix}-x", "sh", "-c", "echo 'a b'; exit 3"),
                 _spec(f"{prefix}-h", network=NetworkMode("host"))):
        engine_backend.start(engine_backend.create_container(spec)[0].id)
    engine_backend.create_container(_spec(f"{prefix}-c", "echo", "two  words"))
    engine_backend.api.wait(f"{prefix}-x", timeout=30)
    listed = list(reversed(engine_backend.containers({"name": [prefix]})))  # as ps: newest first
    inspected = [engine_backend.container(c.id) for c in listed]
    now = engine_backend.now()
    assert len(listed) == 5
    assert (render.ps(listed, now=now, no_trunc=True, template=PS_FIELDS)
            == render.ps(inspected, now=now, no_trunc=True, template=PS_FIELDS))
    assert [c.exit_code for c in listed] == [c.exit_code for c in inspected]


@pytest.mark.engine
def test_the_engine_refuses_filters_in_the_words_the_simulator_uses(
        engine_backend: EngineBackend, prefix: str) -> None:
    """Filters go to the engine; its refusals are the simulator's (the engine's profile),
    class and text."""
    sim = SimBackend(profile=for_server_version(engine_backend.version()), **THIS_MACHINE)
    for filters in ({"foo": ["bar"]}, {"status": ["xyz"]}, {"before": [f"{prefix}-none"]}):
        with pytest.raises(errors.DockerError) as real:
            engine_backend.containers(filters)
        with pytest.raises(errors.DockerError) as simulated:
            sim.containers(filters)
        assert (type(real.value), real.value.message) == (type(simulated.value),
                                                          simulated.value.message)
    for filters in ({"foo": ["1"]}, {"type": ["x"]}, {"dangling": ["maybe"]}):
        with pytest.raises(errors.DockerError) as real:
            engine_backend.networks(filters)
        with pytest.raises(errors.DockerError) as simulated:
            sim.networks(filters)
        assert (type(real.value), real.value.message) == (type(simulated.value),
                                                          simulated.value.message)
