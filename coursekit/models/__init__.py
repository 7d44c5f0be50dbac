"""Frozen values shared by both backends, the renderer, the plot and the quizzes.

A backend (the simulator or the real engine) answers every question with these
objects and nothing else; everything above the backend (``cli/render.py``, ``viz/``,
``quiz/``) reads them and never touches backend state. They mirror what
``docker inspect`` reports, in Python's spelling:

- a :class:`Network` is one line of ``docker network ls`` plus its IPAM settings and
  the endpoints of its running members (:class:`NetworkMember`);
- a :class:`Container` carries its state, its network mode, one :class:`Endpoint`
  per network it is attached to (``NetworkSettings.Networks``), its published ports
  (:class:`PortBinding`) and the :class:`Interface` list that ``ip addr`` shows inside
  it (empty while it is not running);
- a :class:`Topology` is everything at once, as ``lab.snapshot()`` returns it.

Naming follows the kernel: a veth pair has two ends, each an :class:`Interface` with
an ``index``; ``peer_index`` is the other end's index, the ``N`` in ``eth0@ifN``.

The value types (:mod:`coursekit.models.kinds`: drivers, states, interface kinds and
:class:`NetworkMode`), the records (:mod:`coursekit.models.values`) and a packet's path
(:mod:`coursekit.models.path`: what ``lab.trace`` returns) live in three modules; import
them from here.
"""

from __future__ import annotations

from coursekit.models.kinds import (
    CONTAINER_STATES,
    DEFAULT_MODE,
    DRIVERS,
    INTERFACE_KINDS,
    PREDEFINED_NETWORKS,
    ContainerState,
    Driver,
    InterfaceKind,
    ModeKind,
    NetworkMode,
)
from coursekit.models.path import Hop, PacketPath
from coursekit.models.values import (
    Container,
    Endpoint,
    Interface,
    Netns,
    Network,
    NetworkMember,
    PortBinding,
    RunOptions,
    Topology,
)

__all__ = ["CONTAINER_STATES", "DEFAULT_MODE", "DRIVERS", "INTERFACE_KINDS",
           "PREDEFINED_NETWORKS", "Container", "ContainerState", "Driver", "Endpoint",
           "Hop", "Interface", "InterfaceKind", "ModeKind", "Netns", "Network",
           "NetworkMember", "NetworkMode", "PacketPath", "PortBinding", "RunOptions",
           "Topology"]
