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

The options a learner may pass with ``-o`` are kept as given (``docker network inspect``
shows them under ``Options``, exactly as typed) and read where they act:
``enable_icc=false`` (containers of the network cannot talk to each other) and
``enable_ip_masquerade=false`` (no NAT: the outside world is out of reach) by the
userland's reachability, ``com.docker.network.driver.mtu`` as the containers' link MTU,
``host_binding_ipv4`` as the address a plain ``-p`` binds
(:mod:`coursekit.backends.sim.daemon.ports`), ``bridge.name`` as the bridge's name. The
daemon parses them first, as Go does (``strconv.ParseBool``, ``strconv.Atoi``, an IP)::

    failed to parse com.docker.network.bridge.enable_icc value: maybe
    (strconv.ParseBool: parsing "maybe": invalid syntax)

Keys it does not know (``-o foo=bar``) are stored and shown, and do nothing, on both
engines.

Equivalent commands: ``docker network create [-d bridge]``, ``ip link show type bridge``,
``bridge link`` (the host ends plugged in).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim.daemon.state import EpRec, NetRec, Sandbox, State
from coursekit.backends.sim.drivers.base import (
    addresses6,
    assign_address,
    link_mtu,
    release_address,
)
from coursekit.errors import InvalidArgument
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

GO_BOOLS = ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False")
"""What Go's ``strconv.ParseBool`` accepts."""
INT_LIMIT = 1 << 63


def _parse_bool(value: str) -> str:
    return "" if value in GO_BOOLS else f'strconv.ParseBool: parsing "{value}": invalid syntax'


def _parse_int(value: str) -> str:
    if not re.fullmatch(r"[+-]?[0-9]+", value):
        return f'strconv.Atoi: parsing "{value}": invalid syntax'
    return "" if -INT_LIMIT <= int(value) < INT_LIMIT else \
        f'strconv.Atoi: parsing "{value}": value out of range'


def _parse_ipv4(value: str) -> str:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return "nil ip"
    return ""


OPTION_PARSERS: dict[str, Callable[[str], str]] = {
    "com.docker.network.bridge.enable_icc": _parse_bool,
    "com.docker.network.bridge.enable_ip_masquerade": _parse_bool,
    "com.docker.network.driver.mtu": _parse_int,
    "com.docker.network.bridge.host_binding_ipv4": _parse_ipv4,
}
"""The bridge options the daemon parses at create, each to its Go error ('' when valid)."""


class OptionError(InvalidArgument):
    """A bridge option the driver could not parse. The driver parses its options as it
    creates the network, after IPAM gave it a pool (which 20.10's round-robin cursor
    remembers though the create fails)."""


def check_options(options: tuple[tuple[str, str], ...]) -> None:
    """Refuse an option value Go cannot parse, in the daemon's words (both engines)."""
    for key, value in options:
        problem = OPTION_PARSERS[key](value) if key in OPTION_PARSERS else ""
        if problem:
            raise OptionError(f"failed to parse {key} value: {value} ({problem})")


class BridgeDriver:
    """``docker network ls``: ``bridge   bridge   local`` (and every user network)."""

    name: Driver = "bridge"
    host_stack = False
    private = False
    publishes = True

    def check_create(self, spec: NetworkSpec) -> None:
        """Any request the IPAM accepts whose options parse (:func:`check_options`)."""
        check_options(spec.options)

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
        ep.mac = ep.requested_mac or state.profile.macs.container_mac(ep.ip, state.names)
        veth_mac = state.names.random_mac()
        index = state.profile.numbering.inside_index(state.host, sandbox)
        inside, outside = state.host.add_veth(state.names.veth_name(), veth_mac,
                                              net.bridge or "", index)
        ep.iface = Interface(index=inside, name=sandbox.eth_name(), kind="veth", mac=ep.mac,
                            ipv4=(f"{ep.ip}/{ep.prefixlen}",), peer_index=outside,
                            mtu=link_mtu(net), ipv6=addresses6(ep))

    def leave(self, state: State, ep: EpRec, net: NetRec) -> None:
        """Give the address back and delete the veth pair (both ends go at once)."""
        release_address(ep, net)
        if ep.iface is not None and ep.iface.peer_index:
            state.host.remove_veth(ep.iface.peer_index)


BRIDGE = BridgeDriver()
