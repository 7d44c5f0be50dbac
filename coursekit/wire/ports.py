"""Ports in the Engine API: ``"8080/tcp"`` keys, binding lists, and when they are shown.

Three places of a container document hold ports, each a JSON object keyed ``PORT/PROTO``
and sorted as Go sorts map keys:

- ``Config.ExposedPorts``: ``--expose``, ``-p`` and the image's ``EXPOSE`` (``{}`` values);
- ``HostConfig.PortBindings``: what ``-p``/``-P`` asked (``HostPort`` ``""`` means any);
- ``NetworkSettings.Ports``: the live bindings, each exposed port listed (``null`` when
  unpublished), only while a container with its own bridge-attached sandbox runs and one
  of its endpoints has a way out: on an ``--internal`` network alone, or after ``docker
  network disconnect bridge web``, it is ``{}`` although ``PortBindings`` keeps the
  request (``Container.ports_hidden``); connected again, the bindings come back.

``docker port web`` prints the last one; ``docker ps`` its PORTS column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coursekit.models import Container, PortBinding

Bindings = dict[str, list[dict[str, str]]]
"""``{"8080/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8081"}]}``"""


def port_key(p: PortBinding) -> str:
    """``8080/tcp``: the key Docker files a port under."""
    return f"{p.container_port}/{p.protocol}"


def parse_port(key: str) -> tuple[int, str]:
    """``"8080/tcp"`` -> ``(8080, "tcp")``; a bare ``"8080"`` is TCP."""
    port, _, proto = key.partition("/")
    return int(port), proto or "tcp"


def exposed_ports(c: Container) -> list[str]:
    """``Config.ExposedPorts``: --expose, -p and the image's EXPOSE, sorted as Go sorts keys."""
    keys = {e if "/" in e else f"{e}/tcp" for e in c.exposed}
    keys |= {port_key(p) for p in c.port_requests + c.ports}
    return sorted(keys)


def encode_bindings(ports: tuple[PortBinding, ...]) -> Bindings:
    """Bindings as ``HostConfig.PortBindings`` (and ``NetworkSettings.Ports``) hold them."""
    table: Bindings = {}
    for p in ports:
        table.setdefault(port_key(p), []).append(
            {"HostIp": p.host_ip, "HostPort": str(p.host_port) if p.host_port else ""})
    return dict(sorted(table.items()))


def decode_bindings(mapping: Mapping[str, Any] | None) -> tuple[PortBinding, ...]:
    """Bindings from ``NetworkSettings.Ports`` or ``HostConfig.PortBindings``."""
    result: list[PortBinding] = []
    for key, bindings in (mapping or {}).items():
        port, proto = parse_port(key)
        for b in bindings or ():
            host_port = str(b.get("HostPort") or "")
            result.append(PortBinding(port, proto, b.get("HostIp") or "",
                                      int(host_port) if host_port.isdigit() else 0))
    return tuple(result)


def publishes(c: Container) -> bool:
    """Does the engine report live ports (running, with its own sandbox and a way out)?
    A ``none`` container has none until it leaves none and joins a network with a way out;
    then the ``-p`` it was started with takes effect (``ports_hidden`` tells which)."""
    return (c.running and c.network_mode.kind not in ("host", "container")
            and not c.ports_hidden)


def hidden_ports(doc: Mapping[str, Any]) -> bool:
    """A container document whose ``NetworkSettings.Ports`` is ``{}`` although it runs in a
    sandbox of its own with exposed ports: no endpoint gives it a way out."""
    mode = str((doc.get("HostConfig") or {}).get("NetworkMode") or "default")
    return bool((doc.get("State") or {}).get("Running")
                and (doc.get("Config") or {}).get("ExposedPorts")
                and not (doc.get("NetworkSettings") or {}).get("Ports")
                and mode.partition(":")[0] not in ("host", "container"))


def live_ports(c: Container) -> dict[str, list[dict[str, str]] | None]:
    """``NetworkSettings.Ports``: each exposed port's bindings (``None`` when unpublished)."""
    if not publishes(c):
        return {}
    bound = encode_bindings(c.ports)
    return {key: bound.get(key) for key in sorted(set(exposed_ports(c)) | set(bound))}
