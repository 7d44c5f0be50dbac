"""The ``overlay`` driver: networks that span the machines of a swarm.

An overlay network joins containers on several Docker hosts through VXLAN tunnels; it
exists only inside a swarm (``docker swarm init`` makes this machine a manager). The lab's
engine is a single daemon that is no swarm manager, so ``docker network create -d
overlay`` is refused as both engines refuse it (with or without ``--attachable``)::

    This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to
    connect this node to swarm and try again.

No overlay network is ever created, so the other calls are never reached.
"""

from __future__ import annotations

from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim.drivers.base import Unplumbed
from coursekit.errors import Forbidden
from coursekit.models import Driver

NOT_A_MANAGER = ('This node is not a swarm manager. Use "docker swarm init" or "docker swarm '
                 'join" to connect this node to swarm and try again.')


class OverlayDriver(Unplumbed):
    """``docker network create -d overlay``: refused outside a swarm."""

    name: Driver = "overlay"

    def check_create(self, spec: NetworkSpec) -> None:
        """The daemon's answer on a node that is not a swarm manager."""
        raise Forbidden(NOT_A_MANAGER)


OVERLAY = OverlayDriver()
