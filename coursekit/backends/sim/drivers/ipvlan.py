"""The ``ipvlan`` driver: containers share their parent's MAC, told apart by address.

``docker network create -d ipvlan [-o parent=enp0s3] [-o ipvlan_mode=l2|l3|l3s] NAME``.
Every child carries the parent's MAC (a switch that allows one MAC per port is happy);
the kernel sorts packets by IP address. ``l2`` (default) behaves like macvlan's bridge
mode; ``l3`` routes instead (no broadcast, no ARP; the default route is the device
itself). What ipvlan shares with macvlan is in :mod:`.vlan`.

Equivalent commands: ``ip link add link enp0s3 name iv0 type ipvlan mode l2``.
"""

from __future__ import annotations

from coursekit.backends.sim.drivers.vlan import ChildDriver
from coursekit.models import Driver, InterfaceKind


class IpvlanDriver(ChildDriver):
    """``docker network ls``: ``iv   ipvlan   local``."""

    name: Driver = "ipvlan"
    kind: InterfaceKind = "ipvlan"
    mode_option = "ipvlan_mode"
    modes = ("l2", "l3", "l3s")
    dummy_prefix = "di-"
    parent_mac = True


IPVLAN = IpvlanDriver()
