"""Networks: the three the daemon creates at start, and user-defined ones.

A fresh daemon has ``none`` (driver ``null``: loopback only), ``host`` (driver
``host``: the host's own stack) and ``bridge`` (the default bridge, Linux bridge
``docker0``, 172.17.0.0/16). These three are *predefined*: they cannot be created,
removed, or have fixed addresses or aliases on them. ``docker network create NAME``
asks the driver (:mod:`coursekit.backends.sim.drivers`; ``bridge`` unless ``-d``
names another) and gives the network the next free subnet (see :mod:`ipam`), or the
``--subnet``/``--gateway``/``--ip-range`` given; the driver then builds what the
network is on the host (for ``bridge``, the Linux bridge ``br-<first 12 hex of its id>``).

Equivalent commands: ``docker network create``, ``docker network rm``,
``docker network prune``.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Network, ip_address

from coursekit.backends.base import NetworkSpec
from coursekit.backends.sim.daemon.ipam import (
    AddressPool,
    IPAddress,
    parse_gateway,
    parse_ip_range,
    parse_subnet,
    parse_subnet6,
)
from coursekit.backends.sim.daemon.state import NetRec, State, rfc3339
from coursekit.backends.sim.drivers import lookup
from coursekit.backends.sim.drivers.bridge import DEFAULT_BRIDGE_OPTIONS, OptionError
from coursekit.errors import Conflict, Forbidden, InvalidArgument, NotFound
from coursekit.models import PREDEFINED_NETWORKS, Driver

NO_POOL6 = ("could not find an available, non-overlapping IPv6 address pool among the "
            "defaults to assign to the network")
"""20.10's answer to ``--ipv6`` without an IPv6 ``--subnet`` (it has no IPv6 pools)."""


def install_predefined(state: State) -> None:
    """What the daemon creates when it starts: none, host, then bridge (docker0)."""
    created = rfc3339(state.clock)
    predefined: tuple[tuple[str, Driver], ...] = (("none", "null"), ("host", "host"))
    for name, driver in predefined:
        _install(state, NetRec(state.names.object_id(), name, driver, created))
    subnet = state.subnets.next_pool([])
    bridge = NetRec(state.names.object_id(), "bridge", "bridge", created,
                    subnet_text=str(subnet), gateway_shown=state.profile.bridge_gateway_shown,
                    options=DEFAULT_BRIDGE_OPTIONS)
    _give_pool(bridge, subnet, None, None)
    _install(state, bridge)


def _install(state: State, net: NetRec) -> None:
    lookup(net.driver).create(state, net)
    state.networks[net.id] = net


def _give_pool(net: NetRec, subnet: IPv4Network, gateway: IPv4Address | None,
               ip_range: IPv4Network | None) -> None:
    pool = AddressPool(subnet, ip_range, owner=f"{net.name} ({net.id})")
    pool.set_gateway(gateway)
    net.pool = pool


def create_network(state: State, spec: NetworkSpec) -> NetRec:
    """Equivalent to ``docker network create``."""
    _check_name(state, spec)
    driver = lookup(spec.driver)
    taken = [n.pool.subnet for n in state.networks.values() if n.pool is not None]
    try:
        driver.check_create(spec)
    except OptionError:
        if spec.subnet is None and state.profile.pools.pool_before_options:
            state.subnets.next_pool(taken)  # taken, then given back: the cursor moved on
        raise
    subnet, gateway, ip_range = _parse_ipam(state, spec)
    if subnet is None:
        subnet = state.subnets.next_pool(taken)
    else:
        state.subnets.check_free(subnet, taken)
    net_id = state.names.object_id(state.taken_ids())
    net = NetRec(net_id, spec.name, driver.name, "", subnet_text=spec.subnet or str(subnet),
                 gateway_shown=spec.subnet is None or spec.gateway is not None,
                 ip_range=spec.ip_range, user_subnet=(spec.subnet or spec.subnet6) is not None,
                 internal=spec.internal, attachable=spec.attachable,
                 options=spec.options, labels=spec.labels)
    _give_pool(net, subnet, gateway, ip_range)
    _give_pool6(state, net, spec)
    driver.create(state, net)
    net.created = state.tick()
    state.networks[net.id] = net
    return net


def _give_pool6(state: State, net: NetRec, spec: NetworkSpec) -> None:
    """An IPv6 pool beside the IPv4 one: ``--subnet fd00::/64`` (used only with
    ``--ipv6``), or for ``--ipv6`` alone a /64 the engine picks (28.5: a ULA; 20.10 has
    none to pick). Gateway: ``--gateway`` or the first address."""
    net.enable_ipv6 = spec.ipv6
    if spec.subnet6 is None:
        if spec.ipv6:
            _pick_pool6(state, net)
        return
    subnet6 = parse_subnet6(spec.subnet6, state.profile.words)
    taken = [n.pool6.subnet for n in state.networks.values() if n.pool6 is not None]
    state.subnets.check_free(subnet6, taken)
    net.pool6 = _pool6(net, subnet6, ip_address(spec.gateway6) if spec.gateway6 else None)
    net.subnet6_text, net.gateway6_shown = spec.subnet6, spec.gateway6 is not None
    net.user_subnet6 = True
    net.ipv6_first = state.profile.pools.given_first and spec.subnet is None


def _pick_pool6(state: State, net: NetRec) -> None:
    """``--ipv6`` without an IPv6 ``--subnet``: a /64 of the daemon's ULA prefix (28.5)."""
    if not state.profile.pools.given_first:
        raise NotFound(NO_POOL6)
    prefix = state.names.random_mac("fd").split(":")[:6]
    subnet6 = IPv6Network(f"{''.join(prefix[:2])}:{''.join(prefix[2:4])}:"
                          f"{''.join(prefix[4:6])}::/64")
    net.pool6, net.subnet6_text = _pool6(net, subnet6, None), str(subnet6)


def _pool6(net: NetRec, subnet6: IPv6Network, gateway: IPAddress | None) -> AddressPool:
    pool = AddressPool(subnet6, None, owner=f"{net.name} ({net.id})")
    pool.set_gateway(gateway)
    return pool


def _check_name(state: State, spec: NetworkSpec) -> None:
    if spec.name in PREDEFINED_NETWORKS:
        raise Forbidden(f"operation is not permitted on predefined {spec.name} network ")
    if state.network_by_name(spec.name) is not None:
        raise Conflict(f"network with name {spec.name} already exists")


def _parse_ipam(state: State, spec: NetworkSpec) -> tuple[
        IPv4Network | None, IPv4Address | None, IPv4Network | None]:
    if spec.subnet is None:
        if spec.gateway or spec.ip_range:
            error = InvalidArgument("every ip-range or gateway must have a corresponding subnet")
            error.from_daemon = False
            raise error
        return None, None, None
    subnet = parse_subnet(spec.subnet, state.profile.words)
    gateway = parse_gateway(spec.gateway) if spec.gateway else None
    ip_range = parse_ip_range(spec.ip_range) if spec.ip_range else None
    return subnet, gateway, ip_range


def active_endpoints(state: State, net: NetRec) -> tuple[tuple[str, str], ...]:
    """(container name, endpoint id) of each running member of ``net``, as they joined."""
    return tuple((ctr.name, ep.endpoint_id) for ctr in state.containers.values() if ctr.running
                 for ep in ctr.endpoints if ep.endpoint_id and ep.network_id == net.id)


def remove_network(state: State, ref: str) -> None:
    """Equivalent to ``docker network rm REF``."""
    net = state.find_network(ref, ambiguous="remove")
    if net.predefined:
        raise Forbidden(f"{net.name} is a pre-defined network and cannot be removed")
    members = active_endpoints(state, net)
    if members:
        raise Conflict(state.profile.words.network_in_use(net.name, net.id, members))
    _drop(state, net)


def _drop(state: State, net: NetRec) -> None:
    lookup(net.driver).remove(state, net)
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
