"""The ``host`` driver: containers on the host's own network stack.

The daemon creates the one ``host`` network when it starts; ``docker network create -d
host`` is refused (``only one instance of "host" network is allowed``). A container run
with ``--network host`` has no namespace of its own: it sees the host's interfaces
(``enp0s3``, ``docker0``, ``br-*``) and serves on the host's ports, so ``-p`` is
discarded. Its endpoint gets an ID and nothing else; it cannot be connected to another
network, nor disconnected from this one (``docker network connect``/``disconnect``).
"""

from __future__ import annotations

from coursekit.backends.sim.drivers.base import Unplumbed
from coursekit.models import Driver


class HostDriver(Unplumbed):
    """``docker network ls``: ``host   host   local``."""

    name: Driver = "host"
    host_stack = True


HOST = HostDriver()
