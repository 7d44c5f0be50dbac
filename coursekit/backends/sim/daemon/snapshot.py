"""From the simulator's records to the frozen models everything else reads.

:func:`build_topology` is what ``lab.snapshot()`` returns on the simulator: every
network with its running members, every container with its attachments, ports and
the interfaces ``ip addr`` shows inside it, and the host's interfaces. What a
container sees depends on its network mode: its own namespace (``lo`` then one
``ethN@ifM`` per attachment), the host's (host mode), only ``lo`` (none), or the
namespace it joined (container mode), which is empty but for ``lo`` once its owner
has stopped, even if the owner runs again.
"""

from __future__ import annotations

from dataclasses import replace

from coursekit.backends.sim.daemon.endpoints import exit_endpoint
from coursekit.backends.sim.daemon.state import CtrRec, EpRec, NetRec, Sandbox, State
from coursekit.backends.sim.host import OUTSIDE
from coursekit.models import (
    Container,
    Endpoint,
    Interface,
    Network,
    NetworkMember,
    Topology,
)


def build_topology(state: State) -> Topology:
    """Everything at once (``lab.snapshot()``)."""
    host_ifaces = state.host.interfaces()
    return Topology(
        backend="sim",
        host_name=state.host.config.hostname,
        host_interfaces=host_ifaces,
        networks=network_models(state),
        containers=tuple(container_model(state, c, host_ifaces)
                         for c in state.containers.values()),
        engine_version=state.profile.version,
        outside=tuple((h.address, " ".join(h.names)) for h in OUTSIDE),
        netns=state.host.netns(),
        docker_user=state.host.docker_user,
    )


def network_models(state: State) -> tuple[Network, ...]:
    """Every network with its running members (``docker network inspect``)."""
    members: dict[str, list[NetworkMember]] = {net_id: [] for net_id in state.networks}
    for ctr in state.containers.values():
        if ctr.running:
            for ep in ctr.endpoints:
                if ep.endpoint_id and ep.network_id in members:
                    members[ep.network_id].append(_member(ctr, ep))
    return tuple(network_model(net, tuple(members[net.id])) for net in state.networks.values())


def _member(ctr: CtrRec, ep: EpRec) -> NetworkMember:
    return NetworkMember(ctr.id, ctr.name, ep.endpoint_id, ep.mac,
                         f"{ep.ip}/{ep.prefixlen}" if ep.ip else "",
                         f"{ep.ip6}/{ep.prefixlen6}" if ep.ip6 else "")


def network_model(net: NetRec, members: tuple[NetworkMember, ...] = ()) -> Network:
    """One network as the frozen model."""
    pool = net.pool
    return Network(
        id=net.id, name=net.name, driver=net.driver, created=net.created,
        subnet=net.subnet_text if pool else None,
        gateway=str(pool.gateway) if pool and pool.gateway else None,
        ipam_gateway_shown=net.gateway_shown, ip_range=net.ip_range,
        internal=net.internal, attachable=net.attachable, bridge=net.bridge,
        options=net.options, labels=net.labels, members=members, parent=net.parent,
        enable_ipv6=net.enable_ipv6, subnet6=net.subnet6_text if net.pool6 else None,
        gateway6=str(net.pool6.gateway) if net.pool6 and net.pool6.gateway and
        net.gateway6_shown else None, ipv6_first=net.ipv6_first,
    )


def _own_interfaces(state: State, ctr: CtrRec) -> tuple[Interface, ...]:
    """``lo``, then the container end of each endpoint's link (the driver made it)."""
    eths = (ep.iface for ep in ctr.endpoints if ep.iface is not None)
    lo = state.profile.loopback  # an --ipv6 network turns IPv6 on in the namespace: ::1
    if not lo.ipv6 and any(ep.ip6 for ep in ctr.endpoints):  # (20.10 too; observed)
        lo = replace(lo, ipv6=("::1/128",))
    return (lo, *sorted(eths, key=lambda iface: iface.index))


def container_interfaces(state: State, ctr: CtrRec,
                         host_ifaces: tuple[Interface, ...] | None = None
                         ) -> tuple[Interface, ...]:
    """A running container's interfaces; a follower whose namespace died keeps ``lo``."""
    if not ctr.running:
        return ()
    if ctr.sandbox is not None:
        return _own_interfaces(state, ctr)
    space: Sandbox | None = ctr.joined
    if space is state.host_sandbox:
        return host_ifaces if host_ifaces is not None else state.host.interfaces()
    owner = state.containers.get(space.owner_id) if space is not None else None
    if owner is None or not owner.running or owner.sandbox is not space:
        return (state.profile.loopback,)
    return _own_interfaces(state, owner)


def container_model(state: State, ctr: CtrRec,
                    host_ifaces: tuple[Interface, ...] | None = None) -> Container:
    """One container as the frozen model (``docker inspect``)."""
    return Container(
        id=ctr.id, name=ctr.name, image=ctr.image, command=ctr.command,
        entrypoint=ctr.entrypoint, created=ctr.created, state=ctr.state,
        exit_code=ctr.exit_code, started_at=ctr.started_at, finished_at=ctr.finished_at,
        hostname=ctr.hostname, network_mode=ctr.network_mode,
        endpoints=tuple(_endpoint(ep, _asked_mac(ctr, ep)) for ep in ctr.endpoints),
        listed_endpoints=tuple(_endpoint(ep) for ep in ctr.listed),
        failed_connects=tuple(_endpoint(ep) for ep in ctr.failed_connects.values()),
        ports=ctr.ports,
        port_requests=ctr.port_requests, publish_all=ctr.publish_all, exposed=ctr.exposed,
        links=ctr.links, tty=ctr.tty, stdin_open=ctr.stdin_open,
        auto_remove=ctr.auto_remove, labels=ctr.labels,
        interfaces=container_interfaces(state, ctr, host_ifaces), listening=ctr.listening,
        image_id=ctr.image_id, detached=ctr.detached, error=ctr.error,
        execs=ctr.execs, contacted=ctr.contacted, ports_hidden=_ports_hidden(state, ctr),
        options=ctr.options,
    )


def _ports_hidden(state: State, ctr: CtrRec) -> bool:
    """Running with ports to show but no way out (``--internal`` only, disconnected, or
    still on ``none``)."""
    return bool(ctr.running and ctr.sandbox is not None and (ctr.exposed or ctr.port_requests)
                and exit_endpoint(state, ctr) is None)


def _asked_mac(ctr: CtrRec, ep: EpRec) -> str:
    """Before the interface exists, the ``--mac-address`` asked for the first network (the
    one ``HostConfig.NetworkMode`` names) is what inspect shows as its MAC (28.5)."""
    first = ep.network_name == ctr.network_mode.network_name
    return ctr.options.mac_address if first else ""


def _endpoint(ep: EpRec, asked_mac: str = "") -> Endpoint:
    return Endpoint(network_id=ep.network_id, network_name=ep.network_name,
                    endpoint_id=ep.endpoint_id, ip=ep.ip, prefixlen=ep.prefixlen,
                    gateway=ep.gateway, mac=ep.mac or asked_mac, aliases=ep.aliases,
                    dns_names=ep.dns_names, links=ep.links, requested_ip=ep.requested_ip,
                    ifname=ep.ifname, ipv6=ep.ip6, ipv6_prefixlen=ep.prefixlen6,
                    ipv6_gateway=ep.gateway6, requested_ip6=ep.requested_ip6,
                    connected=ep.connected)
