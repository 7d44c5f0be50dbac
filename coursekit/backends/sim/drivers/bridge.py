"""The ``bridge`` driver: a Linux bridge on the host, a veth pair per container.

Each bridge network is a Linux bridge with the network's gateway address: ``docker0``
for the default ``bridge`` network (172.17.0.1/16), ``br-<first 12 hex of the network
id>`` for one made with ``docker network create`` (or the name given with ``-o
com.docker.network.bridge.name=NAME``). Joining a container (``docker start``, ``docker
network connect``) takes an address from the network's pool, gives the container end a
MAC as the engine profile does (derived from the address, ``02:42:ac:11:00:02`` for
172.17.0.2, up to 27; random from 28) and creates a veth pair: the container end
becomes the next ``ethN`` inside the container (numbered on the host or in the
container's namespace, as the profile says), the host end ``vethXXXXXXX`` is plugged
into the bridge (which then has carrier). Leaving gives the address back and deletes
the pair. See :mod:`coursekit.backends.sim.profiles.links`.

Equivalent commands: ``docker network create [-d bridge]``, ``ip link show type bridge``,
``bridge link`` (the host ends plugged in).
"""

from __future__ import annotations

from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim.daemon.state import EpRec, NetRec, Sandbox, State
from coursekit.backends.sim.drivers.base import assign_address, release_address
from coursekit.models import Driver, Interface

BRIDGE_NAME_OPTION = "com.docker.network.bridge.name"
DEFAULT_BRIDGE_OPTIONS: tuple[tuple[str, str], ...] = (
    ("com.docker.network.bridge.default_bridge", "true"),
    ("com.docker.network.bridge.enable_icc", "true"),
    ("com.docker.network.bridge.enable_ip_masquerade", "true"),
    ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
    (BRIDGE_NAME_OPTION, "docker0"),
    ("com.docker.network.driver.mtu", "1500"),
)
"""``Options`` of the default bridge network, as ``docker network inspect bridge`` shows."""


class BridgeDriver:
    """``docker network ls``: ``bridge   bridge   local`` (and every user network)."""

    name: Driver = "bridge"
    host_stack = False
    private = False

    def check_create(self, spec: NetworkSpec) -> None:
        """Any request the IPAM accepts: the bridge reads only its name option."""

    def create(self, state: State, net: NetRec) -> None:
        """The network's Linux bridge, holding the gateway address (``ip addr show docker0``)."""
        pool = net.pool
        assert pool is not None and pool.gateway is not None
        net.bridge = dict(net.options).get(BRIDGE_NAME_OPTION, f"br-{net.id[:12]}")
        mac = state.profile.macs.bridge_mac(state.names)
        state.host.add_bridge(net.bridge, mac, pool.cidr(pool.gateway))

    def remove(self, state: State, net: NetRec) -> None:
        """Delete the bridge (``docker network rm``)."""
        if net.bridge:
            state.host.remove_bridge(net.bridge)

    def join(self, state: State, ep: EpRec, net: NetRec, sandbox: Sandbox) -> None:
        """An address, its MAC, and a veth pair from the sandbox's next ``ethN`` to the bridge."""
        assign_address(state, ep, net)
        ep.mac = state.profile.macs.container_mac(ep.ip, state.names)
        veth_mac = state.names.random_mac()
        index = state.profile.numbering.inside_index(state.host, sandbox)
        inside, outside = state.host.add_veth(state.names.veth_name(), veth_mac,
                                              net.bridge or "", index)
        ep.iface = Interface(index=inside, name=sandbox.eth_name(), kind="veth", mac=ep.mac,
                            ipv4=(f"{ep.ip}/{ep.prefixlen}",), peer_index=outside)

    def leave(self, state: State, ep: EpRec, net: NetRec) -> None:
        """Give the address back and delete the veth pair (both ends go at once)."""
        release_address(ep, net)
        if ep.iface is not None and ep.iface.peer_index:
            state.host.remove_veth(ep.iface.peer_index)


BRIDGE = BridgeDriver()
