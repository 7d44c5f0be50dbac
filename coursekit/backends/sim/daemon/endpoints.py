"""Endpoints: plugging a running container into a network, and unplugging it.

Attaching a container to a network (at ``docker start`` or ``docker network connect``)
gives the endpoint a fresh ID and lets the network's driver do the rest
(:mod:`coursekit.backends.sim.drivers`): on a bridge the lowest free address of the
pool, a MAC and a veth pair whose container end becomes the next ``ethN`` of the
container's namespace; on ``host`` and ``none`` nothing more. The endpoint then reports
its names as the engine profile does (``Aliases``, ``DNSNames``:
:mod:`coursekit.backends.sim.profiles.endpoints`). Detaching (``docker stop``, ``docker
network disconnect``) gives all of it back; the address can go to the next container at
once. The rules on who may join what are the daemon's, with its words: ``--ip`` and
``--alias`` need a user-defined network (checked when the profile says), a container
sharing another namespace joins nothing, the ``host`` network takes no one in and lets
no one out, ``none`` is private.

Equivalent commands: ``docker network connect``, ``docker network disconnect``.
"""

from __future__ import annotations

from dataclasses import replace

from coursekit.backends.sim.daemon.ports import expand_requests
from coursekit.backends.sim.daemon.state import CtrRec, EpRec, NetRec, Sandbox, State
from coursekit.backends.sim.drivers import lookup
from coursekit.errors import Conflict, DockerError, Forbidden, InvalidArgument

SHARED_NS = ("container sharing network namespace with another container or host cannot be "
             "connected to any other network")
HOST_NET = "container cannot be disconnected from host network or connected to host network"
HOST_BINDING = "com.docker.network.bridge.host_binding_ipv4"
PRIVATE_NONE = ("container cannot be connected to multiple networks with one of the networks "
                "in private (none) mode")


def check_config(state: State, net: NetRec, requested_ip: str,
                 aliases: tuple[str, ...], requested_ip6: str = "") -> None:
    """``--ip``, ``--ip6`` and ``--alias`` at connect or start: a user-defined network (an
    address: with a subnet of the user's that holds it)."""
    state.profile.checks.at_connect(net, requested_ip, aliases, requested_ip6)


def name_endpoint(state: State, ctr: CtrRec, ep: EpRec, net: NetRec) -> None:
    """``Aliases`` and ``DNSNames`` as the endpoint reports them once on ``net``."""
    names, requested = state.profile.names, ep.aliases
    ep.aliases = names.aliases(ctr, requested, not net.predefined)
    ep.dns_names = names.dns_names(ctr, requested, not net.predefined)


def attach_checked(state: State, ctr: CtrRec, ep: EpRec, net: NetRec,
                   sandbox: Sandbox | None) -> None:
    """At start: the names, the endpoint settings' checks, then the endpoint (a start
    refused for its ``--ip`` keeps the names, as 20.10 shows)."""
    name_endpoint(state, ctr, ep, net)
    check_config(state, net, ep.requested_ip, ep.aliases, ep.requested_ip6)
    _make(state, ep, net, sandbox)


def set_up(state: State, ctr: CtrRec) -> None:
    """At start: every endpoint joins its network, then the host ports are published. A
    join that fails after others succeeded leaves them in the container list, joined (its
    view was written after each join; inspect is emptied with the rest): 20.10.24 every
    time, the default bridge joining first; 28.5.2 mostly (its order varies, observed 10
    of 12). A network that is gone fails before any join."""
    for ep in ctr.endpoints:
        net = state.networks.get(ep.network_id) if ep.network_id else None
        net = net or _network_for(state, ep.network_id, ep.network_name)
        try:
            attach_checked(state, ctr, ep, net, ctr.sandbox)
        except DockerError:
            ctr.listed = tuple(replace(e, iface=None) for e in ctr.endpoints if e.endpoint_id)
            raise
    publish_ports(state, ctr)


def _network_for(state: State, network_id: str, name: str) -> NetRec:
    if network_id:
        raise DockerError(f"network {network_id} not found")
    return state.find_network(name)


def _make(state: State, ep: EpRec, net: NetRec, sandbox: Sandbox | None) -> None:
    """Make the endpoint: the profile's last check (20.10 parses ``--ip6`` here), what the
    driver joins (none in host mode: no ``sandbox`` of its own), then an endpoint ID. A
    driver that fails half-way (an IPv4 address taken, then its IPv6 one refused) leaves
    no runtime half behind."""
    state.profile.checks.at_endpoint(ep.requested_ip6)
    if sandbox is not None:
        try:
            lookup(net.driver).join(state, ep, net, sandbox)
        except DockerError:
            ep.clear_runtime()
            raise
    ep.endpoint_id = state.names.hex_id()
    ep.network_id, ep.network_name = net.id, net.name


def detach(state: State, ep: EpRec) -> None:
    """Let the driver undo the join (address, veth pair); keep the attachment's config."""
    net = state.networks.get(ep.network_id)
    if net is not None:
        lookup(net.driver).leave(state, ep, net)
    ep.clear_runtime()


def leave_all(state: State, ctr: CtrRec) -> None:
    """The container stops: every joined endpoint leaves; what a failed connect recorded
    becomes one of its networks (20.10.24 and 28.5.2: the next start tries it)."""
    for ep in ctr.endpoints:
        if ep.endpoint_id:
            detach(state, ep)
    ctr.endpoints.extend(ctr.failed_connects.values())
    ctr.failed_connects.clear()


def connect(state: State, net_ref: str, ctr_ref: str, ip: str | None,
            aliases: tuple[str, ...], ip6: str | None = None, links: tuple[str, ...] = ()
            ) -> None:
    """Equivalent to ``docker network connect [--ip IP] [--ip6 IP6] [--alias A] [--link
    NAME:ALIAS] NET C``; a link on a user network is a name the embedded DNS answers for
    this container only (``Links`` of the endpoint).

    A running container's connect that passes the checks but cannot make its endpoint
    (its ``--ip`` taken; on 20.10 also an ``--ip6`` that is no address, or an address
    outside the subnet) leaves the settings it recorded: inspect shows them with no IDs
    until the container stops, when they become one of its networks (the next start
    tries them), or a later connect to that network succeeds; the list and the network
    never show them (observed on 28.5.2 and 20.10.24, ``CtrRec.failed_connects``)."""
    ctr = state.find_container(ctr_ref)
    ctr.listed = ()
    if not ctr.running:
        _connect_stopped(state, net_ref, ctr, ip or "", aliases, ip6 or "", links)
        return
    net = state.find_network(net_ref)
    check_config(state, net, ip or "", aliases, ip6 or "")
    if ctr.network_mode.owner is not None:
        raise Forbidden(SHARED_NS)
    _check_joinable(state, ctr, net)
    ep = EpRec(net.name, aliases=aliases, requested_ip=ip or "", requested_ip6=ip6 or "",
               links=links, connected=True)
    name_endpoint(state, ctr, ep, net)
    try:
        _make(state, ep, net, ctr.sandbox)
    except DockerError:
        ctr.failed_connects.setdefault(net.name, ep)  # the first one recorded stays
        raise
    ctr.failed_connects.pop(net.name, None)
    ctr.endpoints.append(ep)
    sync_ports(state, ctr)
    state.tick()


def _check_joinable(state: State, ctr: CtrRec, net: NetRec) -> None:
    driver = lookup(net.driver)
    if ctr.network_mode.kind == "host":
        raise Forbidden(SHARED_NS)
    if driver.host_stack:
        raise Forbidden(HOST_NET)
    if ctr.endpoint(net.name) is not None:
        raise Conflict(f"endpoint with name {ctr.name} already exists in network {net.name}")
    if ctr.endpoints and (driver.private or any(_on_private(state, ep) for ep in ctr.endpoints)):
        raise InvalidArgument(PRIVATE_NONE)


def _on_private(state: State, ep: EpRec) -> bool:
    """Is ``ep`` on a private network (``none``)? Its network is named as recorded."""
    net = state.network_by_name(ep.network_name)
    return net is not None and lookup(net.driver).private


def _connect_stopped(state: State, net_ref: str, ctr: CtrRec, ip: str,
                     aliases: tuple[str, ...], ip6: str = "", links: tuple[str, ...] = ()
                     ) -> None:
    """A stopped container only records the wish. Both engines: a known network it
    already has keeps its first settings (the command succeeds, changing nothing); an
    unknown one is kept as typed, a second wish for it replacing the first."""
    try:
        net: NetRec | None = state.find_network(net_ref)
    except DockerError:
        net = None
    ep = EpRec(net_ref, aliases=aliases, requested_ip=ip, requested_ip6=ip6, links=links,
               connected=True)
    if net is not None:
        check_config(state, net, ip, aliases, ip6)
        if ctr.endpoint(net.name) is not None:
            return
        _check_joinable(state, ctr, net)
        ep.network_name = net.name
        name_endpoint(state, ctr, ep, net)
    elif (old := ctr.endpoint(net_ref)) is not None:
        ctr.endpoints.remove(old)
    ctr.endpoints.append(ep)
    state.tick()


def disconnect(state: State, net_ref: str, ctr_ref: str) -> None:
    """Equivalent to ``docker network disconnect NET CONTAINER``."""
    ctr = state.find_container(ctr_ref)
    ctr.listed = ()
    if not ctr.running:
        _disconnect_stopped(state, net_ref, ctr)
        return
    net = state.find_network(net_ref)
    if lookup(net.driver).host_stack and ctr.network_mode.kind == "host":
        raise Forbidden(HOST_NET)
    ep = ctr.endpoint(net.name)
    if ep is None:
        raise Conflict(f"container {ctr.id} is not connected to network {net.name}")
    detach(state, ep)
    ctr.endpoints.remove(ep)
    sync_ports(state, ctr)
    state.tick()


def _disconnect_stopped(state: State, net_ref: str, ctr: CtrRec) -> None:
    try:
        name = state.find_network(net_ref).name
    except DockerError:
        name = net_ref
    ep = ctr.endpoint(name)
    if ep is None:
        raise Conflict(f"container {ctr.id} is not connected to the network {name}")
    ctr.endpoints.remove(ep)
    state.tick()


def exit_endpoint(state: State, ctr: CtrRec) -> tuple[EpRec, NetRec] | None:
    """The endpoint that carries the published ports: the first with a way out (a bridge
    network that is not ``--internal``); None when there is none (then ``docker port``
    lists nothing, though ``HostConfig.PortBindings`` keeps the request)."""
    for ep in ctr.endpoints:
        net = state.networks.get(ep.network_id)
        if ep.ifname and net is not None and lookup(net.driver).publishes and not net.internal:
            return ep, net
    return None


def publish_ports(state: State, ctr: CtrRec) -> None:
    """Bind the host ports ``-p``/``-P`` asked for, on the endpoint with a way out; a plain
    ``-p`` binds the network's ``host_binding_ipv4`` when it has one."""
    found = exit_endpoint(state, ctr)
    requests = expand_requests(ctr.port_requests, ctr.publish_all, ctr.exposed)
    if found is None or not requests:
        return
    ep, net = found
    try:
        ctr.ports = state.ports.publish(requests, dict(net.options).get(HOST_BINDING, ""))
    except Conflict as clash:
        if not ctr.running:  # a start, not a connect: the list keeps the joined endpoints
            ctr.listed = tuple(replace(e, iface=None, gateway="") for e in ctr.endpoints)
        raise Conflict(f"driver failed programming external connectivity on endpoint "
                       f"{ctr.name} ({ep.endpoint_id}): {clash.message}") from None


def sync_ports(state: State, ctr: CtrRec) -> None:
    """After ``docker network connect``/``disconnect``: ports go with the last way out
    (``docker port web`` then prints nothing) and come back with the next one."""
    if exit_endpoint(state, ctr) is None:
        state.ports.release(ctr.ports)
        ctr.ports = ()
    elif not ctr.ports:
        publish_ports(state, ctr)
