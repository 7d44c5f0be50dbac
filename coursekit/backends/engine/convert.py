"""Turn what the Docker Engine API returns (``docker inspect`` JSON) into coursekit models.

Values are kept as the daemon reports them (names without the leading ``/`` apart),
so the renderer prints the same text whichever backend answered. Two things are
not in the JSON and are derived here:

- the **gateway** of a network whose IPAM Config lists only its subnet (the default
  bridge on a fresh 20.10 daemon, or ``--subnet`` without ``--gateway``): the daemon
  took the first address of the ``--ip-range`` (else of the subnet), skipping the
  network address itself;
- the **attachment order** of a container's endpoints (``NetworkSettings.Networks``
  is a JSON object sorted by name): from the interface carrying each endpoint's
  address (eth0, eth1...) when the container runs, else its primary network first.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from coursekit.backends.base import LAB_LABEL
from coursekit.models import (
    Container,
    Endpoint,
    Interface,
    Network,
    NetworkMember,
    NetworkMode,
    PortBinding,
)

Attrs = dict[str, Any]

BRIDGE_NAME_OPTION = "com.docker.network.bridge.name"


def default_gateway(subnet: str, ip_range: str | None = None) -> str:
    """The address the daemon gives the bridge when ``--gateway`` is not given."""
    net = ipaddress.ip_network(subnet, strict=False)
    pool = ipaddress.ip_network(ip_range, strict=False) if ip_range else net
    first = pool.network_address
    return str(first + 1 if first == net.network_address else first)


def _ipam_config(attrs: Attrs) -> Attrs:
    configs = (attrs.get("IPAM") or {}).get("Config") or []
    return dict(configs[0]) if configs else {}


def _bridge_name(attrs: Attrs) -> str | None:
    if attrs.get("Driver") != "bridge":
        return None
    options = attrs.get("Options") or {}
    return str(options.get(BRIDGE_NAME_OPTION) or f"br-{attrs['Id'][:12]}")


def _member(container_id: str, info: Attrs) -> NetworkMember:
    return NetworkMember(container_id=container_id, name=info.get("Name", ""),
                         endpoint_id=info.get("EndpointID", ""),
                         mac=info.get("MacAddress", ""), ipv4=info.get("IPv4Address", ""),
                         ipv6=info.get("IPv6Address", ""))


def link_pairs(links: list[str] | None) -> tuple[str, ...]:
    """The daemon's ``/db:/app/database`` links as the models keep them: ``db:database``."""
    pairs = []
    for link in links or ():
        target, _, alias_path = link.partition(":")
        pairs.append(f"{target.strip('/')}:{alias_path.rsplit('/', 1)[-1]}")
    return tuple(pairs)


def _labels(mapping: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """Labels as the learner set them: the lab's own bookkeeping label is left out, so
    ``docker inspect`` on the engine shows what the same commands show on the simulator."""
    return tuple(pair for pair in _pairs(mapping) if pair[0] != LAB_LABEL)


def _pairs(mapping: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in (mapping or {}).items())


def network_from_attrs(attrs: Attrs) -> Network:
    """A :class:`Network` from ``docker network inspect`` JSON."""
    config = _ipam_config(attrs)
    subnet, ip_range = config.get("Subnet"), config.get("IPRange")
    gateway = config.get("Gateway")
    if gateway is None and subnet and attrs.get("Driver") == "bridge":
        gateway = default_gateway(subnet, ip_range)
    members = tuple(_member(cid, info) for cid, info in (attrs.get("Containers") or {}).items())
    return Network(
        id=attrs["Id"], name=attrs["Name"], driver=attrs.get("Driver", ""),
        scope=attrs.get("Scope", "local"), created=attrs.get("Created", ""), subnet=subnet,
        gateway=gateway, ipam_gateway_shown="Gateway" in config, ip_range=ip_range,
        internal=bool(attrs.get("Internal")), attachable=bool(attrs.get("Attachable")),
        enable_ipv6=bool(attrs.get("EnableIPv6")), bridge=_bridge_name(attrs),
        options=_pairs(attrs.get("Options")), labels=_labels(attrs.get("Labels")),
        members=members)


def parse_port(key: str) -> tuple[int, str]:
    """``"8080/tcp"`` -> ``(8080, "tcp")``; a bare ``"8080"`` is TCP."""
    port, _, proto = key.partition("/")
    return int(port), proto or "tcp"


def port_bindings(mapping: dict[str, Any] | None) -> tuple[PortBinding, ...]:
    """Bindings from ``NetworkSettings.Ports`` or ``HostConfig.PortBindings``."""
    result: list[PortBinding] = []
    for key, bindings in (mapping or {}).items():
        port, proto = parse_port(key)
        for b in bindings or ():
            host_port = str(b.get("HostPort") or "")
            result.append(PortBinding(port, proto, b.get("HostIp") or "",
                                      int(host_port) if host_port.isdigit() else 0))
    return tuple(result)


def _endpoint(name: str, info: Attrs, ifname: str = "") -> Endpoint:
    ipam = info.get("IPAMConfig") or {}
    return Endpoint(
        network_id=info.get("NetworkID", ""), network_name=name,
        endpoint_id=info.get("EndpointID", ""), ip=info.get("IPAddress", ""),
        prefixlen=int(info.get("IPPrefixLen") or 0), gateway=info.get("Gateway", ""),
        mac=info.get("MacAddress", ""), aliases=tuple(info.get("Aliases") or ()),
        links=tuple(info.get("Links") or ()), requested_ip=ipam.get("IPv4Address", ""),
        ifname=ifname)


def _ifname_for(ip: str, interfaces: tuple[Interface, ...]) -> tuple[str, int]:
    for iface in interfaces:
        if ip and any(cidr.split("/")[0] == ip for cidr in iface.ipv4):
            return iface.name, iface.index
    return "", 1 << 30


def endpoints(attrs: Attrs, interfaces: tuple[Interface, ...] = ()) -> tuple[Endpoint, ...]:
    """Endpoints in attachment order (by interface when known, else primary first)."""
    nets: Attrs = (attrs.get("NetworkSettings") or {}).get("Networks") or {}
    mode = (attrs.get("HostConfig") or {}).get("NetworkMode", "default")
    primary = "bridge" if mode == "default" else mode

    def order(item: tuple[str, Attrs]) -> tuple[int, bool, str]:
        name, info = item
        is_primary = primary in (name, info.get("NetworkID"))
        return _ifname_for(info.get("IPAddress", ""), interfaces)[1], not is_primary, name

    ordered = sorted(nets.items(), key=order)
    return tuple(_endpoint(name, info, _ifname_for(info.get("IPAddress", ""), interfaces)[0])
                 for name, info in ordered)


def container_from_attrs(attrs: Attrs, interfaces: tuple[Interface, ...] = ()) -> Container:
    """A :class:`Container` from ``docker inspect`` JSON (plus ``ip addr`` when running)."""
    config: Attrs = attrs.get("Config") or {}
    host: Attrs = attrs.get("HostConfig") or {}
    state: Attrs = attrs.get("State") or {}
    return Container(
        id=attrs["Id"], name=attrs.get("Name", "").lstrip("/"), image=config.get("Image", ""),
        command=tuple(config.get("Cmd") or ()), entrypoint=tuple(config.get("Entrypoint") or ()),
        created=attrs.get("Created", ""), state=state.get("Status", "created"),
        exit_code=int(state.get("ExitCode") or 0),
        started_at=state.get("StartedAt", "0001-01-01T00:00:00Z"),
        finished_at=state.get("FinishedAt", "0001-01-01T00:00:00Z"),
        hostname=config.get("Hostname", ""),
        network_mode=NetworkMode.parse(host.get("NetworkMode", "default")),
        endpoints=endpoints(attrs, interfaces),
        ports=port_bindings((attrs.get("NetworkSettings") or {}).get("Ports")),
        port_requests=port_bindings(host.get("PortBindings")),
        publish_all=bool(host.get("PublishAllPorts")),
        exposed=tuple(config.get("ExposedPorts") or ()), links=link_pairs(host.get("Links")),
        tty=bool(config.get("Tty")), stdin_open=bool(config.get("OpenStdin")),
        auto_remove=bool(host.get("AutoRemove")), labels=_labels(config.get("Labels")),
        interfaces=interfaces if state.get("Running") else (), image_id=attrs.get("Image", ""),
        detached=not config.get("AttachStdout"), error=state.get("Error", ""))
