"""The bodies of ``POST /containers/create`` and ``POST /networks/create``, read as specs.

The docker CLI (and Compose, and the SDK) send the whole ``Config`` with its
``HostConfig`` and ``NetworkingConfig``, most fields at their zero value. What the lab
models becomes a :class:`ContainerSpec` / :class:`NetworkSpec`, exactly what the
``docker run`` command line would have asked for; a field it does not model and that
carries anything but its zero value (``Memory``, ``Binds``, ``Privileged``...) is refused
with one ``coursekit:`` line naming it, so nothing is accepted and silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coursekit.backends.base import ContainerSpec, NetworkSpec
from coursekit.errors import InvalidArgument
from coursekit.models import NetworkMode, PortBinding, RunOptions

NOTE = "coursekit: "
IGNORED = frozenset({
    "Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr",
    "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir",
    "Entrypoint", "OnBuild", "Labels", "ExposedPorts", "HostConfig", "NetworkingConfig",
    "MacAddress", "ArgsEscaped", "NetworkDisabled", "StopSignal", "StopTimeout", "Healthcheck",
    "Shell", "Platform"})
"""Config keys read here, or harmless at any value the clients send."""
HOST_READ = frozenset({
    "NetworkMode", "PortBindings", "PublishAllPorts", "Links", "AutoRemove", "ExtraHosts",
    "Dns", "DnsOptions", "DnsSearch", "ConsoleSize", "LogConfig", "RestartPolicy",
    "Init", "Isolation", "CgroupnsMode", "IpcMode", "MemorySwappiness", "Runtime"})
"""HostConfig keys read here, or settings whose every value the lab's answers hold for."""
ENDPOINT_READ = frozenset({"IPAMConfig", "Aliases", "Links", "MacAddress", "NetworkID",
                           "EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway",
                           "GlobalIPv6Address", "GlobalIPv6PrefixLen", "DriverOpts",
                           "GwPriority", "DNSNames"})


def _zero(value: Any) -> bool:
    return value in (None, "", 0, False, [], {}, -1) or value == [0, 0]


def not_modelled(what: str) -> InvalidArgument:
    """The one plain line for a request field the lab does not simulate."""
    return InvalidArgument(f"{NOTE}{what} is not simulated in this lab (the request "
                           "changed nothing)")


def _check_unmodelled(config: Mapping[str, Any], host: Mapping[str, Any]) -> None:
    for key, value in config.items():
        if key not in IGNORED and not _zero(value):
            raise not_modelled(f"Config.{key}")
    for key, value in host.items():
        if key not in HOST_READ and not _zero(value):
            raise not_modelled(f"HostConfig.{key}")
    policy = (host.get("RestartPolicy") or {}).get("Name") or "no"
    if policy != "no":
        raise not_modelled(f"the restart policy {policy!r}")


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _ports(bindings: Mapping[str, Any] | None) -> tuple[PortBinding, ...]:
    found: list[PortBinding] = []
    for key, hosts in (bindings or {}).items():
        port, _, proto = key.partition("/")
        for host in hosts or [{}]:
            host_port = str((host or {}).get("HostPort") or "")
            found.append(PortBinding(int(port), proto or "tcp",
                                     str((host or {}).get("HostIp") or ""),
                                     int(host_port) if host_port.isdigit() else 0))
    return tuple(found)


def _endpoints(body: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    config = body.get("NetworkingConfig") or {}
    endpoints = config.get("EndpointsConfig") or {}
    for name, ep in endpoints.items():
        for key, value in (ep or {}).items():
            if key not in ENDPOINT_READ and not _zero(value):
                raise not_modelled(f"EndpointsConfig[{name!r}].{key}")
    return {name: ep or {} for name, ep in endpoints.items()}


def _own_endpoint(mode: NetworkMode, endpoints: dict[str, dict[str, Any]]) -> dict[str, Any]:
    name = mode.network_name or ("bridge" if mode.kind in ("default", "bridge") else "")
    return endpoints.get(name) or (next(iter(endpoints.values())) if endpoints else {})


def container_spec(body: Mapping[str, Any], name: str | None) -> ContainerSpec:
    """The spec a create request asks for (InvalidArgument for what is not modelled)."""
    host = body.get("HostConfig") or {}
    _check_unmodelled(body, host)
    mode = NetworkMode.parse(str(host.get("NetworkMode") or "default"))
    endpoints = _endpoints(body)
    own = _own_endpoint(mode, endpoints)
    ipam = own.get("IPAMConfig") or {}
    ports = _ports(host.get("PortBindings"))
    bound = {f"{p.container_port}/{p.protocol}" for p in ports}
    exposed = tuple(k for k in (body.get("ExposedPorts") or {}) if k not in bound)
    entry = body.get("Entrypoint")
    return ContainerSpec(
        image=str(body.get("Image") or ""), command=_strings(body.get("Cmd")), name=name or None,
        hostname=str(body.get("Hostname") or "") or None, network=mode,
        networks=tuple(endpoints) if len(endpoints) > 1 else _mode_networks(mode),
        ip=ipam.get("IPv4Address") or None, ip6=ipam.get("IPv6Address") or None,
        aliases=_strings(own.get("Aliases")), links=_strings(host.get("Links")), ports=ports,
        publish_all=bool(host.get("PublishAllPorts")), exposed=exposed,
        tty=bool(body.get("Tty")), stdin_open=bool(body.get("OpenStdin")),
        auto_remove=bool(host.get("AutoRemove")),
        detached=not (body.get("AttachStdout") or body.get("AttachStderr")),
        entrypoint=None if entry is None else tuple(e for e in _strings(entry) if e),
        labels=tuple(sorted((body.get("Labels") or {}).items())),
        options=RunOptions(env=_strings(body.get("Env")),
                           extra_hosts=_strings(host.get("ExtraHosts")),
                           dns=_strings(host.get("Dns")),
                           dns_search=_strings(host.get("DnsSearch")),
                           dns_options=_strings(host.get("DnsOptions")),
                           mac_address=str(own.get("MacAddress") or body.get("MacAddress")
                                           or "")))


def _mode_networks(mode: NetworkMode) -> tuple[str, ...]:
    return (mode.network_name,) if mode.network_name else ()


def network_spec(body: Mapping[str, Any]) -> NetworkSpec:
    """The spec ``POST /networks/create`` asks for."""
    for key in ("Ingress", "ConfigOnly", "ConfigFrom", "Scope"):
        if not _zero(body.get(key)) and not (key == "Scope" and body.get(key) == "local"):
            raise not_modelled(f"the network option {key}")
    ipam = body.get("IPAM") or {}
    if (ipam.get("Driver") or "default") != "default":
        raise not_modelled(f"the IPAM driver {ipam.get('Driver')!r}")
    pools = ipam.get("Config") or []
    v4: dict[str, Any] = next((p for p in pools if ":" not in str(p.get("Subnet") or "")), {})
    v6: dict[str, Any] = next((p for p in pools if ":" in str(p.get("Subnet") or "")), {})
    return NetworkSpec(
        name=str(body.get("Name") or ""), driver=str(body.get("Driver") or "bridge"),
        subnet=v4.get("Subnet") or None, gateway=v4.get("Gateway") or None,
        ip_range=v4.get("IPRange") or None, internal=bool(body.get("Internal")),
        attachable=bool(body.get("Attachable")),
        labels=tuple(sorted((body.get("Labels") or {}).items())),
        options=tuple((body.get("Options") or {}).items()),
        ipv6=bool(body.get("EnableIPv6")), subnet6=v6.get("Subnet") or None,
        gateway6=v6.get("Gateway") or None, ip_range6=v6.get("IPRange") or None)
