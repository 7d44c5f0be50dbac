"""Reading a ``docker create`` request: network mode, attachments, exposed ports.

The daemon first refuses what API 1.41 cannot express: endpoints on several networks
(``Container cannot be connected to network endpoints: a, b``; 28.5 gives the container
one on each, the first network's taking ``--ip``, ``--network-alias`` and the rest) and
an ``--ip`` that is not an IPv4 address. Then it checks the option mix, in the order of moby's
``validateNetContainerMode``: a container that borrows another's namespace
(``--network container:web``) cannot set a hostname, use ``--link``, ``--dns`` or
``--add-host``, publish or expose ports (``--dns-search``, ``--dns-option`` and, on
28.5, ``--mac-address`` are accepted there and change nothing: the files and the
interface are the owner's); a host-mode container cannot use ``--link``. The
``--network`` value becomes ``HostConfig.NetworkMode`` (when absent: ``default`` on
20.10, ``bridge`` on 28.5; ``container:<full id>`` once the owner is found) and, except
in container mode, the container's first attachment (``NetworkSettings.Networks``),
where ``--ip``, ``--network-alias`` and ``--link`` are recorded until the container
starts; an engine that checks endpoint settings at create (28.5) checks them now.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from coursekit.backends.base import ContainerSpec, is_user_network
from coursekit.backends.sim.daemon.images import Image
from coursekit.backends.sim.daemon.ports import parse_port_spec, port_spec
from coursekit.backends.sim.daemon.state import EpRec, State
from coursekit.errors import Conflict, DockerError, InvalidArgument, NotFound
from coursekit.models import NetworkMode

UNDEFINED = "This would result in undefined behavior"


def check_spec(state: State, spec: ContainerSpec) -> None:
    """Option conflicts the daemon refuses at create time (before the image lookup)."""
    check_endpoints(state, spec)
    mode = spec.network
    if mode.kind == "container":
        _check_container_mode(spec)
    if mode.kind == "host" and spec.links:
        raise InvalidArgument("conflicting options: host type networking can't be used "
                              f"with links. {UNDEFINED}")
    if mode.is_default_bridge:
        _check_links(state, spec.links)


def _check_container_mode(spec: ContainerSpec) -> None:
    """What a container sharing another's namespace may not ask for (first one found)."""
    conflicts = (
        (bool(spec.hostname), "hostname and the network mode"),
        (bool(spec.links), f"container type network can't be used with links. {UNDEFINED}"),
        (bool(spec.options.dns), "dns and the network mode"),
        (bool(spec.options.extra_hosts), "custom host-to-IP mapping and the network mode"),
        (bool(spec.ports or spec.publish_all),
         "port publishing and the container type network mode"),
        (bool(spec.exposed), "port exposing and the container type network mode"),
    )
    for present, what in conflicts:
        if present:
            raise InvalidArgument(f"conflicting options: {what}")


def check_endpoints(state: State, spec: ContainerSpec) -> None:
    """Several networks at create (API 1.41 refuses them; 28.5 gives an endpoint on
    each, and ignores the others in container mode), and ``--ip`` must read as an IPv4
    address."""
    networks = list(dict.fromkeys(spec.networks))
    if len(networks) > 1 and not state.profile.several_networks:
        raise InvalidArgument("Container cannot be connected to network endpoints: "
                              + ", ".join(sorted(networks)))
    if len(networks) > 1 and spec.network.kind != "container" and not all(
            is_user_network(n) for n in networks):
        raise NotImplementedError(
            f"--network {' --network '.join(networks)}: a container on more than one of "
            "the predefined networks (host, none, bridge) is not simulated in this lab "
            "(a real engine creates it, then refuses to start it)")
    try:
        if spec.ip:
            IPv4Address(spec.ip)
    except ValueError:
        raise InvalidArgument(f"invalid IPv4 address: {spec.ip}") from None


def _check_links(state: State, links: tuple[str, ...]) -> None:
    for link in links:
        target = link.split(":", 1)[0]
        try:
            state.find_container(target)
        except NotFound as missing:
            raise NotFound(f"could not get container for {target}: {missing.message}") from None


def mode_of(state: State, spec: ContainerSpec) -> NetworkMode:
    """``HostConfig.NetworkMode`` for the request (``container:`` names the full id)."""
    mode = spec.network
    if mode.kind == "default":
        return state.profile.unnamed_mode
    if mode.owner is None:
        return mode
    try:
        return NetworkMode("container", state.find_container(mode.owner).id)
    except DockerError:
        return mode


def endpoints_for(spec: ContainerSpec, mode: NetworkMode) -> list[EpRec]:
    """The attachments a new container starts with (none in container mode): its own
    network's, with the endpoint settings, then one on each other network named."""
    name = mode.network_name
    if name is None:
        return []
    own = EpRec(name, aliases=spec.aliases, requested_ip=spec.ip or "", links=spec.links,
                requested_mac=spec.options.mac_address, requested_ip6=spec.ip6 or "")
    return [own, *(EpRec(other) for other in dict.fromkeys(spec.networks) if other != name)]


def check_endpoint_settings(state: State, attachments: list[EpRec]) -> None:
    """``--ip``, ``--ip6`` and ``--network-alias`` on the networks that exist, as far as
    the engine checks them at create (a network not found is left to the start)."""
    for ep in attachments:
        try:
            net = state.find_network(ep.network_name)
        except DockerError:
            continue
        state.profile.checks.at_create(net, ep.requested_ip, ep.aliases, ep.requested_ip6)


def exposed_ports(image: Image, spec: ContainerSpec) -> tuple[str, ...]:
    """``Config.ExposedPorts``: the image's, ``--expose``'s and every ``-p`` target."""
    wanted = {parse_port_spec(item) for item in (*image.exposed, *spec.exposed)}
    wanted |= {(binding.container_port, binding.protocol) for binding in spec.ports}
    return tuple(port_spec(port, proto) for port, proto in sorted(wanted))


def check_links_running(state: State, name: str, links: tuple[str, ...]) -> None:
    """At start every ``--link`` target must run (legacy links join two live containers)."""
    for link in links:
        target_ref, _, alias = link.partition(":")
        try:
            target = state.find_container(target_ref)
        except NotFound as missing:
            raise NotFound(f"could not get container for {target_ref}: "
                           f"{missing.message}") from None
        if not target.running:
            raise Conflict(f"Cannot link to a non running container: /{target.name} AS "
                           f"/{name}/{alias or target.name}")
