"""What the real engine printed (tests/cli/data/engine_observed.json) and models matching it.

The data file was recorded once on the reference machine (Docker Engine 20.10.24
behind CLI 28.2.2) for containers named ``hr3*``: ``docker inspect`` documents,
``docker network inspect`` documents (members limited to those containers), the
output of many ``-f`` templates, ``docker ps`` / ``docker network ls`` variants
with the moment they ran, and ``docker port``. ``container_model`` and
``network_model`` read a document back into the models the renderer takes (with
:mod:`coursekit.wire`'s decoder, the one the engine backend uses), so the renderer's
output can be compared with what the engine printed.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from coursekit.models import Container, Network
from coursekit.wire import decode_container, decode_network

DATA = Path(__file__).parent / "data" / "engine_observed.json"
UNKNOWABLE = ("Pid", "GraphDriver", "SandboxID", "SandboxKey", "ExecIDs")
"""Engine values the models do not carry; the renderer derives its own."""


@cache
def observed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text())
    return data


def network_model(doc: dict[str, Any]) -> Network:
    """The Network a backend would report for this ``docker network inspect`` document."""
    return decode_network(doc)


def container_model(doc: dict[str, Any]) -> Container:
    """The Container a backend would report for this ``docker inspect`` document."""
    return decode_container(doc)


def containers() -> list[Container]:
    """Every observed container as a model, in the order ``docker ps -a`` listed them."""
    return [container_model(doc) for doc in observed()["containers"].values()]


def networks() -> dict[str, Network]:
    return {name: network_model(doc) for name, doc in observed()["networks"].items()}


def with_derived(doc: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    """The engine's document with the values no model carries taken from ``mine``."""
    expected = json.loads(json.dumps(doc))
    expected["State"]["Pid"] = mine["State"]["Pid"]
    expected["GraphDriver"] = mine["GraphDriver"]
    expected["ExecIDs"] = mine["ExecIDs"]
    for key in ("SandboxID", "SandboxKey"):
        expected["NetworkSettings"][key] = mine["NetworkSettings"][key]
    return expected


def when(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
