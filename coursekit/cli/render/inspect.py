"""``docker inspect`` elements: the engine's JSON (from :mod:`coursekit.wire`) with a typed view.

``network_json`` and ``container_json`` return the JSON object the daemon answers
(:func:`coursekit.wire.encode_network`, :func:`coursekit.wire.encode_container`) in the
shape of the engine the backend answers as, which ``docker inspect`` prints indented.
What the CLI adds is ``.typed``: the same object as the docker CLI 28 decodes it into
its Go types, which ``--format`` templates run on first (see
:mod:`coursekit.cli.render.typed`; CLIs 28.2.2 and 28.5.2 share them).

The port and lifecycle rules the renderers share (``live_ports``, ``started``...) live
in :mod:`coursekit.wire` and are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coursekit import wire
from coursekit.cli.render import typed
from coursekit.models import Container, Network
from coursekit.wire import exposed_ports, live_ports, port_key, publishes, start_failed, started

__all__ = ["Inspected", "container_json", "exposed_ports", "live_ports", "network_json",
           "port_key", "publishes", "start_failed", "started"]


class Inspected(dict[str, Any]):
    """One ``docker inspect`` element (the engine's JSON) with its CLI-typed view.

    The typed view is built on first use (only ``-f`` templates read it)."""

    _typer: Callable[[dict[str, Any]], Any] | None = None
    _typed: Any = None

    def __init__(self, doc: wire.Document, typer: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__(doc)
        self._typer = typer

    @property
    def typed(self) -> Any:
        if self._typed is None and self._typer is not None:
            self._typed = self._typer(self)
        return self._typed


def network_json(net: Network, shape: wire.Shape = wire.ENGINE_20_10) -> Inspected:
    """One element of ``docker network inspect NET`` (the keys and order of the engine
    ``shape`` names: ``backend.profile().shape``)."""
    return Inspected(wire.encode_network(net, shape), typed.network)


def container_json(c: Container, shape: wire.Shape = wire.ENGINE_20_10) -> Inspected:
    """One element of ``docker inspect CONTAINER`` (the keys and order of the engine
    ``shape`` names)."""
    return Inspected(wire.encode_container(c, shape), typed.container)
