"""``docker inspect`` documents, built from the models exactly as engine 20.10 sends them.

``network_json`` and ``container_json`` return the JSON object the daemon answers
(keys in the engine's order, Go maps with sorted keys), which ``docker inspect``
prints indented. Each result also carries ``.typed``: the same object as the
docker CLI 28 decodes it into its Go types, which ``--format`` templates run on
first (see :mod:`coursekit.cli.render.typed`).

Values the models do not carry (file paths, the overlay2 layer directories,
SandboxID, Pid) are derived from the container id, so output is stable:
``/var/lib/docker/containers/<id>/resolv.conf``. Rules observed on the engine:

- a container never started shows empty ``NetworkID``, ``SandboxID`` and ``SandboxKey``;
- ``NetworkSettings.Ports`` lists exposed ports only while a bridge-attached
  container runs (host and none modes show ``{}``);
- the top-level ``IPAddress``/``Gateway``/``MacAddress`` come from the default
  bridge's endpoint only;
- ``--network container:X`` borrows X's resolv.conf, hostname and hosts paths and
  shows no networks, no sandbox;
- endpoints added by ``docker network connect`` (all but the first) show
  ``IPAMConfig`` and ``DriverOpts`` as ``{}`` instead of ``null``.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from typing import Any

from coursekit.cli.render import typed
from coursekit.models import Container, Endpoint, Network, PortBinding

ZERO_TIME = "0001-01-01T00:00:00Z"
MASKED_PATHS = ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                "/proc/sched_debug", "/proc/scsi", "/sys/firmware"]
READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]


class Inspected(dict[str, Any]):
    """One ``docker inspect`` element (the engine's JSON) with its CLI-typed view.

    The typed view is built on first use (only ``-f`` templates read it)."""

    _typer: Callable[[dict[str, Any]], Any] | None = None
    _typed: Any = None

    @property
    def typed(self) -> Any:
        if self._typed is None and self._typer is not None:
            self._typed = self._typer(self)
        return self._typed


def _hex(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


# ---------------------------------------------------------------------- networks


def network_json(net: Network) -> Inspected:
    """One element of ``docker network inspect NET`` (engine 20.10's keys and order)."""
    doc = Inspected({
        "Name": net.name, "Id": net.id, "Created": net.created, "Scope": net.scope,
        "Driver": net.driver, "EnableIPv6": net.enable_ipv6, "IPAM": _ipam(net),
        "Internal": net.internal, "Attachable": net.attachable, "Ingress": False,
        "ConfigFrom": {"Network": ""}, "ConfigOnly": False,
        "Containers": {m.container_id: {
            "Name": m.name, "EndpointID": m.endpoint_id, "MacAddress": m.mac,
            "IPv4Address": m.ipv4, "IPv6Address": m.ipv6,
        } for m in sorted(net.members, key=lambda m: m.container_id)},
        "Options": dict(sorted(net.options)), "Labels": dict(sorted(net.labels)),
    })
    doc._typer = typed.network
    return doc


def _ipam(net: Network) -> dict[str, Any]:
    config: list[dict[str, str]] = []
    if net.driver not in ("host", "null") and net.subnet:
        entry = {"Subnet": net.subnet}
        if net.ip_range:
            entry["IPRange"] = net.ip_range
        if net.gateway and net.ipam_gateway_shown:
            entry["Gateway"] = net.gateway
        config.append(entry)
    return {"Driver": "default", "Options": None if net.predefined else {}, "Config": config}


# -------------------------------------------------------------------- containers


def container_json(c: Container) -> Inspected:
    """One element of ``docker inspect CONTAINER`` (engine 20.10's keys and order)."""
    argv = list(c.entrypoint) + list(c.command)
    doc = Inspected({
        "Id": c.id, "Created": c.created, "Path": argv[0] if argv else "",
        "Args": argv[1:], "State": _state(c),
        "Image": c.image_id or "sha256:" + _hex("image", c.image), **_paths(c),
        "Name": "/" + c.name, "RestartCount": 0, "Driver": "overlay2", "Platform": "linux",
        "MountLabel": "", "ProcessLabel": "", "AppArmorProfile": "", "ExecIDs": None,
        "HostConfig": _host_config(c), "GraphDriver": _graph_driver(c), "Mounts": [],
        "Config": _config(c), "NetworkSettings": _network_settings(c),
    })
    doc._typer = typed.container
    return doc


def started(c: Container) -> bool:
    """Has the container ever been started (the engine keeps StartedAt)?"""
    return bool(c.started_at) and c.started_at != ZERO_TIME


def start_failed(c: Container) -> bool:
    """Created, then a start failed (``State.Error`` set, e.g. a port clash)."""
    return c.state == "created" and bool(getattr(c, "error", ""))


def _paths(c: Container) -> dict[str, str]:
    """resolv.conf, hostname, hosts and log paths (container mode: the owner's first three)."""
    files = f"/var/lib/docker/containers/{c.namespace_owner or c.id}"
    paths = {"ResolvConfPath": f"{files}/resolv.conf", "HostnamePath": f"{files}/hostname",
             "HostsPath": f"{files}/hosts",
             "LogPath": f"/var/lib/docker/containers/{c.id}/{c.id}-json.log"}
    if started(c):
        return paths
    kept = ("ResolvConfPath", "HostsPath") if start_failed(c) else ()
    return {key: value if key in kept else "" for key, value in paths.items()}


def _pid(c: Container) -> int:
    return 1000 + zlib.crc32(c.id.encode()) % 60000 if c.running else 0


def _state(c: Container) -> dict[str, Any]:
    return {
        "Status": c.state, "Running": c.state in ("running", "paused", "restarting"),
        "Paused": c.state == "paused", "Restarting": c.state == "restarting",
        "OOMKilled": False, "Dead": c.state == "dead", "Pid": _pid(c),
        "ExitCode": c.exit_code, "Error": getattr(c, "error", ""),
        "StartedAt": c.started_at or ZERO_TIME, "FinishedAt": c.finished_at or ZERO_TIME,
    }


def port_key(p: PortBinding) -> str:
    """``8080/tcp``: the key Docker files a port under."""
    return f"{p.container_port}/{p.protocol}"


def exposed_ports(c: Container) -> list[str]:
    """``Config.ExposedPorts``: --expose, -p and the image's EXPOSE, sorted as Go sorts keys."""
    keys = {e if "/" in e else f"{e}/tcp" for e in c.exposed}
    keys |= {port_key(p) for p in c.port_requests + c.ports}
    return sorted(keys)


def _bindings(ports: tuple[PortBinding, ...]) -> dict[str, list[dict[str, str]]]:
    table: dict[str, list[dict[str, str]]] = {}
    for p in ports:
        table.setdefault(port_key(p), []).append(
            {"HostIp": p.host_ip, "HostPort": str(p.host_port) if p.host_port else ""})
    return dict(sorted(table.items()))


def _links(c: Container) -> list[str] | None:
    if not c.links:
        return None
    pairs = (link.partition(":") for link in c.links)
    return [f"/{name}:/{c.name}/{alias or name}" for name, _, alias in pairs]


def _host_config(c: Container) -> dict[str, Any]:
    return {
        "Binds": None, "ContainerIDFile": "",
        "LogConfig": {"Type": "json-file", "Config": {}}, "NetworkMode": str(c.network_mode),
        "PortBindings": _bindings(c.port_requests),
        "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
        "AutoRemove": c.auto_remove, "VolumeDriver": "", "VolumesFrom": None,
        "CapAdd": None, "CapDrop": None, "CgroupnsMode": "host", "Dns": [], "DnsOptions": [],
        "DnsSearch": [], "ExtraHosts": None, "GroupAdd": None, "IpcMode": "private",
        "Cgroup": "", "Links": _links(c), "OomScoreAdj": 0, "PidMode": "", "Privileged": False,
        "PublishAllPorts": c.publish_all, "ReadonlyRootfs": False, "SecurityOpt": None,
        "UTSMode": "", "UsernsMode": "", "ShmSize": 67108864, "Runtime": "runc",
        "ConsoleSize": [0, 0], "Isolation": "", "CpuShares": 0, "Memory": 0, "NanoCpus": 0,
        "CgroupParent": "", "BlkioWeight": 0, "BlkioWeightDevice": [],
        "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [], "BlkioDeviceReadIOps": [],
        "BlkioDeviceWriteIOps": [], "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0,
        "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "", "Devices": [],
        "DeviceCgroupRules": None, "DeviceRequests": None, "KernelMemory": 0,
        "KernelMemoryTCP": 0, "MemoryReservation": 0, "MemorySwap": 0,
        "MemorySwappiness": None, "OomKillDisable": False, "PidsLimit": None, "Ulimits": [],
        "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
        "MaskedPaths": list(MASKED_PATHS), "ReadonlyPaths": list(READONLY_PATHS),
    }


def _graph_driver(c: Container) -> dict[str, Any]:
    layer = "/var/lib/docker/overlay2/" + _hex("layer", c.id)
    image = "/var/lib/docker/overlay2/" + _hex("image-layer", c.image)
    return {"Data": {
        "LowerDir": f"{layer}-init/diff:{image}/diff", "MergedDir": f"{layer}/merged",
        "UpperDir": f"{layer}/diff", "WorkDir": f"{layer}/work",
    }, "Name": "overlay2"}


def _config(c: Container) -> dict[str, Any]:
    attached = not getattr(c, "detached", True)
    doc: dict[str, Any] = {
        "Hostname": c.hostname or c.short_id, "Domainname": "", "User": "",
        "AttachStdin": attached and c.stdin_open, "AttachStdout": attached,
        "AttachStderr": attached,
    }
    if exposed_ports(c):
        doc["ExposedPorts"] = {key: {} for key in exposed_ports(c)}
    doc.update({
        "Tty": c.tty, "OpenStdin": c.stdin_open, "StdinOnce": attached and c.stdin_open,
        "Env": None, "Cmd": list(c.command) or None, "Image": c.image, "Volumes": None,
        "WorkingDir": "", "Entrypoint": list(c.entrypoint) or None, "OnBuild": None,
        "Labels": dict(sorted(c.labels)),
    })
    return doc


def publishes(c: Container) -> bool:
    """Does the engine report live ports (running, with its own bridge-attached sandbox)?"""
    return c.running and c.network_mode.kind not in ("host", "none", "container")


def live_ports(c: Container) -> dict[str, list[dict[str, str]] | None]:
    """``NetworkSettings.Ports``: each exposed port's bindings (``None`` when unpublished)."""
    if not publishes(c):
        return {}
    bound = _bindings(c.ports)
    return {key: bound.get(key) for key in sorted(set(exposed_ports(c)) | set(bound))}


def _sandbox(c: Container) -> tuple[str, str]:
    if c.namespace_owner or not (started(c) or start_failed(c)):
        return "", ""
    sandbox = _hex("sandbox", c.id)
    key = "default" if c.network_mode.kind == "host" else sandbox[:12]
    return sandbox, f"/var/run/docker/netns/{key}"


def _network_settings(c: Container) -> dict[str, Any]:
    sandbox, key = _sandbox(c)
    bridge = c.endpoint("bridge") or Endpoint("", "")
    return {
        "Bridge": "", "SandboxID": sandbox, "HairpinMode": False, "LinkLocalIPv6Address": "",
        "LinkLocalIPv6PrefixLen": 0, "Ports": live_ports(c), "SandboxKey": key,
        "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None,
        "EndpointID": bridge.endpoint_id, "Gateway": bridge.gateway, "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0, "IPAddress": bridge.ip, "IPPrefixLen": bridge.prefixlen,
        "IPv6Gateway": "", "MacAddress": bridge.mac,
        "Networks": {ep.network_name: _endpoint(c, ep, i > 0)
                     for i, ep in sorted(enumerate(c.endpoints), key=lambda p: p[1].network_name)},
    }


def _endpoint(c: Container, ep: Endpoint, connected: bool) -> dict[str, Any]:
    ipam: dict[str, str] | None = {"IPv4Address": ep.requested_ip} if ep.requested_ip else None
    return {
        "IPAMConfig": {} if connected and ipam is None else ipam,
        "Links": list(ep.links) or None, "Aliases": list(ep.aliases) or None,
        "NetworkID": ep.network_id if started(c) or start_failed(c) else "",
        "EndpointID": ep.endpoint_id, "Gateway": ep.gateway, "IPAddress": ep.ip,
        "IPPrefixLen": ep.prefixlen,
        "IPv6Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
        "MacAddress": ep.mac, "DriverOpts": {} if connected else None,
    }
