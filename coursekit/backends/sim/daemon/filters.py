"""``filters`` of ``GET /containers/json`` and ``GET /networks``, as the 20.10 daemon applies them.

What ``docker ps --filter`` and ``docker network ls --filter`` send arrives here as the
Engine API carries it: a mapping ``key -> values`` (the CLI split ``key=value``, lowered
and trimmed the key, trimmed the value). Several values of one key are alternatives
(OR), different keys must all hold (AND), except ``label`` where every value must hold.
``name`` and ``id`` match exactly or as a regular expression found anywhere
(``name=web`` matches ``myweb1``).

The daemon refuses, before it filters anything, with its own words and HTTP status
(400: :class:`~coursekit.errors.InvalidArgument`, 404: NotFound, 500: a plain
:class:`~coursekit.errors.DockerError`). Observed on both engines (``docker ps -a
--filter ...``, ``docker network ls --filter ...``):

=============================  ==================================  ===========================
refusal                        20.10.24                            28.5.2
=============================  ==================================  ===========================
unknown key                    400 ``Invalid filter 'foo'``        400 ``invalid filter 'foo'``
bad ``status``                 400 ``Invalid filter 'status=x'``   400 the same, lower case, and
                                                                   ``: invalid value for state
                                                                   (x): must be one of ...``
``before``/``since`` unknown   500 ``no such container x``         404 ``No such container: x``
bad ``type``                   500 ``invalid filter: 'type'='x'``  the same
bad ``dangling``               400 ``invalid value for filter      the same
                               'dangling', must be ...``, ``got
                               more than one value for filter
                               key "dangling"``
=============================  ==================================  ===========================

:class:`~coursekit.backends.sim.profiles.messages.FilterWords` holds the rows that differ (each
engine profile has its own).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from coursekit.backends.base import Filters
from coursekit.backends.sim.profiles.messages import FILTER_WORDS_20_10 as WORDS_20_10
from coursekit.backends.sim.profiles.messages import FilterWords
from coursekit.errors import DockerError, InvalidArgument
from coursekit.models import Container, Network

NETWORK_KEYS = ("dangling", "driver", "id", "label", "name", "scope", "type")
CONTAINER_KEYS = ("ancestor", "before", "expose", "exited", "health", "id", "isolation",
                  "is-task", "label", "name", "network", "publish", "since", "status",
                  "volume")
STATUSES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")




def validate_keys(filters: Filters, accepted: tuple[str, ...],
                  words: FilterWords = WORDS_20_10) -> None:
    """filters.Args.Validate: every key must be one the endpoint accepts."""
    for key in filters:
        if key not in accepted:
            raise InvalidArgument(words.invalid_key.format(key=key))


def matches(patterns: Sequence[str], source: str) -> bool:
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


def match_labels(wanted: Sequence[str], labels: tuple[tuple[str, str], ...]) -> bool:
    """filters.Args.MatchKVList: every ``key`` or ``key=value`` must be present."""
    have = dict(labels)
    for item in wanted:
        key, eq, value = item.partition("=")
        if key not in have or (eq and have[key] != value):
            return False
    return True


# ---------------------------------------------------------------- networks

def _dangling(values: Sequence[str]) -> bool:
    if len(values) > 1:
        raise InvalidArgument('got more than one value for filter key "dangling"')
    if values[0] not in ("0", "false", "1", "true"):
        raise InvalidArgument("invalid value for filter 'dangling', must be \"true\" (or "
                              "\"1\"), or \"false\" (or \"0\")")
    return values[0] in ("1", "true")


def _network_type(net: Network, values: Sequence[str]) -> bool:
    return ("builtin" if net.predefined else "custom") in values


NETWORK_TESTS: dict[str, Callable[[Network, Sequence[str]], bool]] = {
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
    for value in filters.get("type", ()):
        if value not in ("custom", "builtin"):
            raise DockerError(f"invalid filter: 'type'='{value}'")


def filter_networks(networks: Iterable[Network], filters: Filters | None,
                    words: FilterWords = WORDS_20_10) -> tuple[Network, ...]:
    """The networks ``GET /networks?filters=...`` answers (``docker network ls -f``)."""
    if not filters:
        return tuple(networks)
    validate_keys(filters, NETWORK_KEYS, words)
    _check_network_values(filters)
    return tuple(n for n in networks
                 if all(NETWORK_TESTS[key](n, vals) for key, vals in filters.items()))


# ---------------------------------------------------------------- containers

def _check_container_values(filters: Filters, words: FilterWords) -> None:
    """The daemon checks ``status`` values before filtering anything."""
    for value in filters.get("status", ()):
        if value not in STATUSES:
            raise InvalidArgument(words.invalid_status.format(value=value))


def _on_network(c: Container, values: Sequence[str]) -> bool:
    return any(ep.network_name == v or (v and ep.network_id.startswith(v))
               for ep in c.endpoints for v in values)


def _ancestor(c: Container, values: Sequence[str]) -> bool:
    image = c.image if ":" in c.image.rsplit("/", 1)[-1] else c.image + ":latest"
    return any(v in (c.image, image) or v + ":latest" == image for v in values)


def _port_match(ports: Iterable[str], values: Sequence[str]) -> bool:
    have = set(ports)
    return any((v if "/" in v else v + "/tcp") in have for v in values)


CONTAINER_TESTS: dict[str, Callable[[Container, Sequence[str]], bool]] = {
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


def _order_bounds(containers: list[Container], filters: Filters,
                  words: FilterWords) -> list[Container]:
    """``before``/``since``: containers created before/after the one named (oldest first)."""
    for key in ("before", "since"):
        for ref in filters.get(key, ()):
            index = _index_of(containers, ref, words)
            containers = containers[:index] if key == "before" else containers[index + 1:]
    return containers


def _index_of(containers: list[Container], ref: str, words: FilterWords) -> int:
    for i, c in enumerate(containers):
        if ref in (c.id, c.name) or (len(ref) >= 1 and c.id.startswith(ref)):
            return i
    raise words.unknown_bound_error(words.unknown_bound.format(ref=ref))


def filter_containers(containers: Iterable[Container], filters: Filters | None,
                      words: FilterWords = WORDS_20_10) -> tuple[Container, ...]:
    """The containers ``GET /containers/json?all=1&filters=...`` answers (oldest first)."""
    if not filters:
        return tuple(containers)
    validate_keys(filters, CONTAINER_KEYS, words)
    _check_container_values(filters, words)
    kept = _order_bounds(list(containers), filters, words)
    tests = [(CONTAINER_TESTS[k], v) for k, v in filters.items() if k in CONTAINER_TESTS]
    return tuple(c for c in kept if all(test(c, vals) for test, vals in tests))
