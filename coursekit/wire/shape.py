"""Which engine's documents wire writes and reads, and the facts every part of them shares.

A :class:`Shape` names the engine whose JSON the encoders write and the decoders read.
Today there is one, :data:`ENGINE_20_10` (Debian 12's docker.io, API 1.41), and every
function of :mod:`coursekit.wire` takes it as its default. The fields where engine 28.5
differs (``EnableIPv4`` on networks, ``DNSNames`` and the short-id ``Aliases`` on
endpoints, the default bridge's IPAM gateway) will be fields of this object, read where
those keys are written, so an engine profile is data and no ``if version`` spreads.

``started`` and ``start_failed`` are the lifecycle facts the container document is
written from: the engine keeps file paths, the sandbox and each endpoint's NetworkID
only for a container that has been started (or tried to).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from coursekit.models import Container

Document = dict[str, Any]
"""One JSON object of the Engine API, as ``json.loads`` (or the docker SDK) gives it."""

ZERO_TIME = "0001-01-01T00:00:00Z"
"""Go's zero ``time.Time``: ``StartedAt`` and ``FinishedAt`` of a container never run."""


@dataclass(frozen=True)
class Shape:
    """The engine whose documents are written and read (``docker version``'s Server)."""

    engine: str = "20.10"


ENGINE_20_10 = Shape()
"""Engine 20.10.24: what the goldens and tests/cli/data/engine_observed.json recorded."""


def started(c: Container) -> bool:
    """Has the container ever been started (the engine keeps StartedAt)?"""
    return bool(c.started_at) and c.started_at != ZERO_TIME


def start_failed(c: Container) -> bool:
    """Created, then a start failed (``State.Error`` set, e.g. a port clash)."""
    return c.state == "created" and bool(c.error)


def digest(*parts: str) -> str:
    """A stable sha256 hex for values the models do not carry (layer dirs, SandboxID)."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def go_map(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Labels or options as Go marshals a ``map[string]string``: keys sorted."""
    return dict(sorted(pairs))


def pairs(mapping: Mapping[str, Any] | None, hidden: Collection[str] = ()) -> tuple[
        tuple[str, str], ...]:
    """A JSON map as the models keep it, leaving out the ``hidden`` keys."""
    return tuple((str(k), str(v)) for k, v in (mapping or {}).items() if k not in hidden)
