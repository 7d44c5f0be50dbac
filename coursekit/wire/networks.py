"""Network documents (``docker network inspect NET``): a Network to JSON and back.

The document lists keys in the engine's order, Go maps (Options, Labels, Containers)
with sorted keys. Rules observed on both engines (``Shape`` names where 28.5 differs):

- 28.5 lists ``"EnableIPv4": true`` before ``EnableIPv6`` (``Shape.network_keys``);
- host and none (driver ``null``) have ``"Config": []`` (28.5: ``null``,
  ``Shape.null_config_without_subnet``); the predefined networks show IPAM
  ``"Options": null``, user networks ``{}``;
- an IPAM Config may list only the subnet although the network has a gateway
  (``Network.ipam_gateway_shown`` False: the default bridge on a fresh 20.10 daemon, a
  ``--subnet`` without ``--gateway`` on both), so a reader derives the gateway the daemon
  took: the first address of the ``--ip-range`` (else of the subnet), skipping the
  network address itself (:func:`default_gateway`);
- a bridge network's Linux bridge is ``com.docker.network.bridge.name`` when set
  (``docker0``), else ``br-`` and the first 12 hex digits of the id.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection
from typing import Any

from coursekit.models import Network, NetworkMember
from coursekit.wire.shape import ENGINE_20_10, Document, Shape, go_map, ordered, pairs

BRIDGE_NAME_OPTION = "com.docker.network.bridge.name"


def encode_network(net: Network, shape: Shape = ENGINE_20_10) -> Document:
    """One element of ``docker network inspect NET`` (keys in the engine's order)."""
    values: Document = {
        "Name": net.name, "Id": net.id, "Created": net.created, "Scope": net.scope,
        "Driver": net.driver, "EnableIPv4": ipv4_enabled(shape), "EnableIPv6": net.enable_ipv6,
        "IPAM": _encode_ipam(net, shape), "Internal": net.internal,
        "Attachable": net.attachable, "Ingress": False,
        "ConfigFrom": {"Network": ""}, "ConfigOnly": False,
        "Containers": {m.container_id: _encode_member(m)
                       for m in sorted(net.members, key=lambda m: m.container_id)},
        "Options": go_map(net.options), "Labels": go_map(net.labels),
    }
    return ordered(values, shape.network_keys)


def ipv4_enabled(shape: Shape = ENGINE_20_10) -> bool:
    """``EnableIPv4`` as a reader sees it: true on an engine that lists the key (28.5;
    every network the lab makes has IPv4), false on one that does not (20.10: Go's zero
    value, which ``docker network ls --format '{{.IPv4}}'`` prints)."""
    return "EnableIPv4" in shape.network_keys


def _encode_ipam(net: Network, shape: Shape) -> Document:
    config: list[dict[str, str]] | None = []
    if net.driver not in ("host", "null") and net.subnet:
        entry = {"Subnet": net.subnet}
        if net.ip_range:
            entry["IPRange"] = net.ip_range
        if net.gateway and net.ipam_gateway_shown:
            entry["Gateway"] = net.gateway
        config = [*_ipam6(net), entry] if net.ipv6_first else [entry, *_ipam6(net)]
    elif shape.null_config_without_subnet:
        config = None
    return {"Driver": "default", "Options": None if net.predefined else {}, "Config": config}


def _ipam6(net: Network) -> list[dict[str, str]]:
    """The IPv6 entry of an ``--ipv6`` network's IPAM Config (after the IPv4 one)."""
    if not net.subnet6:
        return []
    entry = {"Subnet": net.subnet6}
    if net.gateway6:
        entry["Gateway"] = net.gateway6
    return [entry]


def _encode_member(m: NetworkMember) -> dict[str, str]:
    return {"Name": m.name, "EndpointID": m.endpoint_id, "MacAddress": m.mac,
            "IPv4Address": m.ipv4, "IPv6Address": m.ipv6}


def decode_network(doc: Document, *, hidden_labels: Collection[str] = (),
                   shape: Shape = ENGINE_20_10) -> Network:
    """A :class:`Network` from ``docker network inspect`` JSON (``hidden_labels`` left out)."""
    config, config6 = _ipam_config(doc), _ipam_config(doc, 6)
    subnet, ip_range = config.get("Subnet"), config.get("IPRange")
    gateway = config.get("Gateway")
    if gateway is None and subnet and doc.get("Driver") == "bridge":
        gateway = default_gateway(subnet, ip_range)
    return Network(
        id=doc["Id"], name=doc["Name"], driver=doc.get("Driver", ""),
        scope=doc.get("Scope", "local"), created=doc.get("Created", ""), subnet=subnet,
        gateway=gateway, ipam_gateway_shown="Gateway" in config, ip_range=ip_range,
        internal=bool(doc.get("Internal")), attachable=bool(doc.get("Attachable")),
        enable_ipv6=bool(doc.get("EnableIPv6")), bridge=_bridge_name(doc),
        options=pairs(doc.get("Options")), labels=pairs(doc.get("Labels"), hidden_labels),
        members=tuple(_decode_member(cid, info)
                      for cid, info in (doc.get("Containers") or {}).items()),
        subnet6=config6.get("Subnet"), gateway6=config6.get("Gateway"), parent=_parent(doc),
        ipv6_first=":" in str((((doc.get("IPAM") or {}).get("Config") or [{}])[0] or {})
                              .get("Subnet", "")))


def default_gateway(subnet: str, ip_range: str | None = None) -> str:
    """The address the daemon gives the bridge when ``--gateway`` is not given."""
    net = ipaddress.ip_network(subnet, strict=False)
    pool = ipaddress.ip_network(ip_range, strict=False) if ip_range else net
    first = pool.network_address
    return str(first + 1 if first == net.network_address else first)


def _ipam_config(doc: Document, version: int = 4) -> dict[str, Any]:
    """The first IPAM Config entry of one address family (IPv6 subnets have a colon)."""
    configs = (doc.get("IPAM") or {}).get("Config") or []
    found = [c for c in configs if (":" in str(c.get("Subnet", ""))) == (version == 6)]
    return dict(found[0]) if found else {}


def _bridge_name(doc: Document) -> str | None:
    if doc.get("Driver") != "bridge":
        return None
    options = doc.get("Options") or {}
    return str(options.get(BRIDGE_NAME_OPTION) or f"br-{doc['Id'][:12]}")


DUMMY_PREFIXES = {"macvlan": "dm-", "ipvlan": "di-"}
"""The dummy parent link the engine makes for a macvlan/ipvlan network without ``-o parent``."""


def _parent(doc: Document) -> str | None:
    """A macvlan/ipvlan network's parent link: ``-o parent=NAME``, else its dummy."""
    prefix = DUMMY_PREFIXES.get(str(doc.get("Driver")))
    if prefix is None:
        return None
    return str((doc.get("Options") or {}).get("parent") or f"{prefix}{doc['Id'][:12]}")


def _decode_member(container_id: str, info: Document) -> NetworkMember:
    return NetworkMember(container_id=container_id, name=info.get("Name", ""),
                         endpoint_id=info.get("EndpointID", ""),
                         mac=info.get("MacAddress", ""), ipv4=info.get("IPv4Address", ""),
                         ipv6=info.get("IPv6Address", ""))
