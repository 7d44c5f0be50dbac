"""The value types of coursekit's models: drivers, container states, interface kinds and
the network mode a container runs in (:class:`NetworkMode`, parsed once from ``--network``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Driver = Literal["bridge", "host", "null", "macvlan", "ipvlan", "overlay"]
"""A network driver, as ``docker network ls`` prints it (``none`` is the null driver)."""

ContainerState = Literal["created", "running", "paused", "restarting", "removing",
                         "exited", "dead"]
"""``State.Status`` in ``docker inspect``."""

InterfaceKind = Literal["loopback", "ether", "bridge", "veth", "macvlan", "ipvlan", "dummy"]
"""What an interface is: loopback, a physical NIC, a Linux bridge, one end of a veth pair,
a macvlan/ipvlan child of a parent NIC, or a dummy link (a parent the engine made)."""

DRIVERS: tuple[Driver, ...] = get_args(Driver)
CONTAINER_STATES: tuple[ContainerState, ...] = get_args(ContainerState)
INTERFACE_KINDS: tuple[InterfaceKind, ...] = get_args(InterfaceKind)

ModeKind = Literal["default", "bridge", "host", "none", "container", "network"]
PREDEFINED_NETWORKS = ("bridge", "host", "none")
"""The networks the daemon creates at start; they cannot be removed."""


@dataclass(frozen=True)
class NetworkMode:
    """A container's network mode (``--network``, ``HostConfig.NetworkMode``), parsed once.

    ``kind`` is ``default`` (no ``--network`` given: the default bridge), ``bridge``,
    ``host``, ``none``, ``container`` (sharing another container's namespace; ``target``
    names it: as typed in a request, the full id in a container's model) or ``network``
    (a user-defined network; ``target`` is its name). ``str(mode)`` is the text docker
    prints: ``default``, ``host``, ``container:<id>``, ``mynet``.
    """

    kind: ModeKind
    target: str = ""

    @classmethod
    def parse(cls, text: str) -> NetworkMode:
        """Read ``--network`` text: ``host``, ``none``, ``container:web``, ``mynet``..."""
        if text in ("", "default"):
            return cls("default")
        if text.startswith("container:"):
            return cls("container", text.split(":", 1)[1])
        kind = _PREDEFINED_KINDS.get(text)
        return cls(kind) if kind else cls("network", text)

    def __str__(self) -> str:
        if self.kind == "container":
            return f"container:{self.target}"
        if self.kind == "network":
            return self.target
        return self.kind

    @property
    def is_default_bridge(self) -> bool:
        """``default`` or ``bridge``: the default bridge network (docker0)."""
        return self.kind in ("default", "bridge")

    @property
    def is_user_defined(self) -> bool:
        """A user-defined network (``--network mynet``)."""
        return self.kind == "network"

    @property
    def owner(self) -> str | None:
        """The container whose namespace this mode shares (``container:X``), else None."""
        return self.target if self.kind == "container" else None

    @property
    def network_name(self) -> str | None:
        """The network a container in this mode is attached to at create; None for
        ``container:``."""
        if self.kind == "container":
            return None
        if self.kind == "network":
            return self.target
        return "bridge" if self.kind == "default" else self.kind


DEFAULT_MODE = NetworkMode("default")
_PREDEFINED_KINDS: dict[str, ModeKind] = {"bridge": "bridge", "host": "host", "none": "none"}
