"""From ``docker run``/``docker create`` flags to a :class:`ContainerSpec`, with the CLI's checks.

The docker CLI validates some values itself before it asks the daemon: ``-p``
specs (go-connections' ``nat.ParsePortSpec``: ``invalid containerPort: 80848808``),
``--expose``, ``--rm`` with ``--restart``, and a mix of user-defined and predefined
network modes. Those failures print ``docker: <message>`` and exit 125;
:class:`~coursekit.cli.errors.SpecError` carries them. What the daemon checks (an
``--ip`` that is no IPv4 address, several networks at once) goes to the backend as
typed, so a real engine answers in its own words. ``--add-host``, ``--dns``,
``--dns-search`` and ``-e`` values are checked as the CLI's ``opts`` validators check
them (pflag's ``invalid argument "x" for "--dns" flag: ...``, exit 125), ``--mac-address``
as its ``parse`` does (``docker: zz is not a valid mac address``). Flags the lab does
not model never get here: :mod:`coursekit.cli.flags.policy` answers them first.
"""

from __future__ import annotations

import ipaddress
import re

from coursekit.backends.base import ContainerSpec, is_user_network
from coursekit.cli.errors import SpecError
from coursekit.cli.flags.grammar import Flag, Parsed, Validator
from coursekit.cli.release import WORDING, Wording
from coursekit.models import NetworkMode, PortBinding, RunOptions

HIDDEN_FLAGS = {"net": Flag("net", "", "network"), "net-alias": Flag("net-alias", "", "list")}
"""Hidden aliases the CLI still accepts: ``--net`` and ``--net-alias``."""

# ---------------------------------------------------------------- flag value checks

def check_label(value: str) -> None:
    """opts.ValidateLabel."""
    if not value.partition("=")[0].strip():
        raise ValueError(f"invalid label '{value}': empty name")


def check_link(value: str) -> None:
    """opts.ValidateLink."""
    if not value:
        raise ValueError("empty string specified for links")
    if value.count(":") > 1:
        raise ValueError(f"bad format for links: {value}")


def _ip_text(value: str) -> bool:
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return False
    return True


def extra_host(value: str) -> str:
    """opts.ValidateExtraHost: ``name:ip``, ``name=ip``, ``name=[v6]`` or ``name:host-gateway``,
    returned as the API takes it (``name:ip``)."""
    name, sep, ip = value.partition("=")
    if not sep:
        name, sep, ip = value.partition(":")
    if not sep or not name or ":" in name:
        raise ValueError(f'bad format for add-host: "{value}"')
    if ip != "host-gateway":
        if len(ip) > 2 and ip[0] == "[" and ip[-1] == "]":
            ip = ip[1:-1]
        if not _ip_text(ip):
            raise ValueError(f'invalid IP address in add-host: "{ip}"')
    return f"{name}:{ip}"


def check_dns(value: str) -> None:
    """opts.ValidateIPAddress."""
    if not _ip_text(value):
        raise ValueError(f"IP address is not correctly formatted: {value}")


def check_env(value: str) -> None:
    """opts.ValidateEnv (a bare ``NAME`` would be read from the CLI's environment: the
    lab's has none, so it is sent as typed)."""
    if not value.partition("=")[0]:
        raise ValueError(f"invalid environment variable: {value}")


_LABEL = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])"
DOMAIN = re.compile(rf"^(:?{_LABEL}(:?\.{_LABEL})*)\.?$")


def dns_search(value: str) -> str:
    """opts.ValidateDNSSearch: ``.`` (no search list) or a domain, without its final dot."""
    value = value.strip(" ")
    if value == ".":
        return value
    match = DOMAIN.match(value)
    if not re.search("[a-zA-Z]", value) or not match or len(match.group(1)) >= 255:
        raise ValueError(f"{value} is not a valid domain")
    return match.group(1)


def _check_extra_host(value: str) -> None:
    extra_host(value)


def _check_dns_search(value: str) -> None:
    dns_search(value)


CHECKS: dict[str, Validator] = {
    "label": check_label, "link": check_link, "add-host": _check_extra_host,
    "dns": check_dns, "env": check_env, "dns-search": _check_dns_search}

MAC = re.compile(r"^[0-9a-fA-F]{2}([:-])(?:[0-9a-fA-F]{2}\1){4}[0-9a-fA-F]{2}$")


def _mac(value: str) -> str:
    """The ``--mac-address`` text (Go's net.ParseMAC, six-byte forms), else SpecError."""
    if value and not MAC.match(value):
        raise SpecError(f"{value} is not a valid mac address")
    return value


def run_options(parsed: Parsed) -> RunOptions:
    """``-e``, ``--add-host``, ``--dns*`` and ``--mac-address`` as the CLI sends them."""
    return RunOptions(
        env=tuple(parsed.all("env")),
        extra_hosts=tuple(extra_host(v) for v in parsed.all("add-host")),
        dns=tuple(v.strip() for v in parsed.all("dns")),
        dns_search=tuple(dns_search(v) for v in parsed.all("dns-search")),
        dns_options=tuple(parsed.all("dns-option")),
        mac_address=_mac(parsed.last("mac-address")))


# ---------------------------------------------------------------- ports

def _port_range(text: str) -> tuple[int, int]:
    """nat.ParsePortRange: ``80`` or ``8000-8010`` (16-bit, start <= end)."""
    start, dash, end = text.partition("-")
    if not (start.isdigit() and (not dash or end.isdigit())):
        raise ValueError(text)
    lo, hi = int(start), int(end) if dash else int(start)
    if hi > 65535 or lo > 65535 or hi < lo:
        raise ValueError(text)
    return lo, hi


def parse_uint_error(text: str) -> str:
    """Go's strconv.ParseUint(text, 10, 16) error for the first bad part of a range."""
    for part in text.split("-")[:2]:
        if not part.isdigit():
            return f'strconv.ParseUint: parsing "{part}": invalid syntax'
        if int(part) > 65535:
            return f'strconv.ParseUint: parsing "{part}": value out of range'
    return f"invalid range specified for port: {text}"


def _split_spec(raw: str) -> tuple[str, str, str]:
    parts = raw.split(":")
    if len(parts) == 1:
        return "", "", parts[0]
    if len(parts) == 2:
        return "", parts[0], parts[1]
    return ":".join(parts[:-2]), parts[-2], parts[-1]


def _host_ip(ip: str) -> str:
    if ip.startswith("[") and ip.endswith("]"):
        ip = ip[1:-1]
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        raise SpecError(f"invalid IP address: {ip}") from None
    return ip


def parse_port_spec(raw: str, wording: Wording = WORDING) -> list[PortBinding]:
    """One ``-p`` value: ``[ip:][hostport:]port[/proto]``, ranges allowed.

    A host range for a single container port (``8000-8010:80``) asks for any port
    of the range; the binding records its first port. ``wording`` is the CLI's (CLI
    28.5.2 capitalises ``Invalid containerPort`` and ``Invalid proto``; both name the
    protocol as typed: ``80/FOO``).
    """
    ip, host, container = _split_spec(raw)
    port, _, typed = container.partition("/")
    proto = (typed or "tcp").lower()
    if not port:
        raise SpecError(f"no port specified: {raw}<empty>")
    if proto not in ("tcp", "udp", "sctp"):
        raise SpecError(f"{wording.invalid_proto}: {typed}")
    ip = _host_ip(ip) if ip else ""
    try:
        lo, hi = _port_range(port)
    except ValueError:
        raise SpecError(f"{wording.invalid_container_port}: {port}") from None
    hlo = hhi = 0
    if host:
        try:
            hlo, hhi = _port_range(host)
        except ValueError:
            raise SpecError(f"invalid hostPort: {host}") from None
        if hi - lo != hhi - hlo and hi != lo:
            raise SpecError(f"invalid ranges specified for container and host Ports: "
                            f"{port} and {host}")
    return [PortBinding(p, proto, ip, hlo + i if host else 0)
            for i, p in enumerate(range(lo, hi + 1))]


def parse_expose(raw: str) -> list[str]:
    """One ``--expose`` value as ``port/proto`` strings (a range gives several)."""
    if ":" in raw:
        raise SpecError(f"invalid port format for --expose: {raw}")
    port, _, proto = raw.partition("/")
    try:
        lo, hi = _port_range(port)
    except ValueError:
        raise SpecError(f"invalid range format for --expose: {raw}, error: "
                        f"{parse_uint_error(port)}") from None
    return [f"{p}/{proto or 'tcp'}" for p in range(lo, hi + 1)]


# ---------------------------------------------------------------- networks

def network_names(parsed: Parsed, aliased: bool) -> list[str]:
    """The network of every ``--network``/``--net`` value (``name=x,...`` reads ``x``).

    The CLI's own refusals, in its order: the first network takes ``--network-alias``
    (``aliased``; only on a user-defined one), a network named twice, then a mix of
    user-defined networks and predefined modes."""
    modes = [_mode_name(v) for v in parsed.all("network") + parsed.all("net")]
    if aliased and not (modes and is_user_network(modes[0])):
        raise SpecError("network-scoped aliases are only supported for user-defined networks")
    twice = next((m for i, m in enumerate(modes) if m in modes[:i]), None)
    if twice is not None:
        raise SpecError(f'network "{twice}" is specified multiple times')
    users = [m for m in modes if is_user_network(m)]
    if users and len(users) != len(modes):
        raise SpecError("conflicting options: cannot attach both user-defined and "
                        "non-user-defined network-modes")
    return modes


def _mode_name(value: str) -> str:
    if "=" not in value:
        return value
    fields = dict(part.partition("=")[::2] for part in value.split(","))
    return fields.get("name", value)


# ---------------------------------------------------------------- the spec

def _labels(values: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, _, v in (item.partition("=") for item in values))


def _entrypoint(parsed: Parsed) -> tuple[str, ...] | None:
    if not parsed.has("entrypoint"):
        return None
    return (parsed.last("entrypoint"),)


def _check_restart(parsed: Parsed) -> None:
    if parsed.on("rm") and parsed.last("restart", "no") not in ("", "no"):
        raise SpecError("conflicting options: cannot specify both --restart and --rm")


def container_spec(parsed: Parsed, wording: Wording = WORDING) -> ContainerSpec:
    """The ContainerSpec for ``docker run|create [FLAGS] IMAGE [CMD...]``; SpecError (in
    the CLI's ``wording``)."""
    _check_restart(parsed)
    ports = [b for raw in parsed.all("publish") for b in parse_port_spec(raw, wording)]
    exposed = [e for raw in parsed.all("expose") for e in parse_expose(raw)]
    aliases = tuple(parsed.all("network-alias") + parsed.all("net-alias"))
    networks = network_names(parsed, bool(aliases))
    return ContainerSpec(
        image=parsed.args[0], command=tuple(parsed.args[1:]),
        name=parsed.last("name") or None, hostname=parsed.last("hostname") or None,
        network=NetworkMode.parse(networks[0] if networks else ""),
        networks=tuple(networks), ip=parsed.last("ip") or None,
        ip6=parsed.last("ip6") or None,
        aliases=aliases,
        links=tuple(parsed.all("link")), ports=tuple(ports),
        publish_all=parsed.on("publish-all"), exposed=tuple(exposed),
        tty=parsed.on("tty"), stdin_open=parsed.on("interactive"),
        auto_remove=parsed.on("rm"), entrypoint=_entrypoint(parsed),
        labels=_labels(parsed.all("label")), options=run_options(parsed))
