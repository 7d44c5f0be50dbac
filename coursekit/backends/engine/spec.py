"""Map coursekit specs (what a command line asked for) to Docker Engine API requests.

``docker run -d --name web --network lab --ip 10.10.0.9 --network-alias www -p 8081:80
busybox httpd -f`` arrives as a :class:`ContainerSpec`; this module spells it the way
the docker CLI sends it to ``POST /containers/create``: a HostConfig (port bindings,
``-P``, network mode, links, ``--rm``), an EndpointsConfig for the container's network
(``--ip`` as typed, ``--network-alias``; one endpoint per network when several
``--network`` values were given) and the ports to expose; ``-e`` goes into the Config,
``--add-host`` and the ``--dns`` flags into the HostConfig, ``--mac-address`` into the
container's endpoint (API 1.44's per-network MAC; the CLI front end refuses it before
an older engine is asked, as the docker CLI does). What the daemon checks (an
``--ip`` that is no IPv4 address, several networks on API 1.41) is left to the engine.
Everything is labelled with the lab label so that ``reset()`` can find it again.
Nothing here is privileged and nothing mounts the host.
"""

from __future__ import annotations

from typing import Any

from docker import APIClient
from docker.types import IPAMConfig, IPAMPool

from coursekit.backends.base import LAB_LABEL, ContainerSpec, NetworkSpec
from coursekit.models import PortBinding


def lab_labels(extra: tuple[tuple[str, str], ...], value: str) -> dict[str, str]:
    """The labels a lab resource carries: the requested ones plus the lab label."""
    return {**dict(extra), LAB_LABEL: value}


def _port_key(port: int, protocol: str) -> str:
    return f"{port}/{protocol or 'tcp'}"


def port_bindings(ports: tuple[PortBinding, ...]) -> dict[str, list[dict[str, str]]]:
    """``-p`` values as HostConfig.PortBindings (empty HostPort: any free port)."""
    result: dict[str, list[dict[str, str]]] = {}
    for p in ports:
        host_port = str(p.host_port) if p.host_port else ""
        result.setdefault(_port_key(p.container_port, p.protocol), []).append(
            {"HostIp": p.host_ip, "HostPort": host_port})
    return result


def _expose_key(value: str) -> tuple[int, str] | None:
    port, _, proto = value.partition("/")
    return (int(port), proto or "tcp") if port.isdigit() else None


def exposed_ports(spec: ContainerSpec) -> list[tuple[int, str]]:
    """``--expose`` values and every published port, as the CLI exposes them."""
    found = [_expose_key(e) for e in spec.exposed]
    found += [(p.container_port, p.protocol or "tcp") for p in spec.ports]
    unique = dict.fromkeys(f for f in found if f is not None)
    return list(unique)


def host_config(api: APIClient, spec: ContainerSpec) -> dict[str, Any]:
    """HostConfig for ``docker create``: ports, ``-P``, ``--network``, ``--link``, ``--rm``."""
    options = spec.options
    config: dict[str, Any] = api.create_host_config(
        publish_all_ports=spec.publish_all, network_mode=str(spec.network),
        auto_remove=spec.auto_remove, extra_hosts=list(options.extra_hosts) or None,
        dns=list(options.dns) or None, dns_search=list(options.dns_search) or None,
        dns_opt=list(options.dns_options) or None)
    config["PortBindings"] = port_bindings(spec.ports)  # set here: the SDK refuses host mode
    if spec.links:
        config["Links"] = list(spec.links)
    return config


def _endpoint(api: APIClient, spec: ContainerSpec) -> dict[str, Any]:
    """The container's own endpoint: ``--ip`` (as typed) and ``--network-alias``."""
    endpoint: dict[str, Any] = api.create_endpoint_config(
        ipv4_address=spec.ip or None, ipv6_address=spec.ip6 or None,
        aliases=list(spec.aliases) or None,
        mac_address=spec.options.mac_address or None)
    return endpoint


def networking_config(api: APIClient, spec: ContainerSpec) -> dict[str, Any] | None:
    """EndpointsConfig: ``--ip`` and ``--network-alias`` for the container's network.

    Several ``--network`` values ask for an endpoint on each network named, as the CLI
    sends them; the engine decides (API 1.41 refuses: ``Container cannot be connected
    to network endpoints``). The first value is the container's network (``network``)
    and takes the endpoint settings.
    """
    names = list(dict.fromkeys(spec.networks))
    if len(names) > 1:
        endpoints = {name: api.create_endpoint_config() for name in names}
        endpoints[spec.network.network_name or spec.networks[0]] = _endpoint(api, spec)
        several: dict[str, Any] = api.create_networking_config(endpoints)
        return several
    own_mac = bool(spec.options.mac_address) and spec.network.kind != "container"
    if not (spec.ip or spec.ip6 or spec.aliases or own_mac):  # container mode: no MAC
        return None
    network = spec.network.network_name or "bridge"
    result: dict[str, Any] = api.create_networking_config({network: _endpoint(api, spec)})
    return result


def connect_body(container: str, ip: str | None, ip6: str | None,
                 aliases: tuple[str, ...], links: tuple[str, ...]) -> dict[str, Any]:
    """``POST /networks/{id}/connect`` as the docker CLI sends it: empty values as ``{}``
    and ``[]``, which the engine keeps and shows (``Aliases []``, ``DriverOpts {}``); the
    SDK's own call leaves them out, and the engine then shows null."""
    ipam = {k: v for k, v in (("IPv4Address", ip), ("IPv6Address", ip6)) if v}
    named = [f"{name}:{alias or name}" for name, _, alias in (x.partition(":") for x in links)]
    return {"Container": container, "EndpointConfig": {
        "IPAMConfig": ipam, "Links": named or None, "Aliases": list(aliases),
        "DriverOpts": {}}}


def create_kwargs(api: APIClient, spec: ContainerSpec, label: str) -> dict[str, Any]:
    """Keyword arguments for ``APIClient.create_container``."""
    kwargs: dict[str, Any] = {
        "image": spec.image, "command": list(spec.command) or None, "name": spec.name,
        "hostname": spec.hostname, "tty": spec.tty, "stdin_open": spec.stdin_open,
        "detach": spec.detached,
        "labels": lab_labels(spec.labels, label), "ports": exposed_ports(spec) or None,
        "environment": list(spec.options.env) or None,
        "host_config": host_config(api, spec),
        "networking_config": networking_config(api, spec)}
    if spec.entrypoint is not None:
        kwargs["entrypoint"] = list(spec.entrypoint) or [""]
    return kwargs


def network_kwargs(spec: NetworkSpec, label: str) -> dict[str, Any]:
    """Keyword arguments for ``APIClient.create_network`` (``docker network create``)."""
    pools = []
    if spec.subnet or spec.gateway or spec.ip_range:
        pools.append(IPAMPool(subnet=spec.subnet, gateway=spec.gateway, iprange=spec.ip_range))
    if spec.subnet6:
        pools.append(IPAMPool(subnet=spec.subnet6, gateway=spec.gateway6,
                              iprange=spec.ip_range6))
    ipam = IPAMConfig(pool_configs=pools)
    ipam["Options"] = {}
    return {"name": spec.name, "driver": spec.driver, "options": dict(spec.options),
            "ipam": ipam, "check_duplicate": True, "internal": spec.internal,
            "labels": lab_labels(spec.labels, label), "attachable": spec.attachable,
            "enable_ipv6": spec.ipv6}
