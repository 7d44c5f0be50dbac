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


_KINDS = {dict: "object", list: "array", str: "string", bool: "bool", int: "number",
          float: "number"}


def _refuse(value: Any, where: str, wanted: str) -> InvalidArgument:
    """Go's decoder, refusing a value of the wrong JSON type."""
    kind = _KINDS.get(type(value), "value")
    return InvalidArgument(f"json: cannot unmarshal {kind} into Go struct field {where} of "
                           f"type {wanted}")


def _obj(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _refuse(value, where, "object")
    return value


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _refuse(value, where, "string")
    return value


def _flag(value: Any, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _refuse(value, where, "bool")
    return value


def _strings(value: Any, where: str = "Cmd") -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _refuse(value, where, "[]string")
    return tuple(value)


def _string_map(value: Any, where: str) -> dict[str, str]:
    found = _obj(value, where)
    for item in found.values():
        if not isinstance(item, str):
            raise _refuse(item, where, "map[string]string")
    return found


def _labels(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(_string_map(value, where).items()))


def _port_key(key: str) -> tuple[int, str]:
    port, _, proto = key.partition("/")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise InvalidArgument(f"invalid port specification: {key!r}")
    return int(port), proto or "tcp"


def _ports(bindings: Any) -> tuple[PortBinding, ...]:
    found: list[PortBinding] = []
    for key, hosts in _obj(bindings, "HostConfig.PortBindings").items():
        port, proto = _port_key(key)
        if hosts is not None and not isinstance(hosts, list):
            raise _refuse(hosts, "HostConfig.PortBindings", "[]nat.PortBinding")
        for host in hosts or [{}]:
            host = _obj(host, "HostConfig.PortBindings")
            host_port = _text(host.get("HostPort"), "PortBinding.HostPort")
            found.append(PortBinding(port, proto, _text(host.get("HostIp"), "PortBinding.HostIp"),
                                     int(host_port) if host_port.isdigit() else 0))
    return tuple(found)


def _endpoints(body: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    config = _obj(body.get("NetworkingConfig"), "NetworkingConfig")
    endpoints = _obj(config.get("EndpointsConfig"), "NetworkingConfig.EndpointsConfig")
    found: dict[str, dict[str, Any]] = {}
    for name, ep in endpoints.items():
        found[name] = _obj(ep, "EndpointsConfig")
        for key, value in found[name].items():
            if key not in ENDPOINT_READ and not _zero(value):
                raise not_modelled(f"EndpointsConfig[{name!r}].{key}")
    return found


def _own_endpoint(mode: NetworkMode, endpoints: dict[str, dict[str, Any]]) -> dict[str, Any]:
    name = mode.network_name or ("bridge" if mode.kind in ("default", "bridge") else "")
    if name in endpoints:
        return endpoints[name]
    return next(iter(endpoints.values())) if endpoints else {}


def _options(body: Mapping[str, Any], host: Mapping[str, Any], own: Mapping[str, Any]
             ) -> RunOptions:
    mac = _text(own.get("MacAddress"), "EndpointSettings.MacAddress") or _text(
        body.get("MacAddress"), "Config.MacAddress")
    return RunOptions(env=_strings(body.get("Env"), "Config.Env"),
                      extra_hosts=_strings(host.get("ExtraHosts"), "HostConfig.ExtraHosts"),
                      dns=_strings(host.get("Dns"), "HostConfig.Dns"),
                      dns_search=_strings(host.get("DnsSearch"), "HostConfig.DnsSearch"),
                      dns_options=_strings(host.get("DnsOptions"), "HostConfig.DnsOptions"),
                      mac_address=mac)


def container_spec(body: Mapping[str, Any], name: str | None) -> ContainerSpec:
    """The spec a create request asks for (InvalidArgument for what is not modelled, and
    for a value of the wrong type, as the daemon's JSON decoder refuses it)."""
    host = _obj(body.get("HostConfig"), "HostConfig")
    _check_unmodelled(body, host)
    mode = NetworkMode.parse(_text(host.get("NetworkMode"), "HostConfig.NetworkMode")
                             or "default")
    endpoints = _endpoints(body)
    own = _own_endpoint(mode, endpoints)
    for other, settings in endpoints.items():
        if settings is not own and not all(_zero(v) for v in settings.values()):
            raise not_modelled(f"endpoint settings on {other!r}, a network besides the "
                               "container's own")
    ipam = _obj(own.get("IPAMConfig"), "EndpointSettings.IPAMConfig")
    ports = _ports(host.get("PortBindings"))
    bound = {f"{p.container_port}/{p.protocol}" for p in ports}
    exposed = tuple(k for k in _obj(body.get("ExposedPorts"), "Config.ExposedPorts")
                    if k not in bound)
    entry = body.get("Entrypoint")
    return ContainerSpec(
        image=_text(body.get("Image"), "Config.Image"), command=_strings(body.get("Cmd")),
        name=name or None, hostname=_text(body.get("Hostname"), "Config.Hostname") or None,
        network=mode, networks=tuple(endpoints) if len(endpoints) > 1 else _mode_networks(mode),
        ip=_text(ipam.get("IPv4Address"), "EndpointIPAMConfig.IPv4Address") or None,
        ip6=_text(ipam.get("IPv6Address"), "EndpointIPAMConfig.IPv6Address") or None,
        aliases=_strings(own.get("Aliases"), "EndpointSettings.Aliases"),
        links=_strings(host.get("Links"), "HostConfig.Links"), ports=ports,
        publish_all=_flag(host.get("PublishAllPorts"), "HostConfig.PublishAllPorts"),
        exposed=exposed, tty=_flag(body.get("Tty"), "Config.Tty"),
        stdin_open=_flag(body.get("OpenStdin"), "Config.OpenStdin"),
        auto_remove=_flag(host.get("AutoRemove"), "HostConfig.AutoRemove"),
        detached=not (body.get("AttachStdout") or body.get("AttachStderr")),
        entrypoint=None if entry is None else tuple(
            e for e in _strings(entry, "Config.Entrypoint") if e),
        labels=_labels(body.get("Labels"), "Config.Labels"),
        options=_options(body, host, own))


def _mode_networks(mode: NetworkMode) -> tuple[str, ...]:
    return (mode.network_name,) if mode.network_name else ()


def _pool(value: Any) -> dict[str, str]:
    pool = _obj(value, "IPAM.Config")
    return {k: _text(pool.get(k), f"IPAMConfig.{k}") for k in ("Subnet", "Gateway", "IPRange")}


def network_spec(body: Mapping[str, Any]) -> NetworkSpec:
    """The spec ``POST /networks/create`` asks for."""
    for key in ("Ingress", "ConfigOnly", "ConfigFrom", "Scope"):
        if not _zero(body.get(key)) and not (key == "Scope" and body.get(key) == "local"):
            raise not_modelled(f"the network option {key}")
    ipam = _obj(body.get("IPAM"), "NetworkCreateRequest.IPAM")
    if (_text(ipam.get("Driver"), "IPAM.Driver") or "default") != "default":
        raise not_modelled(f"the IPAM driver {ipam.get('Driver')!r}")
    config = ipam.get("Config")
    if config is not None and not isinstance(config, list):
        raise _refuse(config, "IPAM.Config", "[]network.IPAMConfig")
    pools = [_pool(p) for p in config or ()]
    v4 = next((p for p in pools if ":" not in p["Subnet"]), {})
    v6 = next((p for p in pools if ":" in p["Subnet"]), {})
    options = _string_map(body.get("Options"), "NetworkCreateRequest.Options")
    return NetworkSpec(
        name=_text(body.get("Name"), "NetworkCreateRequest.Name"),
        driver=_text(body.get("Driver"), "NetworkCreateRequest.Driver") or "bridge",
        subnet=v4.get("Subnet") or None, gateway=v4.get("Gateway") or None,
        ip_range=v4.get("IPRange") or None,
        internal=_flag(body.get("Internal"), "NetworkCreateRequest.Internal"),
        attachable=_flag(body.get("Attachable"), "NetworkCreateRequest.Attachable"),
        labels=_labels(body.get("Labels"), "NetworkCreateRequest.Labels"),
        options=tuple(options.items()),
        ipv6=_flag(body.get("EnableIPv6"), "NetworkCreateRequest.EnableIPv6"),
        subnet6=v6.get("Subnet") or None, gateway6=v6.get("Gateway") or None,
        ip_range6=v6.get("IPRange") or None)
