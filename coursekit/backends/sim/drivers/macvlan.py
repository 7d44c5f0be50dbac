"""The ``macvlan`` driver: each container a MAC of its own on a parent link.

``docker network create -d macvlan [-o parent=enp0s3] [-o macvlan_mode=bridge] NAME``.
Each child has its own MAC (as the profile gives a container one), so on a real LAN it
looks like one more machine plugged into the switch. Modes: ``bridge`` (default:
children of one parent talk to each other), ``private``, ``vepa``, ``passthru``. What
macvlan shares with ipvlan (the dummy parent, the child link, the host that cannot
reach its children) is in :mod:`.vlan`.

Equivalent commands: ``ip link add link enp0s3 name mv0 type macvlan mode bridge``.
"""

from __future__ import annotations

from coursekit.backends.sim.drivers.vlan import ChildDriver
from coursekit.models import Driver, InterfaceKind


class MacvlanDriver(ChildDriver):
    """``docker network ls``: ``mv   macvlan   local``."""

    name: Driver = "macvlan"
    kind: InterfaceKind = "macvlan"
    mode_option = "macvlan_mode"
    modes = ("bridge", "private", "vepa", "passthru")
    dummy_prefix = "dm-"


MACVLAN = MacvlanDriver()
