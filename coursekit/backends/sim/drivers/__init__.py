"""Network drivers, one module each, and the registry the daemon looks them up in.

``docker network create -d NAME`` and every endpoint of a network reach the driver
through :func:`lookup`: a name no module serves is the daemon's ``plugin "NAME" not
found``; ``host`` and ``null`` answer ``only one instance of "NAME" network is
allowed`` themselves, ``overlay`` that this node is no swarm manager (see :mod:`.base`
for the interface and the table of what each driver does). A new driver is one module
with one :class:`~.base.NetworkDriver` object, added to :data:`DRIVERS`, plus its tests.
"""

from __future__ import annotations

from coursekit.backends.sim.drivers.base import NetworkDriver
from coursekit.backends.sim.drivers.bridge import BRIDGE
from coursekit.backends.sim.drivers.host import HOST
from coursekit.backends.sim.drivers.ipvlan import IPVLAN
from coursekit.backends.sim.drivers.macvlan import MACVLAN
from coursekit.backends.sim.drivers.null import NULL
from coursekit.backends.sim.drivers.overlay import OVERLAY
from coursekit.errors import NotFound

DRIVERS: dict[str, NetworkDriver] = {driver.name: driver for driver in
                                     (BRIDGE, HOST, NULL, MACVLAN, IPVLAN, OVERLAY)}
"""Driver name (``docker network create -d NAME``) -> driver."""


def lookup(name: str) -> NetworkDriver:
    """The driver called ``name``; NotFound ``plugin "NAME" not found`` when none is."""
    driver = DRIVERS.get(name)
    if driver is None:
        raise NotFound(f'plugin "{name}" not found')
    return driver


__all__ = ["DRIVERS", "NetworkDriver", "lookup"]
