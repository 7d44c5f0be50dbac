"""Container documents (``docker inspect CONTAINER``): a Container to JSON and back.

The document lists keys in the engine's order (``Id`` first, ``NetworkSettings`` last),
Go maps with sorted keys. Values the models do not carry (file paths, the overlay2
layer directories, SandboxID, Pid) are derived from the container id, so output is
stable: ``/var/lib/docker/containers/<id>/resolv.conf``. Rules observed on both engines:

- a container never started shows empty file paths; one whose start failed keeps its
  ``ResolvConfPath`` and ``HostsPath`` (20.10, and only when it failed at its ports:
  ``Shape.failed_start_needs_sandbox``) or all four (28.5: ``Shape.failed_start_paths``),
  none in container mode (it failed before joining the other's namespace);
- ``--network container:X`` borrows X's resolv.conf, hostname and hosts paths;
- ``Config.AttachStdout`` is true when the CLI attached to the output (``docker create``,
  ``run`` without ``-d``), which the models keep as ``detached`` False.

Of ``HostConfig``'s sixty-odd keys the models carry nine (``NetworkMode``,
``PortBindings``, ``PublishAllPorts``, ``Links``, ``AutoRemove``, and from
:class:`~coursekit.models.RunOptions` ``ExtraHosts``, ``Dns``, ``DnsSearch``,
``DnsOptions``; ``Config`` gets its ``Env`` and, when ``--mac-address`` was given on
28.5, ``MacAddress`` after ``Entrypoint``); the rest are the
defaults the engines report for a ``docker run`` without resource flags, written in
the order (and the selection: no ``KernelMemory`` on 28.5) of ``Shape.host_config_keys``. Links are
written with both names, ``--link db:database`` on ``app`` as ``/db:/app/database``, and
read back as the models keep them, ``db:database``. :mod:`.network_settings` writes and
reads the ``NetworkSettings`` section.

A reader gets back everything the API carries; ``interfaces`` (``ip addr`` inside) and
``listening`` are not in the document: the caller passes the interfaces it read.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection
from dataclasses import replace

from coursekit.models import Container, Endpoint, Interface, NetworkMode, RunOptions
from coursekit.wire.network_settings import (
    DEFAULT_BRIDGE,
    decode_endpoints,
    encode_network_settings,
)
from coursekit.wire.ports import decode_bindings, encode_bindings, exposed_ports, hidden_ports
from coursekit.wire.shape import (
    ENGINE_20_10,
    ZERO_TIME,
    Document,
    Shape,
    digest,
    failed_at_ports,
    go_map,
    ordered,
    pairs,
    start_failed,
    started,
)

READONLY_PATHS = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
RESOURCE_DEFAULTS: Document = {
    "Isolation": "", "CpuShares": 0, "Memory": 0, "NanoCpus": 0, "CgroupParent": "",
    "BlkioWeight": 0, "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0,
    "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "", "DeviceCgroupRules": None,
    "DeviceRequests": None, "KernelMemory": 0, "KernelMemoryTCP": 0, "MemoryReservation": 0,
    "MemorySwap": 0, "MemorySwappiness": None, "OomKillDisable": False, "PidsLimit": None,
    "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
}
"""``HostConfig``'s resource keys as a plain ``docker run`` leaves them (the lists are
fresh ``[]`` each time: see :func:`_encode_host_config`)."""
EMPTY_LISTS = ("Dns", "DnsOptions", "DnsSearch", "BlkioWeightDevice", "BlkioDeviceReadBps",
               "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps",
               "Devices", "Ulimits")


def encode_container(c: Container, shape: Shape = ENGINE_20_10) -> Document:
    """One element of ``docker inspect CONTAINER`` (keys in the engine's order)."""
    argv = list(c.entrypoint) + list(c.command)
    return {
        "Id": c.id, "Created": c.created, "Path": argv[0] if argv else "",
        "Args": argv[1:], "State": _encode_state(c),
        "Image": c.image_id or "sha256:" + digest("image", c.image), **_paths(c, shape),
        "Name": "/" + c.name, "RestartCount": 0, "Driver": "overlay2", "Platform": "linux",
        "MountLabel": "", "ProcessLabel": "", "AppArmorProfile": "", "ExecIDs": None,
        "HostConfig": _encode_host_config(c, shape), "GraphDriver": _graph_driver(c, shape),
        "Mounts": [], "Config": _encode_config(c),
        "NetworkSettings": encode_network_settings(c, shape),
    }


def _paths(c: Container, shape: Shape) -> dict[str, str]:
    """resolv.conf, hostname, hosts and log paths (container mode: the owner's first three)."""
    files = f"/var/lib/docker/containers/{c.namespace_owner or c.id}"
    paths = {"ResolvConfPath": f"{files}/resolv.conf", "HostnamePath": f"{files}/hostname",
             "HostsPath": f"{files}/hosts",
             "LogPath": f"/var/lib/docker/containers/{c.id}/{c.id}-json.log"}
    if started(c):
        return paths
    kept = shape.failed_start_paths if _files_written(c, shape) else ()
    return {key: value if key in kept else "" for key, value in paths.items()}


def _files_written(c: Container, shape: Shape) -> bool:
    """Did a failed start get as far as writing the container's files?"""
    if not start_failed(c) or c.network_mode.kind == "container":
        return False
    return failed_at_ports(c) or not shape.failed_start_needs_sandbox


def _pid(c: Container) -> int:
    return 1000 + zlib.crc32(c.id.encode()) % 60000 if c.running else 0


def host_pid(c: Container) -> int:
    """``State.Pid`` of a simulated container: its main process's PID on the host (0 when
    it is not up); ``docker top`` shows the same number."""
    return _pid(c)


def _encode_state(c: Container) -> Document:
    return {
        "Status": c.state, "Running": c.state in ("running", "paused", "restarting"),
        "Paused": c.state == "paused", "Restarting": c.state == "restarting",
        "OOMKilled": False, "Dead": c.state == "dead", "Pid": _pid(c),
        "ExitCode": c.exit_code, "Error": c.error,
        "StartedAt": c.started_at or ZERO_TIME, "FinishedAt": c.finished_at or ZERO_TIME,
    }


def _graph_driver(c: Container, shape: Shape) -> Document:
    layer = "/var/lib/docker/overlay2/" + digest("layer", c.id)
    image = "/var/lib/docker/overlay2/" + digest("image-layer", c.image)
    data = {"ID": c.id} if shape.graph_driver_id else {}
    return {"Data": {
        **data, "LowerDir": f"{layer}-init/diff:{image}/diff", "MergedDir": f"{layer}/merged",
        "UpperDir": f"{layer}/diff", "WorkDir": f"{layer}/work",
    }, "Name": "overlay2"}


def _encode_host_config(c: Container, shape: Shape) -> Document:
    """``HostConfig`` as ``shape`` lists it: a plain ``docker run``'s defaults around the
    five keys the models carry."""
    values: Document = {
        "Binds": None, "ContainerIDFile": "",
        "LogConfig": {"Type": "json-file", "Config": {}}, "NetworkMode": str(c.network_mode),
        "PortBindings": encode_bindings(c.port_requests),
        "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
        "AutoRemove": c.auto_remove, "VolumeDriver": "", "VolumesFrom": None,
        "ConsoleSize": [0, 0], "CapAdd": None, "CapDrop": None, "CgroupnsMode": "host",
        "ExtraHosts": list(c.options.extra_hosts) or None, "GroupAdd": None,
        "IpcMode": "private", "Cgroup": "",
        "Links": encode_links(c), "OomScoreAdj": 0, "PidMode": "", "Privileged": False,
        "PublishAllPorts": c.publish_all, "ReadonlyRootfs": False, "SecurityOpt": None,
        "UTSMode": "", "UsernsMode": "", "ShmSize": 67108864, "Runtime": "runc",
        **RESOURCE_DEFAULTS, **{key: [] for key in EMPTY_LISTS},
        "Dns": list(c.options.dns), "DnsOptions": list(c.options.dns_options),
        "DnsSearch": list(c.options.dns_search),
        "MaskedPaths": list(shape.masked_paths), "ReadonlyPaths": list(READONLY_PATHS),
    }
    return ordered(values, shape.host_config_keys)


def encode_links(c: Container) -> list[str] | None:
    """``HostConfig.Links``: ``db:database`` on ``app`` as ``/db:/app/database``."""
    if not c.links:
        return None
    split = (link.partition(":") for link in c.links)
    return [f"/{name}:/{c.name}/{alias or name}" for name, _, alias in split]


def decode_links(links: list[str] | None) -> tuple[str, ...]:
    """The daemon's ``/db:/app/database`` links as the models keep them: ``db:database``."""
    found = []
    for link in links or ():
        target, _, alias_path = link.partition(":")
        found.append(f"{target.strip('/')}:{alias_path.rsplit('/', 1)[-1]}")
    return tuple(found)


def _encode_config(c: Container) -> Document:
    attached = not c.detached
    doc: Document = {
        "Hostname": c.hostname or c.short_id, "Domainname": "", "User": "",
        "AttachStdin": attached and c.stdin_open, "AttachStdout": attached,
        "AttachStderr": attached,
    }
    if exposed_ports(c):
        doc["ExposedPorts"] = {key: {} for key in exposed_ports(c)}
    doc.update({
        "Tty": c.tty, "OpenStdin": c.stdin_open, "StdinOnce": attached and c.stdin_open,
        "Env": list(c.options.env) or None, "Cmd": list(c.command) or None,
        "Image": c.image, "Volumes": None, "WorkingDir": "",
        "Entrypoint": list(c.entrypoint) or None,
    })
    if c.options.mac_address:
        doc["MacAddress"] = c.options.mac_address
    doc.update({"OnBuild": None, "Labels": go_map(c.labels)})
    return doc


def decode_options(config: Document, host: Document) -> RunOptions:
    """``-e``, ``--add-host``, ``--dns*``, ``--mac-address`` back from a document."""
    return RunOptions(
        env=tuple(config.get("Env") or ()), extra_hosts=tuple(host.get("ExtraHosts") or ()),
        dns=tuple(host.get("Dns") or ()), dns_search=tuple(host.get("DnsSearch") or ()),
        dns_options=tuple(host.get("DnsOptions") or ()),
        mac_address=config.get("MacAddress") or "")


def decode_container(doc: Document, interfaces: tuple[Interface, ...] = (), *,
                     hidden_labels: Collection[str] = (),
                     shape: Shape = ENGINE_20_10) -> Container:
    """A :class:`Container` from ``docker inspect`` JSON, plus ``ip addr`` when running.

    ``interfaces`` give the endpoints their order and interface names (a stopped
    container's are dropped); ``hidden_labels`` are left out of its labels.
    """
    config: Document = doc.get("Config") or {}
    host: Document = doc.get("HostConfig") or {}
    state: Document = doc.get("State") or {}
    links = decode_links(host.get("Links"))
    mode = NetworkMode.parse(host.get("NetworkMode", "default"))
    return Container(
        id=doc["Id"], name=doc.get("Name", "").lstrip("/"), image=config.get("Image", ""),
        command=tuple(config.get("Cmd") or ()), entrypoint=tuple(config.get("Entrypoint") or ()),
        created=doc.get("Created", ""), state=state.get("Status", "created"),
        exit_code=int(state.get("ExitCode") or 0),
        started_at=state.get("StartedAt", ZERO_TIME),
        finished_at=state.get("FinishedAt", ZERO_TIME), hostname=config.get("Hostname", ""),
        network_mode=mode, endpoints=_with_legacy_links(decode_endpoints(doc, interfaces),
                                                        links, mode),
        ports=decode_bindings((doc.get("NetworkSettings") or {}).get("Ports")),
        ports_hidden=hidden_ports(doc), port_requests=decode_bindings(host.get("PortBindings")),
        publish_all=bool(host.get("PublishAllPorts")),
        exposed=tuple(config.get("ExposedPorts") or ()), links=links,
        tty=bool(config.get("Tty")), stdin_open=bool(config.get("OpenStdin")),
        auto_remove=bool(host.get("AutoRemove")),
        labels=pairs(config.get("Labels"), hidden_labels),
        interfaces=interfaces if state.get("Running") else (), image_id=doc.get("Image", ""),
        detached=not config.get("AttachStdout"), error=state.get("Error", ""),
        options=decode_options(config, host))


def _with_legacy_links(endpoints: tuple[Endpoint, ...], links: tuple[str, ...],
                       mode: NetworkMode) -> tuple[Endpoint, ...]:
    """A container run on the default bridge: its endpoint there with the legacy links
    the models keep on it (its document shows them only in ``HostConfig.Links``)."""
    if mode.network_name != DEFAULT_BRIDGE:
        return endpoints
    return tuple(replace(ep, links=links) if ep.network_name == DEFAULT_BRIDGE else ep
                 for ep in endpoints)
