"""``--filter`` for ``docker network ls`` and ``docker ps``, as the 20.10 daemon applies it.

Values arrive as ``key=value`` (the CLI checked the ``=``). Several values of one
key are alternatives (OR), different keys must all hold (AND), except ``label``
where every value must hold. ``name`` and ``id`` match exactly or as a regular
expression found anywhere (``name=web`` matches ``myweb1``). An unknown key is the
daemon's ``Invalid filter 'foo'``; :class:`~coursekit.cli.errors.FilterError` carries that
message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from coursekit.cli.errors import FilterError
from coursekit.models import Container, Network

NETWORK_KEYS = ("dangling", "driver", "id", "label", "name", "scope", "type")
CONTAINER_KEYS = ("ancestor", "before", "expose", "exited", "health", "id", "isolation",
                  "is-task", "label", "name", "network", "publish", "since", "status",
                  "volume")
STATUSES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")

Filters = dict[str, list[str]]


def parse_filters(values: Iterable[str], accepted: tuple[str, ...]) -> Filters:
    """``["name=web", "name=db"]`` -> ``{"name": ["web", "db"]}``; FilterError for a bad key."""
    filters: Filters = {}
    for item in values:
        key, _, value = item.partition("=")
        filters.setdefault(key.strip().lower(), []).append(value)
    for key in filters:
        if key not in accepted:
            raise FilterError(f"Invalid filter '{key}'")
    return filters


def matches(patterns: list[str], source: str) -> bool:
    """filters.Args.Match: an exact value, or a regular expression found in ``source``."""
    for pattern in patterns:
        if pattern == source:
            return True
        try:
            if re.search(pattern, source):
                return True
        except re.error:
            continue
    return False


def match_labels(wanted: list[str], labels: tuple[tuple[str, str], ...]) -> bool:
    """filters.Args.MatchKVList: every ``key`` or ``key=value`` must be present."""
    have = dict(labels)
    for item in wanted:
        key, eq, value = item.partition("=")
        if key not in have or (eq and have[key] != value):
            return False
    return True


# ---------------------------------------------------------------- networks

def _dangling(values: list[str]) -> bool:
    if len(values) > 1:
        raise FilterError('got more than one value for filter key "dangling"')
    if values[0] not in ("0", "false", "1", "true"):
        raise FilterError("invalid value for filter 'dangling', must be \"true\" (or \"1\"), "
                          "or \"false\" (or \"0\")")
    return values[0] in ("1", "true")


def _network_type(net: Network, values: list[str]) -> bool:
    return ("builtin" if net.predefined else "custom") in values


NETWORK_TESTS: dict[str, Callable[[Network, list[str]], bool]] = {
    "driver": lambda n, v: n.driver in v,
    "name": lambda n, v: matches(v, n.name),
    "id": lambda n, v: matches(v, n.id),
    "label": lambda n, v: match_labels(v, n.labels),
    "scope": lambda n, v: n.scope in v,
    "type": _network_type,
    "dangling": lambda n, v: (not n.members and not n.predefined) == _dangling(v),
}


def _check_network_values(filters: Filters) -> None:
    """The daemon checks ``type`` and ``dangling`` values before filtering anything."""
    if "dangling" in filters:
        _dangling(filters["dangling"])
    for value in filters.get("type", []):
        if value not in ("custom", "builtin"):
            raise FilterError(f"invalid filter: 'type'='{value}'")


def filter_networks(networks: Iterable[Network], values: Iterable[str]) -> list[Network]:
    """The networks ``docker network ls --filter ...`` keeps."""
    filters = parse_filters(values, NETWORK_KEYS)
    _check_network_values(filters)
    return [n for n in networks
            if all(NETWORK_TESTS[key](n, vals) for key, vals in filters.items())]


# ---------------------------------------------------------------- containers

def _check_container_values(filters: Filters) -> None:
    """The daemon checks ``status`` values before filtering anything."""
    for value in filters.get("status", []):
        if value not in STATUSES:
            raise FilterError(f"Invalid filter 'status={value}'")


def _on_network(c: Container, values: list[str]) -> bool:
    return any(ep.network_name == v or (v and ep.network_id.startswith(v))
               for ep in c.endpoints for v in values)


def _ancestor(c: Container, values: list[str]) -> bool:
    image = c.image if ":" in c.image.rsplit("/", 1)[-1] else c.image + ":latest"
    return any(v in (c.image, image) or v + ":latest" == image for v in values)


def _port_match(ports: Iterable[str], values: list[str]) -> bool:
    have = set(ports)
    return any((v if "/" in v else v + "/tcp") in have for v in values)


CONTAINER_TESTS: dict[str, Callable[[Container, list[str]], bool]] = {
    "id": lambda c, v: matches(v, c.id),
    "name": lambda c, v: matches(v, "/" + c.name) or matches(v, c.name),
    "status": lambda c, v: c.state in v,
    "network": _on_network,
    "label": lambda c, v: match_labels(v, c.labels),
    "ancestor": _ancestor,
    "exited": lambda c, v: c.state == "exited" and str(c.exit_code) in v,
    "publish": lambda c, v: _port_match((f"{p.host_port}/{p.protocol}" for p in c.ports), v),
    "expose": lambda c, v: _port_match(
        list(c.exposed) + [f"{p.container_port}/{p.protocol}" for p in c.port_requests], v),
}


def _order_bounds(containers: list[Container], filters: Filters) -> list[Container]:
    """``before``/``since``: containers created before/after the one named (oldest first)."""
    for key in ("before", "since"):
        for ref in filters.get(key, []):
            index = _index_of(containers, ref)
            containers = containers[:index] if key == "before" else containers[index + 1:]
    return containers


def _index_of(containers: list[Container], ref: str) -> int:
    for i, c in enumerate(containers):
        if ref in (c.id, c.name) or (len(ref) >= 1 and c.id.startswith(ref)):
            return i
    raise FilterError(f"No such container: {ref}")


def filter_containers(containers: Iterable[Container], values: Iterable[str]) -> list[Container]:
    """The containers ``docker ps --filter ...`` keeps (input and output oldest first)."""
    filters = parse_filters(values, CONTAINER_KEYS)
    _check_container_values(filters)
    kept = _order_bounds(list(containers), filters)
    tests = [(CONTAINER_TESTS[k], v) for k, v in filters.items() if k in CONTAINER_TESTS]
    return [c for c in kept if all(test(c, vals) for test, vals in tests)]
