"""The two architecture pictures as data: boxes and links in inches (``y`` grows downwards).

:data:`PICTURES` holds today's (``new``: the CLI, dockerd with its API server,
libnetwork and image store, containerd, one shim per container, runc) and the
tutorial's (``old``: Docker 1.x, one daemon holding server, engine, graph and drivers);
:func:`describe_picture` says one in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.i18n import N_, _

Point = tuple[float, float]
NEW, OLD = "new", "old"


@dataclass(frozen=True)
class Component:
    """A box: ``lines[0]`` is its name; ``kind`` is ``box``, ``frame`` or ``note``."""

    key: str
    lines: tuple[str, ...]
    x: float
    y: float
    w: float
    h: float
    kind: str = "box"

    @property
    def name(self) -> str:
        return self.lines[0]


@dataclass(frozen=True)
class Edge:
    """A link between two components, drawn through ``points`` (from ``a`` to ``b``)."""

    a: str
    b: str
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Picture:
    """One architecture: its boxes and links, and its size in inches."""

    key: str
    title: str
    width: float
    height: float
    components: tuple[Component, ...]
    edges: tuple[Edge, ...]

    def component(self, key: str) -> Component:
        return next(c for c in self.components if c.key == key)

    def edge(self, a: str, b: str) -> Edge | None:
        """The edge joining ``a`` and ``b`` (either way round), or None."""
        return next((e for e in self.edges if {e.a, e.b} == {a, b}), None)


def _c(key: str, x: float, y: float, w: float, h: float, *lines: str,
       kind: str = "box") -> Component:
    return Component(key, lines, x, y, w, h, kind)


NEW_PICTURE = Picture(NEW, N_("Docker today (1.11 and later): what your machine runs"), 9.3,
                      7.55, (
    _c("dockerd", 0.15, 1.3, 9.0, 1.75, N_("dockerd: the Docker daemon"), kind="frame"),
    _c("cli", 3.6, 0.3, 2.2, 0.7, "docker CLI", N_("what you type")),
    _c("registry", 6.8, 0.3, 2.25, 0.7, N_("registry"), N_("Docker Hub or your own")),
    _c("libnetwork", 0.3, 1.65, 2.7, 1.25, "libnetwork (CNM)", N_("sandbox, endpoint, network"),
       N_("IPAM + embedded DNS"), N_("drivers: bridge host null"), "overlay macvlan ipvlan"),
    _c("api", 3.6, 1.65, 2.2, 1.25, N_("API server"), N_("REST over the socket"),
       "/var/run/docker.sock"),
    _c("images", 6.8, 1.65, 2.25, 1.25, N_("image store"), N_("storage driver overlay2"),
       N_("(or the containerd"), N_("snapshotter)")),
    _c("containerd", 3.6, 3.4, 2.2, 0.7, "containerd", N_("containers, tasks (gRPC)")),
    _c("shim", 3.6, 4.5, 2.2, 0.7, "containerd-shim-runc-v2", N_("one per container")),
    _c("runc", 3.6, 5.6, 2.2, 0.7, "runc", N_("(libcontainer inside)")),
    _c("container", 0.9, 4.3, 2.0, 1.3, N_("container web"), N_("own netns (sandbox)"),
       N_("eth0: a veth end"), N_("DNS at 127.0.0.11")),
    _c("kernel", 0.15, 6.7, 9.0, 0.7, N_("Linux kernel"),
       N_("namespaces, cgroups, bridges and veth pairs, netfilter (iptables), overlayfs")),
    _c("legend", 0.3, 0.3, 2.7, 0.75, N_("How to read it"), N_("thick numbered arrows: the"),
       N_("command's path, hop by hop;"), N_("thin grey lines: idle links"), kind="note"),
), (
    Edge("cli", "api", N_("REST API over /var/run/docker.sock"), ((4.7, 1.0), (4.7, 1.65))),
    Edge("api", "libnetwork", N_("Go calls inside dockerd"), ((3.6, 2.27), (3.0, 2.27))),
    Edge("api", "images", N_("Go calls inside dockerd"), ((5.8, 2.27), (6.8, 2.27))),
    Edge("images", "registry", N_("HTTPS (the registry API)"), ((7.92, 1.65), (7.92, 1.0))),
    Edge("api", "containerd", N_("gRPC over /run/containerd/containerd.sock"),
         ((4.7, 2.9), (4.7, 3.4))),
    Edge("containerd", "shim", N_("starts one shim per container"), ((4.7, 4.1), (4.7, 4.5))),
    Edge("shim", "runc", N_("runs runc create / start / exec"), ((4.7, 5.2), (4.7, 5.6))),
    Edge("shim", "container", N_("parent of the container's process"), ((3.6, 4.85), (2.9, 4.85))),
    Edge("runc", "container", N_("starts the process, then exits"), ((3.6, 5.95), (2.9, 5.45))),
    Edge("runc", "kernel", N_("clone(), setns(), cgroups, pivot_root"), ((4.7, 6.3), (4.7, 6.7))),
    Edge("libnetwork", "container", N_("DNS queries to 127.0.0.11"), ((1.9, 2.9), (1.9, 4.3))),
    Edge("libnetwork", "kernel", N_("netlink and iptables"), ((0.55, 2.9), (0.55, 6.7))),
    Edge("container", "kernel", N_("packets: eth0, veth, bridge"), ((1.9, 5.6), (1.9, 6.7))),
))

OLD_PICTURE = Picture(OLD, N_("As the tutorial draws it: Docker 1.x (before 2016)"), 9.3, 7.1, (
    _c("daemon", 0.15, 1.3, 9.0, 4.5, N_("Docker Daemon (one binary: docker -d)"), kind="frame"),
    _c("client", 3.6, 0.3, 2.2, 0.7, "Docker Client", N_("the docker command")),
    _c("registry", 6.8, 0.3, 2.25, 0.7, "Docker Registry", "Docker Hub"),
    _c("server", 3.6, 1.65, 2.2, 0.7, "Docker Server", N_("HTTP router, handlers")),
    _c("engine", 3.6, 2.75, 2.2, 0.7, "Engine", N_("each request is a Job")),
    _c("graph", 6.8, 2.75, 2.25, 0.7, "Graph", N_("images as a tree of layers")),
    _c("graphdriver", 6.8, 3.85, 2.25, 0.7, N_("graph driver"), "aufs devicemapper btrfs"),
    _c("networkdriver", 0.3, 3.85, 2.5, 0.7, N_("network driver"), N_("docker0, veth, iptables")),
    _c("execdriver", 3.6, 3.85, 2.2, 0.7, N_("exec driver"), "native or lxc"),
    _c("libcontainer", 2.0, 4.95, 2.4, 0.7, "libcontainer", N_("namespaces, cgroups")),
    _c("kernel", 0.15, 6.2, 6.0, 0.7, N_("Linux kernel"), N_("namespaces, cgroups, bridge, veth")),
    _c("container", 6.8, 6.1, 2.25, 0.9, N_("Docker container"), N_("a process in its"),
       N_("namespaces")),
    _c("legend", 0.3, 0.3, 2.7, 0.75, N_("How to read it"), N_("thick numbered arrows: the"),
       N_("command's path, hop by hop;"), N_("thin grey lines: idle links"), kind="note"),
), (
    Edge("client", "server", N_("REST API (HTTP)"), ((4.7, 1.0), (4.7, 1.65))),
    Edge("server", "engine", N_("a Job per request"), ((4.7, 2.35), (4.7, 2.75))),
    Edge("engine", "registry", N_("HTTPS (registry API v1)"), ((5.8, 2.95), (7.92, 1.0))),
    Edge("engine", "graph", N_("register and look up images"), ((5.8, 3.1), (6.8, 3.1))),
    Edge("graph", "graphdriver", N_("store and mount layers"), ((7.92, 3.45), (7.92, 3.85))),
    Edge("engine", "networkdriver", N_("allocate an IP on docker0"), ((3.6, 3.1), (1.55, 3.85))),
    Edge("engine", "execdriver", N_("run and signal processes"), ((4.7, 3.45), (4.7, 3.85))),
    Edge("networkdriver", "libcontainer", N_("veth into the namespace"),
         ((1.55, 4.55), (2.5, 4.95))),
    Edge("execdriver", "libcontainer", N_("create, exec, kill"), ((4.7, 4.55), (3.9, 4.95))),
    Edge("libcontainer", "kernel", N_("system calls"), ((3.2, 5.65), (3.2, 6.2))),
    Edge("libcontainer", "container", N_("starts the process"), ((4.4, 5.3), (6.8, 6.3))),
    Edge("kernel", "container", N_("packets"), ((6.15, 6.55), (6.8, 6.55))),
))

PICTURES = {NEW: NEW_PICTURE, OLD: OLD_PICTURE}
"""The two pictures by key: ``new`` (today) and ``old`` (the tutorial's)."""


def describe_picture(which: str = NEW) -> str:
    """The picture in words: each box with what it does, then each link (alt text)."""
    pic = PICTURES[which]
    lines = [_("{title}.").format(title=_(pic.title))]
    lines += [_("- {name}: {details}.").format(
        name=_(c.name), details=", ".join(_(line) for line in c.lines[1:])
        or _("groups the boxes inside it")) for c in pic.components if c.kind != "note"]
    lines += [_("Links:")] + [_("- {source} to {target}: {label}.").format(
        source=_(pic.component(e.a).name), target=_(pic.component(e.b).name), label=_(e.label))
        for e in pic.edges]
    return "\n".join(lines)
