"""The inspect documents as docker CLI 28 decodes them: Go structs, for ``--format``.

``docker inspect -f TEMPLATE`` first runs the template on the CLI's own Go types
(``container.InspectResponse``, ``network.Inspect``), whose field order and
fields differ from the engine's JSON: ``{{json .NetworkSettings.Networks}}``
shows ``GwPriority`` and ``DNSNames``, ``{{.State}}`` prints
``{running true false ...}``, ``{{.NetworkSettings.Networks}}`` prints pointer
addresses. Only if that fails does it retry on the raw JSON.

Each struct is described by a schema of ``(GoName, kind[, json key][, flags])``.
Kinds: ``s``/``i``/``b`` (string, int, bool), ``[]`` (slice of scalars), ``map``
(map[string]string), ``set`` (map[string]struct{}), ``time``, ``*i``/``*b``
(pointer to scalar), a struct type name, ``*T`` (pointer to struct), ``[]T``,
``mapT``, ``map*T``, ``map[]T``, and ``embed:T``/``*embed:T`` (embedded, read
from the same JSON object). Flags: ``omit`` (omitempty).
"""

from __future__ import annotations

from typing import Any

from coursekit.cli.gotemplate.values import NIL_MAP, NIL_SLICE, Field, GoMap, GoTime, Ptr, Struct

Spec = tuple[str, ...]

_S = "s"
SCHEMAS: dict[str, list[Spec]] = {
    "container.InspectResponse": [
        ("ContainerJSONBase", "*embed:container.ContainerJSONBase"),
        ("Mounts", "[]container.MountPoint"), ("Config", "*container.Config"),
        ("NetworkSettings", "*container.NetworkSettings"),
        ("ImageManifestDescriptor", "*v1.Descriptor", "", "omit")],
    "container.ContainerJSONBase": [
        ("ID", _S, "Id"), ("Created", _S), ("Path", _S), ("Args", "[]"),
        ("State", "*container.State"), ("Image", _S), ("ResolvConfPath", _S),
        ("HostnamePath", _S), ("HostsPath", _S), ("LogPath", _S), ("Name", _S),
        ("RestartCount", "i"), ("Driver", _S), ("Platform", _S), ("MountLabel", _S),
        ("ProcessLabel", _S), ("AppArmorProfile", _S), ("ExecIDs", "[]"),
        ("HostConfig", "*container.HostConfig"), ("GraphDriver", "storage.DriverData"),
        ("SizeRw", "*i", "", "omit"), ("SizeRootFs", "*i", "", "omit")],
    "container.State": [
        ("Status", _S), ("Running", "b"), ("Paused", "b"), ("Restarting", "b"),
        ("OOMKilled", "b"), ("Dead", "b"), ("Pid", "i"), ("ExitCode", "i"), ("Error", _S),
        ("StartedAt", _S), ("FinishedAt", _S), ("Health", "*container.Health", "", "omit")],
    "storage.DriverData": [("Data", "map"), ("Name", _S)],
    "container.MountPoint": [
        ("Type", _S), ("Name", _S, "", "omit"), ("Source", _S), ("Destination", _S),
        ("Driver", _S, "", "omit"), ("Mode", _S), ("RW", "b"), ("Propagation", _S)],
    "container.Config": [
        ("Hostname", _S), ("Domainname", _S), ("User", _S), ("AttachStdin", "b"),
        ("AttachStdout", "b"), ("AttachStderr", "b"), ("ExposedPorts", "set", "", "omit"),
        ("Tty", "b"), ("OpenStdin", "b"), ("StdinOnce", "b"), ("Env", "[]"), ("Cmd", "[]"),
        ("Healthcheck", "*container.HealthConfig", "", "omit"),
        ("ArgsEscaped", "b", "", "omit"), ("Image", _S), ("Volumes", "set"),
        ("WorkingDir", _S), ("Entrypoint", "[]"), ("NetworkDisabled", "b", "", "omit"),
        ("MacAddress", _S, "", "omit"), ("OnBuild", "[]"), ("Labels", "map"),
        ("StopSignal", _S, "", "omit"), ("StopTimeout", "*i", "", "omit"),
        ("Shell", "[]", "", "omit")],
    "container.HostConfig": [
        ("Binds", "[]"), ("ContainerIDFile", _S), ("LogConfig", "container.LogConfig"),
        ("NetworkMode", _S), ("PortBindings", "map[]nat.PortBinding"),
        ("RestartPolicy", "container.RestartPolicy"), ("AutoRemove", "b"),
        ("VolumeDriver", _S), ("VolumesFrom", "[]"), ("ConsoleSize", "[]"),
        ("Annotations", "map", "", "omit"), ("CapAdd", "[]"), ("CapDrop", "[]"),
        ("CgroupnsMode", _S), ("DNS", "[]", "Dns"), ("DNSOptions", "[]", "DnsOptions"),
        ("DNSSearch", "[]", "DnsSearch"), ("ExtraHosts", "[]"), ("GroupAdd", "[]"),
        ("IpcMode", _S), ("Cgroup", _S), ("Links", "[]"), ("OomScoreAdj", "i"),
        ("PidMode", _S), ("Privileged", "b"), ("PublishAllPorts", "b"),
        ("ReadonlyRootfs", "b"), ("SecurityOpt", "[]"), ("StorageOpt", "map", "", "omit"),
        ("Tmpfs", "map", "", "omit"), ("UTSMode", _S), ("UsernsMode", _S),
        ("ShmSize", "i"), ("Sysctls", "map", "", "omit"), ("Runtime", _S, "", "omit"),
        ("Isolation", _S), ("Resources", "embed:container.Resources"),
        ("Mounts", "[]mount.Mount", "", "omit"), ("MaskedPaths", "[]"),
        ("ReadonlyPaths", "[]"), ("Init", "*b", "", "omit")],
    "container.Resources": [
        ("CPUShares", "i", "CpuShares"), ("Memory", "i"), ("NanoCPUs", "i", "NanoCpus"),
        ("CgroupParent", _S), ("BlkioWeight", "i"), ("BlkioWeightDevice", "[]"),
        ("BlkioDeviceReadBps", "[]"), ("BlkioDeviceWriteBps", "[]"),
        ("BlkioDeviceReadIOps", "[]"), ("BlkioDeviceWriteIOps", "[]"),
        ("CPUPeriod", "i", "CpuPeriod"), ("CPUQuota", "i", "CpuQuota"),
        ("CPURealtimePeriod", "i", "CpuRealtimePeriod"),
        ("CPURealtimeRuntime", "i", "CpuRealtimeRuntime"), ("CpusetCpus", _S),
        ("CpusetMems", _S), ("Devices", "[]"), ("DeviceCgroupRules", "[]"),
        ("DeviceRequests", "[]"), ("KernelMemory", "i", "", "omit"),
        ("KernelMemoryTCP", "i", "", "omit"), ("MemoryReservation", "i"),
        ("MemorySwap", "i"), ("MemorySwappiness", "*i"), ("OomKillDisable", "*b"),
        ("PidsLimit", "*i"), ("Ulimits", "[]"), ("CPUCount", "i", "CpuCount"),
        ("CPUPercent", "i", "CpuPercent"), ("IOMaximumIOps", "i"),
        ("IOMaximumBandwidth", "i")],
    "container.LogConfig": [("Type", _S), ("Config", "map")],
    "container.RestartPolicy": [("Name", _S), ("MaximumRetryCount", "i")],
    "nat.PortBinding": [("HostIP", _S, "HostIp"), ("HostPort", _S)],
    "container.NetworkSettings": [
        ("NetworkSettingsBase", "embed:container.NetworkSettingsBase"),
        ("DefaultNetworkSettings", "embed:container.DefaultNetworkSettings"),
        ("Networks", "map*network.EndpointSettings")],
    "container.NetworkSettingsBase": [
        ("Bridge", _S), ("SandboxID", _S), ("SandboxKey", _S),
        ("Ports", "map[]nat.PortBinding"), ("HairpinMode", "b"),
        ("LinkLocalIPv6Address", _S), ("LinkLocalIPv6PrefixLen", "i"),
        ("SecondaryIPAddresses", "[]"), ("SecondaryIPv6Addresses", "[]")],
    "container.DefaultNetworkSettings": [
        ("EndpointID", _S), ("Gateway", _S), ("GlobalIPv6Address", _S),
        ("GlobalIPv6PrefixLen", "i"), ("IPAddress", _S), ("IPPrefixLen", "i"),
        ("IPv6Gateway", _S), ("MacAddress", _S)],
    "network.EndpointSettings": [
        ("IPAMConfig", "*network.EndpointIPAMConfig"), ("Links", "[]"), ("Aliases", "[]"),
        ("MacAddress", _S), ("DriverOpts", "map"), ("GwPriority", "i"), ("NetworkID", _S),
        ("EndpointID", _S), ("Gateway", _S), ("IPAddress", _S), ("IPPrefixLen", "i"),
        ("IPv6Gateway", _S), ("GlobalIPv6Address", _S), ("GlobalIPv6PrefixLen", "i"),
        ("DNSNames", "[]")],
    "network.EndpointIPAMConfig": [
        ("IPv4Address", _S, "", "omit"), ("IPv6Address", _S, "", "omit"),
        ("LinkLocalIPs", "[]", "", "omit")],
    "network.Inspect": [
        ("Name", _S), ("ID", _S, "Id"), ("Created", "time"), ("Scope", _S), ("Driver", _S),
        ("EnableIPv4", "b"), ("EnableIPv6", "b"), ("IPAM", "network.IPAM"),
        ("Internal", "b"), ("Attachable", "b"), ("Ingress", "b"),
        ("ConfigFrom", "network.ConfigReference"), ("ConfigOnly", "b"),
        ("Containers", "mapnetwork.EndpointResource"), ("Options", "map"),
        ("Labels", "map"), ("Peers", "[]", "", "omit"), ("Services", "map", "", "omit")],
    "network.IPAM": [("Driver", _S), ("Options", "map"), ("Config", "[]network.IPAMConfig")],
    "network.IPAMConfig": [
        ("Subnet", _S, "", "omit"), ("IPRange", _S, "", "omit"),
        ("Gateway", _S, "", "omit"), ("AuxAddress", "map", "AuxiliaryAddresses", "omit")],
    "network.ConfigReference": [("Network", _S)],
    "network.EndpointResource": [
        ("Name", _S), ("EndpointID", _S), ("MacAddress", _S), ("IPv4Address", _S),
        ("IPv6Address", _S)],
}

_ZERO: dict[str, Any] = {"s": "", "i": 0, "b": False}
_EMPTY_STRUCT = Struct("struct {}", ())


def build(type_name: str, raw: dict[str, Any]) -> Struct:
    """The Go struct ``type_name`` decoded from the JSON object ``raw``."""
    fields = []
    for spec in SCHEMAS[type_name]:
        name, kind = spec[0], spec[1]
        key = spec[2] if len(spec) > 2 and spec[2] else name
        embedded = kind.lstrip("*").startswith("embed:")
        value = convert(kind, raw if embedded else raw.get(key))
        fields.append(Field(name, value, key, "omit" in spec[3:], embedded))
    return Struct(type_name, tuple(fields))


def convert(kind: str, raw: Any) -> Any:
    """One JSON value decoded as Go would into a field of ``kind``."""
    if kind in _ZERO:
        return _ZERO[kind] if raw is None else raw
    if kind == "time":
        return GoTime(raw or "0001-01-01T00:00:00Z")
    if kind in ("[]", "map", "set"):
        return _container_kind(kind, raw)
    if kind.startswith("*"):
        inner = kind[1:]
        target = None if raw is None else convert(inner, raw)
        return Ptr(target, "*" + inner.removeprefix("embed:"))
    if kind.startswith("embed:"):
        return build(kind[6:], raw)
    if kind.startswith("[]"):
        return NIL_SLICE if raw is None else [convert(kind[2:], x) for x in raw]
    if kind.startswith("map"):
        elem = kind[3:]
        if raw is None:
            return NIL_MAP
        return GoMap({k: convert(elem, v) for k, v in raw.items()}, zero=_zero_of(elem),
                     type_name=f"map[string]{elem}")
    return build(kind, raw or {})


def _container_kind(kind: str, raw: Any) -> Any:
    if raw is None:
        return NIL_SLICE if kind == "[]" else NIL_MAP
    if kind == "[]":
        return list(raw)
    if kind == "set":
        return GoMap({k: _EMPTY_STRUCT for k in raw}, zero=_EMPTY_STRUCT,
                     type_name="nat.PortSet")
    return GoMap(raw)


def _zero_of(kind: str) -> Any:
    if kind.startswith(("*", "[]", "map")):
        return Ptr(None, kind) if kind.startswith("*") else (
            NIL_SLICE if kind.startswith("[]") else NIL_MAP)
    return _ZERO.get(kind) if kind in _ZERO else build(kind, {})


def container(raw: dict[str, Any]) -> Struct:
    """``container.InspectResponse`` for the engine's container JSON."""
    return build("container.InspectResponse", raw)


def network(raw: dict[str, Any]) -> Struct:
    """``network.Inspect`` for the engine's network JSON."""
    return build("network.Inspect", raw)
