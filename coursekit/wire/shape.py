"""Which engine's documents wire writes and reads, and the facts every part of them shares.

A :class:`Shape` is data: the keys each part of a document lists, in the engine's
order, and the few values whose form differs between engines. The encoders build
every value a part can hold, then write the keys the shape names, in its order; the
decoders read by key and accept either engine. Two shapes are observed
(tests/cli/data/engine_observed*.json):

- :data:`ENGINE_20_10`: Debian 12's docker.io 20.10.24 (API 1.41), the default;
- :data:`ENGINE_28_5`: Debian unstable's docker.io 28.5.2 (API 1.51): ``EnableIPv4``
  on networks and ``IPAM.Config`` null on host and none; ``HostConfig`` with
  ``ConsoleSize`` after ``VolumesFrom``, no ``KernelMemory``/``KernelMemoryTCP``, two
  more masked paths; ``GraphDriver.Data.ID``; ``NetworkSettings`` with ``SandboxKey``
  and ``Ports`` after ``SandboxID``; endpoints with ``GwPriority`` and ``DNSNames``;
  the sandbox shown only while the container runs; a failed start keeping all four
  file paths whatever the failure (20.10: two, and only when it failed at its ports); an
  endpoint added by ``docker network connect`` showing ``Aliases: []``.

What each engine *reports* is in the models, not here: the backend that answers as
that engine fills it in. On 28.5 that is a plain ``docker run``'s NetworkMode
``bridge`` (20.10: ``default``), an endpoint's ``DNSNames`` (name, aliases, short id;
kept while stopped) instead of 20.10's short-id alias, the empty Gateway of an endpoint
on an ``--internal`` network, and the default bridge's IPAM gateway.

``started`` and ``start_failed`` are the lifecycle facts the container document is
written from: the engine keeps file paths, the sandbox and each endpoint's NetworkID
only for a container that has been started (or tried to).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from coursekit.models import Container

Document = dict[str, Any]
"""One JSON object of the Engine API, as ``json.loads`` (or the docker SDK) gives it."""

ZERO_TIME = "0001-01-01T00:00:00Z"
"""Go's zero ``time.Time``: ``StartedAt`` and ``FinishedAt`` of a container never run."""

Keys = tuple[str, ...]

NETWORK_20_10: Keys = (
    "Name", "Id", "Created", "Scope", "Driver", "EnableIPv6", "IPAM", "Internal",
    "Attachable", "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels")
NETWORK_28_5: Keys = (*NETWORK_20_10[:5], "EnableIPv4", *NETWORK_20_10[5:])

_HOST_CONFIG_HEAD: Keys = (
    "Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings",
    "RestartPolicy", "AutoRemove", "VolumeDriver", "VolumesFrom")
_HOST_CONFIG_MIDDLE: Keys = (
    "CapAdd", "CapDrop", "CgroupnsMode", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts",
    "GroupAdd", "IpcMode", "Cgroup", "Links", "OomScoreAdj", "PidMode", "Privileged",
    "PublishAllPorts", "ReadonlyRootfs", "SecurityOpt", "UTSMode", "UsernsMode", "ShmSize",
    "Runtime")
_RESOURCES_HEAD: Keys = (
    "Isolation", "CpuShares", "Memory", "NanoCpus", "CgroupParent", "BlkioWeight",
    "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
    "BlkioDeviceWriteIOps", "CpuPeriod", "CpuQuota", "CpuRealtimePeriod",
    "CpuRealtimeRuntime", "CpusetCpus", "CpusetMems", "Devices", "DeviceCgroupRules",
    "DeviceRequests")
_RESOURCES_TAIL: Keys = (
    "MemoryReservation", "MemorySwap", "MemorySwappiness", "OomKillDisable", "PidsLimit",
    "Ulimits", "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth",
    "MaskedPaths", "ReadonlyPaths")
HOST_CONFIG_20_10: Keys = (*_HOST_CONFIG_HEAD, *_HOST_CONFIG_MIDDLE, "ConsoleSize",
                           *_RESOURCES_HEAD, "KernelMemory", "KernelMemoryTCP",
                           *_RESOURCES_TAIL)
HOST_CONFIG_28_5: Keys = (*_HOST_CONFIG_HEAD, "ConsoleSize", *_HOST_CONFIG_MIDDLE,
                          *_RESOURCES_HEAD, *_RESOURCES_TAIL)

MASKED_PATHS_20_10: Keys = (
    "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
    "/sys/firmware")
MASKED_PATHS_28_5: Keys = (*MASKED_PATHS_20_10[:2], "/proc/interrupts",
                           *MASKED_PATHS_20_10[2:], "/sys/devices/virtual/powercap")

_DEFAULT_NETWORK: Keys = (
    "EndpointID", "Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "IPAddress",
    "IPPrefixLen", "IPv6Gateway", "MacAddress", "Networks")
NETWORK_SETTINGS_20_10: Keys = (
    "Bridge", "SandboxID", "HairpinMode", "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen",
    "Ports", "SandboxKey", "SecondaryIPAddresses", "SecondaryIPv6Addresses", *_DEFAULT_NETWORK)
NETWORK_SETTINGS_28_5: Keys = (
    "Bridge", "SandboxID", "SandboxKey", "Ports", "HairpinMode", "LinkLocalIPv6Address",
    "LinkLocalIPv6PrefixLen", "SecondaryIPAddresses", "SecondaryIPv6Addresses",
    *_DEFAULT_NETWORK)

_ENDPOINT_ADDRESSES: Keys = (
    "NetworkID", "EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway",
    "GlobalIPv6Address", "GlobalIPv6PrefixLen")
ENDPOINT_20_10: Keys = ("IPAMConfig", "Links", "Aliases", *_ENDPOINT_ADDRESSES, "MacAddress",
                        "DriverOpts")
ENDPOINT_28_5: Keys = ("IPAMConfig", "Links", "Aliases", "MacAddress", "DriverOpts",
                       "GwPriority", *_ENDPOINT_ADDRESSES, "DNSNames")

FILE_PATHS: Keys = ("ResolvConfPath", "HostnamePath", "HostsPath", "LogPath")


@dataclass(frozen=True)
class Shape:
    """The documents of one engine: the keys of each part, in order, and value forms.

    The defaults are engine 20.10's (:data:`ENGINE_20_10`)."""

    engine: str = "20.10"
    network_keys: Keys = NETWORK_20_10
    null_config_without_subnet: bool = False
    """``IPAM.Config`` of a network without a subnet (host, none): null, else ``[]``."""
    host_config_keys: Keys = HOST_CONFIG_20_10
    masked_paths: Keys = MASKED_PATHS_20_10
    graph_driver_id: bool = False
    """``GraphDriver.Data`` lists ``ID`` (the container's id) first."""
    network_settings_keys: Keys = NETWORK_SETTINGS_20_10
    endpoint_keys: Keys = ENDPOINT_20_10
    sandbox_only_running: bool = False
    """SandboxID/SandboxKey only while running (else also once started or tried to)."""
    failed_start_paths: Keys = ("ResolvConfPath", "HostsPath")
    """The file paths a container whose start failed still shows (none in container
    mode: it failed joining the other's namespace, before any file was written)."""
    failed_start_needs_sandbox: bool = True
    """A failed start shows ``failed_start_paths`` (and, unless ``sandbox_only_running``,
    its sandbox) only when it failed at its ports (:func:`failed_at_ports`), after the
    sandbox was made; 28.5 shows the paths whatever the failure."""


ENGINE_20_10 = Shape()
"""Engine 20.10.24: what the goldens and tests/cli/data/engine_observed.json recorded."""

ENGINE_28_5 = Shape(
    engine="28.5", network_keys=NETWORK_28_5, null_config_without_subnet=True,
    host_config_keys=HOST_CONFIG_28_5, masked_paths=MASKED_PATHS_28_5, graph_driver_id=True,
    network_settings_keys=NETWORK_SETTINGS_28_5, endpoint_keys=ENDPOINT_28_5,
    sandbox_only_running=True, failed_start_paths=FILE_PATHS,
    failed_start_needs_sandbox=False)
"""Engine 28.5.2: tests/cli/data/engine_observed-28.5.json."""


def ordered(values: Mapping[str, Any], keys: Keys) -> Document:
    """The ``keys`` of ``values``, in that order (a part of a document, as one engine
    lists it)."""
    return {key: values[key] for key in keys}


def started(c: Container) -> bool:
    """Has the container ever been started (the engine keeps StartedAt)?"""
    return bool(c.started_at) and c.started_at != ZERO_TIME


def start_failed(c: Container) -> bool:
    """Created, then a start failed (``State.Error`` set, e.g. a port clash)."""
    return c.state == "created" and bool(c.error)


PORT_FAILURE = "driver failed programming external connectivity"
"""Both engines' words for a start refused at a published port (taken, or a protocol the
kernel lacks): the endpoint had joined the sandbox by then."""


def failed_at_ports(c: Container) -> bool:
    """A failed start that got as far as making its sandbox: at the published ports, or
    at an endpoint after another had joined (``listed_endpoints``); other failures come
    before: the first endpoint's --ip taken, a network not found, a container to join
    that does not run."""
    return start_failed(c) and (PORT_FAILURE in c.error or bool(c.listed_endpoints))


def digest(*parts: str) -> str:
    """A stable sha256 hex for values the models do not carry (layer dirs, SandboxID)."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def go_map(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Labels or options as Go marshals a ``map[string]string``: keys sorted."""
    return dict(sorted(pairs))


def pairs(mapping: Mapping[str, Any] | None, hidden: Collection[str] = ()) -> tuple[
        tuple[str, str], ...]:
    """A JSON map as the models keep it, leaving out the ``hidden`` keys."""
    return tuple((str(k), str(v)) for k, v in (mapping or {}).items() if k not in hidden)
