"""What macvlan and ipvlan share: children of one parent link, no bridge, no veth.

A macvlan or ipvlan network hangs its containers straight off a host link, the
*parent*: ``-o parent=enp0s3`` names one of the host's interfaces; without it the
engine makes a ``dummy`` link of its own (``dm-`` for macvlan, ``di-`` for ipvlan, then
the first 12 hex digits of the network id) so that no real interface is touched, and
deletes it with the network. Joining a container creates a child link of the parent
inside its namespace: ``eth0@ifN`` where N is the parent's index on the host; there is
no host-side end, no bridge and no iptables rule. The gateway is the network's (it
lives on the parent's LAN, not on the host), and the subnet comes from the same pools
as a bridge's.

The classic surprise follows from the kernel's rule: a packet a child sends to its
parent's own addresses (or the parent to a child) never crosses the wire, so the host
cannot reach its macvlan children and they cannot reach the host; the children of one
parent reach each other (``macvlan_mode=bridge``, the default). The userland's
reachability reads :attr:`coursekit.models.Network.parent` and the interfaces' ``kind``.

The two drivers differ in the MAC of a child (macvlan: its own, as the profile gives a
container; ipvlan: the parent's) and in the name of the mode option and its values
(:mod:`.macvlan`, :mod:`.ipvlan`).

Observed on both engines here (their kernel makes no dummy/macvlan links), in this
order: a bad mode is refused first (``requested macvlan mode 'weird' is not valid,
'bridge' mode is the macvlan driver default``), then a parent that does not exist and
is no VLAN name (``invalid subinterface vlan name nosuch0, example formatting is
eth0.10``), then the kernel: ``operation not supported``. The simulated host has the
same kernel unless ``HostConfig(vlan_links=True)``; then the network is made as above.
"""

from __future__ import annotations

from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim.daemon.state import EpRec, NetRec, Sandbox, State
from coursekit.backends.sim.drivers.base import (
    addresses6,
    assign_address,
    link_mtu,
    release_address,
)
from coursekit.errors import InvalidArgument
from coursekit.models import Driver, Interface, InterfaceKind

PARENT_OPTION = "parent"
UNSUPPORTED = "operation not supported"
"""The kernel's answer where it cannot make the link (errno EOPNOTSUPP)."""


class ChildDriver:
    """A driver whose containers are children of a parent link (macvlan, ipvlan)."""

    name: Driver
    kind: InterfaceKind
    host_stack = False
    private = False
    publishes = False
    mode_option: str
    modes: tuple[str, ...]
    dummy_prefix: str
    parent_mac: bool = False
    """The children carry the parent's MAC (ipvlan) instead of one of their own."""

    def check_create(self, spec: NetworkSpec) -> None:
        """The mode option must name a mode the kernel knows."""
        mode = dict(spec.options).get(self.mode_option)
        if mode is not None and mode not in self.modes:
            raise InvalidArgument(f"requested {self.name} mode '{mode}' is not valid, "
                                  f"'{self.modes[0]}' mode is the {self.name} driver default")

    def create(self, state: State, net: NetRec) -> None:
        """Use ``-o parent=NAME`` (it must exist), else make a dummy parent link."""
        parent = dict(net.options).get(PARENT_OPTION)
        if parent is not None and state.host.link_index(parent) is None and "." not in parent:
            raise InvalidArgument(f"invalid subinterface vlan name {parent}, example "
                                  "formatting is eth0.10")
        if parent is None or state.host.link_index(parent) is None:
            if not state.host.config.vlan_links:
                raise InvalidArgument(UNSUPPORTED)
            parent = parent or f"{self.dummy_prefix}{net.id[:12]}"
            state.host.add_link(parent, "dummy", state.names.random_mac())
        net.parent = parent

    def remove(self, state: State, net: NetRec) -> None:
        """Delete the parent link the network made (the host's own NIC stays)."""
        link = state.host.links.get(state.host.link_index(net.parent or "") or 0)
        if link is not None and link.kind == "dummy":
            state.host.remove_link(link.name)

    def join(self, state: State, ep: EpRec, net: NetRec, sandbox: Sandbox) -> None:
        """An address and a child link ``ethN@if<parent>`` inside the container."""
        if not state.host.config.vlan_links:
            raise InvalidArgument(f"failed to create the {self.name} port: {UNSUPPORTED}")
        assign_address(state, ep, net)
        parent_index = state.host.link_index(net.parent or "") or 0
        ep.mac = (self._parent_mac(state, parent_index) if self.parent_mac
                  else state.profile.macs.container_mac(ep.ip, state.names))
        index = state.profile.numbering.inside_index(state.host, sandbox)
        ep.iface = Interface(index=index, name=sandbox.eth_name(), kind=self.kind,
                             mac=ep.mac, ipv4=(f"{ep.ip}/{ep.prefixlen}",),
                             peer_index=parent_index, mtu=link_mtu(net),
                             ipv6=addresses6(ep))

    @staticmethod
    def _parent_mac(state: State, index: int) -> str:
        link = state.host.links.get(index)
        return link.mac if link is not None else "00:00:00:00:00:00"

    def leave(self, state: State, ep: EpRec, net: NetRec) -> None:
        """Give the address back; the child link goes with the namespace."""
        release_address(ep, net)
