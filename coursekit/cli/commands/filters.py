"""``--filter KEY=VALUE`` of ``docker ps`` and ``docker network ls``, as the CLI sends it.

The docker CLI (``opts.FilterOpt``) only splits each value at its first ``=``, lowers
and trims the key, trims the value, and collects the values of one key as a set (an
empty ``--filter ""`` adds nothing); a value without ``=`` is refused when the flag is
parsed (``bad format of filter (expected name=value)``, :mod:`coursekit.cli.flags`).
What the keys and values mean, and which ones are refused, is the daemon's business:
the result goes to ``Backend.containers(filters)`` / ``Backend.networks(filters)``.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["parse_filters"]


def parse_filters(values: Iterable[str]) -> dict[str, list[str]]:
    """``["name=web", "Name = db"]`` -> ``{"name": ["web", "db"]}`` (values in order, once)."""
    filters: dict[str, list[str]] = {}
    for item in values:
        if not item:
            continue
        key, _, value = item.partition("=")
        kept = filters.setdefault(key.strip().lower(), [])
        if value.strip() not in kept:
            kept.append(value.strip())
    return filters
