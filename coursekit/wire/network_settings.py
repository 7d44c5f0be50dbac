"""``NetworkSettings`` of a container document: its sandbox, ports and endpoints.

Rules observed on both engines (where 28.5 differs, a field of :class:`Shape` says so):

- a container never started shows empty ``NetworkID``, ``SandboxID`` and ``SandboxKey``;
  on 20.10 a stopped container and one whose start failed at its ports keep their
  sandbox (a start that failed before, e.g. its ``--ip`` taken, made none), on 28.5
  only a running one shows it (``Shape.sandbox_only_running``);
- ``Ports`` lists exposed ports only while a bridge-attached container runs (host and
  none modes show ``{}``; see :mod:`coursekit.wire.ports`);
- the top-level ``IPAddress``/``Gateway``/``MacAddress`` come from the default bridge's
  endpoint only;
- a ``--mac-address`` shows before the interface exists: a container never started
  (28.5, ``docker create --mac-address M``) lists M as the ``MacAddress`` of its first
  network's endpoint (and at the top level when that is the default bridge), the other
  fields empty (tests/golden/28.5/19-ipv6-names.json);
- ``--network container:X`` shows no networks and no sandbox;
- endpoints added by ``docker network connect`` (``Endpoint.connected``, whichever
  interface they are: the first too after ``--network none`` was disconnected) show
  ``IPAMConfig`` and ``DriverOpts`` as ``{}`` and ``Aliases`` as ``[]`` instead of
  ``null``: the engine keeps the EndpointConfig the CLI sent, whose empty values are
  those (the list keeps ``IPAMConfig {}``, see :mod:`coursekit.wire.summary`);
- an endpoint's ``Links`` are those of ``docker network connect --link`` or of ``docker
  run --link`` on a user-defined network: the legacy links of the default bridge show
  only in ``HostConfig.Links`` (the endpoint's ``Links`` is null);
- 28.5's endpoints add ``GwPriority`` (0) and ``DNSNames`` (``Endpoint.dns_names``,
  null when empty), and list the keys in another order (``Shape.endpoint_keys``).

``Networks`` is a JSON object sorted by name, so the attachment order (eth0, eth1...) is
not in the document: a reader takes it from the interface carrying each endpoint's
address when it knows the container's interfaces (``ip addr``), else puts the primary
network (the one ``HostConfig.NetworkMode`` names) first and the others by name.
"""

from __future__ import annotations

from typing import Any

from coursekit.models import Container, Endpoint, Interface
from coursekit.wire.ports import live_ports
from coursekit.wire.shape import (
    ENGINE_20_10,
    Document,
    Shape,
    digest,
    failed_at_ports,
    ordered,
    start_failed,
    started,
)

DEFAULT_BRIDGE = "bridge"
"""The default bridge's name (no user-defined network may take it)."""
UNKNOWN_INTERFACE = 1 << 30
"""Sort rank of an endpoint whose address no known interface carries."""


def encode_network_settings(c: Container, shape: Shape = ENGINE_20_10) -> Document:
    """``NetworkSettings`` as ``shape`` lists it."""
    sandbox, key = _sandbox(c, shape)
    bridge = c.endpoint("bridge") or Endpoint("", "")
    values: Document = {
        "Bridge": "", "SandboxID": sandbox, "HairpinMode": False, "LinkLocalIPv6Address": "",
        "LinkLocalIPv6PrefixLen": 0, "Ports": live_ports(c), "SandboxKey": key,
        "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None,
        "EndpointID": bridge.endpoint_id, "Gateway": bridge.gateway,
        "GlobalIPv6Address": bridge.ipv6, "GlobalIPv6PrefixLen": bridge.ipv6_prefixlen,
        "IPAddress": bridge.ip, "IPPrefixLen": bridge.prefixlen,
        "IPv6Gateway": bridge.ipv6_gateway, "MacAddress": bridge.mac,
        "Networks": {ep.network_name: _encode_endpoint(c, ep, shape)
                     for ep in sorted(c.endpoints + c.failed_connects,
                                      key=lambda e: e.network_name)},
    }
    return ordered(values, shape.network_settings_keys)


def _sandbox(c: Container, shape: Shape) -> tuple[str, str]:
    shown = c.running if shape.sandbox_only_running else started(c) or failed_at_ports(c)
    if c.namespace_owner or not shown:
        return "", ""
    sandbox = digest("sandbox", c.id)
    key = "default" if c.network_mode.kind == "host" else sandbox[:12]
    return sandbox, f"/var/run/docker/netns/{key}"


def _encode_endpoint(c: Container, ep: Endpoint, shape: Shape) -> Document:
    connected = ep.connected
    asked = {"IPv4Address": ep.requested_ip, "IPv6Address": ep.requested_ip6}
    ipam: dict[str, str] | None = {k: v for k, v in asked.items() if v} or None
    no_aliases: list[str] | None = [] if connected else None
    links = list(ep.links) if ep.network_name != DEFAULT_BRIDGE else []
    values: Document = {
        "IPAMConfig": {} if connected and ipam is None else ipam,
        "Links": links or None, "Aliases": list(ep.aliases) or no_aliases,
        "NetworkID": ep.network_id if started(c) or start_failed(c) else "",
        "EndpointID": ep.endpoint_id, "Gateway": ep.gateway, "IPAddress": ep.ip,
        "IPPrefixLen": ep.prefixlen,
        "IPv6Gateway": ep.ipv6_gateway, "GlobalIPv6Address": ep.ipv6,
        "GlobalIPv6PrefixLen": ep.ipv6_prefixlen,
        "MacAddress": ep.mac, "DriverOpts": {} if connected else None, "GwPriority": 0,
        "DNSNames": list(ep.dns_names) or None,
    }
    return ordered(values, shape.endpoint_keys)


def decode_endpoints(doc: Document, interfaces: tuple[Interface, ...] = ()
                     ) -> tuple[Endpoint, ...]:
    """Endpoints in attachment order (by interface when known, else primary first)."""
    nets: Document = (doc.get("NetworkSettings") or {}).get("Networks") or {}
    mode = (doc.get("HostConfig") or {}).get("NetworkMode", "default")
    primary = "bridge" if mode == "default" else mode

    def order(item: tuple[str, Document]) -> tuple[int, bool, str]:
        name, info = item
        is_primary = primary in (name, info.get("NetworkID"))
        return _interface_of(info, interfaces)[1], not is_primary, name

    return tuple(_decode_endpoint(name, info, _interface_of(info, interfaces)[0])
                 for name, info in sorted(nets.items(), key=order))


def _decode_endpoint(name: str, info: Document, ifname: str) -> Endpoint:
    ipam: dict[str, Any] = info.get("IPAMConfig") or {}
    return Endpoint(
        network_id=info.get("NetworkID", ""), network_name=name,
        endpoint_id=info.get("EndpointID", ""), ip=info.get("IPAddress", ""),
        prefixlen=int(info.get("IPPrefixLen") or 0), gateway=info.get("Gateway", ""),
        mac=info.get("MacAddress", ""), aliases=tuple(info.get("Aliases") or ()),
        dns_names=tuple(info.get("DNSNames") or ()),
        links=tuple(info.get("Links") or ()), requested_ip=ipam.get("IPv4Address", ""),
        ifname=ifname, ipv6=info.get("GlobalIPv6Address", ""),
        ipv6_prefixlen=int(info.get("GlobalIPv6PrefixLen") or 0),
        ipv6_gateway=info.get("IPv6Gateway", ""), requested_ip6=ipam.get("IPv6Address", ""),
        connected=info.get("DriverOpts") is not None)


def _interface_of(info: Document, interfaces: tuple[Interface, ...]) -> tuple[str, int]:
    """The name and index of the interface carrying the endpoint's address."""
    ip = info.get("IPAddress", "")
    for iface in interfaces:
        if ip and any(cidr.split("/")[0] == ip for cidr in iface.ipv4):
            return iface.name, iface.index
    return "", UNKNOWN_INTERFACE
