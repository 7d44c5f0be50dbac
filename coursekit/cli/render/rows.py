"""One row of ``docker ps`` / ``docker network ls``: the fields their ``--format`` sees.

``ps_row`` and ``network_row`` give the CLI formatter's fields as strings
(``ID``, ``Image``, ``Command``, ``RunningFor``, ``Status``, ``Ports``, ``Names``...);
``ps_context``/``network_context`` wrap them as the Go objects templates run on,
with the ``Label "key"`` method and ``{{json .}}``'s key-sorted, HTML-escaped form.

The daemon computes some of these (``Status``: ``Up 3 seconds``, ``Exited (0) 2
seconds ago``, ``Created``; ``Command``: path and arguments, an argument holding a
space in single quotes); the CLI computes the rest (``RunningFor`` from the creation
second, ``Command`` quoted and cut to 20 characters with ``…``, ``Ports`` grouped).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from coursekit import wire
from coursekit.cli.gotemplate.fmt import go_quote
from coursekit.cli.gotemplate.values import (
    Field,
    GoMap,
    Ptr,
    Struct,
    go_time_string,
    json_text,
    parse_time,
    to_plain,
)
from coursekit.cli.render.inspect import live_ports
from coursekit.models import Container, Network
from coursekit.wire import human_duration

CONTAINER_HEADERS = {
    "ID": "CONTAINER ID", "Names": "NAMES", "Image": "IMAGE", "Command": "COMMAND",
    "CreatedAt": "CREATED AT", "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE",
    "Status": "STATUS", "Size": "SIZE", "Labels": "LABELS", "Mounts": "MOUNTS",
    "LocalVolumes": "LOCAL VOLUMES", "Networks": "NETWORKS", "Platform": "PLATFORM",
}
NETWORK_HEADERS = {
    "ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "IPv4": "IPV4",
    "IPv6": "IPV6", "Internal": "INTERNAL", "Labels": "LABELS", "CreatedAt": "CREATED AT",
}


def natural_less(a: str, b: str) -> bool:
    """fvbommel/sortorder.NaturalLess: digit runs compare as numbers."""
    i = j = 0
    while i < len(a) and j < len(b):
        da, db = a[i].isdigit(), b[j].isdigit()
        if da != db:
            return da
        if not da:
            if a[i] != b[j]:
                return a[i] < b[j]
            i, j = i + 1, j + 1
            continue
        zi, zj = i, j
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        ni, nj = i, j
        while i < len(a) and a[i].isdigit():
            i += 1
        while j < len(b) and b[j].isdigit():
            j += 1
        if (i - ni) != (j - nj):
            return (i - ni) < (j - nj)
        if a[ni:i] != b[nj:j]:
            return a[ni:i] < b[nj:j]
        if ni - zi != nj - zj:
            return ni < nj
    return len(a) < len(b)


def _natural_cmp(a: str, b: str) -> int:
    return -1 if natural_less(a, b) else (1 if natural_less(b, a) else 0)


natural_key = functools.cmp_to_key(_natural_cmp)
"""Sort key for :func:`natural_less` order (``hs1b9`` before ``hs1b10``)."""


def ellipsis(text: str, width: int) -> str:
    """The CLI's Ellipsis: cut to ``width`` columns, the last one ``…``."""
    return text if len(text) <= width else text[:width - 1] + "…"


def _seconds(now: datetime, iso: str) -> float:
    return (now - parse_time(iso)).total_seconds()


def status(c: Container, now: datetime) -> str:
    """The daemon's State.String(): ``Up 2 minutes``, ``Exited (0) 5 seconds ago``..."""
    return wire.state_string(c, now)


def command_line(c: Container) -> str:
    """The daemon's ``Command``: path, then arguments (those with a space in '...')."""
    argv = list(c.entrypoint) + list(c.command)
    if not argv:
        return ""
    args = [f"'{a}'" if " " in a else a for a in argv[1:]]
    return " ".join([argv[0], *args]) if args else argv[0]


def _join_host_port(host: str, port: str) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def displayable_ports(c: Container) -> str:
    """The ``PORTS`` column: ``0.0.0.0:8081->8080/tcp, [::]:8081->8080/tcp, 6000-6001/tcp``."""
    entries = []
    for key, bindings in live_ports(c).items():
        number, _, proto = key.partition("/")
        if not bindings:
            entries.append(("", int(number), 0, proto))
        for b in bindings or []:
            entries.append((b["HostIp"], int(number), int(b["HostPort"] or 0), proto))
    entries.sort(key=lambda e: (e[1], e[0], e[2], e[3]))
    return _group_ports(entries)


def _group_ports(entries: list[tuple[str, int, int, str]]) -> str:
    groups: dict[str, list[int]] = {}
    result: list[str] = []
    mappings: list[str] = []
    for ip, private, public, proto in entries:
        if ip and public != private:
            mappings.append(f"{_join_host_port(ip, str(public))}->{private}/{proto}")
            continue
        key = f"{ip}/{proto}" if ip else proto
        group = groups.get(key)
        if group is not None and private == group[1] + 1:
            group[1] = private
            continue
        if group is not None:
            result.append(_form_group(key, *group))
        groups[key] = [private, private]
    result += [_form_group(key, first, last) for key, (first, last) in groups.items()]
    return ", ".join(result + mappings)


def _form_group(key: str, first: int, last: int) -> str:
    ip, _, proto = key.rpartition("/")
    span = str(first) if first == last else f"{first}-{last}"
    return f"{_join_host_port(ip, span)}->{span}/{proto}" if ip else f"{span}/{proto}"


def _image(c: Container, no_trunc: bool) -> str:
    image = c.image
    if not image:
        return "<no image>"
    if no_trunc:
        return image
    if image.startswith("sha256:"):
        return image[7:19]
    for prefix in ("docker.io/library/", "docker.io/", "index.docker.io/library/"):
        if image.startswith(prefix):
            return image[len(prefix):]
    return image


def container_names(c: Container, linkers: Sequence[Container] = ()) -> list[str]:
    """The daemon's ``Names``: ``/name`` plus ``/linker/alias`` for each legacy link to it."""
    names = ["/" + c.name]
    for other in linkers:
        for link in other.links:
            target, _, alias = link.partition(":")
            if target in (c.name, c.id):
                names.append(f"/{other.name}/{alias or target}")
    return sorted(names)


def ps_row(c: Container, now: datetime, *, no_trunc: bool = False,
           linkers: Sequence[Container] = ()) -> dict[str, Any]:
    """The fields ``docker ps --format`` can print for one container."""
    names = [n[1:] for n in container_names(c, linkers)]
    created = c.created[:19] + "Z" if c.created else "1970-01-01T00:00:00Z"
    command = command_line(c)
    return {
        "ID": c.id if no_trunc else c.id[:12], "Image": _image(c, no_trunc),
        "Command": go_quote(command if no_trunc else ellipsis(command, 20)),
        "CreatedAt": go_time_string(created),
        "RunningFor": human_duration(_seconds(now, created)) + " ago",
        "Ports": displayable_ports(c), "State": c.state, "Status": status(c, now),
        "Names": ",".join(names) if no_trunc else next(n for n in names if "/" not in n),
        "Labels": ",".join(f"{k}={v}" for k, v in sorted(c.labels)), "Mounts": "",
        "LocalVolumes": "0", "Networks": ",".join(sorted(ep.network_name for ep in c.endpoints)),
        "Size": "0B", "Platform": None,
    }


def network_row(net: Network, *, no_trunc: bool = False,
                shape: wire.Shape = wire.ENGINE_20_10) -> dict[str, Any]:
    """The fields ``docker network ls --format`` can print for one network (``IPv4`` is
    what the engine ``shape`` names reports)."""
    return {
        "ID": net.id if no_trunc else net.id[:12], "Name": net.name, "Driver": net.driver,
        "Scope": net.scope, "IPv4": str(wire.ipv4_enabled(shape)).lower(),
        "IPv6": str(net.enable_ipv6).lower(),
        "Internal": str(net.internal).lower(),
        "Labels": ",".join(f"{k}={v}" for k, v in sorted(net.labels)),
        "CreatedAt": go_time_string(net.created),
    }


def context(type_name: str, row: dict[str, Any], labels: dict[str, str]) -> Struct:
    """A formatter context (``*formatter.ContainerContext``...) over one row."""
    values = {k: Ptr(None, "*formatter.Platform") if v is None else v for k, v in row.items()}
    fields = tuple(Field(name, value) for name, value in values.items())
    marshal = functools.partial(json_text, to_plain(dict(sorted(row.items()))), escape_html=True)
    return Struct(type_name, fields, {"Label": lambda key: labels.get(key, "")}, marshal)


def header(headers: dict[str, str]) -> GoMap:
    """The table header context: a map with the ``Label`` method (``Label "a.b-c"`` -> ``b c``)."""
    label = lambda name: name.split(".")[-1].replace("-", " ").replace("_", " ")  # noqa: E731
    return GoMap(headers, zero="", type_name="formatter.SubHeaderContext",
                 methods={"Label": label})
