"""What the real engines printed (tests/cli/data/engine_observed*.json) and models matching it.

Two recordings, made on the reference machine for containers named ``hr3*`` with the
same commands: ``engine_observed.json`` (Docker Engine 20.10.24 behind CLI 28.2.2) and
``engine_observed-28.5.json`` (Engine 28.5.2 behind CLI 28.5.2). Each holds ``docker
inspect`` documents, ``docker network inspect`` documents (members limited to those
containers), the output of 512 ``-f`` templates, ``docker ps`` / ``docker network ls``
variants with the moment they ran, and ``docker port``. ``container_model`` and
``network_model`` read a document back into the models the renderer takes (with
:mod:`coursekit.wire`'s decoder, the one the engine backend uses), so the renderer's
output, in the shape of the engine that recorded it (:func:`shape`), can be compared
with what that engine printed.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from coursekit.models import Container, Network
from coursekit.profiles import PROFILES, EngineProfile
from coursekit.wire import Shape, decode_container, decode_network

DATA = Path(__file__).parent / "data"
RECORDINGS = {"20.10": DATA / "engine_observed.json",
              "28.5": DATA / "engine_observed-28.5.json"}
ENGINES = tuple(RECORDINGS)
UNKNOWABLE = ("Pid", "GraphDriver", "SandboxID", "SandboxKey", "ExecIDs")
"""Engine values the models do not carry; the renderer derives its own (:func:`with_derived`)."""


@cache
def observed(engine: str = "20.10") -> dict[str, Any]:
    """The recording of ``engine`` (``20.10`` or ``28.5``)."""
    data: dict[str, Any] = json.loads(RECORDINGS[engine].read_text())
    return data


def profile(engine: str) -> EngineProfile:
    return PROFILES[engine]


def shape(engine: str) -> Shape:
    """The document shape of the engine that made the recording."""
    return PROFILES[engine].shape


def each(section: str, key: str | None = None) -> list[Any]:
    """``pytest.param`` per engine and entry of ``section`` (a dict's names, sorted, or a
    list's entries), with ids ``ENGINE:NAME``: one test case per recorded thing."""
    cases = []
    for engine in ENGINES:
        items = observed(engine)[section]
        entries = sorted(items) if isinstance(items, dict) else items
        for entry in entries:
            label = entry if isinstance(entry, str) else _label(entry, key)
            cases.append(pytest.param(engine, entry, id=f"{engine}:{label}"))
    return cases


def _label(entry: dict[str, Any], key: str | None) -> str:
    if key == "args":
        return " ".join(entry["args"])
    if key == "template":
        return f"{entry['name']}:{entry['template']}"
    return f"{entry['name']} {entry.get('private') or ''}"


def network_model(doc: dict[str, Any], engine: str = "20.10") -> Network:
    """The Network a backend would report for this ``docker network inspect`` document."""
    return decode_network(doc, shape=shape(engine))


def container_model(doc: dict[str, Any], engine: str = "20.10") -> Container:
    """The Container a backend would report for this ``docker inspect`` document."""
    return decode_container(doc, shape=shape(engine))


def containers(engine: str = "20.10") -> list[Container]:
    """Every observed container as a model, in the order ``docker ps -a`` listed them."""
    return [container_model(doc, engine) for doc in observed(engine)["containers"].values()]


def networks(engine: str = "20.10") -> dict[str, Network]:
    return {name: network_model(doc, engine)
            for name, doc in observed(engine)["networks"].items()}


LAYER_DIRS = ("LowerDir", "MergedDir", "UpperDir", "WorkDir")


def with_derived(doc: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    """The engine's document with the values no model carries taken from ``mine``.

    Only values the engine did set are taken (a Pid, a sandbox, the overlay2 layer
    directories): where the engine shows ``0`` or ``""``, ``mine`` must too, and the
    keys stay the engine's (``GraphDriver.Data.ID`` on 28.5 is the container's id)."""
    expected = json.loads(json.dumps(doc))
    if expected["State"]["Pid"]:
        expected["State"]["Pid"] = mine["State"]["Pid"]
    data = expected["GraphDriver"]["Data"]
    for key in LAYER_DIRS:
        data[key] = mine["GraphDriver"]["Data"].get(key)
    expected["ExecIDs"] = mine["ExecIDs"]
    for key in ("SandboxID", "SandboxKey"):
        if expected["NetworkSettings"][key]:
            expected["NetworkSettings"][key] = mine["NetworkSettings"][key]
    return expected


def when(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def moments(engine: str, entry: dict[str, Any], step: float = 0.01) -> list[datetime]:
    """When the CLI may have read its clock for the ``docker ps`` ``entry``: from the
    moment the recorder started it (``now``) to the moment it started the next one (the
    last: half a second on), in ``step`` seconds. CLI 28.5.2 takes over 100 ms to start,
    enough to turn "Up 55 seconds" into "Up 54 seconds" at the recorded ``now``."""
    runs = observed(engine)["ps"]
    start = when(entry["now"])
    later = [when(e["now"]) for e in runs[runs.index(entry) + 1:]]
    end = later[0] if later else start + timedelta(seconds=0.5)
    count = int((end - start).total_seconds() / step) + 1
    return [start + timedelta(seconds=i * step) for i in range(count)]
