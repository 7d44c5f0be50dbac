"""The ``null`` driver: the ``none`` network, a namespace with ``lo`` alone.

The daemon creates the one ``none`` network when it starts; ``docker network create -d
null`` is refused (``only one instance of "null" network is allowed``). A container run
with ``--network none`` owns a network namespace with only the loopback interface: no
address, no route, no way out. Its endpoint gets an ID and nothing else, and it is
*private*: such a container cannot be connected to a second network, and a container on
another network cannot be connected to ``none`` (``docker network connect``).
"""

from __future__ import annotations

from coursekit.backends.sim.drivers.base import Unplumbed
from coursekit.models import Driver


class NullDriver(Unplumbed):
    """``docker network ls``: ``none   null   local``."""

    name: Driver = "null"
    private = True


NULL = NullDriver()
