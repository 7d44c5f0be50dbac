"""The docker CLI release the front end answers as, chosen by the backend's engine profile.

A learner with Engine 28.5 runs CLI 28.5.2; Debian 12's Engine 20.10 came to these
machines behind CLI 28.2.2 (which hid the flags API 1.41 lacks). Whatever the front end
prints that depends on the CLI is read from ``backend.profile()`` through
:func:`release`, never from a version test in a handler:

- ``help``: the help texts and the flag tables read from them
  (:func:`~coursekit.cli.flags.usage.help_for` of ``profile.cli.help_texts``);
- ``dialect``: how its Go release words template errors (``eq .Name 3``: ``incompatible
  types for comparison`` or ``...: string and int``);
- ``wording``: the CLI's own messages where its releases differ (:class:`Wording`);
- ``docker --version`` and ``docker version``: :func:`short_version`,
  :func:`version_text` and :func:`version_data` from ``profile.cli`` and
  ``profile.server``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from coursekit.cli.flags.usage import Help, help_for
from coursekit.cli.gotemplate.template import Dialect, dialect_of
from coursekit.profiles import CliVersion, EngineProfile, ServerVersion


@dataclass(frozen=True)
class Wording:
    """The CLI's own messages, where its releases word them differently."""

    invalid_container_port: str = "invalid containerPort"
    """go-connections' ``-p`` error for a bad container port (``... : 80848808``)."""
    invalid_proto: str = "invalid proto"
    """go-connections' ``-p`` error for a protocol other than tcp/udp/sctp (``...: foo``)."""


WORDING = Wording()
"""CLI 28.2.2's wording (the default)."""
WORDINGS: dict[str, Wording] = {
    "28.2.2": WORDING,
    "28.5.2": Wording(invalid_container_port="Invalid containerPort",
                      invalid_proto="Invalid proto"),
}
"""CLI release (``docker version``'s Client Version before any ``+``) -> its wording."""


@dataclass(frozen=True)
class Release:
    """One docker CLI as the front end plays it."""

    cli: CliVersion
    help: Help
    dialect: Dialect
    wording: Wording


@functools.cache
def release(profile: EngineProfile) -> Release:
    """The CLI that goes with ``profile`` (``backend.profile()``)."""
    cli = profile.cli
    wording = WORDINGS.get(cli.version.partition("+")[0], WORDING)
    return Release(cli, help_for(cli.help_texts), dialect_of(cli.go_version), wording)


def short_version(cli: CliVersion) -> str:
    """``docker --version``: ``Docker version 28.5.2+dfsg4, build 9cc6dea``."""
    return cli.short + "\n"


def _lines(indent: str, width: int, pairs: list[tuple[str, str]]) -> str:
    return "".join(f"{indent}{key + ':':<{width}}{value}\n" for key, value in pairs)


def client_text(cli: CliVersion) -> str:
    """``docker version``'s Client section (all of it when no engine answers)."""
    return "Client:\n" + _lines(" ", 19, [
        ("Version", cli.version), ("API version", cli.negotiated),
        ("Go version", cli.go_version), ("Git commit", cli.git_commit), ("Built", cli.built),
        ("OS/Arch", "linux/amd64"), ("Context", "default")])


def server_text(server: ServerVersion, version: str) -> str:
    """``docker version``'s Server section; ``version`` is what the engine reports."""
    engine = _lines("  ", 18, [
        ("Version", version), ("API version",
                               f"{server.api_version} (minimum version {server.min_api_version})"),
        ("Go version", server.go_version), ("Git commit", server.git_commit),
        ("Built", server.built), ("OS/Arch", "linux/amd64"), ("Experimental", "false")])
    parts = [(" containerd:", server.containerd, server.containerd_commit),
             (" runc:", server.runc, server.runc_commit), (" docker-init:", server.init, "")]
    components = "".join(f"{name}\n" + _lines("  ", 18, [("Version", v), ("GitCommit", c)])
                         for name, v, c in parts)
    return "Server:\n Engine:\n" + engine + components


def version_text(profile: EngineProfile, version: str) -> str:
    """``docker version``: the Client section, a blank line, the Server section."""
    return client_text(profile.cli) + "\n" + server_text(profile.server, version)


def version_data(profile: EngineProfile, version: str) -> dict[str, Any]:
    """What ``docker version --format`` templates see (the fields the lab fills in)."""
    api = profile.cli.negotiated.split(" ", 1)[0]
    return {"Client": {"Version": profile.cli.version, "ApiVersion": api},
            "Server": {"Version": version}}
