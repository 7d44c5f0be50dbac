"""Networks: the three the daemon creates at start, and user-defined bridges.

A fresh daemon has ``none`` (driver ``null``: loopback only), ``host`` (driver
``host``: the host's own stack) and ``bridge`` (the default bridge, Linux bridge
``docker0``, 172.17.0.0/16). These three are *predefined*: they cannot be created,
removed, or have fixed addresses or aliases on them. ``docker network create NAME``
adds a user-defined bridge ``br-<first 12 hex of its id>`` with the next free
subnet (see :mod:`ipam`), or the ``--subnet``/``--gateway``/``--ip-range`` given.

Equivalent commands: ``docker network create``, ``docker network rm``,
``docker network prune``.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim.daemon.ipam import (
    AddressPool,
    parse_gateway,
    parse_ip_range,
    parse_subnet,
)
from coursekit.backends.sim.daemon.state import NetRec, State, rfc3339
from coursekit.errors import Conflict, Forbidden, InvalidArgument, NotFound
from coursekit.models import Driver

DEFAULT_BRIDGE_OPTIONS: tuple[tuple[str, str], ...] = (
    ("com.docker.network.bridge.default_bridge", "true"),
    ("com.docker.network.bridge.enable_icc", "true"),
    ("com.docker.network.bridge.enable_ip_masquerade", "true"),
    ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
    ("com.docker.network.bridge.name", "docker0"),
    ("com.docker.network.driver.mtu", "1500"),
)
BRIDGE_NAME_OPTION = "com.docker.network.bridge.name"


def install_predefined(state: State) -> None:
    """What the daemon creates when it starts: none, host, then bridge (docker0)."""
    created = rfc3339(state.clock)
    predefined: tuple[tuple[str, Driver], ...] = (("none", "null"), ("host", "host"))
    for name, driver in predefined:
        net = NetRec(state.names.object_id(), name, driver, created)
        state.networks[net.id] = net
    subnet = state.subnets.next_pool([])
    bridge = NetRec(state.names.object_id(), "bridge", "bridge", created,
                    subnet_text=str(subnet), gateway_shown=False, bridge="docker0",
                    options=DEFAULT_BRIDGE_OPTIONS)
    _give_pool(state, bridge, subnet, None, None)
    state.networks[bridge.id] = bridge


def _give_pool(state: State, net: NetRec, subnet: IPv4Network,
               gateway: IPv4Address | None, ip_range: IPv4Network | None) -> None:
    pool = AddressPool(subnet, ip_range, owner=f"{net.name} ({net.id})")
    address = pool.set_gateway(gateway)
    net.pool = pool
    mac = state.names.random_mac("02:42")
    state.host.add_bridge(net.bridge or "", mac, pool.cidr(address))


def create_network(state: State, spec: NetworkSpec) -> NetRec:
    """Equivalent to ``docker network create``."""
    _check_name(state, spec)
    _check_driver(spec.driver)
    subnet, gateway, ip_range = _parse_ipam(spec)
    taken = [n.pool.subnet for n in state.networks.values() if n.pool is not None]
    if subnet is None:
        subnet = state.subnets.next_pool(taken)
    else:
        state.subnets.check_free(subnet, taken)
    net_id = state.names.object_id(state.taken_ids())
    options = dict(spec.options)
    net = NetRec(net_id, spec.name, "bridge", "", subnet_text=spec.subnet or str(subnet),
                 gateway_shown=spec.subnet is None or spec.gateway is not None,
                 ip_range=spec.ip_range, user_subnet=spec.subnet is not None,
                 internal=spec.internal, attachable=spec.attachable,
                 bridge=options.get(BRIDGE_NAME_OPTION, f"br-{net_id[:12]}"),
                 options=spec.options, labels=spec.labels)
    _give_pool(state, net, subnet, gateway, ip_range)
    net.created = state.tick()
    state.networks[net.id] = net
    return net


def _check_name(state: State, spec: NetworkSpec) -> None:
    if spec.name in ("bridge", "host", "none"):
        raise Forbidden(f"operation is not permitted on predefined {spec.name} network ")
    if state.network_by_name(spec.name) is not None:
        raise Conflict(f"network with name {spec.name} already exists")


def _check_driver(driver: str) -> None:
    if driver in ("host", "null"):
        raise Forbidden(f'only one instance of "{driver}" network is allowed')
    if driver != "bridge":
        raise NotFound(f'plugin "{driver}" not found')


def _parse_ipam(spec: NetworkSpec) -> tuple[IPv4Network | None, IPv4Address | None,
                                            IPv4Network | None]:
    if spec.subnet is None:
        if spec.gateway or spec.ip_range:
            error = InvalidArgument("every ip-range or gateway must have a corresponding subnet")
            error.from_daemon = False
            raise error
        return None, None, None
    subnet = parse_subnet(spec.subnet)
    gateway = parse_gateway(spec.gateway) if spec.gateway else None
    ip_range = parse_ip_range(spec.ip_range) if spec.ip_range else None
    return subnet, gateway, ip_range


def active_endpoints(state: State, net: NetRec) -> int:
    """How many running containers hold an endpoint on ``net``."""
    return sum(1 for ctr in state.containers.values() if ctr.running
               for ep in ctr.endpoints if ep.endpoint_id and ep.network_id == net.id)


def remove_network(state: State, ref: str) -> None:
    """Equivalent to ``docker network rm REF``."""
    net = state.find_network(ref, ambiguous="remove")
    if net.predefined:
        raise Forbidden(f"{net.name} is a pre-defined network and cannot be removed")
    if active_endpoints(state, net):
        raise Conflict(f"error while removing network: network {net.name} id {net.id} "
                       "has active endpoints")
    _drop(state, net)


def _drop(state: State, net: NetRec) -> None:
    if net.bridge:
        state.host.remove_bridge(net.bridge)
    del state.networks[net.id]
    state.tick()


def prune_networks(state: State) -> tuple[str, ...]:
    """Equivalent to ``docker network prune -f``: user networks without endpoints."""
    in_use = {ep.network_id for ctr in state.containers.values() if ctr.running
              for ep in ctr.endpoints if ep.endpoint_id}
    doomed = [n for n in state.networks.values() if not n.predefined and n.id not in in_use]
    for net in doomed:
        _drop(state, net)
    return tuple(net.name for net in doomed)
