"""What the real engine printed (tests/cli/data/engine_observed.json) and models matching it.

The data file was recorded once on the reference machine (Docker Engine 20.10.24
behind CLI 28.2.2) for containers named ``hr3*``: ``docker inspect`` documents,
``docker network inspect`` documents (members limited to those containers), the
output of many ``-f`` templates, ``docker ps`` / ``docker network ls`` variants
with the moment they ran, and ``docker port``. ``container_model`` and
``network_model`` read a document back into the models the renderer takes, so the
renderer's output can be compared with what the engine printed.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from coursekit.models import (
    Container,
    Endpoint,
    Network,
    NetworkMember,
    NetworkMode,
    PortBinding,
)

DATA = Path(__file__).parent / "data" / "engine_observed.json"
UNKNOWABLE = ("Pid", "GraphDriver", "SandboxID", "SandboxKey", "ExecIDs")
"""Engine values the models do not carry; the renderer derives its own."""


@cache
def observed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text())
    return data


def network_model(doc: dict[str, Any]) -> Network:
    """The Network a backend would report for this ``docker network inspect`` document."""
    cfg = (doc["IPAM"]["Config"] or [{}])[0]
    return Network(
        id=doc["Id"], name=doc["Name"], driver=doc["Driver"], scope=doc["Scope"],
        created=doc["Created"], subnet=cfg.get("Subnet"),
        gateway=cfg.get("Gateway") or ("172.17.0.1" if doc["Name"] == "bridge" else None),
        ipam_gateway_shown="Gateway" in cfg, ip_range=cfg.get("IPRange"),
        internal=doc["Internal"], attachable=doc["Attachable"], enable_ipv6=doc["EnableIPv6"],
        options=tuple(doc["Options"].items()), labels=tuple(doc["Labels"].items()),
        members=tuple(NetworkMember(cid, m["Name"], m["EndpointID"], m["MacAddress"],
                                    m["IPv4Address"], m["IPv6Address"])
                      for cid, m in doc["Containers"].items()))


def _bindings(table: dict[str, Any]) -> tuple[PortBinding, ...]:
    return tuple(PortBinding(int(key.split("/")[0]), key.split("/")[1], b["HostIp"],
                             int(b["HostPort"] or 0))
                 for key, bs in table.items() for b in bs or ())


def _endpoints(doc: dict[str, Any], net_ids: dict[str, str]) -> tuple[Endpoint, ...]:
    nets = doc["NetworkSettings"]["Networks"]
    # endpoints added by `docker network connect` carry DriverOpts {}: they came later
    order = sorted(nets, key=lambda name: nets[name]["DriverOpts"] is not None)
    return tuple(Endpoint(
        network_id=nets[n]["NetworkID"] or net_ids.get(n, ""), network_name=n,
        endpoint_id=nets[n]["EndpointID"], ip=nets[n]["IPAddress"],
        prefixlen=nets[n]["IPPrefixLen"], gateway=nets[n]["Gateway"], mac=nets[n]["MacAddress"],
        aliases=tuple(nets[n]["Aliases"] or ()), links=tuple(nets[n]["Links"] or ()),
        requested_ip=(nets[n]["IPAMConfig"] or {}).get("IPv4Address", "")) for n in order)


def container_model(doc: dict[str, Any], net_ids: dict[str, str] | None = None) -> Container:
    """The Container a backend would report for this ``docker inspect`` document."""
    host, cfg, state = doc["HostConfig"], doc["Config"], doc["State"]
    links = tuple(f"{a.split(':')[0][1:]}:{a.rsplit('/', 1)[1]}" for a in host["Links"] or ())
    c = Container(
        id=doc["Id"], name=doc["Name"][1:], image=cfg["Image"], command=tuple(cfg["Cmd"] or ()),
        entrypoint=tuple(cfg["Entrypoint"] or ()), created=doc["Created"],
        state=state["Status"], exit_code=state["ExitCode"], started_at=state["StartedAt"],
        finished_at=state["FinishedAt"], hostname=cfg["Hostname"],
        network_mode=NetworkMode.parse(host["NetworkMode"]),
        endpoints=_endpoints(doc, net_ids or {}),
        ports=_bindings(doc["NetworkSettings"]["Ports"]),
        port_requests=_bindings(host["PortBindings"]), publish_all=host["PublishAllPorts"],
        exposed=tuple(cfg.get("ExposedPorts") or ()), links=links, tty=cfg["Tty"],
        stdin_open=cfg["OpenStdin"], auto_remove=host["AutoRemove"],
        labels=tuple(cfg["Labels"].items()), image_id=doc["Image"])
    object.__setattr__(c, "detached", not cfg["AttachStdout"])
    object.__setattr__(c, "error", state["Error"])
    return c


def net_ids() -> dict[str, str]:
    return {name: doc["Id"] for name, doc in observed()["networks"].items()}


def containers() -> list[Container]:
    """Every observed container as a model, in the order ``docker ps -a`` listed them."""
    return [container_model(doc, net_ids()) for doc in observed()["containers"].values()]


def networks() -> dict[str, Network]:
    return {name: network_model(doc) for name, doc in observed()["networks"].items()}


def with_derived(doc: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    """The engine's document with the values no model carries taken from ``mine``."""
    expected = json.loads(json.dumps(doc))
    expected["State"]["Pid"] = mine["State"]["Pid"]
    expected["GraphDriver"] = mine["GraphDriver"]
    expected["ExecIDs"] = mine["ExecIDs"]
    for key in ("SandboxID", "SandboxKey"):
        expected["NetworkSettings"][key] = mine["NetworkSettings"][key]
    return expected


def when(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
