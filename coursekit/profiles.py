"""Engine profiles: which Docker Engine, and which docker CLI beside it, coursekit answers as.

Two engines are profiled, both observed on these machines (tests/cli/data/version-*.txt):

- ``28.5``: Debian unstable's docker.io 28.5.2 with its CLI 28.5.2 (API 1.51), what most
  learners run today (Docker Desktop and docker-ce ship 28-29). The default.
- ``20.10``: Debian 12's docker.io 20.10.24 behind docker CLI 28.2.2 (API 1.41).

A profile is data: the versions ``docker version`` prints, the API version, the shape of
the Engine API documents (:class:`coursekit.wire.Shape`), and the *names* of the daemon's
behaviours where the two engines differ. The simulator turns those names into small
strategy objects (``backends/sim/profiles``); the CLI front end reads the CLI's version and
help texts from here; the engine backend picks the profile of the engine it reaches
(:func:`for_server_version`). Nothing else asks "which version?".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from coursekit.wire import ENGINE_20_10 as SHAPE_20_10
from coursekit.wire import ENGINE_28_5 as SHAPE_28_5
from coursekit.wire import Shape

ProfileName = Literal["28.5", "20.10"]
MacPolicy = Literal["from-ip", "random"]
"""``from-ip``: 02:42 and the four IPv4 bytes (up to 27); ``random``: locally administered."""
PoolPolicy = Literal["round-robin", "first-free"]
"""Which default pool a new network takes: the next after the last handed out (up to 26),
or the first free one (27 and later)."""
IfIndexPolicy = Literal["host-pairs", "netns-local"]
"""``host-pairs``: the veth pair is made on the host, the container end is N and the host
end N+1 (up to 27); ``netns-local``: the container end is created in the container's
namespace and numbered there (eth0 is 2, eth1 3...), the host end keeps a host index."""


@dataclass(frozen=True)
class CliVersion:
    """The docker CLI that goes with an engine: ``docker version``'s Client section."""

    version: str
    api_version: str
    negotiated: str
    """The ``API version`` line: ``1.51``, or ``1.41 (downgraded from 1.50)``."""
    go_version: str
    git_commit: str
    built: str
    help_texts: str
    """Which recorded help texts it prints (``28.2.2/1.41`` or ``28.5.2/1.51``)."""

    @property
    def short(self) -> str:
        """``docker --version``: ``Docker version 28.5.2+dfsg4, build 9cc6dea``."""
        return f"Docker version {self.version}, build {self.git_commit[:7]}"


@dataclass(frozen=True)
class ServerVersion:
    """``docker version``'s Server section, and the components it lists."""

    version: str
    api_version: str
    min_api_version: str
    go_version: str
    git_commit: str
    built: str
    containerd: str
    containerd_commit: str
    runc: str
    runc_commit: str
    init: str = "0.19.0"


@dataclass(frozen=True)
class EngineProfile:
    """One engine as coursekit answers for it: versions, document shape, behaviours."""

    name: ProfileName
    server: ServerVersion
    cli: CliVersion
    shape: Shape
    macs: MacPolicy
    pools: PoolPolicy
    ifindex: IfIndexPolicy

    @property
    def version(self) -> str:
        """As ``docker version --format {{.Server.Version}}``."""
        return self.server.version

    @property
    def label(self) -> str:
        """How a note names it: ``Docker Engine 28.5.2+dfsg4``."""
        return f"Docker Engine {self.server.version}"


ENGINE_28_5 = EngineProfile(
    name="28.5",
    server=ServerVersion(
        version="28.5.2+dfsg4", api_version="1.51", min_api_version="1.24",
        go_version="go1.27.1", git_commit="3ef3c07c883be49a2e8097bcf6d2952fce1d70eb",
        built="Tue Sep 15 11:02:57 2026", containerd="2.1.9+unknown", containerd_commit="",
        runc="1.1.5+ds1", runc_commit="1.1.5+ds1-1+deb12u1"),
    cli=CliVersion(
        version="28.5.2+dfsg4", api_version="1.51", negotiated="1.51", go_version="go1.27.1",
        git_commit="9cc6dea35e9a963f281434761c656fba4ac43aed", built="Tue Sep 15 11:02:57 2026",
        help_texts="28.5.2/1.51"),
    shape=SHAPE_28_5,
    macs="random", pools="first-free", ifindex="netns-local")

ENGINE_20_10 = EngineProfile(
    name="20.10",
    server=ServerVersion(
        version="20.10.24+dfsg1", api_version="1.41", min_api_version="1.12",
        go_version="go1.19.8", git_commit="5d6db84", built="Thu May  7 21:09:36 2026",
        containerd="1.6.20~ds1", containerd_commit="1.6.20~ds1-1+deb12u3",
        runc="1.1.5+ds1", runc_commit="1.1.5+ds1-1+deb12u1"),
    cli=CliVersion(
        version="28.2.2", api_version="1.50", negotiated="1.41 (downgraded from 1.50)",
        go_version="go1.24.3", git_commit="e6534b4", built="Fri May 30 12:07:14 2025",
        help_texts="28.2.2/1.41"),
    shape=SHAPE_20_10,
    macs="from-ip", pools="round-robin", ifindex="host-pairs")

PROFILES: dict[str, EngineProfile] = {"28.5": ENGINE_28_5, "20.10": ENGINE_20_10}
DEFAULT: ProfileName = "28.5"
ENV = "COURSEKIT_ENGINE"


def profile(name: str | None = None) -> EngineProfile:
    """The profile ``name`` (``28.5`` or ``20.10``); ``$COURSEKIT_ENGINE`` overrides it;
    neither: the default, 28.5. ValueError for any other name."""
    chosen = os.environ.get(ENV, "") or name or DEFAULT
    try:
        return PROFILES[chosen]
    except KeyError:
        raise ValueError(f"engine must be one of {', '.join(PROFILES)}, not {chosen!r}") from None


def for_server_version(version: str) -> EngineProfile:
    """The profile that answers like a real engine of ``version`` (``28.5.2``, ``20.10.24``):
    20.10 for engines before 23, 28.5 for the rest (the closest we have observed)."""
    try:
        major = int(version.split(".", 1)[0])
    except ValueError:
        return PROFILES[DEFAULT]
    return ENGINE_20_10 if major < 23 else ENGINE_28_5
